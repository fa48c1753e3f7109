// SPDX-License-Identifier: BSD-3-Clause
#include "apiendpoints.h"

#include "devstate.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

ApiEndpoints::ApiEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse ApiEndpoints::handle(const HttpRequestData &request)
{
    if (request.path == "/api/me"_L1)
        return me(request);
    if (request.path == "/api/echo"_L1)
        return echo(request);
    if (request.path == "/api/redirect"_L1)
        return redirect(request);
    if (request.path == "/api/forbidden"_L1)
        return forbidden(request);
    if (request.path == "/api/bytes"_L1)
        return bytes(request);
    return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
}

HttpResponse ApiEndpoints::unauthorized()
{
    ++m_state.stats.apiUnauthorized;
    return HttpResponse::json(401, QJsonObject {{u"error"_s, u"invalid_token"_s}})
            .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
}

HttpResponse ApiEndpoints::me(const HttpRequestData &request)
{
    if (request.method != "GET" && request.method != "HEAD")
        return HttpResponse::error(405, u"method_not_allowed"_s, u"Use GET"_s)
                .withHeader("Allow", "GET, HEAD");
    const auto user = m_state.tokens.authenticate(request.bearerToken());
    if (!user)
        return unauthorized();
    return HttpResponse::json(200, QJsonObject {{u"user"_s, *user}});
}

QJsonObject ApiEndpoints::headersOf(const HttpRequestData &request)
{
    // Names in lower case; Authorization only as present or not, never its value.
    QJsonObject headers;
    for (const auto &[name, value] : request.headers) {
        const QString lower = QString::fromLatin1(name).toLower();
        if (lower != "authorization"_L1)
            headers.insert(lower, QString::fromLatin1(value));
    }
    return headers;
}

HttpResponse ApiEndpoints::echo(const HttpRequestData &request)
{
    const auto user = m_state.tokens.authenticate(request.bearerToken());
    if (!user)
        return unauthorized();
    const QByteArray digest = QCryptographicHash::hash(request.body, QCryptographicHash::Sha256);
    return HttpResponse::json(200,
                              QJsonObject {{u"method"_s, QString::fromLatin1(request.method)},
                                           {u"body_size"_s, qint64(request.body.size())},
                                           {u"body_sha256"_s, QString::fromLatin1(digest.toHex())},
                                           {u"user"_s, *user},
                                           {u"jti"_s, m_state.tokens.jtiOf(request.bearerToken())},
                                           {u"headers"_s, headersOf(request)}});
}

HttpResponse ApiEndpoints::forbidden(const HttpRequestData &request)
{
    if (!m_state.tokens.authenticate(request.bearerToken()))
        return unauthorized();
    return HttpResponse::error(403, u"forbidden"_s, u"This account may not do that"_s);
}

HttpResponse ApiEndpoints::bytes(const HttpRequestData &request)
{
    if (!m_state.tokens.authenticate(request.bearerToken()))
        return unauthorized();
    bool ok = false;
    const qint64 size = request.query.queryItemValue(u"n"_s).toLongLong(&ok);
    if (!ok || size < 0 || size > maxBytes)
        return HttpResponse::error(400, u"bad_request"_s,
                                   u"n must be a size from 0 to %1"_s.arg(maxBytes));
    return HttpResponse {200, "application/octet-stream", QByteArray(size, 'b'), {}};
}

QByteArray ApiEndpoints::redirectTarget(const HttpRequestData &request) const
{
    const QString target = request.query.queryItemValue(u"to"_s);
    const QByteArray port = QByteArray::number(m_state.port);
    const QByteArray second = QByteArray::number(m_state.secondPort);
    const QByteArray path = request.query.queryItemValue(u"path"_s).toLatin1();
    if (target == "same"_L1)
        return "http://127.0.0.1:" + port + (path.startsWith('/') ? path : "/api/me");
    if (target == "loop"_L1) // relative, to itself: a redirect loop
        return "/api/redirect?" + request.query.toString(QUrl::FullyEncoded).toLatin1();
    if (target == "localhost"_L1) // the same listener under another host name: another origin
        return "http://localhost:" + port + "/_dev/echo-headers";
    if (target == "ftp"_L1)
        return "ftp://127.0.0.1:" + port + "/file";
    if (m_state.secondPort == 0)
        return {};
    if (target == "second"_L1)
        return "http://127.0.0.1:" + second + "/record";
    if (target == "second-localhost"_L1)
        return "http://localhost:" + second + "/record";
    return {};
}

HttpResponse ApiEndpoints::redirect(const HttpRequestData &request)
{
    const QByteArray location = redirectTarget(request);
    if (location.isEmpty())
        return HttpResponse::error(400, u"bad_request"_s,
                                   u"to must be same, loop, localhost, ftp, second or "
                                   u"second-localhost (the last two need --redirect-port)"_s);
    const int status = request.query.queryItemValue(u"status"_s).toInt();
    const bool known =
            status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (status != 0 && !known)
        return HttpResponse::error(400, u"bad_request"_s,
                                   u"status must be 301, 302, 303, 307 or 308"_s);
    HttpResponse response = HttpResponse::empty(known ? status : 302);
    return response.withHeader("Location", location);
}

} // namespace Tessera::DevServer
