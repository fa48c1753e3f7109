// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authclient_p.h"

#include <Tessera/profile.h>

#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace Tessera {

struct DiscoveryDocument;

/*! \brief The endpoints one sign-in uses: those the profile names, the rest discovered. */
struct ProviderEndpoints
{
    QUrl authorization; //!< empty: the server has none (no browser sign-in)
    QUrl deviceAuthorization; //!< empty: the server has none (no device sign-in)
    QUrl token; //!< never empty once resolved
    QUrl revocation; //!< empty: the server has none
    /*! \brief RFC 9207: the server's metadata promises \c iss in its authorization responses. */
    bool issParameterSupported = false;
    /*! \brief The PKCE methods the metadata lists; empty when it lists none (or none was read). */
    QStringList codeChallengeMethods;
    bool discovered = false; //!< a discovery document was read for this sign-in
};

/*!
 * \brief Finds the endpoints of an oauth2 sign-in: the profile's own, and, for a profile with an
 * issuer, the others from the issuer's metadata (OpenID Connect Discovery 1.0, with RFC 8414 as
 * the fallback). Fetched once per sign-in, never at start-up.
 *
 * - Needed when the profile has an issuer and leaves out one of the endpoints the sign-in may
 *   use: the token, revocation, authorization (browser) or device authorization (device)
 *   endpoint. A profile that names them all is never looked up.
 * - The document is fetched from \c {issuer + "/.well-known/openid-configuration"}; when that
 *   answers 404 (or 410), from RFC 8414's \c {/.well-known/oauth-authorization-server} inserted
 *   before the issuer's path. Any other failure ends the look-up: a server that is down is not
 *   asked twice.
 * - The document must name the profile's issuer exactly (parseDiscoveryDocument()). An endpoint
 *   the profile names wins over the document's.
 * - Errors name the profile ("Could not look up the sign-in endpoints of “Example”: ...") and
 *   what went wrong, never the document's values.
 */
namespace EndpointDiscovery {

/*! \brief How a look-up ended: the endpoints, or why not. */
struct Result
{
    std::optional<ProviderEndpoints> endpoints;
    AuthOutcome::Error error = AuthOutcome::Error::NoError;
    QString errorString;
};
using Handler = std::function<void(const Result &result)>;

/*! \brief The endpoints \a profile names itself. */
TESSERACORE_AUTOTEST_EXPORT ProviderEndpoints ofProfile(const Profile &profile);
/*! \brief True when a sign-in of \a flow with \a profile has to look up endpoints. */
TESSERACORE_AUTOTEST_EXPORT bool isNeeded(const Profile &profile, Profile::LoginKind flow);
/*! \brief The URLs to try, in order, for \a issuer. */
TESSERACORE_AUTOTEST_EXPORT QList<QUrl> metadataUrls(const QUrl &issuer);
/*! \brief \a profile's endpoints, the document's where the profile names none. */
TESSERACORE_AUTOTEST_EXPORT ProviderEndpoints merge(const Profile &profile,
                                                    const DiscoveryDocument &document);
/*! \brief Looks the endpoints up with \a client; \a handler is called once, from the event
 *  loop. */
void run(AuthClient *client, const Profile &profile, Handler handler);

} // namespace EndpointDiscovery
} // namespace Tessera
