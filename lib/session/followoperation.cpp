// SPDX-License-Identifier: BSD-3-Clause
#include "followoperation_p.h"

#include "logging_p.h"
#include "session_p.h"

namespace Tessera {

FollowOperation::FollowOperation(SessionPrivate *d, RefreshCoordinator::Change change,
                                 const QString &account)
    : SessionOperation(d)
    , m_change(change)
    , m_account(account)
{ }

void FollowOperation::run()
{
    d->vault.readAccount(
            m_account, this, live([this](const SessionVault::Entry &entry) {
                finish();
                if (entry.result.status == TokenStore::Status::NotFound) {
                    if (d->hasTokens() || m_change == RefreshCoordinator::Change::SignedOut)
                        d->endedElsewhere(m_change);
                    return;
                }
                if (!entry.result.isOk()) {
                    qCWarning(lcShare) << d->profile.id()
                                       << "could not read the session another "
                                          "process changed:"
                                       << entry.result.errorString;
                    return;
                }
                if (!entry.session || !RefreshDecision::supersedes(*entry.session, d->tokens))
                    return;
                d->setUser(m_account);
                d->adoptStoredElsewhere(*entry.session);
            }));
}

} // namespace Tessera
