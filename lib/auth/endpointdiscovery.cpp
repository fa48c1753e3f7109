// SPDX-License-Identifier: BSD-3-Clause
#include "endpointdiscovery_p.h"

#include "discoverydocument_p.h"

#include <memory>

namespace Tessera::EndpointDiscovery {

namespace {

QString lookUpFailed(const Profile &profile, const QString &why)
{
    return AuthClient::tr("Could not look up the sign-in endpoints of “%1”: %2")
            .arg(profile.name(), why);
}

Result failure(AuthOutcome::Error error, const QString &text)
{
    return Result {std::nullopt, error, text};
}

// Tries \a urls one after the other while each answers "not found".
void fetch(AuthClient *client, const Profile &profile, QList<QUrl> urls, const Handler &handler)
{
    const QUrl url = urls.takeFirst();
    client->send(AuthRequests::discovery(url), AuthClient::Purpose::Fetch,
                 [client, profile, urls, handler](const AuthOutcome &outcome) {
                     const bool notFound = outcome.httpStatus == 404 || outcome.httpStatus == 410;
                     if (outcome.kind != AuthOutcome::Kind::Done && notFound && !urls.isEmpty())
                         return fetch(client, profile, urls, handler);
                     if (outcome.kind != AuthOutcome::Kind::Done) {
                         const QString why =
                                 notFound ? AuthClient::tr("the issuer publishes no metadata "
                                                           "(HTTP %1); check \"issuer\"")
                                                    .arg(outcome.httpStatus)
                                          : outcome.errorString;
                         const AuthOutcome::Error error =
                                 notFound ? AuthOutcome::Error::BadResponse : outcome.error;
                         return handler(failure(error, lookUpFailed(profile, why)));
                     }
                     const DiscoveryResult parsed =
                             parseDiscoveryDocument(outcome.body, profile.issuer());
                     if (!parsed.document)
                         return handler(failure(
                                 AuthOutcome::Error::BadResponse,
                                 lookUpFailed(profile,
                                              AuthClient::tr("the issuer's metadata is not usable "
                                                             "(%1)")
                                                      .arg(parsed.error))));
                     handler(Result {merge(profile, *parsed.document), AuthOutcome::Error::NoError,
                                     QString()});
                 });
}

} // namespace

ProviderEndpoints ofProfile(const Profile &profile)
{
    ProviderEndpoints endpoints;
    endpoints.authorization = profile.authorizationUrl();
    endpoints.deviceAuthorization = profile.deviceAuthorizationUrl();
    endpoints.token = profile.loginUrl();
    endpoints.revocation = profile.logoutUrl();
    return endpoints;
}

bool isNeeded(const Profile &profile, Profile::LoginKind flow)
{
    if (profile.dialect() != Profile::Dialect::OAuth2 || profile.issuer().isEmpty())
        return false;
    const ProviderEndpoints own = ofProfile(profile);
    const bool flowEndpoint = flow == Profile::LoginKind::Browser ? !own.authorization.isEmpty()
                              : flow == Profile::LoginKind::Device
                                      ? !own.deviceAuthorization.isEmpty()
                                      : true;
    return own.token.isEmpty() || own.revocation.isEmpty() || !flowEndpoint;
}

QList<QUrl> metadataUrls(const QUrl &issuer)
{
    // OpenID Connect Discovery section 4: the issuer, its trailing slash dropped, + the suffix.
    QString path = issuer.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QUrl openId = issuer;
    openId.setPath(path + QStringLiteral("/.well-known/openid-configuration"), QUrl::StrictMode);
    // RFC 8414 section 3.1: the well-known suffix goes between the host and the issuer's path.
    QUrl oauth = issuer;
    oauth.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path,
                  QUrl::StrictMode);
    return {openId, oauth};
}

ProviderEndpoints merge(const Profile &profile, const DiscoveryDocument &document)
{
    ProviderEndpoints endpoints = ofProfile(profile);
    const auto fill = [](QUrl &own, const QUrl &found) {
        if (own.isEmpty())
            own = found;
    };
    fill(endpoints.authorization, document.authorizationEndpoint);
    fill(endpoints.deviceAuthorization, document.deviceAuthorizationEndpoint);
    fill(endpoints.token, document.tokenEndpoint);
    fill(endpoints.revocation, document.revocationEndpoint);
    endpoints.issParameterSupported = document.authorizationResponseIssParameterSupported;
    endpoints.codeChallengeMethods = document.codeChallengeMethodsSupported;
    endpoints.discovered = true;
    return endpoints;
}

void run(AuthClient *client, const Profile &profile, Handler handler)
{
    fetch(client, profile, metadataUrls(profile.issuer()), handler);
}

} // namespace Tessera::EndpointDiscovery
