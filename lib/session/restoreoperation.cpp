// SPDX-License-Identifier: BSD-3-Clause
#include "restoreoperation_p.h"

#include "logging_p.h"
#include "session_p.h"

namespace Tessera {

RestoreOperation::RestoreOperation(SessionPrivate *d, const QString &account)
    : SessionOperation(d)
    , m_account(account)
{ }

void RestoreOperation::run()
{
    d->setState(Session::State::Restoring);
    if (!m_account.isEmpty()) {
        restoreAccount(m_account, false);
        return;
    }
    d->vault.readPointer(
            this, live([this](const TokenStore::Result &result, const AccountPointer &pointer) {
                if (!result.isOk() && result.status != TokenStore::Status::NotFound) {
                    finish();
                    d->setPersistent(false);
                    d->fail(Session::Error::StorageError, result.errorString);
                    d->setState(Session::State::SignedOut);
                    return;
                }
                restoreFromPointer(pointer);
            }));
}

void RestoreOperation::restoreFromPointer(const AccountPointer &pointer)
{
    const auto restoreCurrent = [this, current = pointer.current] {
        if (current.isEmpty())
            signedOut();
        else
            restoreAccount(current, true);
    };
    if (pointer.leftoversInProgressElsewhere()) {
        restoreCurrent();
        return;
    }
    d->vault.endLeftovers(pointer, this, revoker(), live(restoreCurrent));
}

void RestoreOperation::restoreAccount(const QString &account, bool fromAccountPointer)
{
    d->vault.readAccount(
            account, this,
            live([this, account, fromAccountPointer](const SessionVault::Entry &entry) {
                finish();
                d->setUser(account);
                if (entry.result.status == TokenStore::Status::NotFound) {
                    // The account pointer outlives the tokens only when the session expired.
                    d->setState(fromAccountPointer ? Session::State::ReauthenticationRequired
                                                   : Session::State::SignedOut);
                    return;
                }
                if (!entry.result.isOk()) {
                    d->setPersistent(false);
                    d->fail(Session::Error::StorageError, entry.result.errorString);
                    d->setState(Session::State::SignedOut);
                    return;
                }
                if (!entry.session) {
                    qCWarning(lcStore) << d->profile.id()
                                       << "ignoring an unreadable stored session:" << entry.problem;
                    d->setState(Session::State::SignedOut);
                    return;
                }
                d->adopt(*entry.session);
                d->evaluate();
            }));
}

void RestoreOperation::signedOut()
{
    finish();
    d->setState(Session::State::SignedOut);
}

} // namespace Tessera
