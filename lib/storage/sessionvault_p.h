// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "accountpointer_p.h"
#include "autotest_export_p.h"
#include "storedsession_p.h"

#include <Tessera/profile.h>
#include <Tessera/tokenstore.h>

#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace Tessera {

/*!
 * \brief Where one profile's sessions are kept: the only code that knows the token store in
 * use, its keys, how a session and the account pointer are written in it, and the order in
 * which a sign-in is stored.
 *
 * The store holds, per profile, one entry per account (storedSessionKey(): a StoredSession) and
 * the account pointer (currentAccountKey(): an AccountPointer). A sign-in is stored by
 * storeSignIn() in the order AccountPointer describes, so that a process killed between two
 * writes leaves every entry it wrote named as a leftover; endLeftovers() ends them.
 *
 * Every call is asynchronous and keeps TokenStore's promise: its handler runs once, from the
 * event loop, in \a context, and not at all once \a context is destroyed, so destroying the
 * operation that asked also stops a protocol of several writes between two of them. Calls
 * complete in the order they were made.
 *
 * The store is the one given by setStore(), or the profile's: a KeychainTokenStore, or a
 * RedisTokenStore for a profile that keeps its sessions in Redis. If a store that was given
 * is destroyed, the vault does not fall back to another one on its own: every call then fails
 * (TokenStore::Status::Unavailable), isPersistent() is false, and \a storeLost (given to the
 * constructor) is called once.
 */
class TESSERACORE_AUTOTEST_EXPORT SessionVault
{
public:
    /*! \brief An account's entry as read: the store's answer and, if it held a readable
     *  session, that session. */
    struct Entry
    {
        TokenStore::Result result;
        std::optional<StoredSession> session;
        QString problem; //!< why an entry that was found cannot be read; never secret data
    };
    using EntryHandler = std::function<void(const Entry &entry)>;
    using PointerHandler =
            std::function<void(const TokenStore::Result &result, const AccountPointer &pointer)>;
    using Handler = TokenStore::WriteHandler;
    /*! \brief Ends \a stored on the server (best effort); calls \a done once, whatever came of
     *  it. */
    using Revoker = std::function<void(const StoredSession &stored, std::function<void()> done)>;

    SessionVault(const Profile &profile, std::function<void()> storeLost);
    /*! \brief A vault of the keychain's (or of the store given), for \a profileId. */
    SessionVault(const QString &profileId, std::function<void()> storeLost);
    ~SessionVault();
    SessionVault(const SessionVault &) = delete;
    SessionVault &operator=(const SessionVault &) = delete;

    /*! \brief Keeps sessions in \a store (not owned) from now on; nullptr: in the keychain. */
    void setStore(TokenStore *store);
    /*! \brief The store in use, created on first use. */
    TokenStore *store();
    bool isPersistent() { return store()->isPersistent(); }
    QString description() { return store()->description(); }

    void readAccount(const QString &user, QObject *context, EntryHandler then);
    void writeAccount(const StoredSession &session, QObject *context, Handler then);
    void removeAccount(const QString &user, QObject *context, Handler then);
    /*! \brief The account pointer; an unreadable one, or none (TokenStore::Status::NotFound),
     *  names no account. */
    void readPointer(QObject *context, PointerHandler then);
    /*! \brief Removes \a user's entry (if \a user is not empty) and the account pointer;
     *  \a then gets the first failure, or success. */
    void wipe(const QString &user, QObject *context, Handler then);

    /*!
     * \brief Stores the sign-in \a next as AccountPointer describes: the pointer naming
     * \a next's account as a leftover, its entry, the pointer naming it as current.
     *
     * \a heldUser is the account this process holds tokens of (empty: none); with no pointer
     * stored, it is the account the sign-in replaces. On success, \a then gets the pointer
     * written, whose leftovers (the replaced account, and those of sign-ins cut short) are to
     * be ended with endLeftovers(). On failure, \a then gets the first store error, and the
     * pointer stored still names a session that is intact: if only the last write failed, the
     * entry just written is taken back, unless that pointer names its account already.
     */
    void storeSignIn(const StoredSession &next, const QString &heldUser, QObject *context,
                     PointerHandler then);
    /*!
     * \brief Ends each of \a pointer's leftovers, one after another: reads its entry, has
     * \a revoke end its tokens on the server, removes the entry, and writes the pointer without
     * it (or removes the pointer once it names nothing). Store failures are logged; a leftover
     * whose entry could not be removed stays named, so that the next restore or sign-in tries
     * again. \a then runs once each leftover was tried (from the event loop, even with none).
     */
    void endLeftovers(const AccountPointer &pointer, QObject *context, Revoker revoke,
                      std::function<void()> then);

private:
    /*! \brief A sign-in on its way into the store. */
    struct SignInWrite
    {
        StoredSession next;
        AccountPointer found; //!< the pointer stored (current: the held account, if none)
        bool pointerNamesNext = false; //!< the pointer stored names next's account already
    };

    void writeIntent(const SignInWrite &write, QObject *context, PointerHandler then);
    void writeEntryThenPointer(const SignInWrite &write, QObject *context, PointerHandler then);
    void writePointer(const SignInWrite &write, QObject *context, PointerHandler then);
    void endLeftover(const AccountPointer &pointer, int index, QObject *context, Revoker revoke,
                     std::function<void()> then);
    void rewritePointer(const AccountPointer &rest, QObject *context, Handler then);

    const QString m_profileId;
    std::function<void()> m_storeLost;
    QPointer<TokenStore> m_store;
    bool m_storeGiven = false; //!< by setStore(): if it is destroyed, no silent fallback
    std::unique_ptr<TokenStore> m_ownStore;
    Profile m_profile; //!< where its own store is: the keychain, or Redis
};

} // namespace Tessera
