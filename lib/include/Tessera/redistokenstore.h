// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/profile.h>
#include <Tessera/tokenstore.h>

#include <memory>

namespace Tessera {

class RedisTokenStorePrivate;

/*!
 * \brief A TokenStore in Redis: one session for every machine configured with the same server
 * and profile (Profile::StoreKind::Redis).
 *
 * - Each entry is a hash at `<prefix>:{<key>}` (the braces are a Cluster hash tag: an account's
 *   entry and its refresh lock live in one slot) with two fields: \c v, a version counted up by
 *   every write, and \c data, the entry sealed (XChaCha20-Poly1305, SealedBox) with a key Redis
 *   never sees (the profile's \c key_file), bound to the entry's name so that a record copied
 *   under another name does not open. `INFO`, `MONITOR`, `KEYS` or a dump of the data show
 *   versions and sealed bytes, never a token.
 * - Every write is one Lua script (`EVAL`) that bumps the version. Under the fleet's refresh
 *   lock (RedisRefreshCoordinator) a write is also fenced: it succeeds only while the writer
 *   still holds the lock and the version is still the one it read, so a holder whose lock
 *   expired can never overwrite newer tokens (Status::Failed, "a newer session was stored").
 * - The password and ACL user come from the profile's \c credentials_file, never from the URL,
 *   the profile or argv; `rediss://` verifies the server's certificate (the profile's \c
 *   ca_file, else the system's CAs) and its name.
 * - Redis that cannot be reached is Status::Unavailable, with the reason; the connection is
 *   opened again by the next operation. A key file or credentials file that cannot be used
 *   makes every operation Unavailable with a message naming the profile and the file.
 *
 * The contract of TokenStore holds: handlers run once, in the order the operations were
 * started, from the event loop, never once their context is gone; nothing blocks.
 */
class TESSERACORE_EXPORT RedisTokenStore : public TokenStore
{
    Q_OBJECT
public:
    /*! \brief The store of \a profile's Redis settings (Profile::redisStore()). */
    explicit RedisTokenStore(const Profile &profile, QObject *parent = nullptr);
    ~RedisTokenStore() override;

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const Secret &data, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    bool isPersistent() const override { return true; }
    /*! \brief "the Redis store of “<profile name>” at redis://host:port/db". */
    QString description() const override;

private:
    friend class RedisRefreshCoordinator;
    std::unique_ptr<RedisTokenStorePrivate> d;
};

} // namespace Tessera
