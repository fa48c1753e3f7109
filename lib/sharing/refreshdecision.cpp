// SPDX-License-Identifier: BSD-3-Clause
#include "refreshdecision_p.h"

#include <algorithm>

namespace Tessera::RefreshDecision {

bool supersedes(const StoredSession &stored, const StoredSession &held)
{
    if (held.accessToken.isEmpty())
        return true;
    if (stored.generation != held.generation)
        return stored.generation > held.generation;
    return stored.accessToken != held.accessToken || stored.refreshToken != held.refreshToken;
}

Action decide(const LockedRead &read, const StoredSession &held, bool heldSaved)
{
    if (read.unshared)
        return Action::Proceed;
    if (!read.locked)
        return Action::HoldBack;
    if (read.removed)
        return Action::Ended;
    if (!read.answered)
        return !held.accessToken.isEmpty() && !heldSaved ? Action::Proceed : Action::HoldBack;
    if (read.stored && supersedes(*read.stored, held))
        return Action::Adopt;
    const quint64 stored = read.stored ? read.stored->generation : 0;
    if (read.unsavedElsewhere > std::max(stored, held.generation))
        return Action::HoldBack;
    if (read.stored && stored < held.generation)
        return Action::SaveFirst;
    return Action::Proceed;
}

} // namespace Tessera::RefreshDecision
