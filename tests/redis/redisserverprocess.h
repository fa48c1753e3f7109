// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redisurl_p.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace Tessera::Test {

/*! \brief The Redis credentials the tests use; each is listed in tests/test-secrets.txt, so
 *  that tst_no_secrets_in_logs looks for it in every log. */
namespace RedisAccounts {
inline const QByteArray password = "redis-pass-Vq8zL3mT";
inline const QByteArray wrongPassword = "redis-wrong-pass-H2j5sR";
inline const QByteArray aclUser = "tessera-acl";
inline const QByteArray aclPassword = "redis-acl-pass-N4wK7pD";
} // namespace RedisAccounts

/*!
 * \brief A real `redis-server`, started for one test on a free loopback port, with nothing
 * saved to disk, its files in a temporary directory of its own.
 *
 * Everything is in a configuration file written with 0600 permissions; redis-server's command
 * line holds only that file's path, never a password. `DEBUG` is enabled for local clients
 * (`DEBUG SLEEP` makes a command slow). The server's log goes to the test's output.
 *
 * Redis cannot choose its own port: start() binds a QTcpServer to 127.0.0.1:0, reads the port
 * it got, closes it and starts Redis there, and tries again with another port when Redis could
 * not bind it (another process took it in between). Control calls are synchronous, each
 * bounded by a few seconds.
 */
class RedisServerProcess
{
public:
    struct Options
    {
        QByteArray password; //!< `requirepass`: the default user's password
        /*! \brief An ACL user with this password (both or neither), allowed every command,
         *  key and pub/sub channel (`~* &* +@all`; Redis 7 grants no channel by default). */
        QByteArray aclUser;
        QByteArray aclPassword;
        /*! \brief TLS only (`port 0`, `tls-port`), with a certificate for "localhost" signed
         *  by caCertificatePem(); clients need no certificate. */
        bool tls = false;
    };

    RedisServerProcess();
    explicit RedisServerProcess(const Options &options);
    ~RedisServerProcess();
    RedisServerProcess(const RedisServerProcess &) = delete;
    RedisServerProcess &operator=(const RedisServerProcess &) = delete;

    /*! \brief Starts the server on a new free port; false (with a QWARN) if it did not come up. */
    bool start();
    /*! \brief SIGTERM, and waits for the server to end (SIGKILL after 5 s). */
    void stop();
    /*! \brief stop(), then start on the same port: "Redis restarted", its data gone. */
    bool restart();
    /*! \brief SIGKILL: the server dies without closing anything. */
    void kill();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    /*! \brief `redis://127.0.0.1:<port>/<database>`, or `rediss://localhost:…` with TLS (the
     *  name in the certificate). */
    RedisUrl url(int database = 0) const;
    /*! \brief The CA that signed the server's certificate (PEM); empty without TLS. */
    QByteArray caCertificatePem() const { return m_caPem; }
    /*! \brief A CA unrelated to the server's certificate (PEM); empty without TLS. */
    QByteArray otherCaCertificatePem() const { return m_otherCaPem; }

private:
    bool makeCertificates();
    bool writeConfiguration();
    enum class Launch { Started, PortTaken, Failed };
    Launch launch();
    void forwardLog();

    Options m_options;
    QTemporaryDir m_directory;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_log; // what the server printed since it was last launched
    QByteArray m_caPem;
    QByteArray m_otherCaPem;
};

} // namespace Tessera::Test
