// SPDX-License-Identifier: BSD-3-Clause
#include "oauthendpoints.h"

#include "devstate.h"

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

HttpResponse invalidRequest(const QString &description)
{
    return HttpResponse::oauthError(400, u"invalid_request"_s, description);
}

HttpResponse noStore(HttpResponse response)
{
    return response.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
}

} // namespace

OAuthEndpoints::OAuthEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse OAuthEndpoints::handle(const HttpRequestData &request)
{
    const bool isToken = request.path == "/oauth/token"_L1;
    if (!isToken && request.path != "/oauth/revoke"_L1)
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    HttpResponse response;
    if (request.method != "POST") {
        response = HttpResponse::oauthError(405, u"invalid_request"_s, u"Use POST"_s)
                           .withHeader("Allow", "POST");
    } else if (!request.hasFormBody()) {
        response = invalidRequest(u"Content-Type must be application/x-www-form-urlencoded"_s);
    } else {
        response = isToken ? token(request) : revoke(request);
    }
    // RFC 6749 section 5.1: token endpoint responses must not be cached.
    return isToken ? noStore(std::move(response)) : response;
}

HttpResponse OAuthEndpoints::token(const HttpRequestData &request)
{
    const QHash<QString, QString> form = request.formFields();
    const QString grantType = form.value(u"grant_type"_s);
    if (grantType.isEmpty())
        return invalidRequest(u"Missing grant_type"_s);
    if (grantType != "password"_L1 && grantType != "refresh_token"_L1)
        return HttpResponse::oauthError(400, u"unsupported_grant_type"_s,
                                        u"Supported grants: password, refresh_token"_s);
    if (form.value(u"client_id"_s).isEmpty() && request.basicUser().isEmpty())
        return HttpResponse::oauthError(401, u"invalid_client"_s, u"Missing client_id"_s);
    return grantType == "password"_L1 ? passwordGrant(form) : refreshGrant(form);
}

HttpResponse OAuthEndpoints::passwordGrant(const QHash<QString, QString> &form)
{
    const QString username = form.value(u"username"_s);
    const QString password = form.value(u"password"_s);
    if (username.isEmpty() || !form.contains(u"password"_s))
        return invalidRequest(u"Missing username or password"_s);
    const auto user = m_state.userForPassword(username, password);
    if (!user) {
        ++m_state.stats.loginFailures;
        return HttpResponse::oauthError(400, u"invalid_grant"_s,
                                        u"Invalid resource owner credentials"_s);
    }
    ++m_state.stats.logins;
    const RuntimeConfig &config = m_state.config;
    return tokenResponse(m_state.tokens.startFamily(*user, form.value(u"scope"_s),
                                                    config.accessLifetime, config.refreshLifetime));
}

HttpResponse OAuthEndpoints::refreshGrant(const QHash<QString, QString> &form)
{
    const QString token = form.value(u"refresh_token"_s);
    if (token.isEmpty())
        return invalidRequest(u"Missing refresh_token"_s);
    IssuedTokens issued;
    switch (m_state.refresh(token, &issued)) {
    case TokenRegistry::RotationResult::Rotated:
        return tokenResponse(issued);
    case TokenRegistry::RotationResult::Reused:
        return HttpResponse::oauthError(400, u"invalid_grant"_s,
                                        u"Refresh token reuse detected; the grant was revoked"_s);
    case TokenRegistry::RotationResult::Invalid:
        break;
    }
    return HttpResponse::oauthError(400, u"invalid_grant"_s,
                                    u"The refresh token is unknown, expired or revoked"_s);
}

HttpResponse OAuthEndpoints::revoke(const HttpRequestData &request)
{
    const QHash<QString, QString> form = request.formFields();
    const QByteArray token = form.value(u"token"_s).toUtf8();
    if (token.isEmpty())
        return invalidRequest(u"Missing token"_s);
    TokenRegistry &tokens = m_state.tokens;
    const bool accessFirst = form.value(u"token_type_hint"_s) == "access_token"_L1;
    // RFC 7009: the hint only speeds up the lookup; both token types are tried.
    const bool revoked =
            accessFirst
                    ? (tokens.revokeAccessToken(token) || tokens.revokeFamilyOfRefreshToken(token))
                    : (tokens.revokeFamilyOfRefreshToken(token) || tokens.revokeAccessToken(token));
    if (revoked)
        ++m_state.stats.revocations;
    const bool isRefresh = tokens.refreshTokenState(token) != "unknown"_L1;
    m_state.stats.revokeRequests.append(isRefresh ? u"refresh_token"_s : u"access_token"_s);
    return HttpResponse::empty(200);
}

HttpResponse OAuthEndpoints::tokenResponse(const IssuedTokens &tokens) const
{
    const RuntimeConfig &config = m_state.config;
    QJsonObject body {{u"access_token"_s,
                       QString::fromLatin1(tokens.accessToken) + config.accessTokenSuffix}};
    if (!config.tokenType.isEmpty())
        body.insert(u"token_type"_s, config.tokenType);
    if (!config.omits(u"expires_in"_s))
        body.insert(u"expires_in"_s, tokens.accessLifetime);
    if (!config.omits(u"refresh_token"_s))
        body.insert(u"refresh_token"_s,
                    QString::fromLatin1(tokens.refreshToken) + config.refreshTokenSuffix);
    if (!tokens.scope.isEmpty())
        body.insert(u"scope"_s, tokens.scope);
    return HttpResponse::json(200, body).withHeader("Date", config.httpDate());
}

} // namespace Tessera::DevServer
