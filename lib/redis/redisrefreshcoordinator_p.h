// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redisconnection_p.h"
#include "refreshcoordinator_p.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace Tessera {

class RedisTokenStore;
class RedisTokenStorePrivate;
class SessionVault;

/*!
 * \brief The RefreshCoordinator of a fleet: every machine whose profile keeps its sessions in
 * one Redis (RedisTokenStore).
 *
 * - \b The lock: `SET <prefix>:{<profile>/<account>}:lock <token> NX PX <ttl>`, with a random
 *   token of this attempt; released only by its holder (a compare-and-delete script). Its expiry
 *   (lockTtl(): the profile's request timeout + 5 s) is longer than a refresh can take, since
 *   the refresh request is aborted at the request timeout; a holder killed mid-refresh releases
 *   it by expiry. A lock held by another machine is tried again after a random half to all of
 *   a delay that doubles from 50 ms to 500 ms (machines that wait together do not retry
 *   together, since only one can win each time), and at once when a notice comes, the delay
 *   starting over (the holder is done; those adopting its tokens hold the lock for one read
 *   each); for at most the lock's expiry + 2 s, then the read is not locked and the session
 *   holds back (RefreshDecision: HoldBack).
 * - \b Fencing: once locked, the account's entry is read through the vault, and the store's
 *   writes to it carry the lock's token and the version read (RedisTokenStorePrivate::Fence):
 *   a holder whose lock expired can never overwrite newer tokens. The fence goes with release().
 * - \b Notices: announce() publishes on `<prefix>:{<profile>}:changes` a JSON object naming the
 *   change, the account, the generation and this coordinator's random origin (its own notices
 *   are not heard); a second connection subscribes to it, so every machine hears a change at
 *   once, without polling. No token is ever in a notice.
 * - \b Redis down: lockAndRead() answers at once, not locked, with the reason
 *   (LockedRead::problem): no refresh happens that the other machines could not see. The
 *   subscription is opened again with backoff (1 s, doubling, at most 30 s); once it is back
 *   (or first opens after a failure), the account pointer is read and changedElsewhere() is
 *   emitted for the account it names, or for the account last seen (in a lock, an announcement
 *   or a notice) if that one is no longer current, so that what changed meanwhile is read: a
 *   renewal, a sign-out, or the session of a machine whose restore found Redis down. A PING
 *   every 15 s on the subscription finds a connection that died without a word (a cut cable, a
 *   NAT that forgot it) within the command timeout.
 */
class TESSERACORE_AUTOTEST_EXPORT RedisRefreshCoordinator : public RefreshCoordinator
{
    Q_OBJECT
public:
    /*! \brief The coordinator of the sessions \a vault keeps in \a store. */
    static std::unique_ptr<RedisRefreshCoordinator> create(RedisTokenStore *store,
                                                           SessionVault *vault);
    RedisRefreshCoordinator(RedisTokenStorePrivate *store, SessionVault *vault);
    ~RedisRefreshCoordinator() override;

    void lockAndRead(const QString &account, QObject *context, ReadHandler then) override;
    void release() override;
    void announce(Change change, const QString &account, quint64 generation) override;

    /*! \brief How long a lock lives without being released. */
    std::chrono::milliseconds lockTtl() const;

private:
    /*! \brief The lock being taken, or held. */
    struct Attempt
    {
        QString account;
        QString key; //!< the account's entry, as the store names it
        QPointer<QObject> context;
        ReadHandler then;
        QByteArray token;
        QDeadlineTimer giveUp;
        bool held = false;
    };

    void tryLock();
    void onLocked();
    void answer(const LockedRead &read);
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onSubscriptionLost();
    void catchUp();

    RedisTokenStorePrivate *const m_store;
    SessionVault *const m_vault;
    const QByteArray m_origin;
    std::unique_ptr<RedisConnection> m_subscriber;
    std::optional<Attempt> m_attempt;
    QTimer m_retryLock;
    QTimer m_reconnect;
    QTimer m_heartbeat; //!< a PING now and then: a silent network cut shows as a lost connection
    std::chrono::milliseconds m_reconnectDelay {1000};
    std::chrono::milliseconds m_lockDelay {50};
    QString m_lastAccount;
    bool m_noticesMissed = false; //!< the subscription was lost, or never opened yet
};

} // namespace Tessera
