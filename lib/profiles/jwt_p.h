// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QDateTime>

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

} // namespace Jwt

} // namespace Tessera
