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
 * The body carries credentials, so it is a Secret.
 */
struct AuthRequest
{
    QNetworkRequest request;
    Secret body;
    //! the credentials and tokens inside body: no error string may ever contain one of them
    QList<Secret> secrets;
};

namespace AuthRequests {
TESSERACORE_AUTOTEST_EXPORT AuthRequest passwordLogin(const Profile &profile, const QString &user,
                                                      const Secret &password);
TESSERACORE_AUTOTEST_EXPORT AuthRequest apiKeyLogin(const Profile &profile, const Secret &apiKey);
TESSERACORE_AUTOTEST_EXPORT AuthRequest refresh(const Profile &profile, const Secret &refreshToken);
/*! \brief The requests that end a session on the server: for oauth2 an RFC 7009 revocation of
 *  the refresh token, then of the access token; for json one logout call. Empty when the
 *  profile has no logout endpoint. */
TESSERACORE_AUTOTEST_EXPORT QList<AuthRequest>
signOut(const Profile &profile, const Secret &accessToken, const Secret &refreshToken);
} // namespace AuthRequests

} // namespace Tessera
