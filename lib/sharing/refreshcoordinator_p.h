// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "refreshdecision_p.h"
#include "sessionvault_p.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace Tessera {

class Profile;
class SessionVault;

/*!
 * \brief What lets every holder of one profile's session (the processes on this computer, or
 * the machines of a fleet) use it as one: a lock under which at most one of them refreshes at a
 * time, and notices that tell the others when the stored session changed.
 *
 * A session holds one coordinator while its store outlives the process. It takes the lock with
 * lockAndRead() before it refreshes or signs out, and keeps it until release(); under it, the
 * stored session is the truth, and lockForRefresh() turns what was found into the one decision
 * a holder may take (RefreshDecision::decide()). Every change the session stores is announced
 * with announce(), and every change another holder announced arrives as changedElsewhere(); the
 * tokens themselves never travel in a notice, each holder reads them from the store.
 *
 * An implementation keeps these promises:
 * - lockAndRead()'s handler runs once, from the event loop, never from inside the call, in
 *   \a context; not at all once \a context is destroyed (a lock that arrives for nobody is
 *   released), or once a later lockAndRead() has replaced the one waiting. A holder that hangs is
 * given up on after a bounded time (LockedRead::locked false); one that died is given up on at once
 * or by the lock's expiry.
 * - release() is idempotent, and drops a lockAndRead() still waiting.
 * - A notice names the change, the account and the StoredSession generation, never token
 *   material; a holder does not hear its own notices.
 *
 * \sa LocalRefreshCoordinator
 */
class TESSERACORE_AUTOTEST_EXPORT RefreshCoordinator : public QObject
{
    Q_OBJECT
public:
    enum class Change {
        SignedIn, //!< a new session was stored
        Renewed, //!< the stored tokens were refreshed or rotated
        SignedOut, //!< the session was signed out (the account pointer is gone)
        Expired, //!< the session expired or was rejected; re-authentication is needed
        Unsaved, //!< the tokens were rotated but could not be stored: the stored ones are stale
    };
    Q_ENUM(Change)

    using ReadHandler = std::function<void(const LockedRead &read)>;
    using DecisionHandler =
            std::function<void(RefreshDecision::Action action, const LockedRead &read)>;

    /*!
     * \brief The coordinator for the sessions \a vault keeps: none for a store that dies with
     * the process (nothing to share), a RedisRefreshCoordinator for a RedisTokenStore (a
     * fleet), a LocalRefreshCoordinator for one on this computer (the keychain). The one place that
     * chooses: a store shared by other machines brings its coordinator here, and the session does
     * not change.
     */
    static std::unique_ptr<RefreshCoordinator> create(const Profile &profile, SessionVault *vault);

    explicit RefreshCoordinator(QObject *parent = nullptr);
    ~RefreshCoordinator() override;

    /*! \brief Takes the lock, then reads \a account's stored session (no account: nothing to
     *  read), and tells \a then what it found. */
    virtual void lockAndRead(const QString &account, QObject *context, ReadHandler then) = 0;
    virtual void release() = 0;
    virtual void announce(Change change, const QString &account, quint64 generation) = 0;

    /*!
     * \brief lockAndRead(), then the decision under the lock for a holder of \a held
     * (\a heldSaved false: its last write failed): see RefreshDecision::decide().
     */
    void lockForRefresh(const StoredSession &held, bool heldSaved, QObject *context,
                        DecisionHandler then);

Q_SIGNALS:
    void changedElsewhere(Tessera::RefreshCoordinator::Change change, const QString &account);

protected:
    /*! \brief What reading an account's \a entry under the lock found (not yet marked locked). */
    static LockedRead lockedRead(const SessionVault::Entry &entry);
};

} // namespace Tessera
