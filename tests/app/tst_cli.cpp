// SPDX-License-Identifier: BSD-3-Clause
// The `tessera` command line, as separate processes sharing the real Secret Service, against
// the real dev server. Run under scripts/with-keyring.sh (the test command does).
#include "clitesting.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

using Run = CliRun;

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void fullCycle_data();
    void fullCycle();
    void outageKeepsTheSession();
    void reuseDetectionAsksForSignIn();
    void watchShowsProactiveRefresh();
    void wrongPasswordStoresNothing();
    void passwordStdinReadsToTheEnd();
    void apiKeyLogin();
    void theServersNameIsShownTheLoginNameKept();
    void invalidProfileNamesFileAndKey();
    void unknownCommandIsUsageError();
    void setAndRemoveASecret();
    void secretCommandsRefuseBadInput_data();
    void secretCommandsRefuseBadInput();

private:
    QString writeProfile(Dialect dialect, Profile::LoginKind kind = Profile::LoginKind::Password)
    {
        return m_cli.writeProfile(dialect, kind);
    }
    Run tessera(const QString &profile, const QStringList &arguments, const QByteArray &input = {})
    {
        return m_cli.run(profile, arguments, input);
    }
    Run login(const QString &profile) { return m_cli.login(profile); }
    QByteArray storedRefreshToken(const QString &profileId)
    {
        return m_cli.storedSession(profileId)
                .value(QStringLiteral("refreshToken"))
                .toString()
                .toLatin1();
    }
    int keychainEntries(const QString &profileId) { return m_cli.keychainEntries(profileId); }

    DevServerProcess m_server;
    Cli m_cli {m_server};
};

void tst_Cli::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
}

void tst_Cli::init()
{
    m_cli.resetServer(300);
}

void tst_Cli::fullCycle_data()
{
    Cli::addDialectRows();
}

void tst_Cli::fullCycle()
{
    QFETCH(Dialect, dialect);
    const QString profile = writeProfile(dialect);
    const QString id = QFileInfo(profile).completeBaseName();

    Run run = login(profile);
    QVERIFY2(run.exitCode == 0, run.err);
    QVERIFY(run.out.contains("Signed in as alice"));
    QCOMPARE(keychainEntries(id), 2); // the session, and the profile's current account

    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject status = parseJson(run.out);
    QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(status.value(QStringLiteral("user")).toString(), Accounts::alice);
    QVERIFY(status.value(QStringLiteral("access_expires_in")).toInt() > 250);
    QVERIFY(!run.out.contains("token\":\""));

    run = tessera(profile, {QStringLiteral("token")});
    QCOMPARE(run.exitCode, 0);
    const QByteArray token = run.out.trimmed();
    QCOMPARE(m_server.get(QStringLiteral("/api/me"), token).body.value(QStringLiteral("user")),
             Accounts::alice);

    const QByteArray before = storedRefreshToken(id);
    QVERIFY(!before.isEmpty());
    run = tessera(profile, {QStringLiteral("refresh")});
    QVERIFY2(run.exitCode == 0, run.err);
    QCOMPARE(m_server.refreshTokenState(before), QStringLiteral("rotated"));
    const QByteArray after = storedRefreshToken(id);
    QCOMPARE(m_server.refreshTokenState(after), QStringLiteral("active"));

    run = tessera(profile, {QStringLiteral("logout")});
    QVERIFY2(run.exitCode == 0, run.err);
    QCOMPARE(m_server.refreshTokenState(after), QStringLiteral("revoked"));
    QCOMPARE(keychainEntries(id), 0);

    run = tessera(profile, {QStringLiteral("token")});
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains("not signed in"));
}

void tst_Cli::outageKeepsTheSession()
{
    const QString profile = writeProfile(Dialect::Json);
    QCOMPARE(login(profile).exitCode, 0);
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("close"), true},
                       {QStringLiteral("count"), -1}});
    Run run = tessera(profile, {QStringLiteral("refresh")});
    QCOMPARE(run.exitCode, 4);
    QVERIFY(run.err.contains("refresh failed"));

    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(parseJson(run.out).value(QStringLiteral("state")).toString(),
             QStringLiteral("active"));
    QCOMPARE(tessera(profile, {QStringLiteral("token")}).exitCode, 0);

    m_server.clearFaults();
    QCOMPARE(tessera(profile, {QStringLiteral("refresh")}).exitCode, 0);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::reuseDetectionAsksForSignIn()
{
    const QString profile = writeProfile(Dialect::OAuth2);
    const QString id = QFileInfo(profile).completeBaseName();
    QCOMPARE(login(profile).exitCode, 0);
    const QByteArray stolen = storedRefreshToken(id);
    QCOMPARE(tessera(profile, {QStringLiteral("refresh")}).exitCode, 0);
    QCOMPARE(m_server.post(QStringLiteral("/auth/refresh"),
                           {{QStringLiteral("refresh_token"), QString::fromLatin1(stolen)}})
                     .status,
             401);

    Run run = tessera(profile, {QStringLiteral("refresh")});
    QCOMPARE(run.exitCode, 3);
    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 3);
    const QJsonObject status = parseJson(run.out);
    QCOMPARE(status.value(QStringLiteral("state")).toString(),
             QStringLiteral("reauthentication_required"));
    QCOMPARE(status.value(QStringLiteral("user")).toString(), Accounts::alice);
    // The dead session left the keychain; only the account pointer stays, for the prompt.
    QVERIFY(m_cli.storedSession(id).isEmpty());
    QCOMPARE(keychainEntries(id), 1);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
    QCOMPARE(keychainEntries(id), 0);
}

void tst_Cli::watchShowsProactiveRefresh()
{
    m_server.configure({{QStringLiteral("access_lifetime"), 4}});
    const QString profile = writeProfile(Dialect::Json);
    QCOMPARE(login(profile).exitCode, 0);

    QProcess watch;
    watch.start(QStringLiteral(TESSERA_CLI_PATH),
                {QStringLiteral("--profile"), profile, QStringLiteral("status"),
                 QStringLiteral("--watch"), QStringLiteral("--json")});
    QStringList expiries;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                while (watch.canReadLine()) {
                    const QString at = parseJson(watch.readLine())
                                               .value(QStringLiteral("access_expires_at"))
                                               .toString();
                    if (!at.isEmpty() && !expiries.contains(at))
                        expiries.append(at);
                }
                return expiries.size() >= 2;
            }(),
            8000);
    watch.kill();
    watch.waitForFinished();
    QVERIFY(m_server.stats().value(QStringLiteral("refreshes")).toInt() >= 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("refresh_failures")).toInt(), 0);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::wrongPasswordStoresNothing()
{
    const QString profile = writeProfile(Dialect::OAuth2);
    const Run run = tessera(profile,
                            {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                             QStringLiteral("--password-stdin")},
                            "wrong-password\n");
    QCOMPARE(run.exitCode, 5);
    QVERIFY(run.err.contains("rejected"));
    QCOMPARE(keychainEntries(QFileInfo(profile).completeBaseName()), 0);
}

// A password written to the pipe in two pieces is one password: the first piece alone is
// never sent (a wrong password can count against an account's lock-out).
void tst_Cli::passwordStdinReadsToTheEnd()
{
    const QString profile = writeProfile(Dialect::OAuth2);
    QProcess login;
    login.start(QStringLiteral(TESSERA_CLI_PATH),
                {QStringLiteral("--profile"), profile, QStringLiteral("login"),
                 QStringLiteral("--user"), Accounts::alice, QStringLiteral("--password-stdin")});
    QVERIFY(login.waitForStarted());
    const QByteArray password = Accounts::alicePassword;
    login.write(password.left(5));
    QVERIFY(login.waitForBytesWritten());
    // Time for a reader that stops at the first piece to do so; the test passes either way
    // with a reader that waits for the end.
    QTest::qWait(300);
    login.write(password.mid(5) + '\n');
    login.closeWriteChannel();
    QVERIFY(login.state() == QProcess::NotRunning || login.waitForFinished(30000));
    QCOMPARE(login.exitCode(), 0);
    QCOMPARE(m_server.stats().value(QStringLiteral("login_failures")).toInt(), 0);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::apiKeyLogin()
{
    const QString profile = writeProfile(Dialect::Json, Profile::LoginKind::ApiKey);
    Run run = tessera(profile,
                      {QStringLiteral("login"), QStringLiteral("--api-key-stdin"),
                       QStringLiteral("--remember-key")},
                      Accounts::aliceApiKey);
    QVERIFY2(run.exitCode == 0, run.err);
    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(parseJson(run.out).value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::theServersNameIsShownTheLoginNameKept()
{
    m_server.configure({{QStringLiteral("display_names"),
                         QJsonObject {{Accounts::alice, QStringLiteral("Alice Liddell")}}}});
    const QString profile = writeProfile(Dialect::Json);
    Run run = login(profile);
    QVERIFY2(run.exitCode == 0, run.err);
    QVERIFY2(run.out.startsWith("Signed in as Alice Liddell (alice) to "), run.out);
    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    const QJsonObject status = parseJson(run.out);
    QCOMPARE(status.value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(status.value(QStringLiteral("display_name")).toString(),
             QStringLiteral("Alice Liddell"));
    // 300 s tokens are refreshed 60 s before they expire.
    const int nextRefreshIn = status.value(QStringLiteral("next_refresh_in")).toInt(-1);
    QVERIFY2(nextRefreshIn > 200 && nextRefreshIn <= 240, run.out);
    run = tessera(profile, {QStringLiteral("status")});
    QVERIFY2(run.out.contains("user:     Alice Liddell (alice)\n"), run.out);
    // The account stays the login name: the keychain entry is alice's, and keeps both names.
    const QJsonObject stored = m_cli.storedSession(QFileInfo(profile).completeBaseName());
    QCOMPARE(stored.value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(stored.value(QStringLiteral("displayName")).toString(),
             QStringLiteral("Alice Liddell"));
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::invalidProfileNamesFileAndKey()
{
    const QString path = m_cli.directory() + QStringLiteral("/broken.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"x","dialect":"json","base_url":"http://example.com"})");
    file.close();
    const Run run = tessera(path, {QStringLiteral("status")});
    QCOMPARE(run.exitCode, 7);
    // The full path, as in every other profile message.
    QVERIFY2(run.err.contains(path.toUtf8() + ": base_url"), run.err);
}

void tst_Cli::unknownCommandIsUsageError()
{
    const Run run = tessera(writeProfile(Dialect::Json), {QStringLiteral("frobnicate")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unknown command"));
}

namespace {

// What secret-tool finds in the keychain service of secret headers under \a name.
QByteArray secretHeaderValue(const QString &name)
{
    QProcess lookup;
    lookup.start(QStringLiteral("secret-tool"),
                 {QStringLiteral("lookup"), QStringLiteral("server"),
                  Profile::JsonRequests::keychainService(), QStringLiteral("user"), name});
    if (!lookup.waitForFinished(10000))
        qWarning("secret-tool did not finish");
    return lookup.readAllStandardOutput();
}

} // namespace

// set-secret and remove-secret need no profile: the value lands where a profile's
// {"keychain": NAME} secret header reads it (tst_session_formapi sends one from there).
void tst_Cli::setAndRemoveASecret()
{
    const QString name = QStringLiteral("tst-cli-app-key");
    Run run = tessera(QStringLiteral("/nonexistent/profile.json"),
                      {QStringLiteral("set-secret"), name, QStringLiteral("--value-stdin")},
                      "app-key-sample-1\n");
    QVERIFY2(run.exitCode == 0, run.err);
    QVERIFY(run.out.isEmpty());
    // QtKeychain keeps the bytes base64-encoded in the Secret Service.
    QCOMPARE(QByteArray::fromBase64(secretHeaderValue(name)), QByteArray("app-key-sample-1"));

    run = tessera(QString(), {QStringLiteral("remove-secret"), name});
    QVERIFY2(run.exitCode == 0, run.err);
    QVERIFY(secretHeaderValue(name).isEmpty());
    // Removing what is not there is no error.
    QCOMPARE(tessera(QString(), {QStringLiteral("remove-secret"), name}).exitCode, 0);
}

void tst_Cli::secretCommandsRefuseBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no name") << QStringList {QStringLiteral("set-secret")} << QByteArray()
                             << QByteArray("set-secret needs the secret's name");
    QTest::newRow("a name with a slash")
            << QStringList {QStringLiteral("set-secret"), QStringLiteral("a/b"),
                            QStringLiteral("--value-stdin")}
            << QByteArray("x") << QByteArray("a secret's name is 1 to 64 of");
    QTest::newRow("an empty value")
            << QStringList {QStringLiteral("set-secret"), QStringLiteral("tst-cli-empty"),
                            QStringLiteral("--value-stdin")}
            << QByteArray("\n") << QByteArray("nothing was entered");
    QTest::newRow("two lines")
            << QStringList {QStringLiteral("set-secret"), QStringLiteral("tst-cli-lines"),
                            QStringLiteral("--value-stdin")}
            << QByteArray("app-key-sample-2\nmore\n")
            << QByteArray("the value holds a line break or a NUL: nothing was stored");
}

void tst_Cli::secretCommandsRefuseBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, message);
    const Run run = tessera(QString(), arguments, input);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err);
    QVERIFY(!run.err.contains("app-key-sample"));
    if (arguments.size() > 1)
        QVERIFY(secretHeaderValue(arguments.at(1)).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
