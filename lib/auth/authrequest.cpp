// SPDX-License-Identifier: BSD-3-Clause
#include "authrequest_p.h"

#include "tokensyntax_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tessera {

namespace {

QNetworkRequest baseRequest(const QUrl &url, const QByteArray &contentType)
{
    QNetworkRequest request(url);
    if (!contentType.isEmpty())
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
            AuthRequest::Method::Post,
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
    return {baseRequest(url, "application/x-www-form-urlencoded"),
            AuthRequest::Method::Post,
            Secret(fields.join('&')),
            {}};
}

// The client's identification in an oauth2 request (RFC 6749 section 2.3.1: client_secret_post;
// a public client sends only its client_id).
QList<QByteArray> clientFields(const Profile &profile)
{
    QList<QByteArray> fields {formField("client_id", profile.clientId().toUtf8())};
    if (!profile.clientSecret().isEmpty())
        fields.append(formField("client_secret", profile.clientSecret().reveal()));
    return fields;
}

QString text(const Secret &secret)
{
    return QString::fromUtf8(secret.reveal());
}

// A constant field's value in a form body: numbers as JSON writes them, booleans as words.
QByteArray formValue(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

// One request of the json dialect: the profile's constants, then the fields Tessera fills, in
// the profile's encoding (no body at all when there is no field), its constant headers, and
// \a bearer as the Authorization header when it is not empty.
AuthRequest jsonDialectRequest(const Profile &profile, const QUrl &url,
                               const Profile::JsonRequests::Constants &constants,
                               const QList<std::pair<QString, Secret>> &filled,
                               const Secret &bearer)
{
    QList<std::pair<QString, QJsonValue>> fields = constants.fields;
    for (const auto &[name, value] : filled)
        fields.append({name, text(value)});
    AuthRequest request;
    if (fields.isEmpty()) {
        request = {baseRequest(url, QByteArray()), AuthRequest::Method::Post, Secret(), {}};
    } else if (profile.jsonRequests().encoding == Profile::JsonRequests::Encoding::Form) {
        QList<QByteArray> pairs;
        for (const auto &[name, value] : fields)
            pairs.append(name.toUtf8().toPercentEncoding() + '='
                         + formValue(value).toPercentEncoding());
        request = formPost(url, pairs);
    } else {
        QJsonObject body;
        for (const auto &[name, value] : fields)
            body.insert(name, value);
        request = jsonPost(url, body);
    }
    for (const auto &[name, value] : constants.headers)
        request.request.setRawHeader(name, value);
    if (const std::optional<QByteArray> authorization = TokenSyntax::bearerAuthorization(bearer))
        request.request.setRawHeader("Authorization", *authorization);
    return request;
}

// The token a request of the json dialect carries as its bearer.
Secret bearerOf(Profile::JsonRequests::Bearer bearer, const Secret &accessToken,
                const Secret &refreshToken)
{
    switch (bearer) {
    case Profile::JsonRequests::Bearer::AccessToken:
        return accessToken;
    case Profile::JsonRequests::Bearer::RefreshToken:
        return refreshToken;
    case Profile::JsonRequests::Bearer::None:
        break;
    }
    return Secret();
}

AuthRequest passwordLoginRequest(const Profile &profile, const QString &user,
                                 const Secret &password)
{
    if (profile.dialect() == Profile::Dialect::OAuth2) {
        QList<QByteArray> fields {formField("grant_type", "password"),
                                  formField("username", user.toUtf8()),
                                  formField("password", password.reveal())};
        fields += clientFields(profile);
        if (!profile.scope().isEmpty())
            fields.append(formField("scope", profile.scope().toUtf8()));
        return formPost(profile.loginUrl(), fields);
    }
    const Profile::RequestFields names = profile.requestFields();
    return jsonDialectRequest(profile, profile.loginUrl(), profile.jsonRequests().login,
                              {{names.username, Secret(user.toUtf8())}, {names.password, password}},
                              Secret());
}

AuthRequest refreshRequest(const Profile &profile, const Secret &refreshToken,
                           const Secret &accessToken)
{
    if (profile.dialect() == Profile::Dialect::OAuth2) {
        return formPost(profile.refreshUrl(),
                        QList<QByteArray> {formField("grant_type", "refresh_token"),
                                           formField("refresh_token", refreshToken.reveal())}
                                + clientFields(profile));
    }
    const Profile::JsonRequests shape = profile.jsonRequests();
    QList<std::pair<QString, Secret>> filled;
    if (!profile.requestFields().refreshToken.isEmpty())
        filled.append({profile.requestFields().refreshToken, refreshToken});
    return jsonDialectRequest(profile, profile.refreshUrl(), shape.refresh, filled,
                              bearerOf(shape.refreshBearer, accessToken, refreshToken));
}

} // namespace

namespace AuthRequests {

AuthRequest passwordLogin(const Profile &profile, const QString &user, const Secret &password)
{
    AuthRequest request = passwordLoginRequest(profile, user, password);
    request.secrets = {password, profile.clientSecret()};
    return request;
}

AuthRequest apiKeyLogin(const Profile &profile, const Secret &apiKey)
{
    AuthRequest request =
            jsonDialectRequest(profile, profile.loginUrl(), profile.jsonRequests().login,
                               {{profile.requestFields().apiKey, apiKey}}, Secret());
    request.secrets = {apiKey};
    return request;
}

AuthRequest refresh(const Profile &profile, const Secret &refreshToken, const Secret &accessToken)
{
    AuthRequest request = refreshRequest(profile, refreshToken, accessToken);
    request.secrets = {refreshToken, accessToken, profile.clientSecret()};
    return request;
}

AuthRequest authorizationCode(const Profile &profile, const Secret &code, const Secret &verifier,
                              const QUrl &redirectUri)
{
    AuthRequest request =
            formPost(profile.loginUrl(),
                     QList<QByteArray> {formField("grant_type", "authorization_code"),
                                        formField("code", code.reveal()),
                                        formField("redirect_uri", redirectUri.toEncoded()),
                                        formField("code_verifier", verifier.reveal())}
                             + clientFields(profile));
    request.secrets = {code, verifier, profile.clientSecret()};
    return request;
}

AuthRequest deviceAuthorization(const Profile &profile, const QUrl &endpoint)
{
    QList<QByteArray> fields = clientFields(profile);
    if (!profile.scope().isEmpty())
        fields.append(formField("scope", profile.scope().toUtf8()));
    AuthRequest request = formPost(endpoint, fields);
    request.secrets = {profile.clientSecret()};
    return request;
}

AuthRequest deviceToken(const Profile &profile, const Secret &deviceCode)
{
    AuthRequest request =
            formPost(profile.loginUrl(),
                     QList<QByteArray> {formField("grant_type",
                                                  "urn:ietf:params:oauth:grant-type:device_code"),
                                        formField("device_code", deviceCode.reveal())}
                             + clientFields(profile));
    request.secrets = {deviceCode, profile.clientSecret()};
    return request;
}

AuthRequest discovery(const QUrl &url)
{
    return {baseRequest(url, QByteArray()), AuthRequest::Method::Get, Secret(), {}};
}

QUrl authorizationUrl(const Profile &profile, const QUrl &endpoint, const QUrl &redirectUri,
                      const QByteArray &state, const QByteArray &challenge,
                      const QString &loginHint)
{
    // Built by hand, each name and value percent-encoded whole (RFC 3986 unreserved kept):
    // QUrlQuery would leave a '+' or a "%41" in a value as it is.
    QByteArray query = endpoint.query(QUrl::FullyEncoded).toLatin1();
    const auto add = [&query](const QString &name, const QString &value) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    };
    add(QStringLiteral("response_type"), QStringLiteral("code"));
    add(QStringLiteral("client_id"), profile.clientId());
    add(QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    if (!profile.scope().isEmpty())
        add(QStringLiteral("scope"), profile.scope());
    add(QStringLiteral("state"), QString::fromLatin1(state));
    add(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
    add(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    bool hinted = false;
    for (const auto &[name, value] : profile.authorizationParameters()) {
        add(name, value);
        hinted = hinted || name == QLatin1String("login_hint");
    }
    if (!loginHint.isEmpty() && !hinted)
        add(QStringLiteral("login_hint"), loginHint);
    QUrl url = endpoint;
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
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
            AuthRequest revocation = formPost(profile.logoutUrl(),
                                              QList<QByteArray> {formField("token", token.reveal()),
                                                                 formField("token_type_hint", hint)}
                                                      + clientFields(profile));
            revocation.secrets = {accessToken, refreshToken, profile.clientSecret()};
            requests.append(revocation);
        };
        revoke(refreshToken, "refresh_token");
        revoke(accessToken, "access_token");
        return requests;
    }
    const Profile::JsonRequests shape = profile.jsonRequests();
    QList<std::pair<QString, Secret>> filled;
    if (!shape.logoutRefreshTokenField.isEmpty() && !refreshToken.isEmpty())
        filled.append({shape.logoutRefreshTokenField, refreshToken});
    if (!shape.logoutAccessTokenField.isEmpty() && !accessToken.isEmpty())
        filled.append({shape.logoutAccessTokenField, accessToken});
    AuthRequest logout =
            jsonDialectRequest(profile, profile.logoutUrl(), shape.logout, filled,
                               bearerOf(shape.logoutBearer, accessToken, refreshToken));
    logout.secrets = {accessToken, refreshToken};
    return {logout};
}

} // namespace AuthRequests
} // namespace Tessera
