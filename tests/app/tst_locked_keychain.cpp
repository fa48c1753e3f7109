// SPDX-License-Identifier: BSD-3-Clause
// A really locked keychain: the login collection of a private gnome-keyring is locked over
// D-Bus (org.freedesktop.Secret.Service.Lock). With no display, the unlock prompt cannot be
// shown, so every keychain call fails. The session must say so (StorageError, not persistent)
// within the keychain's timeout, keep working in memory, and write nothing anywhere else; the
// CLI must exit 6. CTest runs this test inside its own scripts/with-keyring.sh, so that locking
// never touches the keyring the other tests share.
#include "clitesting.h"

#include <Tessera/session.h>

#include <QDirIterator>
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;
using State = Session::State;

namespace {

const QString collection = QStringLiteral("/org/freedesktop/secrets/collection/login");

QByteArray secretService(const QStringList &arguments)
{
    QProcess dbus;
    dbus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    dbus.start(QStringLiteral("dbus-send"),
               QStringList {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                            QStringLiteral("--dest=org.freedesktop.secrets")}
                       + arguments);
    dbus.waitForFinished(10000);
    return dbus.readAllStandardOutput();
}

bool isLocked()
{
    return secretService({collection, QStringLiteral("org.freedesktop.DBus.Properties.Get"),
                          QStringLiteral("string:org.freedesktop.Secret.Collection"),
                          QStringLiteral("string:Locked")})
            .contains("boolean true");
}

// Every file under the private XDG directories, but the keyring's own.
QStringList filesOutsideTheKeyring()
{
    QStringList files;
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        QDirIterator it(qEnvironmentVariable(variable), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!file.contains(QLatin1String("/keyrings/")))
                files.append(file);
        }
    }
    files.sort();
    return files;
}

} // namespace

class tst_LockedKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void cliReportsTheLockedKeychain();
    void sessionWorksInMemoryAndSaysSo();
    void sessionWithoutFallbackUndoesTheSignIn();
    void nothingIsWrittenElsewhere();

private:
    DevServerProcess m_server;
    Cli m_cli {m_server};
    QString m_profile;
    QStringList m_filesBefore;
};

void tst_LockedKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY2(qEnvironmentVariable("XDG_DATA_HOME").startsWith(QDir::tempPath()),
             "this test locks the keyring: run it in a private one (scripts/with-keyring.sh)");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
    // A session stored while the keychain was open...
    m_profile = m_cli.writeProfile(Dialect::Json);
    const CliRun login = m_cli.login(m_profile);
    QVERIFY2(login.exitCode == 0, login.err);
    QCOMPARE(m_cli.keychainEntries(Cli::idOf(m_profile)), 2);
    m_filesBefore = filesOutsideTheKeyring();
    // ... then the keychain is locked, as a screen lock or `Lock keyring` would.
    QVERIFY(!isLocked());
    secretService({QStringLiteral("/org/freedesktop/secrets"),
                   QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                   QStringLiteral("array:objpath:") + collection});
    QVERIFY2(isLocked(), "could not lock the login collection");
}

void tst_LockedKeychain::cliReportsTheLockedKeychain()
{
    QElapsedTimer elapsed;
    elapsed.start();
    CliRun run = m_cli.run(m_profile, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 6);
    const QJsonObject status = parseJson(run.out);
    QCOMPARE(status.value(QStringLiteral("persistent")).toBool(true), false);
    const QJsonObject error = status.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("storage_error"));
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QLatin1String("locked")),
             run.out);

    run = m_cli.run(m_profile, {QStringLiteral("token")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY(run.out.isEmpty());

    run = m_cli.run(m_profile, {QStringLiteral("logout")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("cannot sign out"), run.err);
    QVERIFY(!run.out.contains("Not signed in"));

    // A sign-in the keychain cannot keep would end with the process, and leave its session
    // alive on the server with nobody to sign it out: it is undone there, and says why.
    const QJsonObject before = m_server.stats();
    run = m_cli.login(m_profile);
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(!run.out.contains("Signed in"), run.out);
    QVERIFY2(run.err.contains("Could not save the session in Secret Service"), run.err);
    QVERIFY2(run.err.contains("undone on the server"), run.err);
    const QJsonObject after = m_server.stats();
    const auto grew = [&](const char *name) {
        return after.value(QLatin1String(name)).toInt() - before.value(QLatin1String(name)).toInt();
    };
    QCOMPARE(grew("logins"), 1);
    QCOMPARE(grew("revocations"), 1);

    // `refresh` cannot tell whether there is a session: it names the keychain, not a sign-in.
    run = m_cli.run(m_profile, {QStringLiteral("refresh")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("cannot refresh"), run.err);
    QVERIFY2(!run.err.contains("not signed in"), run.err);
    // Each command gave up within the keychain's bound (10 s per call), not later.
    QVERIFY2(elapsed.elapsed() < 5 * 12000, QByteArray::number(elapsed.elapsed()));
}

void tst_LockedKeychain::sessionWorksInMemoryAndSaysSo()
{
    // The profile whose session was stored before the lock, with the real keychain store.
    const ProfileLoadResult loaded = Profile::load(m_profile);
    QVERIFY(loaded);
    Session session(loaded.profile());
    QSignalSpy errors(&session, &Session::errorOccurred);
    QElapsedTimer elapsed;
    elapsed.start();
    session.restore();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::SignedOut, 15000);
    QCOMPARE(session.error(), Session::Error::StorageError);
    QVERIFY(!session.isPersistent());

    session.signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::Active, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(session.error(), Session::Error::StorageError, 15000);
    QVERIFY(elapsed.elapsed() < 25000);
    QVERIFY(!session.isPersistent());
    QVERIFY(session.errorString().contains(QLatin1String("only while this program runs")));
    QNetworkRequest request(m_server.url(QStringLiteral("/api/me")));
    QVERIFY(session.authorize(request));
    const QByteArray bearer = request.rawHeader("Authorization").mid(7);
    QCOMPARE(m_server.get(QStringLiteral("/api/me"), bearer).status, 200);
}

void tst_LockedKeychain::sessionWithoutFallbackUndoesTheSignIn()
{
    const ProfileLoadResult loaded = Profile::load(m_profile);
    QVERIFY(loaded);
    Session session(loaded.profile());
    session.setInMemoryFallback(false);
    QList<State> states;
    connect(&session, &Session::stateChanged, this, [&] { states.append(session.state()); });
    QSignalSpy signedIn(&session, &Session::signedIn);
    const int revocations = m_server.stats().value(QStringLiteral("revocations")).toInt();

    session.signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE_WITH_TIMEOUT(states, (QList<State> {State::SigningIn, State::SignedOut}), 15000);
    QCOMPARE(signedIn.count(), 0);
    QCOMPARE(session.error(), Session::Error::StorageError);
    QVERIFY(!session.hasValidAccessToken());
    QVERIFY2(session.errorString().contains(QLatin1String("undone on the server")),
             qPrintable(session.errorString()));
    QCOMPARE(m_server.stats().value(QStringLiteral("revocations")).toInt(), revocations + 1);
}

void tst_LockedKeychain::nothingIsWrittenElsewhere()
{
    // No plaintext fallback, no file of Tessera's own: only the keyring holds anything.
    QCOMPARE(filesOutsideTheKeyring(), m_filesBefore);
    QVERIFY(isLocked());
}

QTEST_GUILESS_MAIN(tst_LockedKeychain)
#include "tst_locked_keychain.moc"
