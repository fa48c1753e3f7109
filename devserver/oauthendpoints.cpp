// SPDX-License-Identifier: BSD-3-Clause
#include "oauthendpoints.h"

#include "devstate.h"
#include "pkce.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

constexpr auto deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"_L1;
constexpr qint64 idTokenLifetime = 600;

HttpResponse invalidRequest(const QString &description)
{
    return HttpResponse::oauthError(400, u"invalid_request"_s, description);
}

HttpResponse invalidGrant(const QString &description)
{
    return HttpResponse::oauthError(400, u"invalid_grant"_s, description);
}

// OpenID Connect Core section 2, with as many identity claims as id_token_claims asks for.
QJsonObject idTokenClaims(const DevState &state, const QString &user, const QString &clientId,
                          const QString &nonce)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims {{u"iss"_s, state.issuer()},
                        {u"sub"_s, user},
                        {u"aud"_s, clientId},
                        {u"iat"_s, now},
                        {u"exp"_s, now + idTokenLifetime}};
    if (!nonce.isEmpty())
        claims.insert(u"nonce"_s, nonce);
    using Claims = RuntimeConfig::IdTokenClaims;
    const Claims mode = state.config.idTokenClaims;
    if (mode == Claims::Full) {
        claims.insert(u"preferred_username"_s, user);
        claims.insert(u"name"_s, user.left(1).toUpper() + user.mid(1));
    }
    if (mode == Claims::Full || mode == Claims::EmailOnly)
        claims.insert(u"email"_s, user + "@example.test"_L1);
    return claims;
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
    if (grantType != "password"_L1 && grantType != "refresh_token"_L1
        && grantType != "authorization_code"_L1 && grantType != deviceCodeGrantType)
        return HttpResponse::oauthError(400, u"unsupported_grant_type"_s,
                                        u"Supported grants: password, refresh_token, "
                                        "authorization_code, %1"_s.arg(deviceCodeGrantType));
    // The client may authenticate (client_secret in the form, or Basic); nothing is checked.
    const QString clientId = form.value(u"client_id"_s).isEmpty()
                                     ? QString::fromUtf8(request.basicUser())
                                     : form.value(u"client_id"_s);
    if (clientId.isEmpty())
        return HttpResponse::oauthError(401, u"invalid_client"_s, u"Missing client_id"_s);
    if (grantType == "authorization_code"_L1)
        return authorizationCodeGrant(form, clientId);
    if (grantType == deviceCodeGrantType)
        return deviceCodeGrant(form, clientId);
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

HttpResponse OAuthEndpoints::authorizationCodeGrant(const QHash<QString, QString> &form,
                                                    const QString &clientId)
{
    ++m_state.stats.codeExchanges;
    const QString code = form.value(u"code"_s);
    const QString verifier = form.value(u"code_verifier"_s);
    if (code.isEmpty())
        return invalidRequest(u"Missing code"_s);
    // Whatever looks like a verifier goes into the secret scan; shorter strings would match
    // innocent log lines.
    if (verifier.size() >= 43 && !verifier.contains(u'\n') && !verifier.contains(u'\r'))
        m_state.issuedLog.recordSecret(verifier.toUtf8());
    if (!Pkce::isWellFormed(verifier))
        return invalidRequest(u"code_verifier is missing or not 43 to 128 unreserved characters"_s);
    PendingAuthorizations::AuthorizationCode bound;
    switch (m_state.pending.redeemCode(code.toUtf8(), &bound)) {
    case PendingAuthorizations::Redemption::Unknown:
        return invalidGrant(u"The authorization code is unknown"_s);
    case PendingAuthorizations::Redemption::Reused:
        // RFC 6749 section 4.1.2: revoke what the code's first exchange issued.
        if (m_state.tokens.revokeFamily(bound.familyId)) {
            ++m_state.stats.reuseDetections;
            ++m_state.stats.revocations;
        }
        return invalidGrant(u"The authorization code was used already; the grant was revoked"_s);
    case PendingAuthorizations::Redemption::Expired:
        return invalidGrant(u"The authorization code has expired"_s);
    case PendingAuthorizations::Redemption::Redeemed:
        break;
    }
    if (bound.clientId != clientId || bound.redirectUri != form.value(u"redirect_uri"_s))
        return invalidGrant(u"The authorization code was issued to another client_id or "
                            "redirect_uri"_s);
    if (Pkce::s256Challenge(verifier) != bound.codeChallenge)
        return invalidGrant(u"code_verifier does not match the code_challenge"_s);
    QString familyId;
    HttpResponse response =
            signedInResponse(bound.user, bound.scope, clientId, bound.nonce, &familyId);
    m_state.pending.setFamily(code.toUtf8(), familyId);
    return response;
}

HttpResponse OAuthEndpoints::deviceCodeGrant(const QHash<QString, QString> &form,
                                             const QString &clientId)
{
    ++m_state.stats.devicePolls;
    const QString deviceCode = form.value(u"device_code"_s);
    if (deviceCode.isEmpty())
        return invalidRequest(u"Missing device_code"_s);
    RuntimeConfig &config = m_state.config;
    PendingAuthorizations::DeviceCode approved;
    using Poll = PendingAuthorizations::Poll;
    switch (m_state.pending.pollDeviceCode(deviceCode.toUtf8(), clientId, config.deviceSlowDown,
                                           &approved)) {
    case Poll::Unknown:
        return invalidGrant(u"The device code is unknown"_s);
    case Poll::WrongClient:
        return invalidGrant(u"The device code was issued to another client_id"_s);
    case Poll::Used:
        return invalidGrant(u"The device code was used already"_s);
    case Poll::Expired:
        return HttpResponse::oauthError(400, u"expired_token"_s, u"The device code has expired"_s);
    case Poll::SlowDown:
        if (config.deviceSlowDown == RuntimeConfig::DeviceSlowDown::Next)
            config.deviceSlowDown = RuntimeConfig::DeviceSlowDown::Never;
        return HttpResponse::oauthError(400, u"slow_down"_s,
                                        u"Polling too fast: wait 5 seconds longer"_s);
    case Poll::Pending:
        return HttpResponse::oauthError(400, u"authorization_pending"_s,
                                        u"The user has not approved the device yet"_s);
    case Poll::Denied:
        return HttpResponse::oauthError(400, u"access_denied"_s, u"The user denied access"_s);
    case Poll::Approved:
        break;
    }
    return signedInResponse(approved.user, approved.scope, clientId, QString(), nullptr);
}

HttpResponse OAuthEndpoints::signedInResponse(const QString &user, const QString &scope,
                                              const QString &clientId, const QString &nonce,
                                              QString *familyId)
{
    const RuntimeConfig &config = m_state.config;
    const IssuedTokens tokens =
            m_state.tokens.startFamily(user, scope, config.accessLifetime, config.refreshLifetime);
    if (familyId)
        *familyId = tokens.familyId;
    QByteArray idToken;
    if (scope.split(u' ').contains("openid"_L1)
        && config.idTokenClaims != RuntimeConfig::IdTokenClaims::None)
        idToken = m_state.tokens.signIdToken(idTokenClaims(m_state, user, clientId, nonce));
    return tokenResponse(tokens, idToken);
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

HttpResponse OAuthEndpoints::tokenResponse(const IssuedTokens &tokens,
                                           const QByteArray &idToken) const
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
    if (!idToken.isEmpty())
        body.insert(u"id_token"_s, QString::fromLatin1(idToken));
    return HttpResponse::json(200, body).withHeader("Date", config.httpDate());
}

} // namespace Tessera::DevServer
