// SPDX-License-Identifier: BSD-3-Clause
#include "signoutoperation_p.h"

#include "session_p.h"

namespace Tessera {

namespace {
// Of two sessions of one account, the stored one when it is as new as the one held.
const StoredSession &freshest(const std::optional<StoredSession> &stored, const StoredSession &held)
{
    const bool newer = stored && stored->user == held.user && stored->generation >= held.generation;
    return newer ? *stored : held;
}

const auto ignored = [](const TokenStore::Result &) {
};
} // namespace

SignOutOperation::SignOutOperation(SessionPrivate *d)
    : SessionOperation(d)
{ }

void SignOutOperation::run()
{
    StoredSession held = d->tokens;
    // An account restored without tokens (its entry could not be read) still has that entry
    // to wipe.
    if (held.user.isEmpty())
        held.user = d->user;
    d->setState(Session::State::SigningOut);
    d->forgetTokens();
    // A write this process started before (a refresh) lands before this read, since the store
    // finishes operations in order: what it finds are the freshest tokens this process knows.
    // Then the stored session goes at once, before any wait for the lock.
    readFreshest(held, [this](const StoredSession &known) {
        d->vault.wipe(known.user, this, ignored);
        RefreshCoordinator *coordinator = d->coordinator();
        if (!coordinator) {
            wipeAndRevoke(known);
            return;
        }
        // Another process may have rotated the tokens since, and written them back. Without
        // the lock (a hung holder) the sign-out goes on all the same.
        coordinator->lockAndRead(d->user, this, live([this, known](const LockedRead &read) {
                                     wipeAndRevoke(freshest(read.stored, known));
                                 }));
    });
}

void SignOutOperation::readFreshest(const StoredSession &held,
                                    std::function<void(const StoredSession &)> then)
{
    if (held.user.isEmpty()) {
        then(held);
        return;
    }
    d->vault.readAccount(held.user, this, live([held, then](const SessionVault::Entry &entry) {
                             then(freshest(entry.session, held));
                         }));
}

// Two things must finish: wiping the store, and telling the server (when it can be told).
void SignOutOperation::wipeAndRevoke(const StoredSession &old)
{
    struct Progress
    {
        int pending = 2;
        AuthOutcome revocation;
        TokenStore::Result removal;
    };
    auto progress = std::make_shared<Progress>();
    const auto done = [this, progress] {
        if (--progress->pending > 0)
            return;
        finish();
        if (progress->removal.isOk())
            d->announce(RefreshCoordinator::Change::SignedOut);
        d->setUser(QString());
        d->setState(Session::State::SignedOut);
        d->clearError();
        if (!progress->removal.isOk() && progress->revocation.kind == AuthOutcome::Kind::Done
            && d->coordinator()) {
            // Revoked: the others sharing the session find out when they next use it.
            d->fail(Session::Error::StorageError,
                    Session::tr("Signed out and revoked on the server, but the others sharing "
                                "the session could not be told: %1")
                            .arg(progress->removal.errorString));
        } else if (!progress->removal.isOk()) {
            d->fail(Session::Error::StorageError,
                    Session::tr("Signed out, but the stored session could not be removed from "
                                "%1: %2")
                            .arg(d->vault.description(), progress->removal.errorString));
        } else if (progress->revocation.kind != AuthOutcome::Kind::Done) {
            d->fail(SessionPrivate::errorOf(progress->revocation.error),
                    Session::tr("Signed out on this computer, but the server could not be told: "
                                "%1")
                            .arg(progress->revocation.errorString));
        }
        Q_EMIT d->q->signedOut();
    };
    d->vault.wipe(old.user, this, live([progress, done](const TokenStore::Result &result) {
                      progress->removal = result;
                      done();
                  }));
    client()->sendAll(AuthRequests::signOut(d->profileFor(old), old.accessToken, old.refreshToken),
                      live([done, progress](const AuthOutcome &outcome) {
                          progress->revocation = outcome;
                          done();
                      }));
}

} // namespace Tessera
