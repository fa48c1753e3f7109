// SPDX-License-Identifier: BSD-3-Clause
#include "authendpoints.h"

#include "devstate.h"
#include "jsontokenanswer.h"

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

HttpResponse badRequest(const QString &message)
{
    return HttpResponse::error(400, u"bad_request"_s, message);
}

} // namespace

AuthEndpoints::AuthEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse AuthEndpoints::handle(const HttpRequestData &request)
{
    using Handler = HttpResponse (AuthEndpoints::*)(const HttpRequestData &);
    Handler handler = nullptr;
    if (request.path == "/auth/login"_L1)
        handler = &AuthEndpoints::login;
    else if (request.path == "/auth/refresh"_L1)
        handler = &AuthEndpoints::refresh;
    else if (request.path == "/auth/logout"_L1)
        handler = &AuthEndpoints::logout;
    if (!handler)
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    if (request.method != "POST")
        return HttpResponse::error(405, u"method_not_allowed"_s, u"Use POST"_s)
                .withHeader("Allow", "POST");
    return (this->*handler)(request);
}

HttpResponse AuthEndpoints::login(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    if (!body)
        return badRequest(u"The request body must be a JSON object"_s);
    std::optional<QString> user;
    if (body->contains("api_key"_L1)) {
        const QJsonValue key = body->value("api_key"_L1);
        if (!key.isString() || key.toString().isEmpty())
            return badRequest(u"api_key must be a non-empty string"_s);
        user = m_state.userForApiKey(key.toString());
    } else {
        const QJsonValue name = body->value("username"_L1);
        const QJsonValue password = body->value("password"_L1);
        if (!name.isString() || !password.isString())
            return badRequest(u"username and password (strings) or api_key are required"_s);
        user = m_state.userForPassword(name.toString(), password.toString());
    }
    if (!user) {
        ++m_state.stats.loginFailures;
        return HttpResponse::error(401, u"invalid_credentials"_s,
                                   body->contains("api_key"_L1)
                                           ? u"Invalid API key"_s
                                           : u"Invalid username or password"_s);
    }
    ++m_state.stats.logins;
    const RuntimeConfig &config = m_state.config;
    return jsonTokenAnswer(m_state.config,
                           m_state.tokens.startFamily(*user, QString(), config.accessLifetime,
                                                      config.refreshLifetime));
}

HttpResponse AuthEndpoints::refresh(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    if (!body)
        return badRequest(u"The request body must be a JSON object"_s);
    const QString token = body->value("refresh_token"_L1).toString();
    if (token.isEmpty())
        return badRequest(u"refresh_token (string) is required"_s);
    return jsonRefreshAnswer(m_state, token);
}

HttpResponse AuthEndpoints::logout(const HttpRequestData &request)
{
    int revoked = 0;
    const QByteArray bearer = request.bearerToken();
    if (!bearer.isEmpty() && m_state.tokens.revokeFamilyOfAccessToken(bearer))
        ++revoked;
    // Logout is idempotent and lenient: a missing or unparsable body is not an error.
    if (const auto body = request.jsonObject()) {
        const QString refreshToken = body->value("refresh_token"_L1).toString();
        if (!refreshToken.isEmpty()
            && m_state.tokens.revokeFamilyOfRefreshToken(refreshToken.toUtf8()))
            ++revoked;
    }
    m_state.stats.revocations += revoked;
    ++m_state.stats.logouts;
    return HttpResponse::json(200, QJsonObject {{u"data"_s, QJsonObject {{u"revoked"_s, true}}}});
}

} // namespace Tessera::DevServer
