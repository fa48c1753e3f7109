// SPDX-License-Identifier: BSD-3-Clause
#include "httpresponse.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

HttpResponse HttpResponse::json(int status, const QJsonDocument &document)
{
    return HttpResponse {status, "application/json", document.toJson(QJsonDocument::Compact), {}};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return json(status, QJsonDocument(object));
}

HttpResponse HttpResponse::empty(int status)
{
    return HttpResponse {status, {}, {}, {}};
}

HttpResponse HttpResponse::error(int status, const QString &code, const QString &message)
{
    return json(status, QJsonObject {{u"error"_s,
                                      QJsonObject {{u"code"_s, code}, {u"message"_s, message}}}});
}

HttpResponse HttpResponse::oauthError(int status, const QString &error, const QString &description)
{
    return json(status, QJsonObject {{u"error"_s, error}, {u"error_description"_s, description}});
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray HttpResponse::head(qint64 contentLength, bool keepAlive) const
{
    QByteArray head =
            "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    head += "Server: tessera-devserver\r\n\r\n";
    return head;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    static const QHash<int, QByteArray> phrases {{200, "OK"},
                                                 {201, "Created"},
                                                 {204, "No Content"},
                                                 {301, "Moved Permanently"},
                                                 {302, "Found"},
                                                 {303, "See Other"},
                                                 {304, "Not Modified"},
                                                 {307, "Temporary Redirect"},
                                                 {308, "Permanent Redirect"},
                                                 {400, "Bad Request"},
                                                 {401, "Unauthorized"},
                                                 {403, "Forbidden"},
                                                 {404, "Not Found"},
                                                 {405, "Method Not Allowed"},
                                                 {408, "Request Timeout"},
                                                 {409, "Conflict"},
                                                 {413, "Payload Too Large"},
                                                 {415, "Unsupported Media Type"},
                                                 {429, "Too Many Requests"},
                                                 {500, "Internal Server Error"},
                                                 {501, "Not Implemented"},
                                                 {502, "Bad Gateway"},
                                                 {503, "Service Unavailable"},
                                                 {504, "Gateway Timeout"}};
    return phrases.value(status, "Status");
}

} // namespace Tessera::DevServer
