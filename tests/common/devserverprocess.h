// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/profile.h>

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace Tessera::Test {

/*! \brief The accounts every test uses; their secrets are listed in tests/test-secrets.txt so
 *  that tst_no_secrets_in_logs can look for them. */
namespace Accounts {
inline const QString alice = QStringLiteral("alice");
inline const QByteArray alicePassword = "correct-horse-7Qx9";
inline const QString bob = QStringLiteral("bob");
inline const QByteArray bobPassword = "tr0ub4dor-bob-5Kp";
inline const QByteArray aliceApiKey = "ak_live_alice_3Jd8fK2m";
} // namespace Accounts

/*!
 * \brief The real `tessera-devserver`, started on an ephemeral loopback port for one test.
 *
 * Control calls (stats, faults, config, inspect) are synchronous: they run a local event loop
 * until the answer arrives, bounded by a few seconds.
 */
class DevServerProcess
{
public:
    explicit DevServerProcess(const QStringList &extraArguments = {});
    ~DevServerProcess();
    DevServerProcess(const DevServerProcess &) = delete;
    DevServerProcess &operator=(const DevServerProcess &) = delete;

    /*! \brief Starts the server; false (with a QWARN) if it did not come up. */
    bool start();
    void stop();
    bool isRunning() const;

    QUrl baseUrl() const { return m_baseUrl; }
    /*! \brief The second listener (started with `--redirect-port 0`), another origin. */
    QUrl secondOrigin() const { return m_secondOrigin; }
    QUrl url(const QString &path) const;

    /*! \brief A profile for this server. \a overrides are merged over the defaults, top level. */
    Profile profile(Profile::Dialect dialect,
                    Profile::LoginKind kind = Profile::LoginKind::Password,
                    const QJsonObject &overrides = {}) const;
    QJsonObject profileJson(Profile::Dialect dialect, Profile::LoginKind kind,
                            const QJsonObject &overrides = {}) const;
    /*! \brief An oauth2 profile of login \a kind ("browser", "device") that names only this
     *  server's issuer (and client id, scope openid): what a provider with discovery needs.
     *  \a overrides are merged over it, top level. */
    QJsonObject issuerProfileJson(const QString &kind, const QJsonObject &overrides = {}) const;
    Profile issuerProfile(const QString &kind, const QJsonObject &overrides = {}) const;
    /*! \brief Writes a profile for this server with id \a id to \a directory/<id>.json, for
     *  the programs that take a profile file (the CLI, the tray, test peers); its path. */
    QString writeProfile(const QString &directory, const QString &id,
                         Profile::Dialect dialect = Profile::Dialect::Json,
                         Profile::LoginKind kind = Profile::LoginKind::Password) const;

    QJsonObject stats();
    void resetStats();
    /*! \brief The start-up config back, stats zeroed, faults cleared (POST /_dev/reset). */
    void reset();
    void configure(const QJsonObject &config);
    void addFault(const QJsonObject &fault);
    /*! \brief Waits until every fault added has been taken off the server's list, which the
     *  server does when a request it applies to arrives; false after \a timeoutMs. */
    bool waitUntilFaultsTaken(int timeoutMs);
    void clearFaults();
    /*! \brief "active", "rotated", "revoked", "expired" or "unknown". */
    QString refreshTokenState(const QByteArray &refreshToken);
    QString accessTokenState(const QByteArray &accessToken);

    /*! \brief A request with a JSON body to the server; returns status and parsed body. */
    struct Answer
    {
        int status = 0;
        QJsonObject body;
    };
    Answer post(const QString &path, const QJsonObject &body);
    Answer get(const QString &path, const QByteArray &bearer = {});

private:
    Answer send(const QString &path, const QByteArray &verb, const QByteArray &body,
                const QByteArray &bearer);

    QStringList m_arguments;
    QProcess m_process;
    QUrl m_baseUrl;
    QUrl m_secondOrigin;
    QNetworkAccessManager m_manager;
};

} // namespace Tessera::Test
