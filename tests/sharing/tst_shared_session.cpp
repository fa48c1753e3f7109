// SPDX-License-Identifier: BSD-3-Clause
// One session shared by several processes through the real keychain: sign-in, sign-out and
// re-authentication reach every process, and the command line takes part. Separate
// tessera-session-peer processes, the real dev server, the real Secret Service. Run under
// scripts/with-keyring.sh (the test command does).
#include "sharingfixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {
// Changes made in one process must reach the others "within about a second". They take tens of
// milliseconds; the bound leaves room for a loaded CI machine.
constexpr qint64 propagationBoundMs = 3000;
} // namespace

class tst_SharedSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void signInAnywhereServesEveryone();
    void signOutAnywhereSignsOutEverywhere();
    void reauthenticationAnywhereRevivesEverywhere();
    void commandLineSharesTheSession();
    void unsafeSharingDirectoryKeepsTheSessionPrivate();

private:
    void checkPropagation(const Peers &peers, const PeerProcess &origin, const QByteArray &state,
                          qint64 sentAt, const char *what);

    SharingFixture m_fixture {QStringLiteral("shared-session")};
};

void tst_SharedSession::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_SharedSession::init()
{
    m_fixture.reset();
}

// Every peer is in \a state with the same token; the last of them got there within the bound
// after \a origin did (the command that led to it was sent at \a sentAt).
void tst_SharedSession::checkPropagation(const Peers &peers, const PeerProcess &origin,
                                         const QByteArray &state, qint64 sentAt, const char *what)
{
    QVERIFY(m_fixture.waitForAll(peers, state) >= 0);
    const qint64 took = SharingFixture::propagation(peers, origin, state);
    qInfo("%s reached the %d other processes %lld ms after the process where it happened (%lld "
          "ms after the command)",
          what, int(peers.size()) - 1, took, origin.enteredAt(state) + took - sentAt);
    QVERIFY2(took <= propagationBoundMs, qPrintable(QString::number(took)));
}

void tst_SharedSession::signInAnywhereServesEveryone()
{
    Peers peers = m_fixture.startPeers(m_fixture.writeProfile(), 4, "SignedOut");
    QVERIFY(m_fixture.allAgree(peers, "SignedOut"));
    const qint64 sentAt = PeerProcess::now();
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    checkPropagation(peers, *peers.front(), "Active", sentAt, "a sign-in");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(peers.front()->token() != "-");
    for (const auto &peer : peers)
        QCOMPARE(peer->user(), QByteArray("alice"));
    QCOMPARE(m_fixture.stat("logins"), 1);
}

void tst_SharedSession::signOutAnywhereSignsOutEverywhere()
{
    Peers peers = m_fixture.signedInPeers(4);
    QVERIFY(m_fixture.allAgree(peers, "Active"));
    const qint64 sentAt = PeerProcess::now();
    peers.at(1)->send("signout");
    checkPropagation(peers, *peers.at(1), "SignedOut", sentAt, "a sign-out");
    if (QTest::currentTestFailed())
        return;
    for (const auto &peer : peers) {
        QCOMPARE(peer->token(), QByteArray("-"));
        QCOMPARE(peer->events("signedOut"), 1);
    }
    QCOMPARE(m_fixture.stat("logouts"), 1);
}

void tst_SharedSession::reauthenticationAnywhereRevivesEverywhere()
{
    Peers peers = m_fixture.signedInPeers(4);
    QVERIFY(m_fixture.allAgree(peers, "Active"));
    // The server ends the session; the first process to refresh learns it, and tells the rest.
    QCOMPARE(m_fixture.server
                     .post(QStringLiteral("/_dev/revoke-user"),
                           {{QStringLiteral("user"), Accounts::alice}})
                     .status,
             200);
    qint64 sentAt = PeerProcess::now();
    peers.front()->send("refresh");
    checkPropagation(peers, *peers.front(), "ReauthenticationRequired", sentAt, "an ended session");
    if (QTest::currentTestFailed())
        return;
    for (const auto &peer : peers)
        QCOMPARE(peer->user(), QByteArray("alice")); // kept for the sign-in prompt

    sentAt = PeerProcess::now();
    peers.at(2)->signIn(Accounts::alice, Accounts::alicePassword);
    checkPropagation(peers, *peers.at(2), "Active", sentAt, "a re-authentication");
    QVERIFY(peers.front()->token() != "-");
}

void tst_SharedSession::commandLineSharesTheSession()
{
    const QString profile = m_fixture.writeProfile();
    Peers peers = m_fixture.startPeers(profile, 2, "SignedOut");
    const auto tessera = [&](const QStringList &arguments, const QByteArray &input) {
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(m_fixture.environment());
        cli.setProcessEnvironment(environment);
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel); // into this test's log
        cli.start(QStringLiteral(TESSERA_CLI_PATH),
                  QStringList {QStringLiteral("--profile"), profile} + arguments);
        cli.write(input);
        cli.closeWriteChannel();
        if (!cli.waitForFinished(30000))
            cli.kill();
        return cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    };
    QCOMPARE(tessera({QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                      QStringLiteral("--password-stdin")},
                     Accounts::alicePassword + '\n'),
             0);
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QCOMPARE(tessera({QStringLiteral("refresh")}, {}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(peers.front()->events("refreshed") == 1
                                     && peers.back()->events("refreshed") == 1,
                             15000);
    QCOMPARE(tessera({QStringLiteral("logout")}, {}), 0);
    QVERIFY(m_fixture.waitForAll(peers, "SignedOut") >= 0);
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
}

void tst_SharedSession::unsafeSharingDirectoryKeepsTheSessionPrivate()
{
    // Another user (or anyone) could write notices or hold the lock in a directory open to
    // others: the process refuses it, says so, and keeps its session to itself.
    QTemporaryDir runtime;
    QVERIFY(runtime.isValid());
    const QString open = runtime.filePath(QStringLiteral("tessera"));
    QVERIFY(QDir().mkdir(open));
    QVERIFY(QFile::setPermissions(open, QFileDevice::Permissions(0x7777)));
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    PeerProcess peer(m_fixture.writeProfile(), nullptr, environment);
    QVERIFY(peer.start());
    QTRY_VERIFY_WITH_TIMEOUT(peer.state() == "SignedOut", 15000);
    peer.signIn(Accounts::alice, Accounts::alicePassword);
    QTRY_VERIFY_WITH_TIMEOUT(peer.state() == "Active", 15000); // the keychain still works
    QVERIFY2(peer.diagnostics().contains("cannot share the session with other processes"),
             peer.diagnostics().right(2000).constData());
    QVERIFY(peer.diagnostics().contains("is open to group or others"));
    QCOMPARE(QDir(open).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

QTEST_GUILESS_MAIN(tst_SharedSession)
#include "tst_shared_session.moc"
