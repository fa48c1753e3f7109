// SPDX-License-Identifier: BSD-3-Clause
#include "redisrefreshcoordinator_p.h"

#include "logging_p.h"
#include "redistokenstore_p.h"
#include "sessionvault_p.h"
#include "storedsession_p.h"
#include "tokensyntax_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QRandomGenerator>

namespace Tessera {

namespace {

// Deletes the lock only if it is still this holder's.
const QByteArray kReleaseScript = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

constexpr std::chrono::milliseconds kMaxReconnectDelay {30000};
constexpr std::chrono::milliseconds kMinLockDelay {50};
constexpr std::chrono::milliseconds kMaxLockDelay {500};
constexpr std::chrono::milliseconds kWaitBeyondTtl {2000};

QByteArray randomToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return bytes.toHex();
}

QString changeName(RefreshCoordinator::Change change)
{
    return QString::fromLatin1(
            QMetaEnum::fromType<RefreshCoordinator::Change>().valueToKey(int(change)));
}

} // namespace

std::unique_ptr<RedisRefreshCoordinator> RedisRefreshCoordinator::create(RedisTokenStore *store,
                                                                         SessionVault *vault)
{
    return std::make_unique<RedisRefreshCoordinator>(store->d.get(), vault);
}

RedisRefreshCoordinator::RedisRefreshCoordinator(RedisTokenStorePrivate *store, SessionVault *vault)
    : m_store(store)
    , m_vault(vault)
    , m_origin(randomToken())
    , m_subscriber(std::make_unique<RedisConnection>(store->options()))
{
    m_retryLock.setSingleShot(true);
    connect(&m_retryLock, &QTimer::timeout, this, &RedisRefreshCoordinator::tryLock);
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, m_subscriber.get(), &RedisConnection::open);
    connect(m_subscriber.get(), &RedisConnection::message, this,
            &RedisRefreshCoordinator::onMessage);
    connect(m_subscriber.get(), &RedisConnection::disconnected, this,
            &RedisRefreshCoordinator::onSubscriptionLost);
    connect(m_subscriber.get(), &RedisConnection::subscribed, this, [this] {
        m_reconnectDelay = std::chrono::milliseconds(1000);
        if (std::exchange(m_noticesMissed, false))
            catchUp();
    });
    m_heartbeat.setInterval(std::chrono::seconds(15));
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        if (m_subscriber->state() == RedisConnection::State::Ready)
            m_subscriber->command({"PING"}, this, [](const RedisReply &) {});
    });
    m_heartbeat.start();
    m_subscriber->subscribe(m_store->channel());
    m_subscriber->open();
}

RedisRefreshCoordinator::~RedisRefreshCoordinator()
{
    release();
}

std::chrono::milliseconds RedisRefreshCoordinator::lockTtl() const
{
    return m_store->profile.requestTimeout() + std::chrono::seconds(5);
}

void RedisRefreshCoordinator::lockAndRead(const QString &account, QObject *context,
                                          ReadHandler then)
{
    release();
    m_lastAccount = account.isEmpty() ? m_lastAccount : account;
    Attempt attempt;
    attempt.account = account;
    attempt.key = storedSessionKey(m_store->profile.id(), account);
    attempt.context = context;
    attempt.then = std::move(then);
    attempt.token = randomToken();
    attempt.giveUp = QDeadlineTimer(lockTtl() + kWaitBeyondTtl);
    m_attempt = std::move(attempt);
    m_lockDelay = kMinLockDelay;
    // From the event loop, as the contract says.
    m_retryLock.start(0);
}

void RedisRefreshCoordinator::tryLock()
{
    if (!m_attempt || m_attempt->held)
        return;
    const QByteArray lock = m_store->lockKey(m_attempt->key);
    m_store->connection()->command(
            {"SET", lock, m_attempt->token, "NX", "PX",
             QByteArray::number(qint64(lockTtl().count()))},
            this, [this, token = m_attempt->token](const RedisReply &reply) {
                if (!m_attempt || m_attempt->token != token)
                    return;
                if (reply.isOk())
                    return onLocked();
                LockedRead read;
                if (!reply.isNil()) {
                    read.problem = reply.failure() != RedisReply::Failure::None
                                           ? QString::fromUtf8(reply.bytes())
                                           : tr("the server answered %1")
                                                     .arg(QString::fromLatin1(reply.errorCode()));
                    read.problem = tr("%1 cannot be used: %2")
                                           .arg(m_store->q->description(), read.problem);
                    return answer(read);
                }
                // Another machine holds it.
                if (m_attempt->giveUp.hasExpired()) {
                    read.problem = tr("another machine held the refresh lock for too long");
                    return answer(read);
                }
                // After a random part of the delay: machines that wait together must not all
                // try together again, when only one of them can win each time.
                const int delay = int(m_lockDelay.count());
                m_retryLock.start(QRandomGenerator::global()->bounded(delay / 2, delay + 1));
                m_lockDelay = std::min(m_lockDelay * 2, kMaxLockDelay);
            });
}

void RedisRefreshCoordinator::onLocked()
{
    m_attempt->held = true;
    if (!m_attempt->context) {
        // Whoever asked is gone: the lock is nobody's to hold.
        release();
        return;
    }
    if (m_attempt->account.isEmpty()) {
        LockedRead read;
        read.locked = true;
        read.answered = true;
        return answer(read);
    }
    m_vault->readAccount(m_attempt->account, this,
                         [this, token = m_attempt->token](const SessionVault::Entry &entry) {
                             if (!m_attempt || m_attempt->token != token)
                                 return;
                             LockedRead read = lockedRead(entry);
                             read.locked = true;
                             // Writes under this lock only over what was read.
                             m_store->fences.insert(m_attempt->key,
                                                    {m_store->lockKey(m_attempt->key), token,
                                                     m_store->readVersions.value(m_attempt->key)});
                             answer(read);
                         });
}

void RedisRefreshCoordinator::answer(const LockedRead &read)
{
    if (!read.locked)
        qCWarning(lcShare).noquote() << "could not take the fleet's refresh lock:" << read.problem;
    const ReadHandler then = m_attempt->then;
    const QPointer<QObject> context = m_attempt->context;
    if (!read.locked)
        m_attempt.reset();
    if (context)
        then(read);
    else if (read.locked)
        release();
}

void RedisRefreshCoordinator::release()
{
    m_retryLock.stop();
    if (!m_attempt)
        return;
    const Attempt attempt = std::move(*m_attempt);
    m_attempt.reset();
    m_store->fences.remove(attempt.key);
    if (!attempt.held)
        return;
    m_store->connection()->command(
            {"EVAL", kReleaseScript, "1", m_store->lockKey(attempt.key), attempt.token}, this,
            [](const RedisReply &) {});
}

void RedisRefreshCoordinator::announce(Change change, const QString &account, quint64 generation)
{
    if (!account.isEmpty())
        m_lastAccount = account;
    const QJsonObject notice {{QStringLiteral("change"), changeName(change)},
                              {QStringLiteral("account"), account},
                              {QStringLiteral("generation"), QString::number(generation)},
                              {QStringLiteral("origin"), QString::fromLatin1(m_origin)}};
    m_store->connection()->command(
            {"PUBLISH", m_store->channel(), QJsonDocument(notice).toJson(QJsonDocument::Compact)},
            this, [](const RedisReply &reply) {
                if (!reply.isInteger())
                    qCWarning(lcShare)
                            << "the fleet could not be told of a change:" << reply.errorCode();
            });
}

void RedisRefreshCoordinator::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != m_store->channel())
        return;
    const QJsonObject notice = QJsonDocument::fromJson(payload).object();
    if (notice.value(QStringLiteral("origin")).toString().toLatin1() == m_origin)
        return;
    // A machine that waits for the lock tries again at once, and soon after if it lost: the
    // holder is done, and the machines that adopt its tokens hold the lock for a read each.
    if (m_attempt && !m_attempt->held) {
        m_lockDelay = kMinLockDelay;
        m_retryLock.start(0);
    }
    bool known = false;
    const int change = QMetaEnum::fromType<Change>().keyToValue(
            notice.value(QStringLiteral("change")).toString().toLatin1().constData(), &known);
    const QString account = notice.value(QStringLiteral("account")).toString();
    if (!known || !TokenSyntax::userProblem(account).isEmpty())
        return;
    m_lastAccount = account;
    Q_EMIT changedElsewhere(Change(change), account);
}

// What changed while nobody listened is read again: the account the pointer names now (a machine
// that found Redis down at its restore knows no other), or the one last seen when the pointer
// names another (it is re-read, and found ended) or none (signed out meanwhile).
void RedisRefreshCoordinator::catchUp()
{
    m_vault->readPointer(this, [this](const TokenStore::Result &result,
                                      const AccountPointer &pointer) {
        if (!result.isOk() && result.status != TokenStore::Status::NotFound) {
            if (!m_lastAccount.isEmpty())
                Q_EMIT changedElsewhere(Change::Renewed, m_lastAccount);
        } else if (!pointer.current.isEmpty()
                   && (m_lastAccount.isEmpty() || m_lastAccount == pointer.current)) {
            Q_EMIT changedElsewhere(Change::SignedIn, pointer.current);
        } else if (!m_lastAccount.isEmpty()) {
            Q_EMIT changedElsewhere(pointer.current.isEmpty() ? Change::SignedOut : Change::Renewed,
                                    m_lastAccount);
        }
    });
}

void RedisRefreshCoordinator::onSubscriptionLost()
{
    m_noticesMissed = true;
    qCInfo(lcShare) << "the fleet's notices are lost until Redis can be reached; retrying in"
                    << m_reconnectDelay.count() << "ms";
    m_reconnect.start(m_reconnectDelay);
    m_reconnectDelay = std::min(m_reconnectDelay * 2, kMaxReconnectDelay);
}

} // namespace Tessera
