// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "refreshcoordinator_p.h"
#include "sessionoperation_p.h"

namespace Tessera {

/*!
 * \brief Follows a change another process announced: reads what it stored for the account and
 * adopts it when it supersedes the tokens held (RefreshDecision::supersedes()), or ends the
 * session when the entry is gone. An older stored session is never adopted, and a store that
 * cannot be read changes nothing. The state does not change until there is something to adopt.
 */
class FollowOperation : public SessionOperation
{
    Q_OBJECT
public:
    FollowOperation(SessionPrivate *d, RefreshCoordinator::Change change, const QString &account);
    Kind kind() const override { return Kind::Follow; }

private:
    void run() override;

    const RefreshCoordinator::Change m_change;
    const QString m_account;
};

} // namespace Tessera
