// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Tessera {

/*! \brief The most bytes of a discovery document parseDiscoveryDocument() reads: 256 KiB. */
constexpr qsizetype MaxDiscoveryDocumentBytes = 256 * 1024;

/*! \brief What Tessera uses of an authorization server's metadata. */
struct DiscoveryDocument
{
    QUrl tokenEndpoint; //!< never empty
    QUrl authorizationEndpoint; //!< empty if the server named none (a device-only server)
    QUrl deviceAuthorizationEndpoint; //!< empty if none (RFC 8628 section 4)
    QUrl revocationEndpoint; //!< empty if none (RFC 7009)
    QUrl endSessionEndpoint; //!< empty if none (OpenID Connect RP-Initiated Logout)
    /*! \brief RFC 9207: the server puts \c iss into its authorization responses. */
    bool authorizationResponseIssParameterSupported = false;
    /*! \brief As the server lists them ("S256", "plain"); empty if it lists none. Whether the
     *  list is good enough (S256 in it) is the caller's decision. */
    QStringList codeChallengeMethodsSupported;
};

/*! \brief A document, or an error that names the key and the rule (never a value). */
struct DiscoveryResult
{
    std::optional<DiscoveryDocument> document;
    QString error;
};

/*!
 * \brief Reads an OpenID Connect discovery document (OpenID Connect Discovery 1.0 section 3) or
 * RFC 8414 authorization server metadata, fetched for the configured \a issuer.
 *
 * - \a body is at most MaxDiscoveryDocumentBytes bytes, and a JSON object.
 * - \c issuer is required, a string, and identical to \a issuer as the profile configured it,
 *   written as QUrl::toString(QUrl::FullyEncoded) gives it (the form the discovery URL was built
 *   from). Identical means character for character (section 4.3): no case folding, no default
 *   ports dropped, no percent-decoding, and a trailing slash is a difference ("https://id.example/
 *   realms/a/" is another issuer than "https://id.example/realms/a"); the error says when a
 *   trailing slash is the only difference, so that the profile can be fixed. A mismatch says
 *   "names another issuer than the profile's", without either value: a server that names
 *   another issuer may be the wrong one, or an attacker's (section 4.3, mix-up attacks).
 * - \a issuer itself must be a server URL (below) with no query and no fragment (RFC 8414
 *   section 2); otherwise the error names "the profile's issuer".
 * - \c token_endpoint is required: every flow Tessera runs (authorization code, device
 *   authorization) ends there. \c authorization_endpoint, \c device_authorization_endpoint,
 *   \c revocation_endpoint and \c end_session_endpoint are optional: OpenID Connect requires an
 *   authorization endpoint but RFC 8414 does not for a server without such grants, so the
 *   caller checks that the endpoint its flow needs is there. Absent and null are both "none".
 * - Every endpoint is a server URL: absolute (QUrl's strict mode), https://, or http:// only to
 *   a loopback host (localhost, 127.0.0.0/8, ::1), for development servers; no user name or
 *   password, no fragment; a query is allowed (RFC 6749 section 3.1). Endpoints may live on
 *   other hosts than the issuer (Google's token endpoint does).
 * - \c authorization_response_iss_parameter_supported is a boolean, false when absent or null.
 * - \c code_challenge_methods_supported is an array of strings without control characters,
 *   empty when absent; the list is returned as it is (RFC 8414 section 2: absent means the
 *   server does not support PKCE, which the caller decides what to make of).
 * - A member of the wrong type fails with its key and the JSON type it had ("token_endpoint:
 *   expected a string, got a number"). Unknown members are ignored (section 3: servers add
 *   their own).
 *
 * Errors name the key and the rule, never a value: a document from the wrong server is not to
 * be trusted with what Tessera shows.
 */
TESSERACORE_AUTOTEST_EXPORT DiscoveryResult parseDiscoveryDocument(const QByteArray &body,
                                                                   const QUrl &issuer);

} // namespace Tessera
