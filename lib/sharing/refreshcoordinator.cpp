// SPDX-License-Identifier: BSD-3-Clause
#include "refreshcoordinator_p.h"

#include "localrefreshcoordinator_p.h"
#include "logging_p.h"
#include "redisrefreshcoordinator_p.h"
#include "sessionvault_p.h"

#include <Tessera/redistokenstore.h>

namespace Tessera {

std::unique_ptr<RefreshCoordinator> RefreshCoordinator::create(const Profile &profile,
                                                               SessionVault *vault)
{
    if (!vault->isPersistent())
        return nullptr;
    if (auto *redis = qobject_cast<RedisTokenStore *>(vault->store()))
        return RedisRefreshCoordinator::create(redis, vault);
    return LocalRefreshCoordinator::create(profile, vault);
}

RefreshCoordinator::RefreshCoordinator(QObject *parent)
    : QObject(parent)
{ }

RefreshCoordinator::~RefreshCoordinator() = default;

LockedRead RefreshCoordinator::lockedRead(const SessionVault::Entry &entry)
{
    LockedRead found;
    const TokenStore::Result &result = entry.result;
    found.answered = result.isOk() || result.status == TokenStore::Status::NotFound;
    found.removed = result.status == TokenStore::Status::NotFound;
    if (!found.answered)
        found.problem = result.errorString;
    if (result.isOk() && !entry.session)
        qCWarning(lcShare) << "the stored session is unreadable:" << entry.problem;
    found.stored = entry.session;
    return found;
}

void RefreshCoordinator::lockForRefresh(const StoredSession &held, bool heldSaved, QObject *context,
                                        DecisionHandler then)
{
    lockAndRead(held.user, context, [held, heldSaved, then](const LockedRead &read) {
        then(RefreshDecision::decide(read, held, heldSaved), read);
    });
}

} // namespace Tessera
