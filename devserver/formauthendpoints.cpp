// SPDX-License-Identifier: BSD-3-Clause
#include "formauthendpoints.h"

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

FormAuthEndpoints::FormAuthEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse FormAuthEndpoints::handle(const HttpRequestData &request)
{
    using Handler = HttpResponse (FormAuthEndpoints::*)(const HttpRequestData &);
    Handler handler = nullptr;
    if (request.path == "/form-auth/login"_L1)
        handler = &FormAuthEndpoints::login;
    else if (request.path == "/form-auth/refresh"_L1)
        handler = &FormAuthEndpoints::refresh;
    else if (request.path == "/form-auth/logout"_L1)
        handler = &FormAuthEndpoints::logout;
    if (!handler)
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    if (request.method != "POST")
        return HttpResponse::error(405, u"method_not_allowed"_s, u"Use POST"_s)
                .withHeader("Allow", "POST");
    if (std::optional<HttpResponse> broken = checkCommon(request))
        return *broken;
    return (this->*handler)(request);
}

std::optional<HttpResponse> FormAuthEndpoints::checkCommon(const HttpRequestData &request) const
{
    if (request.header("X-App-Key") != m_state.appKey)
        return HttpResponse::error(403, u"unknown_app"_s, u"Unknown app key"_s);
    if (request.header("X-Api-Version") != "2")
        return badRequest(u"This API wants X-Api-Version: 2"_s);
    if (!request.hasFormBody())
        return badRequest(u"The body must be application/x-www-form-urlencoded"_s);
    if (request.formFields().value(u"client_id"_s) != "tessera-desktop"_L1)
        return badRequest(u"client_id must be tessera-desktop"_s);
    return std::nullopt;
}

HttpResponse FormAuthEndpoints::login(const HttpRequestData &request)
{
    const QHash<QString, QString> form = request.formFields();
    if (form.value(u"device_name"_s).isEmpty())
        return badRequest(u"device_name is required"_s);
    if (form.contains(u"username"_s))
        return badRequest(u"This API names the user name field login"_s);
    const std::optional<QString> user =
            m_state.userForPassword(form.value(u"login"_s), form.value(u"password"_s));
    if (!user) {
        ++m_state.stats.loginFailures;
        return HttpResponse::error(401, u"invalid_credentials"_s, u"Invalid credentials"_s);
    }
    ++m_state.stats.logins;
    const RuntimeConfig &config = m_state.config;
    return jsonTokenAnswer(config,
                           m_state.tokens.startFamily(*user, QString(), config.accessLifetime,
                                                      config.refreshLifetime));
}

HttpResponse FormAuthEndpoints::refresh(const HttpRequestData &request)
{
    if (request.formFields().contains(u"refresh_token"_s))
        return badRequest(u"This API takes the refresh token as the bearer, not in the body"_s);
    const QByteArray token = request.bearerToken();
    if (token.isEmpty())
        return HttpResponse::error(401, u"invalid_refresh_token"_s,
                                   u"The refresh token goes in Authorization: Bearer"_s);
    return jsonRefreshAnswer(m_state, QString::fromLatin1(token));
}

HttpResponse FormAuthEndpoints::logout(const HttpRequestData &request)
{
    const QString refreshToken = request.formFields().value(u"token"_s);
    if (refreshToken.isEmpty())
        return badRequest(u"token (the refresh token) is required"_s);
    if (request.formFields().contains(u"refresh_token"_s))
        return badRequest(u"This API names the logout field token"_s);
    int revoked = 0;
    const QByteArray bearer = request.bearerToken();
    if (!bearer.isEmpty() && m_state.tokens.revokeFamilyOfAccessToken(bearer))
        ++revoked;
    if (m_state.tokens.revokeFamilyOfRefreshToken(refreshToken.toUtf8()))
        ++revoked;
    m_state.stats.revocations += revoked;
    ++m_state.stats.logouts;
    return HttpResponse::json(200, QJsonObject {{u"data"_s, QJsonObject {{u"revoked"_s, true}}}});
}

} // namespace Tessera::DevServer
