// SPDX-License-Identifier: BSD-3-Clause
#include "sessionvault_p.h"

#include "logging_p.h"
#include "tokenstore_p.h"

#include <Tessera/keychaintokenstore.h>
#include <Tessera/redistokenstore.h>

#include <QCoreApplication>

namespace Tessera {

namespace {
// What a vault whose given store was destroyed uses instead: every operation fails, so the
// session reports a storage error and works in memory, never silently in another store.
class LostTokenStore : public TokenStore
{
public:
    void read(const QString &, QObject *context, ReadHandler handler) override
    {
        deliverRead(context ? context : this, std::move(handler), lost(), Secret());
    }
    void write(const QString &, const Secret &, QObject *context, WriteHandler handler) override
    {
        deliverWrite(context ? context : this, std::move(handler), lost());
    }
    void remove(const QString &, QObject *context, WriteHandler handler) override
    {
        deliverWrite(context ? context : this, std::move(handler), lost());
    }
    bool isPersistent() const override { return false; }
    QString description() const override
    {
        return QCoreApplication::translate("Tessera::Session", "the destroyed token store");
    }

private:
    static Result lost()
    {
        return {Status::Unavailable,
                QCoreApplication::translate("Tessera::Session",
                                            "The token store given to the session was destroyed.")};
    }
};

const auto ignored = [](const TokenStore::Result &) {
};
} // namespace

SessionVault::SessionVault(const Profile &profile, std::function<void()> storeLost)
    : SessionVault(profile.id(), std::move(storeLost))
{
    m_profile = profile;
}

SessionVault::SessionVault(const QString &profileId, std::function<void()> storeLost)
    : m_profileId(profileId)
    , m_storeLost(std::move(storeLost))
{ }

SessionVault::~SessionVault() = default;

void SessionVault::setStore(TokenStore *given)
{
    m_store = given;
    m_storeGiven = given != nullptr;
    if (given)
        m_ownStore.reset();
}

TokenStore *SessionVault::store()
{
    if (!m_store) {
        if (m_storeGiven) {
            qCWarning(lcStore) << m_profileId
                               << "the token store given to the session was "
                                  "destroyed; the session now lives in memory";
            m_ownStore = std::make_unique<LostTokenStore>();
            m_storeGiven = false;
            m_storeLost();
        } else if (m_profile.storeKind() == Profile::StoreKind::Redis) {
            m_ownStore = std::make_unique<RedisTokenStore>(m_profile);
        } else {
            m_ownStore = std::make_unique<KeychainTokenStore>();
        }
        m_store = m_ownStore.get();
    }
    return m_store;
}

// --- one entry at a time -----------------------------------------------------------------------

void SessionVault::readAccount(const QString &user, QObject *context, EntryHandler then)
{
    store()->read(storedSessionKey(m_profileId, user), context,
                  [then](const TokenStore::Result &result, const Secret &data) {
                      Entry entry;
                      entry.result = result;
                      if (result.isOk()) {
                          StoredSessionResult parsed = parseStoredSession(data);
                          entry.session = std::move(parsed.session);
                          entry.problem = parsed.error;
                      }
                      then(entry);
                  });
}

void SessionVault::writeAccount(const StoredSession &session, QObject *context, Handler then)
{
    store()->write(storedSessionKey(m_profileId, session.user), serializeStoredSession(session),
                   context, std::move(then));
}

void SessionVault::removeAccount(const QString &user, QObject *context, Handler then)
{
    store()->remove(storedSessionKey(m_profileId, user), context, std::move(then));
}

void SessionVault::readPointer(QObject *context, PointerHandler then)
{
    store()->read(currentAccountKey(m_profileId), context,
                  [then](const TokenStore::Result &result, const Secret &data) {
                      then(result, result.isOk() ? parseAccountPointer(data) : AccountPointer());
                  });
}

void SessionVault::wipe(const QString &user, QObject *context, Handler then)
{
    auto firstFailure = std::make_shared<TokenStore::Result>();
    if (!user.isEmpty()) {
        removeAccount(user, context, [firstFailure](const TokenStore::Result &result) {
            if (!result.isOk() && firstFailure->isOk())
                *firstFailure = result;
        });
    }
    // Operations on one store complete in order: this one comes last.
    store()->remove(currentAccountKey(m_profileId), context,
                    [firstFailure, then](const TokenStore::Result &result) {
                        if (!result.isOk() && firstFailure->isOk())
                            *firstFailure = result;
                        then(*firstFailure);
                    });
}

// --- a sign-in ---------------------------------------------------------------------------------

void SessionVault::storeSignIn(const StoredSession &next, const QString &heldUser, QObject *context,
                               PointerHandler then)
{
    readPointer(context, [this, next, heldUser, context, then](const TokenStore::Result &result,
                                                               AccountPointer found) {
        // A store that cannot even be read (locked, hung, gone) will not take the
        // writes: one bound spent is enough.
        if (!result.isOk() && result.status != TokenStore::Status::NotFound) {
            then(result, AccountPointer());
            return;
        }
        SignInWrite write {next, found, found.current == next.user};
        // Without a pointer, this process's own account is the one to end.
        if (write.found.current.isEmpty())
            write.found.current = heldUser;
        // Leftovers, even of a sign-in still being stored elsewhere, are carried on
        // and ended with the account this one replaces: this sign-in is the newer.
        writeIntent(write, context, then);
    });
}

// The pointer names the new account as a leftover before its entry is written (unless it names
// it as current already: then the entry it points to is the one rewritten).
void SessionVault::writeIntent(const SignInWrite &write, QObject *context, PointerHandler then)
{
    if (write.next.user == write.found.current) {
        writeEntryThenPointer(write, context, then);
        return;
    }
    SignInWrite intent = write;
    intent.found.addLeftover(write.next.user);
    store()->write(currentAccountKey(m_profileId), serializeAccountPointer(intent.found), context,
                   [this, intent, context, then](const TokenStore::Result &result) {
                       if (!result.isOk()) {
                           then(result, AccountPointer());
                           return;
                       }
                       writeEntryThenPointer(intent, context, then);
                   });
}

void SessionVault::writeEntryThenPointer(const SignInWrite &write, QObject *context,
                                         PointerHandler then)
{
    writeAccount(write.next, context,
                 [this, write, context, then](const TokenStore::Result &entry) {
                     if (!entry.isOk()) {
                         // The old pointer still names a session that is intact; the new
                         // account, named as a leftover, has nothing stored.
                         then(entry, AccountPointer());
                         return;
                     }
                     writePointer(write, context, then);
                 });
}

// The entry of the sign-in is stored: now the pointer to it, naming the account it replaces
// (and any earlier leftover) to be ended.
void SessionVault::writePointer(const SignInWrite &write, QObject *context, PointerHandler then)
{
    AccountPointer pointer;
    pointer.current = write.next.user;
    for (const QString &account : write.found.leftovers)
        pointer.addLeftover(account);
    pointer.addLeftover(write.found.current);
    const QPointer<TokenStore> target = store();
    target->write(currentAccountKey(m_profileId), serializeAccountPointer(pointer), context,
                  [this, write, pointer, then, target](const TokenStore::Result &result) {
                      if (result.isOk()) {
                          then(result, pointer);
                          return;
                      }
                      // Tokens nobody points to would never be revoked: take the entry back,
                      // unless the pointer stored names it already (the same account, signed
                      // in again), which leaves the store as consistent as it was.
                      if (!write.pointerNamesNext && target)
                          target->remove(storedSessionKey(m_profileId, write.next.user), target,
                                         ignored);
                      then(result, AccountPointer());
                  });
}

// --- leftovers ---------------------------------------------------------------------------------

void SessionVault::endLeftovers(const AccountPointer &pointer, QObject *context, Revoker revoke,
                                std::function<void()> then)
{
    endLeftover(pointer, 0, context, std::move(revoke), std::move(then));
}

// Ends the leftover at \a index of \a pointer (what the store holds now): revokes its freshest
// tokens (best effort) and removes its entry; then the pointer without it, and on with the next.
// A leftover whose entry could not be removed stays named, for the next restore or sign-in.
void SessionVault::endLeftover(const AccountPointer &pointer, int index, QObject *context,
                               Revoker revoke, std::function<void()> then)
{
    if (index >= pointer.leftovers.size()) {
        // From the event loop, like every other answer.
        QMetaObject::invokeMethod(context, std::move(then), Qt::QueuedConnection);
        return;
    }
    const QString account = pointer.leftovers.at(index);
    qCInfo(lcSession) << m_profileId << "ending the session of" << account
                      << "that the account pointer no longer names";
    const QPointer<QObject> guard(context);
    const auto next = [this, pointer, index, guard, revoke, then](bool removed) {
        if (!removed) {
            endLeftover(pointer, index + 1, guard, revoke, then);
            return;
        }
        AccountPointer rest = pointer;
        rest.leftovers.removeAt(index);
        rewritePointer(rest, guard,
                       [this, rest, index, guard, revoke, then](const TokenStore::Result &) {
                           endLeftover(rest, index, guard, revoke, then);
                       });
    };
    // Revoked first, then removed: a process killed in between leaves the entry, still named,
    // for the next one to revoke.
    const auto remove = [this, account, guard, next] {
        if (!guard)
            return; // a revoker that answered after its operation was gone
        removeAccount(account, guard, [this, account, next](const TokenStore::Result &result) {
            if (!result.isOk())
                qCWarning(lcStore) << m_profileId << "could not remove the session of" << account
                                   << "that nothing points to:" << result.errorString;
            next(result.isOk());
        });
    };
    readAccount(account, context, [revoke, remove](const Entry &entry) {
        if (entry.session)
            revoke(*entry.session, remove);
        else
            remove();
    });
}

void SessionVault::rewritePointer(const AccountPointer &rest, QObject *context, Handler then)
{
    const auto logged = [this, then](const TokenStore::Result &result) {
        if (!result.isOk())
            qCWarning(lcStore) << m_profileId
                               << "could not update the account pointer:" << result.errorString;
        then(result);
    };
    if (rest.current.isEmpty() && rest.leftovers.isEmpty())
        store()->remove(currentAccountKey(m_profileId), context, logged);
    else
        store()->write(currentAccountKey(m_profileId), serializeAccountPointer(rest), context,
                       logged);
}

} // namespace Tessera
