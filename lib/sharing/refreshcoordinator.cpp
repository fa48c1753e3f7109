// SPDX-License-Identifier: BSD-3-Clause
#include "refreshcoordinator_p.h"

#include "localrefreshcoordinator_p.h"
#include "sessionvault_p.h"

namespace Tessera {

std::unique_ptr<RefreshCoordinator> RefreshCoordinator::create(const Profile &profile,
                                                               SessionVault *vault)
{
    if (!vault->isPersistent())
        return nullptr;
    return LocalRefreshCoordinator::create(profile, vault);
}

RefreshCoordinator::RefreshCoordinator(QObject *parent)
    : QObject(parent)
{ }

RefreshCoordinator::~RefreshCoordinator() = default;

void RefreshCoordinator::lockForRefresh(const StoredSession &held, bool heldSaved, QObject *context,
                                        DecisionHandler then)
{
    lockAndRead(held.user, context, [held, heldSaved, then](const LockedRead &read) {
        then(RefreshDecision::decide(read, held, heldSaved), read);
    });
}

} // namespace Tessera
