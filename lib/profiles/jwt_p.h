// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QDateTime>
#include <QString>

#include <optional>

namespace Tessera {

namespace Jwt {

/*!
 * \brief The \c exp claim of a JSON Web Token, in UTC.
 *
 * The signature is NOT verified: Tessera is a client and only uses the claim to know when to
 * refresh; the server remains the judge of validity. Returns nullopt unless \a token has three
 * base64url segments (the last may be empty), the header and payload decode to JSON objects and
 * the payload's \c exp is a number. Tokens longer than 16 KiB are not looked at.
 */
TESSERACORE_AUTOTEST_EXPORT std::optional<QDateTime> expiry(const Secret &token);

/*!
 * \brief The user an OpenID Connect ID token names, for display: its \c preferred_username,
 * else its \c email, else its \c sub (the first that is a non-empty string a session can be
 * stored under, TokenSyntax::userProblem()); empty if none is.
 *
 * The signature is NOT verified, and the name is never used to authorize anything: it only
 * labels the session. The ID token comes straight from the token endpoint over TLS, which OpenID
 * Connect Core section 3.1.3.7 accepts in place of checking its signature.
 */
TESSERACORE_AUTOTEST_EXPORT QString userName(const Secret &idToken);

} // namespace Jwt

} // namespace Tessera
