// SPDX-License-Identifier: BSD-3-Clause
#include "expireoperation_p.h"

#include "session_p.h"

namespace Tessera {

ExpireOperation::ExpireOperation(SessionPrivate *d, Session::Error reason, const QString &text)
    : SessionOperation(d)
    , m_reason(reason)
    , m_text(text)
{ }

void ExpireOperation::run()
{
    const QString account = d->user;
    d->forgetTokens();
    if (account.isEmpty()) {
        report();
        return;
    }
    d->vault.removeAccount(account, this, live([this](const TokenStore::Result &result) {
                               if (result.isOk())
                                   d->announce(RefreshCoordinator::Change::Expired);
                               report();
                           }));
}

void ExpireOperation::report()
{
    finish();
    d->fail(m_reason, m_text);
    d->setState(Session::State::ReauthenticationRequired);
}

} // namespace Tessera
