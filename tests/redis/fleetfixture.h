// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserverprocess.h"
#include "fleetmachineprocess.h"
#include "redisserverprocess.h"

#include <QHash>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace Tessera::Test {

using Machines = std::vector<std::unique_ptr<FleetMachineProcess>>;

/*!
 * \brief What the fleet tests and the fleet benchmark stand on: a real redis-server with a
 * password (RedisServerProcess), the real dev server, and tessera-fleet-machine processes, each
 * on a home of its own, sharing a profile whose "store" names that Redis.
 *
 * The key file is made as docs/fleet.md says (`openssl rand -base64 32`), the credentials file
 * holds the Redis password; both 0600. Redis is reached with redis-cli for what a test checks
 * by hand (its password in REDISCLI_AUTH, never on argv).
 */
class FleetFixture
{
public:
    FleetFixture();
    ~FleetFixture();

    /*! \brief Whom the machines are in Redis. */
    enum class RedisUser {
        Default, //!< the default user, with requirepass
        /*! \brief An ACL user allowed only what docs/fleet.md grants: the commands Tessera sends
         *  and its scripts call, on keys and channels under the prefix. Set at run time: gone
         *  after a restart. */
        Restricted,
    };

    /*! \brief Call from initTestCase(): false (with a QWARN) if something could not start. */
    bool setUp(RedisUser user = RedisUser::Default);
    /*! \brief Call from init(): the dev server's start-up config, no faults, counters at zero. */
    void reset();

    /*!
     * \brief A profile of a new id whose store is the fleet's Redis, with \a overrides merged
     * over it (top level; e.g. timeout_seconds); its path.
     */
    QString writeProfile(const QJsonObject &overrides = {});
    QString profileId() const { return m_profileId; }
    QString profilePath() const { return m_profilePath; }

    /*! \brief \a count machines on \a profile, each once it reported ready; empty if one did
     *  not start or get ready within \a timeoutMs. */
    Machines startMachines(const QString &profile, int count, int timeoutMs = 30000);
    /*! \brief \a count machines on a new profile (\a overrides), the first signed in as alice,
     *  all of them Active with the same token; empty if that did not happen. */
    Machines signedInMachines(int count, const QJsonObject &overrides = {});
    /*!
     * \brief Waits until every running machine reports \a state with one and the same token
     * (none for SignedOut and ReauthenticationRequired); false after \a timeoutMs, with every
     * machine's state and log tail printed.
     */
    bool waitForAll(const Machines &machines, const QByteArray &state, int timeoutMs = 15000);
    /*! \brief As waitForAll(), with a token that is none of \a old. */
    bool waitForNewToken(const Machines &machines, const QByteArrayList &old, int timeoutMs = 15000,
                         const QByteArray &state = "Active");
    /*! \brief Prints each machine (describe()) and its log tail. */
    static void printMachines(const Machines &machines);

    /*! \brief Has \a machine refresh, with the server holding its request (then answering per
     *  \a fault); true once the request is at the server. */
    bool refreshHeldAtServer(FleetMachineProcess &machine, QJsonObject fault);
    int stat(const char *counter);

    /*! \brief redis-cli with \a arguments against the fleet's Redis, as the default user (its
     *  password in REDISCLI_AUTH), \a input on its stdin; its output, trimmed. */
    QByteArray redisCli(const QStringList &arguments, const QByteArray &input = {});
    /*!
     * \brief The calls of each command since the server started (INFO commandstats; the
     * commands a script calls are counted too), and the commands clients sent
     * ("total_commands_processed"). Each call adds an AUTH and an INFO.
     */
    QHash<QByteArray, qint64> commandCalls();
    /*! \brief Runs `redis-cli MONITOR` into \a path until stopMonitor(); true once it runs. */
    bool startMonitor(const QString &path);
    void stopMonitor();
    /*! \brief The Redis names of \a account's entry and lock, and of the notice channel. */
    QString entryKey(const QString &account) const;
    QString lockKey(const QString &account) const;
    QString channel() const;

    QString directory() const { return m_dir.path(); }

    RedisServerProcess redis;
    DevServerProcess server;

private:
    bool writeKeyFile();
    bool writeCredentialsFile(RedisUser user);
    bool restrictAclUser();

    QTemporaryDir m_dir;
    QString m_keyFile;
    QString m_credentialsFile;
    QString m_profileId;
    QString m_profilePath;
    int m_profiles = 0;
    QProcess m_monitor;
};

} // namespace Tessera::Test
