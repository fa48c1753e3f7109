// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sessionoperation_p.h"

#include <Tessera/session.h>

namespace Tessera {

/*!
 * \brief Ends a session that cannot be renewed (its refresh token expired or was rejected): the
 * tokens are forgotten at once and removed from the store, the other processes are told, and
 * only then is ReauthenticationRequired announced (with \a reason), so that a process that
 * exits on the announcement (the CLI) leaves nothing stale behind. The user name stays, for the
 * prompt.
 */
class ExpireOperation : public SessionOperation
{
    Q_OBJECT
public:
    ExpireOperation(SessionPrivate *d, Session::Error reason, const QString &text);
    Kind kind() const override { return Kind::Expire; }

private:
    void run() override;
    void report();

    const Session::Error m_reason;
    const QString m_text;
};

} // namespace Tessera
