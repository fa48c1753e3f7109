// SPDX-License-Identifier: BSD-3-Clause
#include "refreshpolicy_p.h"

#include <algorithm>

namespace Tessera::RefreshPolicy {

std::chrono::milliseconds effectiveLead(std::chrono::milliseconds lifetime,
                                        std::chrono::seconds lead)
{
    using std::chrono::milliseconds;
    const milliseconds scaled = std::min<milliseconds>(lead, lifetime / 5);
    return std::max(scaled, milliseconds(0));
}

QDateTime refreshAt(const QDateTime &obtainedAt, const QDateTime &expiresAt,
                    std::chrono::seconds lead)
{
    if (!expiresAt.isValid())
        return QDateTime();
    const QDateTime expires = expiresAt.toUTC();
    if (!obtainedAt.isValid()) {
        const std::chrono::milliseconds fullLead = std::max<std::chrono::seconds>(lead, {});
        return expires.addMSecs(-fullLead.count());
    }
    const std::chrono::milliseconds lifetime(obtainedAt.msecsTo(expiresAt));
    return expires.addMSecs(-effectiveLead(lifetime, lead).count());
}

} // namespace Tessera::RefreshPolicy
