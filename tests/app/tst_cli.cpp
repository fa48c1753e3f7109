// SPDX-License-Identifier: BSD-3-Clause
// The `tessera` command line, as separate processes sharing the real Secret Service, against
// the real dev server. Run under scripts/with-keyring.sh (the test command does).
#include "devserverprocess.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out; //!< may hold a token: never print it
    QByteArray err;
};

QJsonObject json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

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
    void apiKeyLogin();
    void refusesToReadSecretsWithoutTerminal();
    void invalidProfileNamesFileAndKey();
    void unknownCommandIsUsageError();

private:
    QString writeProfile(Dialect dialect, Profile::LoginKind kind = Profile::LoginKind::Password);
    Run tessera(const QString &profile, const QStringList &arguments, const QByteArray &input = {});
    Run login(const QString &profile);
    QByteArray storedRefreshToken(const QString &profileId);
    int keychainEntries(const QString &profileId);

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    int m_profiles = 0;
};

void tst_Cli::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
}

void tst_Cli::init()
{
    m_server.clearFaults();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    m_server.resetStats();
}

QString tst_Cli::writeProfile(Dialect dialect, Profile::LoginKind kind)
{
    return m_server.writeProfile(m_dir.path(), QStringLiteral("cli-test-%1").arg(++m_profiles),
                                 dialect, kind);
}

Run tst_Cli::tessera(const QString &profile, const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(TESSERA_CLI_PATH),
                  QStringList {QStringLiteral("--profile"), profile} + arguments);
    process.write(input);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        qWarning("tessera %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

Run tst_Cli::login(const QString &profile)
{
    return tessera(profile,
                   {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                    QStringLiteral("--password-stdin")},
                   Accounts::alicePassword + '\n');
}

QByteArray tst_Cli::storedRefreshToken(const QString &profileId)
{
    // QtKeychain's libsecret backend files entries under server=<service>, user=<key>.
    QProcess lookup;
    lookup.start(QStringLiteral("secret-tool"),
                 {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("tessera"),
                  QStringLiteral("user"), profileId + QStringLiteral("/alice")});
    lookup.waitForFinished(10000);
    QByteArray stored = lookup.readAllStandardOutput().trimmed();
    // QtKeychain keeps binary data base64-encoded.
    const QByteArray decoded = QByteArray::fromBase64(stored);
    const QJsonObject entry = json(decoded.startsWith('{') ? decoded : stored);
    return entry.value(QStringLiteral("refreshToken")).toString().toLatin1();
}

int tst_Cli::keychainEntries(const QString &profileId)
{
    QProcess search;
    search.start(QStringLiteral("secret-tool"),
                 {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                  QStringLiteral("tessera")});
    search.waitForFinished(10000);
    // Count the entries whose account attribute belongs to this profile; print nothing else.
    const QList<QByteArray> lines =
            search.readAllStandardError().split('\n') + search.readAllStandardOutput().split('\n');
    int count = 0;
    for (const QByteArray &line : lines) {
        if (line.startsWith("attribute.user = " + profileId.toUtf8()))
            ++count;
    }
    return count;
}

void tst_Cli::fullCycle_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("json login API") << Dialect::Json;
    QTest::newRow("oauth2 token endpoint") << Dialect::OAuth2;
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
    const QJsonObject status = json(run.out);
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
    QCOMPARE(json(run.out).value(QStringLiteral("state")).toString(), QStringLiteral("active"));
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
    const QJsonObject status = json(run.out);
    QCOMPARE(status.value(QStringLiteral("state")).toString(),
             QStringLiteral("reauthentication_required"));
    QCOMPARE(status.value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
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
                    const QString at = json(watch.readLine())
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

void tst_Cli::apiKeyLogin()
{
    const QString profile = writeProfile(Dialect::Json, Profile::LoginKind::ApiKey);
    Run run = tessera(profile,
                      {QStringLiteral("login"), QStringLiteral("--api-key-stdin"),
                       QStringLiteral("--remember-key")},
                      Accounts::aliceApiKey);
    QVERIFY2(run.exitCode == 0, run.err);
    run = tessera(profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(json(run.out).value(QStringLiteral("user")).toString(), Accounts::alice);
    QCOMPARE(tessera(profile, {QStringLiteral("logout")}).exitCode, 0);
}

void tst_Cli::refusesToReadSecretsWithoutTerminal()
{
    const QString profile = writeProfile(Dialect::Json);
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral("setsid"),
                  {QStringLiteral(TESSERA_CLI_PATH), QStringLiteral("--profile"), profile,
                   QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("--password-stdin"));
}

void tst_Cli::invalidProfileNamesFileAndKey()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"x","dialect":"json","base_url":"http://example.com"})");
    file.close();
    const Run run = tessera(path, {QStringLiteral("status")});
    QCOMPARE(run.exitCode, 7);
    QVERIFY2(run.err.contains("broken.json") && run.err.contains("base_url"), run.err);
}

void tst_Cli::unknownCommandIsUsageError()
{
    const Run run = tessera(writeProfile(Dialect::Json), {QStringLiteral("frobnicate")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unknown command"));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
