// SPDX-License-Identifier: BSD-3-Clause
// Storing a sign-in: the session entry first, the profile's account pointer only once the entry
// is stored, and then, when the sign-in is for another account than the one the pointer named,
// that account's session is ended (revoked on the server, best effort, and wiped), so that no
// live tokens are left in the store that nobody points to and no sign-out can reach.
#include "session_p.h"

#include "logging_p.h"

namespace Tessera {

void SessionPrivate::persistSignIn(const StoredSession &next, std::function<void()> then)
{
    const quint64 expected = generation;
    tokenStore()->read(
            currentAccountKey(profile.id()), q,
            [this, expected, next, then](const TokenStore::Result &result, const Secret &data) {
                if (expected != generation)
                    return;
                // A store that cannot even be read (locked, hung, gone) will not take the
                // writes: one bound spent is enough.
                if (!result.isOk() && result.status != TokenStore::Status::NotFound) {
                    signInNotStored(expected, next, result, then);
                    return;
                }
                // Without a readable pointer, this process's own account is the one
                // to end.
                QString previous = hasTokens() ? tokens.user : QString();
                if (result.isOk() && !data.isEmpty())
                    previous = QString::fromUtf8(data.reveal());
                writeSignIn(expected, next, previous, then);
            });
}

void SessionPrivate::writeSignIn(quint64 expected, const StoredSession &next,
                                 const QString &previous, std::function<void()> then)
{
    tokenStore()->write(storedSessionKey(profile.id(), next.user), serializeStoredSession(next), q,
                        [this, expected, next, previous, then](const TokenStore::Result &entry) {
                            if (expected != generation)
                                return;
                            if (!entry.isOk()) {
                                // Nothing points to the new entry, and the old pointer still
                                // names a session that is intact.
                                signInNotStored(expected, next, entry, then);
                                return;
                            }
                            writeAccountPointer(expected, next, previous, then);
                        });
}

// The session entry of \a next is stored: now the pointer to it.
void SessionPrivate::writeAccountPointer(quint64 expected, const StoredSession &next,
                                         const QString &previous, std::function<void()> then)
{
    TokenStore *target = tokenStore();
    target->write(currentAccountKey(profile.id()), Secret(next.user.toUtf8()), q,
                  [this, expected, next, previous, then, target](const TokenStore::Result &result) {
                      if (expected != generation)
                          return;
                      if (!result.isOk()) {
                          // Take the entry back: tokens nobody points to would never be revoked.
                          target->remove(storedSessionKey(profile.id(), next.user), q,
                                         [](const TokenStore::Result &) {});
                          signInNotStored(expected, next, result, then);
                          return;
                      }
                      adopt(next);
                      setPersistent(true);
                      endPreviousAccount(expected, previous, [this, then] {
                          announce(ChangeNotifier::Change::SignedIn);
                          then();
                      });
                  });
}

// The store could not keep the sign-in \a next: it goes on in memory (\a then, as if stored), or,
// without the in-memory fallback, it is undone.
void SessionPrivate::signInNotStored(quint64 expected, const StoredSession &next,
                                     const TokenStore::Result &result, std::function<void()> then)
{
    if (!inMemoryFallback) {
        undoSignIn(expected, next, result);
        return;
    }
    const QString text = keepInMemoryOnly(next, result);
    then();
    fail(Error::StorageError, text);
}

// Revokes the tokens of \a next, which no store holds, so that no session is left alive on the
// server that nobody can sign out of; then the sign-in fails with the store's error.
void SessionPrivate::undoSignIn(quint64 expected, const StoredSession &next,
                                const TokenStore::Result &result)
{
    qCInfo(lcSession) << profile.id() << "the sign-in could not be stored; revoking it";
    client.setNetworkAccessManager(networkAccessManager());
    client.sendAll(
            AuthRequests::signOut(profile, next.accessToken, next.refreshToken),
            [this, expected, result](const AuthOutcome &revocation) {
                if (expected != generation)
                    return;
                const QString where = tokenStore()->description();
                AuthOutcome failed;
                failed.kind = AuthOutcome::Kind::Rejected;
                failed.error = Error::StorageError;
                failed.errorString =
                        revocation.kind == AuthOutcome::Kind::Done
                                ? Session::tr("Could not save the session in %1 (%2); the "
                                              "sign-in was undone on the server")
                                          .arg(where, result.errorString)
                                : Session::tr("Could not save the session in %1 (%2), nor undo "
                                              "the sign-in on the server (%3)")
                                          .arg(where, result.errorString, revocation.errorString);
                signInAccepted = false;
                signInFailed(failed);
                if (std::function<void()> request = std::exchange(whenStored, nullptr))
                    QMetaObject::invokeMethod(q, std::move(request), Qt::QueuedConnection);
            });
}

void SessionPrivate::endPreviousAccount(quint64 expected, const QString &previous,
                                        std::function<void()> then)
{
    if (previous.isEmpty() || previous == user) {
        then();
        return;
    }
    qCInfo(lcSession) << profile.id() << "signed in as another account; ending the session of"
                      << previous;
    const StoredSession held = tokens.user == previous ? tokens : StoredSession();
    tokenStore()->read(storedSessionKey(profile.id(), previous), q,
                       [this, expected, previous, held, then](const TokenStore::Result &result,
                                                              const Secret &data) {
                           if (expected != generation)
                               return;
                           std::optional<StoredSession> stored;
                           if (result.isOk())
                               stored = parseStoredSession(data).session;
                           else if (result.status != TokenStore::Status::NotFound
                                    && !held.accessToken.isEmpty())
                               stored = held;
                           revokeAndWipe(expected, previous, stored, then);
                       });
}

// Revokes \a stored (the previous account's freshest tokens) on the server and removes its
// entry; \a then runs when both are done. A failed revocation is logged: the new sign-in
// succeeded, and the old tokens are gone from this computer either way.
void SessionPrivate::revokeAndWipe(quint64 expected, const QString &account,
                                   const std::optional<StoredSession> &stored,
                                   std::function<void()> then)
{
    auto pending = std::make_shared<int>(2);
    const auto done = [this, expected, pending, then] {
        if (--*pending == 0 && expected == generation)
            then();
    };
    tokenStore()->remove(storedSessionKey(profile.id(), account), q,
                         [this, done](const TokenStore::Result &result) {
                             if (!result.isOk())
                                 qCWarning(lcStore) << profile.id()
                                                    << "could not remove the previous account's "
                                                       "session:"
                                                    << result.errorString;
                             done();
                         });
    if (!stored) {
        done();
        return;
    }
    client.setNetworkAccessManager(networkAccessManager());
    client.sendAll(AuthRequests::signOut(profile, stored->accessToken, stored->refreshToken),
                   [this, done](const AuthOutcome &outcome) {
                       if (outcome.kind != AuthOutcome::Kind::Done)
                           qCInfo(lcSession) << profile.id()
                                             << "the previous account's session could not be "
                                                "revoked on the server:"
                                             << outcome.errorString;
                       done();
                   });
}

} // namespace Tessera
