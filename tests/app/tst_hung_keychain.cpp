// SPDX-License-Identifier: BSD-3-Clause
// A hung Secret Service: the private gnome-keyring-daemon is stopped (SIGSTOP), so that every
// keychain call is sent and never answered. Each command spends one keychain bound (10 s), not
// one per keychain call in a row, says that it is the keychain, and exits 6; a sign-in that could
// not be stored is undone on the server. CTest runs this test inside its own
// scripts/with-keyring.sh, so that stopping the daemon never touches the keyring the other tests
// share.
#include "clitesting.h"

#include <QDir>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

namespace {

// The process that owns org.freedesktop.secrets on the session bus.
qint64 secretServicePid()
{
    QProcess dbus;
    dbus.start(QStringLiteral("dbus-send"),
               {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                QStringLiteral("--dest=org.freedesktop.DBus"),
                QStringLiteral("/org/freedesktop/DBus"),
                QStringLiteral("org.freedesktop.DBus.GetConnectionUnixProcessID"),
                QStringLiteral("string:org.freedesktop.secrets")});
    dbus.waitForFinished(10000);
    const QByteArray reply = dbus.readAllStandardOutput();
    const qsizetype at = reply.indexOf("uint32 ");
    return at < 0 ? 0 : reply.mid(at + 7).trimmed().toLongLong();
}

} // namespace

class tst_HungKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void signInSpendsOneBoundAndIsUndone();
    void everyCommandSpendsOneBound_data();
    void everyCommandSpendsOneBound();

private:
    // How many keychain calls of \a run gave up at the bound.
    static int boundsSpent(const CliRun &run)
    {
        return int(run.err.count("did not finish within"));
    }

    DevServerProcess m_server;
    Cli m_cli {m_server};
    QString m_profile;
    qint64 m_daemon = 0;
};

void tst_HungKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("XDG_DATA_HOME").startsWith(QDir::tempPath()),
             "this test stops the keyring: run it in a private one (scripts/with-keyring.sh)");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
    // A session stored while the keychain answered...
    m_profile = m_cli.writeProfile(Dialect::Json);
    const CliRun login = m_cli.login(m_profile);
    QVERIFY2(login.exitCode == 0, login.err);
    // ... then the Secret Service hangs: calls reach it and are never answered.
    m_daemon = secretServicePid();
    QVERIFY2(m_daemon > 0, "no process owns org.freedesktop.secrets");
    QCOMPARE(::kill(pid_t(m_daemon), SIGSTOP), 0);
}

void tst_HungKeychain::cleanupTestCase()
{
    if (m_daemon > 0)
        ::kill(pid_t(m_daemon), SIGCONT);
}

void tst_HungKeychain::signInSpendsOneBoundAndIsUndone()
{
    const QJsonObject before = m_server.stats();
    const CliRun run = m_cli.login(m_profile);
    QCOMPARE(run.exitCode, 6);
    QCOMPARE(boundsSpent(run), 1);
    QVERIFY2(!run.out.contains("Signed in"), run.out);
    QVERIFY2(run.err.contains("Could not save the session in Secret Service"), run.err);
    const QJsonObject after = m_server.stats();
    QCOMPARE(after.value(QStringLiteral("revocations")).toInt()
                     - before.value(QStringLiteral("revocations")).toInt(),
             1);
}

void tst_HungKeychain::everyCommandSpendsOneBound_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("status") << QStringList {QStringLiteral("status")} << QByteArray("keychain");
    QTest::newRow("token") << QStringList {QStringLiteral("token")} << QByteArray("keychain");
    QTest::newRow("refresh") << QStringList {QStringLiteral("refresh")}
                             << QByteArray("cannot refresh");
    QTest::newRow("logout") << QStringList {QStringLiteral("logout")}
                            << QByteArray("cannot sign out");
}

void tst_HungKeychain::everyCommandSpendsOneBound()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, says);
    const CliRun run = m_cli.run(m_profile, arguments);
    QCOMPARE(run.exitCode, 6);
    QCOMPARE(boundsSpent(run), 1);
    QVERIFY2(run.err.contains(says) || run.out.contains(says), run.err);
}

QTEST_GUILESS_MAIN(tst_HungKeychain)
#include "tst_hung_keychain.moc"
