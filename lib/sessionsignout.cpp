// SPDX-License-Identifier: BSD-3-Clause
// Signing out: the local tokens and the stored session go at once (so that a sign-out killed
// while it waits for the lock leaves no tokens behind); then, under the refresh lock, the stored
// session is wiped again and the server told, so that a refresh that was in flight in another
// process cannot leave the session written back, and the freshest tokens are the ones revoked.
#include "session_p.h"

#include "logging_p.h"

namespace Tessera {

void SessionPrivate::signOut()
{
    client.abort();
    const quint64 expected = ++generation;
    StoredSession held = tokens;
    // An account restored without tokens (its entry could not be read) still has that entry
    // to wipe.
    if (held.user.isEmpty())
        held.user = user;
    setState(State::SigningOut);
    forgetTokens();
    // A write this process started before (a refresh) lands before this read, since the store
    // finishes operations in order: what it finds are the freshest tokens this process knows.
    // Then the stored session goes at once, before any wait for the lock.
    readFreshest(expected, held, [this, expected](const StoredSession &freshest) {
        wipeStored(freshest.user);
        readUnderLock(expected, [this, expected, freshest](const LockedRead &read) {
            // Another process may have rotated the tokens since, and written them back. Without
            // the lock (a hung holder) the sign-out goes on all the same.
            const bool newer = read.stored && read.stored->user == freshest.user
                               && read.stored->generation >= freshest.generation;
            finishSignOut(expected, newer ? *read.stored : freshest);
        });
    });
}

void SessionPrivate::readFreshest(quint64 expected, const StoredSession &held,
                                  std::function<void(const StoredSession &)> then)
{
    if (held.user.isEmpty()) {
        then(held);
        return;
    }
    tokenStore()->read(
            storedSessionKey(profile.id(), held.user), q,
            [this, expected, held, then](const TokenStore::Result &result, const Secret &data) {
                if (expected != generation)
                    return;
                const std::optional<StoredSession> stored =
                        result.isOk() ? parseStoredSession(data).session : std::nullopt;
                const bool newer = stored && stored->user == held.user
                                   && stored->generation >= held.generation;
                then(newer ? *stored : held);
            });
}

void SessionPrivate::wipeStored(const QString &account)
{
    const auto ignored = [](const TokenStore::Result &) {
    };
    if (!account.isEmpty())
        tokenStore()->remove(storedSessionKey(profile.id(), account), q, ignored);
    tokenStore()->remove(currentAccountKey(profile.id()), q, ignored);
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
            fail(errorOf(progress->revocation.error),
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
