// SPDX-License-Identifier: BSD-3-Clause
// Signing out: the local tokens go at once; the stored session is wiped and the server told
// under the refresh lock, so that a refresh in flight in another process cannot write the
// session back after it was wiped, and the freshest tokens are the ones revoked.
#include "session_p.h"

#include "logging_p.h"

namespace Tessera {

void SessionPrivate::signOut()
{
    client.abort();
    const quint64 expected = ++generation;
    const StoredSession held = tokens;
    setState(State::SigningOut);
    forgetTokens();
    readUnderLock(expected, [this, expected, held](const LockedRead &read) {
        // Another process may have rotated the tokens since this one last read them. Without
        // the lock (a hung holder) the sign-out goes on all the same.
        const bool newer = read.stored && read.stored->user == held.user;
        finishSignOut(expected, newer ? *read.stored : held);
    });
}

void SessionPrivate::finishSignOut(quint64 expected, const StoredSession &old)
{
    // Two things must finish: wiping the store, and telling the server (when it can be told).
    struct Progress
    {
        int pending = 2;
        AuthOutcome revocation;
        TokenStore::Result removal;
    };
    auto progress = std::make_shared<Progress>();
    const auto done = [this, expected, progress] {
        if (--progress->pending > 0 || expected != generation)
            return;
        if (progress->removal.isOk())
            announce(ChangeNotifier::Change::SignedOut);
        setUser(QString());
        setState(State::SignedOut);
        clearError();
        if (!progress->removal.isOk()) {
            fail(Error::StorageError,
                 Session::tr("Signed out, but the stored session could not be removed from %1: %2")
                         .arg(tokenStore()->description(), progress->removal.errorString));
        } else if (progress->revocation.kind != AuthOutcome::Kind::Done) {
            fail(progress->revocation.error,
                 Session::tr("Signed out on this computer, but the server could not be told: %1")
                         .arg(progress->revocation.errorString));
        }
        Q_EMIT q->signedOut();
    };
    TokenStore *store = tokenStore();
    const auto removed = [progress](const TokenStore::Result &result) {
        if (!result.isOk() && progress->removal.isOk())
            progress->removal = result;
    };
    if (!old.user.isEmpty())
        store->remove(storedSessionKey(profile.id(), old.user), q, removed);
    store->remove(currentAccountKey(profile.id()), q,
                  [removed, done](const TokenStore::Result &result) {
                      removed(result);
                      done();
                  });
    client.setNetworkAccessManager(networkAccessManager());
    client.sendAll(AuthRequests::signOut(profile, old.accessToken, old.refreshToken),
                   [done, progress](const AuthOutcome &outcome) {
                       progress->revocation = outcome;
                       done();
                   });
}

} // namespace Tessera
