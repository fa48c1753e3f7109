// SPDX-License-Identifier: BSD-3-Clause
#include "faultresponder.h"

#include "responsewriter.h"
#include "streamedbody.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {
constexpr qsizetype hugeBodySize = 5 * 1024 * 1024;
constexpr qint64 truncatedMissingBytes = 1024;
} // namespace

void FaultResponder::respond(QTcpSocket *socket, const HttpRequestData &request, const Fault &fault)
{
    if (fault.close) {
        ResponseWriter::closeWithoutResponse(socket);
        return;
    }
    HttpResponse response = responseFor(fault, dialectOf(request.path));
    if (fault.body == Fault::Body::EchoRefreshToken)
        response.body = echoBody(request, dialectOf(request.path));
    switch (fault.body) {
    case Fault::Body::Truncated:
        ResponseWriter::sendTruncated(socket, response,
                                      response.body.size() + truncatedMissingBytes);
        return;
    case Fault::Body::Huge:
        ResponseWriter::stream(socket, request, response);
        return;
    case Fault::Body::Stream:
        if (socket->state() == QAbstractSocket::ConnectedState && !request.isHead())
            (new StreamedBody(socket, fault, request.keepAlive))->start(response);
        else
            ResponseWriter::send(socket, request, response);
        return;
    default:
        ResponseWriter::send(socket, request, response);
        return;
    }
}

FaultResponder::Dialect FaultResponder::dialectOf(const QString &path)
{
    if (path.startsWith("/oauth/"_L1))
        return Dialect::OAuth;
    if (path.startsWith("/api/"_L1))
        return Dialect::Api;
    return Dialect::Json;
}

HttpResponse FaultResponder::responseFor(const Fault &fault, Dialect dialect)
{
    HttpResponse response {fault.status != 0 ? fault.status : 200, "application/json", {}, {}};
    if (fault.body == Fault::Body::Html)
        response.contentType = "text/html; charset=utf-8";
    response.body = bodyFor(fault.body, dialect, response.status);
    if (fault.retryAfter >= 0)
        response.withHeader("Retry-After", QByteArray::number(fault.retryAfter));
    if (dialect == Dialect::OAuth)
        response.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    return response;
}

QByteArray FaultResponder::bodyFor(Fault::Body body, Dialect dialect, int status)
{
    switch (body) {
    case Fault::Body::None:
        return statusOnlyBody(dialect, status);
    case Fault::Body::Malformed:
        return "{\"data\":{\"access_token\":";
    case Fault::Body::Truncated:
        return dialect == Dialect::OAuth ? "{\"access_token\":\"eyJhbGciOiJIUzI1NiJ9."
                                         : "{\"data\":{\"access_token\":\"eyJhbGciOiJIUzI1NiJ9.";
    case Fault::Body::Html:
        return "<html><head><title>502 Bad Gateway</title></head><body><center>"
               "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";
    case Fault::Body::Empty:
        return {};
    case Fault::Body::Huge:
        return hugeBody(dialect);
    case Fault::Body::WrongTypes:
        return wrongTypesBody(dialect);
    case Fault::Body::NotObject:
        return "[1,2,3]";
    case Fault::Body::Stream: // made up as it is sent, by StreamedBody
        return {};
    case Fault::Body::MissingFields:
    case Fault::Body::EchoRefreshToken: // filled in by respond(), which knows the request
        break;
    }
    return dialect == Dialect::Json ? "{\"data\":{}}" : "{}";
}

QByteArray FaultResponder::statusOnlyBody(Dialect dialect, int status)
{
    const QByteArray code = QByteArray::number(status);
    switch (dialect) {
    case Dialect::OAuth:
        return "{\"error\":\"temporarily_unavailable\",\"error_description\":\"Injected fault "
               "(HTTP "
               + code + ")\"}";
    case Dialect::Api:
        return "{\"error\":\"injected_fault\"}";
    case Dialect::Json:
        break;
    }
    return "{\"error\":{\"code\":\"injected_fault\",\"message\":\"Injected fault (HTTP " + code
           + ")\"}}";
}

QByteArray FaultResponder::wrongTypesBody(Dialect dialect)
{
    switch (dialect) {
    case Dialect::OAuth:
        return "{\"access_token\":12345,\"token_type\":\"Bearer\",\"expires_in\":{\"seconds\":300},"
               "\"refresh_token\":\"wrong-types-refresh\"}";
    case Dialect::Api:
        return "{\"user\":12345}";
    case Dialect::Json:
        break;
    }
    return "{\"data\":{\"access_token\":12345,\"refresh_token\":\"wrong-types-refresh\","
           "\"access_expires_at\":{\"seconds\":300},\"refresh_expires_at\":{\"seconds\":86400},"
           "\"token_type\":\"Bearer\",\"user\":\"alice\"}}";
}

// A careless server that puts what it was sent into its error: the refresh token as the code.
QByteArray FaultResponder::echoBody(const HttpRequestData &request, Dialect dialect)
{
    const QByteArray token = request.hasFormBody()
                                     ? request.formFields().value(u"refresh_token"_s).toUtf8()
                                     : request.jsonObject()
                                               .value_or(QJsonObject())
                                               .value("refresh_token"_L1)
                                               .toString()
                                               .toUtf8();
    if (dialect == Dialect::OAuth)
        return "{\"error\":\"" + token + "\",\"error_description\":\"" + token + "\"}";
    return "{\"error\":{\"code\":\"" + token + "\",\"message\":\"" + token + "\"},\"code\":\""
           + token + "\"}";
}

QByteArray FaultResponder::hugeBody(Dialect dialect)
{
    const QByteArray prefix =
            dialect == Dialect::Json ? "{\"data\":{\"padding\":\"" : "{\"padding\":\"";
    const QByteArray suffix = dialect == Dialect::Json ? "\"}}" : "\"}";
    QByteArray body = prefix;
    body.append(hugeBodySize - prefix.size() - suffix.size(), 'x');
    body.append(suffix);
    return body;
}

} // namespace Tessera::DevServer
