// SPDX-License-Identifier: BSD-3-Clause
// Storing a sign-in, in the order AccountPointer describes: the account pointer naming the new
// account as a leftover, the session entry, the pointer naming it as current (and the account it
// replaces as a leftover), and then every leftover is ended (revoked on the server, best effort,
// and wiped). A process killed at any step leaves each entry it wrote named in the pointer, for
// the next restore or sign-in to end: no live tokens stay in the store that nobody points to and
// no sign-out can reach.
#include "session_p.h"

#include "accountpointer_p.h"
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
                AccountPointer found = result.isOk() ? parseAccountPointer(data) : AccountPointer();
                // Without a pointer, this process's own account is the one to end.
                if (found.current.isEmpty() && hasTokens())
                    found.current = tokens.user;
                // Leftovers, even of a sign-in still being stored elsewhere, are carried on and
                // ended with the account this one replaces: this sign-in is the newer.
                writeIntent(expected, next, found, then);
            });
}

// The pointer names the new account as a leftover before its entry is written (unless it names
// it as current already: then the entry it points to is the one rewritten).
void SessionPrivate::writeIntent(quint64 expected, const StoredSession &next,
                                 const AccountPointer &found, std::function<void()> then)
{
    if (next.user == found.current) {
        writeSignIn(expected, next, found, then);
        return;
    }
    AccountPointer intent = found;
    intent.addLeftover(next.user);
    tokenStore()->write(currentAccountKey(profile.id()), serializeAccountPointer(intent), q,
                        [this, expected, next, intent, then](const TokenStore::Result &result) {
                            if (expected != generation)
                                return;
                            if (!result.isOk()) {
                                signInNotStored(expected, next, result, then);
                                return;
                            }
                            writeSignIn(expected, next, intent, then);
                        });
}

void SessionPrivate::writeSignIn(quint64 expected, const StoredSession &next,
                                 const AccountPointer &found, std::function<void()> then)
{
    tokenStore()->write(storedSessionKey(profile.id(), next.user), serializeStoredSession(next), q,
                        [this, expected, next, found, then](const TokenStore::Result &entry) {
                            if (expected != generation)
                                return;
                            if (!entry.isOk()) {
                                // The old pointer still names a session that is intact; the
                                // new account, named as a leftover, has nothing stored.
                                signInNotStored(expected, next, entry, then);
                                return;
                            }
                            writeAccountPointer(expected, next, found, then);
                        });
}

// The session entry of \a next is stored: now the pointer to it, naming the account it replaces
// (and any earlier leftover) to be ended.
void SessionPrivate::writeAccountPointer(quint64 expected, const StoredSession &next,
                                         const AccountPointer &found, std::function<void()> then)
{
    AccountPointer pointer;
    pointer.current = next.user;
    for (const QString &account : found.leftovers)
        pointer.addLeftover(account);
    pointer.addLeftover(found.current);
    TokenStore *target = tokenStore();
    target->write(currentAccountKey(profile.id()), serializeAccountPointer(pointer), q,
                  [this, expected, next, pointer, then, target](const TokenStore::Result &result) {
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
                      endLeftovers(expected, pointer, [this, then] {
                          announce(ChangeNotifier::Change::SignedIn);
                          then();
                      });
                  });
}

// Ends the first of \a pointer's leftovers (reads its tokens, revokes them, removes its entry),
// writes the pointer without it, and goes on with the rest; \a then once none is left.
void SessionPrivate::endLeftovers(quint64 expected, const AccountPointer &pointer,
                                  std::function<void()> then)
{
    if (pointer.leftovers.isEmpty()) {
        then();
        return;
    }
    AccountPointer rest = pointer;
    const QString account = rest.leftovers.takeFirst();
    qCInfo(lcSession) << profile.id() << "ending the session of" << account
                      << "that the account pointer no longer names";
    const auto rewritePointer = [this, expected, rest, then] {
        const auto next = [this, expected, rest, then](const TokenStore::Result &result) {
            if (!result.isOk())
                qCWarning(lcStore) << profile.id()
                                   << "could not update the account pointer:" << result.errorString;
            if (expected == generation)
                endLeftovers(expected, rest, then);
        };
        if (rest.current.isEmpty() && rest.leftovers.isEmpty())
            tokenStore()->remove(currentAccountKey(profile.id()), q, next);
        else
            tokenStore()->write(currentAccountKey(profile.id()), serializeAccountPointer(rest), q,
                                next);
    };
    tokenStore()->read(storedSessionKey(profile.id(), account), q,
                       [this, expected, account, rewritePointer](const TokenStore::Result &result,
                                                                 const Secret &data) {
                           if (expected != generation)
                               return;
                           std::optional<StoredSession> stored;
                           if (result.isOk())
                               stored = parseStoredSession(data).session;
                           revokeAndWipe(expected, account, stored, rewritePointer);
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
    const QList<AuthRequest> revocations =
            AuthRequests::signOut(profile, next.accessToken, next.refreshToken);
    const bool revocable = !revocations.isEmpty();
    client.setNetworkAccessManager(networkAccessManager());
    client.sendAll(revocations, [this, expected, result, revocable](const AuthOutcome &revocation) {
        if (expected != generation)
            return;
        const QString where = tokenStore()->description();
        QString text;
        if (!revocable)
            text = Session::tr("Could not save the session in %1 (%2); the "
                               "profile names no endpoint to end it on the "
                               "server")
                           .arg(where, result.errorString);
        else if (revocation.kind == AuthOutcome::Kind::Done)
            text = Session::tr("Could not save the session in %1 (%2); the "
                               "sign-in was undone on the server")
                           .arg(where, result.errorString);
        else
            text = Session::tr("Could not save the session in %1 (%2), nor "
                               "undo the sign-in on the server (%3)")
                           .arg(where, result.errorString, revocation.errorString);
        signInAccepted = false;
        signInFailed(Error::StorageError, text);
        if (std::function<void()> request = std::exchange(whenStored, nullptr))
            QMetaObject::invokeMethod(q, std::move(request), Qt::QueuedConnection);
    });
}

// Revokes \a stored (the freshest tokens of an account the pointer no longer names) on the
// server and removes its entry; \a then runs when both are done. A failed revocation is logged:
// the tokens are gone from this computer either way.
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
                         [this, account, done](const TokenStore::Result &result) {
                             if (!result.isOk())
                                 qCWarning(lcStore)
                                         << profile.id() << "could not remove the session of"
                                         << account
                                         << "that nothing points to:" << result.errorString;
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
