// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QDateTime>

#include <chrono>

namespace Tessera {

/*!
 * \brief When to refresh an access token before it expires.
 *
 * The configured lead (Profile::refreshLead(), 5 minutes by default) is scaled down for
 * short-lived tokens to a fifth of their lifetime, so a 10-second token is refreshed 2 s before
 * it expires instead of immediately after it was issued (which would refresh in a loop).
 */
namespace RefreshPolicy {

/*!
 * \brief The lead actually used for a token living \a lifetime: min(\a lead, \a lifetime / 5),
 * never negative.
 */
TESSERACORE_AUTOTEST_EXPORT std::chrono::milliseconds
effectiveLead(std::chrono::milliseconds lifetime, std::chrono::seconds lead);

/*!
 * \brief When to refresh a token obtained at \a obtainedAt that expires at \a expiresAt:
 * \a expiresAt - effectiveLead(\a expiresAt - \a obtainedAt, \a lead).
 *
 * An invalid \a expiresAt (unknown expiry) gives an invalid QDateTime: only the reactive path
 * (a 401) refreshes such a token. An invalid \a obtainedAt leaves the lifetime unknown and uses
 * \a lead as it is. A token that expires before it was obtained is refreshed at \a expiresAt.
 * The result may lie in the past (a token restored from the store); callers treat that as "now".
 */
TESSERACORE_AUTOTEST_EXPORT QDateTime refreshAt(const QDateTime &obtainedAt,
                                                const QDateTime &expiresAt,
                                                std::chrono::seconds lead);

} // namespace RefreshPolicy
} // namespace Tessera
