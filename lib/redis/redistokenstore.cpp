// SPDX-License-Identifier: BSD-3-Clause
#include "redistokenstore_p.h"

#include "logging_p.h"
#include "sealkeysource_p.h"

#include <QFile>
#include <QTimer>

namespace Tessera {

namespace {

using Status = TokenStore::Status;

// Writes an entry and bumps its version; fenced when ARGV[1] (the lock's token) is not empty:
// -1 when the lock is no longer this writer's, -2 when the version is no longer the one read
// (ARGV[2]; empty: any). KEYS[1] is the entry, KEYS[2] its lock, in one slot.
const QByteArray kWriteScript = R"lua(
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
if ARGV[2] ~= '' and v ~= tonumber(ARGV[2]) then return -2 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'data', ARGV[3])
return v + 1
)lua";

// The largest CA file read: a bundle of a few hundred certificates.
constexpr qint64 kMaxCaFileBytes = 4 * 1024 * 1024;

TokenStore::Result result(Status status, const QString &text = QString())
{
    return TokenStore::Result {status, text};
}

// A handler called from the event loop, as TokenStore promises, unless \a context went.
template<typename F>
void later(QObject *context, F f)
{
    QTimer::singleShot(0, context, std::move(f));
}

} // namespace

RedisTokenStorePrivate::RedisTokenStorePrivate(RedisTokenStore *q, const Profile &profile)
    : profile(profile)
    , prefix(profile.redisStore().prefix.toUtf8())
    , q(q)
{
    const Profile::RedisStore settings = profile.redisStore();
    const auto problem = [&profile](const QString &what) {
        return RedisTokenStore::tr("The Redis store of “%1” cannot be used: %2")
                .arg(profile.name(), what);
    };
    const RedisUrlResult url = parseRedisUrl(settings.url);
    if (!url.url) {
        setupProblem = problem(url.error);
        return;
    }
    m_options.url = *url.url;
    const SealKeySource::LoadedKey key = SealKeySource::loadKeyFile(settings.keyFile);
    if (key.key)
        box = SealedBox::fromKey(*key.key);
    if (!box) {
        setupProblem = problem(key.problem.isEmpty() ? RedisTokenStore::tr("the key is not usable")
                                                     : key.problem);
        return;
    }
    if (!settings.credentialsFile.isEmpty()) {
        const SealKeySource::LoadedCredentials credentials =
                SealKeySource::loadCredentialsFile(settings.credentialsFile);
        if (!credentials.credentials) {
            setupProblem = problem(credentials.problem);
            return;
        }
        m_options.user = credentials.credentials->user.toUtf8();
        m_options.password = credentials.credentials->password;
    }
    if (!settings.caFile.isEmpty()) {
        QFile ca(settings.caFile);
        if (!ca.open(QIODevice::ReadOnly) || ca.size() > kMaxCaFileBytes) {
            setupProblem = problem(
                    RedisTokenStore::tr("the CA file %1 cannot be read").arg(settings.caFile));
            return;
        }
        m_options.caCertificatesPem = ca.readAll();
    }
    m_options.commandTimeout =
            std::min<std::chrono::milliseconds>(profile.requestTimeout(), std::chrono::seconds(10));
}

QByteArray RedisTokenStorePrivate::redisKey(const QString &key) const
{
    return prefix + ":{" + key.toUtf8() + '}';
}

QByteArray RedisTokenStorePrivate::lockKey(const QString &key) const
{
    return redisKey(key) + ":lock";
}

QByteArray RedisTokenStorePrivate::channel() const
{
    return redisKey(profile.id()) + ":changes";
}

RedisConnection *RedisTokenStorePrivate::connection()
{
    if (!m_connection)
        m_connection = std::make_unique<RedisConnection>(m_options);
    const RedisConnection::State state = m_connection->state();
    if (state == RedisConnection::State::Disconnected || state == RedisConnection::State::Failed)
        m_connection->open();
    return m_connection.get();
}

RedisTokenStore::RedisTokenStore(const Profile &profile, QObject *parent)
    : TokenStore(parent)
    , d(std::make_unique<RedisTokenStorePrivate>(this, profile))
{
    if (!d->setupProblem.isEmpty())
        qCWarning(lcStore).noquote() << d->setupProblem;
}

RedisTokenStore::~RedisTokenStore() = default;

QString RedisTokenStore::description() const
{
    return tr("the Redis store of “%1” at %2").arg(d->profile.name(), d->options().url.toString());
}

// What a command that got no usable answer means for a store operation.
static TokenStore::Result failureOf(const RedisTokenStore *store, const RedisReply &reply)
{
    const QString text = reply.failure() != RedisReply::Failure::None
                                 ? QString::fromUtf8(reply.bytes())
                                 : RedisTokenStore::tr("the server answered %1")
                                           .arg(QString::fromLatin1(reply.errorCode()));
    return result(Status::Unavailable,
                  RedisTokenStore::tr("%1 cannot be used: %2").arg(store->description(), text));
}

void RedisTokenStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    if (!d->setupProblem.isEmpty())
        return later(context, [text = d->setupProblem, handler] {
            handler(result(Status::Unavailable, text), Secret());
        });
    const QByteArray name = d->redisKey(key);
    d->connection()->command(
            {"HMGET", name, "v", "data"}, context,
            [this, key, name, handler](const RedisReply &reply) {
                if (!reply.isArray() || reply.elements().size() != 2)
                    return handler(failureOf(this, reply), Secret());
                const RedisReply &version = reply.elements().at(0);
                const RedisReply &data = reply.elements().at(1);
                d->readVersions.insert(key, version.isString() ? version.bytes().toLongLong() : 0);
                if (!data.isString())
                    return handler(result(Status::NotFound), Secret());
                const std::optional<Secret> opened = d->box->open(Secret(data.bytes()), name);
                if (!opened)
                    return handler(
                            result(Status::Failed,
                                   tr("The session in %1 could not be decrypted: is the key file "
                                      "the one the other machines use?")
                                           .arg(description())),
                            Secret());
                handler(result(Status::Ok), *opened);
            });
}

void RedisTokenStore::write(const QString &key, const Secret &data, QObject *context,
                            WriteHandler handler)
{
    if (!d->setupProblem.isEmpty())
        return later(context, [text = d->setupProblem, handler] {
            handler(result(Status::Unavailable, text));
        });
    const QByteArray name = d->redisKey(key);
    const std::optional<RedisTokenStorePrivate::Fence> fence =
            d->fences.contains(key) ? std::optional(d->fences.value(key)) : std::nullopt;
    const Secret sealed = d->box->seal(data, name);
    d->connection()->command(
            {"EVAL", kWriteScript, "2", name, fence ? fence->lockKey : name,
             fence ? fence->token : QByteArray(),
             fence ? QByteArray::number(fence->version) : QByteArray(), sealed.reveal()},
            context, [this, key, handler](const RedisReply &reply) {
                if (!reply.isInteger())
                    return handler(failureOf(this, reply));
                const qint64 version = reply.toInteger();
                if (version == -1 || version == -2) {
                    qCWarning(lcStore) << "a fenced write was refused:" << version;
                    return handler(result(
                            Status::Failed,
                            version == -1 ? tr("The refresh lock in %1 expired before the session "
                                               "was stored; another machine may have renewed it")
                                                    .arg(description())
                                          : tr("A newer session was stored in %1 by another "
                                               "machine")
                                                    .arg(description())));
                }
                d->readVersions.insert(key, version);
                if (d->fences.contains(key))
                    d->fences[key].version = version;
                handler(result(Status::Ok));
            });
}

void RedisTokenStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    if (!d->setupProblem.isEmpty())
        return later(context, [text = d->setupProblem, handler] {
            handler(result(Status::Unavailable, text));
        });
    d->connection()->command({"DEL", d->redisKey(key)}, context,
                             [this, key, handler](const RedisReply &reply) {
                                 if (!reply.isInteger())
                                     return handler(failureOf(this, reply));
                                 d->readVersions.insert(key, 0);
                                 if (d->fences.contains(key))
                                     d->fences[key].version = 0;
                                 handler(result(Status::Ok));
                             });
}

} // namespace Tessera
