// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redisconnection_p.h"
#include "sealedbox_p.h"

#include <Tessera/redistokenstore.h>

#include <QHash>

#include <optional>

namespace Tessera {

/*!
 * \brief What a RedisTokenStore knows: its settings, its connection, its sealing key, and, per
 * entry, the version it last read and the fence its writes carry while the fleet's refresh lock
 * is held (RedisRefreshCoordinator sets and clears it).
 */
class RedisTokenStorePrivate
{
public:
    /*! \brief Writes to an entry only while \c lockKey holds \c token, and only over \c version. */
    struct Fence
    {
        QByteArray lockKey;
        QByteArray token;
        qint64 version = 0; //!< 0: the entry did not exist when it was read
    };

    RedisTokenStorePrivate(RedisTokenStore *q, const Profile &profile);

    /*! \brief `<prefix>:{<key>}`. */
    QByteArray redisKey(const QString &key) const;
    /*! \brief The refresh lock of the entry \a key: `<prefix>:{<key>}:lock`, in its slot. */
    QByteArray lockKey(const QString &key) const;
    /*! \brief The channel of \a profileId's notices: `<prefix>:{<profileId>}:changes`. */
    QByteArray channel() const;
    /*! \brief The connection, opened again if it failed. */
    RedisConnection *connection();
    /*! \brief Options for another connection to the same server (the coordinator's). */
    const RedisConnection::Options &options() const { return m_options; }

    /*! \brief Why nothing can be stored (a key or credentials file); empty when all is well. */
    QString setupProblem;
    std::optional<SealedBox> box;
    QHash<QString, qint64> readVersions; //!< per entry: the version last read (0: none)
    QHash<QString, Fence> fences;
    const Profile profile;
    const QByteArray prefix;
    RedisTokenStore *const q;

private:
    RedisConnection::Options m_options;
    std::unique_ptr<RedisConnection> m_connection;
};

} // namespace Tessera
