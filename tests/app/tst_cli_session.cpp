// SPDX-License-Identifier: BSD-3-Clause
// The `tessera` command line across process restarts with short-lived tokens, per dialect:
// an expired access token is refreshed first (once), an expired session asks for a sign-in and
// leaves the keychain, and an API key is kept only when the user asked for it.
#include "clitesting.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

class tst_CliSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void tokenAfterExpiryRefreshesFirst_data();
    void tokenAfterExpiryRefreshesFirst();
    void refreshAfterExpiryRefreshesOnce_data();
    void refreshAfterExpiryRefreshesOnce();
    void expiredSessionAsksForSignIn_data();
    void expiredSessionAsksForSignIn();
    void apiKeyIsKeptOnlyWhenAsked();

private:
    int stat(const char *name) { return m_server.stats().value(QLatin1String(name)).toInt(); }
    // Waits until the server itself says the stored access token has expired.
    bool waitForAccessExpiry(const QString &id);

    DevServerProcess m_server;
    Cli m_cli {m_server};
};

void tst_CliSession::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
}

void tst_CliSession::init()
{
    m_cli.resetServer(3);
}

bool tst_CliSession::waitForAccessExpiry(const QString &id)
{
    const QByteArray token =
            m_cli.storedSession(id).value(QStringLiteral("accessToken")).toString().toLatin1();
    if (token.isEmpty())
        return false;
    return QTest::qWaitFor(
            [&] { return m_server.accessTokenState(token) == QLatin1String("expired"); }, 8000);
}

void tst_CliSession::tokenAfterExpiryRefreshesFirst_data()
{
    Cli::addDialectRows();
}

void tst_CliSession::tokenAfterExpiryRefreshesFirst()
{
    QFETCH(Dialect, dialect);
    const QString profile = m_cli.writeProfile(dialect);
    const QString id = Cli::idOf(profile);
    QCOMPARE(m_cli.login(profile).exitCode, 0);
    const QByteArray old =
            m_cli.storedSession(id).value(QStringLiteral("accessToken")).toString().toLatin1();
    QVERIFY(waitForAccessExpiry(id));

    // A fresh process restores the expired session, refreshes, and hands out the new token.
    const CliRun run = m_cli.run(profile, {QStringLiteral("token")});
    QCOMPARE(run.exitCode, 0);
    const QByteArray token = run.out.trimmed();
    QVERIFY(!token.isEmpty());
    QVERIFY(token != old);
    const DevServerProcess::Answer me = m_server.get(QStringLiteral("/api/me"), token);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.body.value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(stat("refreshes"), 1);
    QCOMPARE(m_cli.run(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_CliSession::refreshAfterExpiryRefreshesOnce_data()
{
    Cli::addDialectRows();
}

void tst_CliSession::refreshAfterExpiryRefreshesOnce()
{
    QFETCH(Dialect, dialect);
    const QString profile = m_cli.writeProfile(dialect);
    QCOMPARE(m_cli.login(profile).exitCode, 0);
    QVERIFY(waitForAccessExpiry(Cli::idOf(profile)));
    const CliRun run = m_cli.run(profile, {QStringLiteral("refresh")});
    QVERIFY2(run.exitCode == 0, run.err);
    QVERIFY(run.out.contains("Refreshed"));
    QCOMPARE(stat("refreshes"), 1); // restoring refreshed; the command did not do it again
    QCOMPARE(m_cli.run(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_CliSession::expiredSessionAsksForSignIn_data()
{
    Cli::addDialectRows();
}

void tst_CliSession::expiredSessionAsksForSignIn()
{
    QFETCH(Dialect, dialect);
    m_server.configure({{QStringLiteral("refresh_lifetime"), 3}});
    const QString profile = m_cli.writeProfile(dialect);
    const QString id = Cli::idOf(profile);
    QCOMPARE(m_cli.login(profile).exitCode, 0);
    const QByteArray refreshToken =
            m_cli.storedSession(id).value(QStringLiteral("refreshToken")).toString().toLatin1();
    QVERIFY(QTest::qWaitFor(
            [&] { return m_server.refreshTokenState(refreshToken) == QLatin1String("expired"); },
            8000));

    CliRun run = m_cli.run(profile, {QStringLiteral("token")});
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.out.isEmpty());
    run = m_cli.run(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 3);
    const QJsonObject status = parseJson(run.out);
    QCOMPARE(status.value(QStringLiteral("state")).toString(),
             QStringLiteral("reauthentication_required"));
    QCOMPARE(status.value(QStringLiteral("user")).toString(), Accounts::alice);
    QVERIFY(m_cli.storedSession(id).isEmpty());
    QCOMPARE(m_cli.keychainEntries(id), 1); // the account, for the sign-in prompt
    QCOMPARE(stat("refreshes"), 0);

    QCOMPARE(m_cli.login(profile).exitCode, 0); // and signing in again works
    QCOMPARE(m_cli.run(profile, {QStringLiteral("logout")}).exitCode, 0);
    QCOMPARE(m_cli.keychainEntries(id), 0);
}

void tst_CliSession::apiKeyIsKeptOnlyWhenAsked()
{
    const auto loginWithKey = [&](const QString &profile, bool remember) {
        QStringList arguments {QStringLiteral("login"), QStringLiteral("--api-key-stdin")};
        if (remember)
            arguments.append(QStringLiteral("--remember-key"));
        return m_cli.run(profile, arguments, Accounts::aliceApiKey);
    };
    const QString remembered = m_cli.writeProfile(Dialect::Json, Profile::LoginKind::ApiKey);
    CliRun run = loginWithKey(remembered, true);
    QVERIFY2(run.exitCode == 0, run.err);
    QCOMPARE(m_cli.storedSession(Cli::idOf(remembered)).value(QStringLiteral("apiKey")).toString(),
             QString::fromLatin1(Accounts::aliceApiKey));

    const QString forgotten = m_cli.writeProfile(Dialect::Json, Profile::LoginKind::ApiKey);
    run = loginWithKey(forgotten, false);
    QVERIFY2(run.exitCode == 0, run.err);
    const QJsonObject stored = m_cli.storedSession(Cli::idOf(forgotten));
    QVERIFY(!stored.isEmpty());
    QVERIFY(!stored.contains(QStringLiteral("apiKey")));

    QCOMPARE(m_cli.run(remembered, {QStringLiteral("logout")}).exitCode, 0);
    QCOMPARE(m_cli.run(forgotten, {QStringLiteral("logout")}).exitCode, 0);
}

QTEST_GUILESS_MAIN(tst_CliSession)
#include "tst_cli_session.moc"
