// SPDX-License-Identifier: BSD-3-Clause
#include "authrequest_p.h"

#include "tokensyntax_p.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace Tessera {

namespace {

QNetworkRequest baseRequest(const QUrl &url, const QByteArray &contentType)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArray("Tessera/" TESSERA_VERSION_STRING));
    // Credentials travel in the body: a redirect may only stay on the same origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

AuthRequest jsonPost(const QUrl &url, const QJsonObject &body)
{
    return {baseRequest(url, "application/json"),
            Secret(QJsonDocument(body).toJson(QJsonDocument::Compact)),
            {}};
}

// application/x-www-form-urlencoded with every reserved character percent-encoded.
QByteArray formField(const char *name, const QByteArray &value)
{
    return QByteArray(name) + '=' + value.toPercentEncoding();
}

AuthRequest formPost(const QUrl &url, const QList<QByteArray> &fields)
{
    return {baseRequest(url, "application/x-www-form-urlencoded"), Secret(fields.join('&')), {}};
}

QString text(const Secret &secret)
{
    return QString::fromUtf8(secret.reveal());
}

AuthRequest passwordLoginRequest(const Profile &profile, const QString &user,
                                 const Secret &password)
{
    if (profile.dialect() == Profile::Dialect::OAuth2) {
        QList<QByteArray> fields {formField("grant_type", "password"),
                                  formField("username", user.toUtf8()),
                                  formField("password", password.reveal()),
                                  formField("client_id", profile.clientId().toUtf8())};
        if (!profile.scope().isEmpty())
            fields.append(formField("scope", profile.scope().toUtf8()));
        return formPost(profile.loginUrl(), fields);
    }
    const Profile::RequestFields names = profile.requestFields();
    return jsonPost(profile.loginUrl(),
                    QJsonObject {{names.username, user}, {names.password, text(password)}});
}

AuthRequest refreshRequest(const Profile &profile, const Secret &refreshToken)
{
    if (profile.dialect() == Profile::Dialect::OAuth2) {
        return formPost(profile.refreshUrl(),
                        {formField("grant_type", "refresh_token"),
                         formField("refresh_token", refreshToken.reveal()),
                         formField("client_id", profile.clientId().toUtf8())});
    }
    return jsonPost(profile.refreshUrl(),
                    QJsonObject {{profile.requestFields().refreshToken, text(refreshToken)}});
}

} // namespace

namespace AuthRequests {

AuthRequest passwordLogin(const Profile &profile, const QString &user, const Secret &password)
{
    AuthRequest request = passwordLoginRequest(profile, user, password);
    request.secrets = {password};
    return request;
}

AuthRequest apiKeyLogin(const Profile &profile, const Secret &apiKey)
{
    const Profile::RequestFields names = profile.requestFields();
    AuthRequest request = jsonPost(profile.loginUrl(), QJsonObject {{names.apiKey, text(apiKey)}});
    request.secrets = {apiKey};
    return request;
}

AuthRequest refresh(const Profile &profile, const Secret &refreshToken)
{
    AuthRequest request = refreshRequest(profile, refreshToken);
    request.secrets = {refreshToken};
    return request;
}

QList<AuthRequest> signOut(const Profile &profile, const Secret &accessToken,
                           const Secret &refreshToken)
{
    // Nothing to revoke (an entry that could not be read): nothing to send.
    if (profile.logoutUrl().isEmpty() || (accessToken.isEmpty() && refreshToken.isEmpty()))
        return {};
    if (profile.dialect() == Profile::Dialect::OAuth2) {
        // RFC 7009 §2.1: revoking the refresh token first lets the server drop the whole grant.
        QList<AuthRequest> requests;
        const auto revoke = [&](const Secret &token, const char *hint) {
            if (token.isEmpty())
                return;
            AuthRequest revocation = formPost(
                    profile.logoutUrl(),
                    {formField("token", token.reveal()), formField("token_type_hint", hint),
                     formField("client_id", profile.clientId().toUtf8())});
            revocation.secrets = {accessToken, refreshToken};
            requests.append(revocation);
        };
        revoke(refreshToken, "refresh_token");
        revoke(accessToken, "access_token");
        return requests;
    }
    QJsonObject body;
    if (!refreshToken.isEmpty())
        body.insert(profile.requestFields().refreshToken, text(refreshToken));
    AuthRequest logout = jsonPost(profile.logoutUrl(), body);
    if (const std::optional<QByteArray> authorization =
                TokenSyntax::bearerAuthorization(accessToken))
        logout.request.setRawHeader("Authorization", *authorization);
    logout.secrets = {accessToken, refreshToken};
    return {logout};
}

} // namespace AuthRequests
} // namespace Tessera
