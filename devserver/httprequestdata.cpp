// SPDX-License-Identifier: BSD-3-Clause
#include "httprequestdata.h"

#include "methodsniffer.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

QString formDecode(QByteArray text)
{
    text.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text));
}

} // namespace

HttpRequestData HttpRequestData::fromRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequestData data;
    data.path = request.url().path();
    data.query = request.query();
    data.headers = request.headers();
    data.body = request.body();
    data.method = methodName(request.method());
    QByteArray version = "HTTP/1.1";
    if (auto *sniffer = MethodSniffer::of(socket)) {
        const MethodSniffer::RequestLine line = sniffer->takeRequestLine();
        if (!line.method.isEmpty())
            data.method = line.method;
        if (!line.version.isEmpty())
            version = line.version;
    }
    const QByteArray connection = data.header("connection").toLower();
    data.keepAlive = version == "HTTP/1.1" ? !connection.contains("close")
                                           : connection.contains("keep-alive");
    return data;
}

QByteArray HttpRequestData::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray HttpRequestData::bearerToken() const
{
    const QByteArray value = header("authorization").trimmed();
    if (value.size() < 7 || value.left(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return value.mid(7).trimmed();
}

QByteArray HttpRequestData::basicUser() const
{
    const QByteArray value = header("authorization").trimmed();
    if (value.size() < 6 || value.left(6).compare("basic ", Qt::CaseInsensitive) != 0)
        return {};
    const QByteArray decoded = QByteArray::fromBase64(value.mid(6).trimmed());
    const qsizetype colon = decoded.indexOf(':');
    return QByteArray::fromPercentEncoding(colon < 0 ? decoded : decoded.left(colon));
}

bool HttpRequestData::hasFormBody() const
{
    const QByteArray type = header("content-type").split(';').constFirst().trimmed().toLower();
    return type == "application/x-www-form-urlencoded";
}

std::optional<QJsonObject> HttpRequestData::jsonObject() const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QHash<QString, QString> HttpRequestData::formFields() const
{
    QHash<QString, QString> fields;
    for (const auto &[key, value] : decodeForm(body)) {
        if (!fields.contains(key))
            fields.insert(key, value);
    }
    return fields;
}

QList<QPair<QString, QString>> HttpRequestData::queryPairs() const
{
    return decodeForm(query.query(QUrl::FullyEncoded).toLatin1());
}

QList<QPair<QString, QString>> HttpRequestData::decodeForm(const QByteArray &text)
{
    QList<QPair<QString, QString>> pairs;
    for (const QByteArray &pair : text.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        pairs.append({formDecode(equals < 0 ? pair : pair.left(equals)),
                      equals < 0 ? QString() : formDecode(pair.mid(equals + 1))});
    }
    return pairs;
}

} // namespace Tessera::DevServer
