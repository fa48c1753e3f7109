// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/profile.h>
#include <Tessera/secret.h>

#include <QList>
#include <QNetworkRequest>

namespace Tessera {

/*!
 * \brief One request to a token API, ready to POST: built per dialect from a Profile.
 * The body carries credentials, so it is a Secret. A json profile's secret headers are not in
 * it: AuthClient adds them when it sends (RequestSecrets).
 */
struct AuthRequest
{
    enum class Method { Post, Get };
    QNetworkRequest request;
    Method method = Method::Post;
    Secret body;
    //! the credentials and tokens inside body: no error string may ever contain one of them
    QList<Secret> secrets;
};

namespace AuthRequests {
TESSERACORE_AUTOTEST_EXPORT AuthRequest passwordLogin(const Profile &profile, const QString &user,
                                                      const Secret &password);
TESSERACORE_AUTOTEST_EXPORT AuthRequest apiKeyLogin(const Profile &profile, const Secret &apiKey);
/*! \brief A refresh with \a refreshToken; \a accessToken is sent only by a json profile
 *  whose refresh.bearer is "access_token". */
TESSERACORE_AUTOTEST_EXPORT AuthRequest refresh(const Profile &profile, const Secret &refreshToken,
                                                const Secret &accessToken = Secret());
/*! \brief oauth2: redeems an authorization \a code with its PKCE \a verifier (RFC 6749
 *  section 4.1.3, RFC 7636 section 4.5) at the profile's token endpoint. */
TESSERACORE_AUTOTEST_EXPORT AuthRequest authorizationCode(const Profile &profile,
                                                          const Secret &code,
                                                          const Secret &verifier,
                                                          const QUrl &redirectUri);
/*! \brief oauth2: asks \a endpoint for a device code (RFC 8628 section 3.1). */
TESSERACORE_AUTOTEST_EXPORT AuthRequest deviceAuthorization(const Profile &profile,
                                                            const QUrl &endpoint);
/*! \brief oauth2: polls the profile's token endpoint with \a deviceCode (RFC 8628 section
 *  3.4). */
TESSERACORE_AUTOTEST_EXPORT AuthRequest deviceToken(const Profile &profile,
                                                    const Secret &deviceCode);
/*! \brief A GET of an authorization server's metadata at \a url (no credentials). */
TESSERACORE_AUTOTEST_EXPORT AuthRequest discovery(const QUrl &url);
/*!
 * \brief The URL the browser opens for an authorization-code sign-in (RFC 6749 section 4.1.1
 * with RFC 7636's S256 challenge): \a endpoint with \c response_type, \c client_id,
 * \c redirect_uri, \c scope (when the profile has one), \c state, \c code_challenge,
 * \c code_challenge_method, the profile's authorization_parameters, and \c login_hint when
 * \a loginHint is not empty (and the profile sets none). Parameters already in \a endpoint's
 * query are kept.
 */
TESSERACORE_AUTOTEST_EXPORT QUrl authorizationUrl(const Profile &profile, const QUrl &endpoint,
                                                  const QUrl &redirectUri, const QByteArray &state,
                                                  const QByteArray &challenge,
                                                  const QString &loginHint);
/*! \brief The requests that end a session on the server: for oauth2 an RFC 7009 revocation of
 *  the refresh token, then of the access token; for json one logout call, shaped by the
 *  profile's logout keys (with no body when it sends no field). Empty when the profile has no
 *  logout endpoint. */
TESSERACORE_AUTOTEST_EXPORT QList<AuthRequest>
signOut(const Profile &profile, const Secret &accessToken, const Secret &refreshToken);
} // namespace AuthRequests

} // namespace Tessera
