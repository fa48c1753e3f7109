// SPDX-License-Identifier: BSD-3-Clause
// The `tessera` command line against a server that hands out tokens nobody should use: a header
// of the server's choosing (CR LF), bytes no token may hold, a token too large to store and read
// back. Each is refused as an unusable answer, nothing is stored, and no header of the server's
// choosing is ever sent. And a stored entry that cannot be read is still removed by `logout`.
#include "clitesting.h"

#include <Tessera/keychaintokenstore.h>

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

class tst_CliHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void unusableTokensAreRefused_data();
    void unusableTokensAreRefused();
    void logoutRemovesAnEntryItCannotRead();
    void unusableInputIsRefusedBeforeItIsSent();

private:
    bool write(const QString &key, const QByteArray &data);

    DevServerProcess m_server;
    Cli m_cli {m_server};
    KeychainTokenStore m_store;
};

void tst_CliHostile::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
}

void tst_CliHostile::init()
{
    m_cli.resetServer(300);
}

bool tst_CliHostile::write(const QString &key, const QByteArray &data)
{
    std::optional<bool> ok;
    m_store.write(key, Secret(data), this,
                  [&ok](const TokenStore::Result &result) { ok = result.isOk(); });
    return QTest::qWaitFor([&] { return ok.has_value(); }, 15000) && *ok;
}

void tst_CliHostile::unusableTokensAreRefused_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("problem");
    const struct
    {
        const char *name;
        const char *setting;
        QString suffix;
        const char *problem;
    } rows[] = {
            {"access token with a header of its own", "access_token_suffix",
             QStringLiteral("\r\nX-Injected: yes"), "not a bearer token"},
            {"access token with a space", "access_token_suffix", QStringLiteral(" x"),
             "not a bearer token"},
            {"access token with NUL", "access_token_suffix", QString(QChar(0)),
             "not a bearer token"},
            {"access token with non-ASCII", "access_token_suffix", QStringLiteral("\u00e9"),
             "not a bearer token"},
            {"300,000-character access token", "access_token_suffix",
             QString(300000, QLatin1Char('a')), "longer than 16384 bytes"},
            {"refresh token with CR LF", "refresh_token_suffix", QStringLiteral("\r\nX: y"),
             "not a refresh token"},
            {"300,000-character refresh token", "refresh_token_suffix",
             QString(300000, QLatin1Char('r')), "longer than 16384 bytes"},
    };
    for (const Dialect dialect : {Dialect::Json, Dialect::OAuth2}) {
        for (const auto &row : rows) {
            QTest::addRow("%s: %s", dialect == Dialect::Json ? "json" : "oauth2", row.name)
                    << dialect << QString::fromLatin1(row.setting) << row.suffix
                    << QString::fromLatin1(row.problem);
        }
    }
}

void tst_CliHostile::unusableTokensAreRefused()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, setting);
    QFETCH(QString, suffix);
    QFETCH(QString, problem);
    m_server.configure(QJsonObject {{setting, suffix}});
    const QString profile = m_cli.writeProfile(dialect);
    const QString id = Cli::idOf(profile);

    const CliRun login = m_cli.login(profile);
    QCOMPARE(login.exitCode, 1); // an unusable answer
    QVERIFY2(login.err.contains("The server answered with something unexpected"), login.err);
    QVERIFY2(login.err.contains(problem.toUtf8()), login.err);
    QVERIFY2(!login.err.contains("X-Injected") && !login.err.contains("aaaaaaaa"), login.err);
    QVERIFY(!login.out.contains("Signed in"));
    QCOMPARE(m_cli.keychainEntries(id), 0);

    // Nothing was kept, and every later command says so.
    const CliRun token = m_cli.run(profile, {QStringLiteral("token")});
    QCOMPARE(token.exitCode, 3);
    QVERIFY(token.out.isEmpty());
}

void tst_CliHostile::logoutRemovesAnEntryItCannotRead()
{
    const QString profile = m_cli.writeProfile(Dialect::Json);
    const QString id = Cli::idOf(profile);
    // What an older Tessera could leave: a session too large to read back, and its pointer.
    const QByteArray tooLarge =
            R"({"version":1,"user":"alice","accessToken":")" + QByteArray(300000, 'a') + R"("})";
    QVERIFY(write(id + QStringLiteral("/alice"), tooLarge));
    QVERIFY(write(id, "alice"));
    QCOMPARE(m_cli.keychainEntries(id), 2);

    const CliRun status = m_cli.run(profile, {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 3);
    const CliRun logout = m_cli.run(profile, {QStringLiteral("logout")});
    QCOMPARE(logout.exitCode, 0);
    QVERIFY2(logout.out.contains("Signed out."), logout.out);
    QCOMPARE(m_cli.keychainEntries(id), 0);
}

// A user name or API key that could not be stored and read back never reaches the server.
void tst_CliHostile::unusableInputIsRefusedBeforeItIsSent()
{
    const int logins = m_server.stats().value(QStringLiteral("logins")).toInt();
    const QString password = m_cli.writeProfile(Dialect::Json);
    CliRun run = m_cli.run(password,
                           {QStringLiteral("login"), QStringLiteral("--user"),
                            QStringLiteral("alice\x1b[2J"), QStringLiteral("--password-stdin")},
                           Accounts::alicePassword + '\n');
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.err.contains("This user name cannot be used: holds a control character"), run.err);

    const QString apiKey = m_cli.writeProfile(Dialect::Json, Profile::LoginKind::ApiKey);
    run = m_cli.run(apiKey, {QStringLiteral("login"), QStringLiteral("--api-key-stdin")},
                    QByteArray(20000, 'k') + '\n');
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.err.contains("This API key cannot be used: longer than 16384 bytes"), run.err);
    QVERIFY(!run.err.contains("kkkkkkkk"));
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), logins);
}

QTEST_GUILESS_MAIN(tst_CliHostile)
#include "tst_cli_hostile.moc"
