// SPDX-License-Identifier: BSD-3-Clause
// One session shared by several processes through the real keychain: separate
// tessera-session-peer processes, the real dev server, the real Secret Service. Run under
// scripts/with-keyring.sh (the test command does).
#include "devserverprocess.h"
#include "peerprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Tessera;
using namespace Tessera::Test;

namespace {
// Changes made in one process must reach the others "within about a second".
constexpr int propagationMs = 1500;
constexpr int settleMs = 10000;
using Peers = std::vector<std::unique_ptr<PeerProcess>>;
} // namespace

class tst_SharedSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void signInAnywhereServesEveryone();
    void simultaneousRefreshesRefreshOnce();
    void signOutAnywhereSignsOutEverywhere();
    void reauthenticationAnywhereRevivesEverywhere();
    void processKilledMidRefreshStrandsNoOne();
    void commandLineSharesTheSession();
    void signOutWaitsForRefreshElsewhere();

private:
    QString writeProfile();
    Peers startPeers(const QString &profile, int count, const QByteArray &settledState);
    bool allAgree(const Peers &peers, const QByteArray &state) const;
    qint64 waitForAll(const Peers &peers, const QByteArray &state);
    Peers signedInPeers(int count);
    bool refreshHeldAtServer(PeerProcess &peer, QJsonObject fault);

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    int m_profiles = 0;
};

void tst_SharedSession::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
}

void tst_SharedSession::init()
{
    m_server.clearFaults();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    m_server.resetStats();
}

QString tst_SharedSession::writeProfile()
{
    // A profile of its own per test: separate keychain entries, lock and notice files.
    return m_server.writeProfile(m_dir.path(), QStringLiteral("shared-test-%1").arg(++m_profiles));
}

Peers tst_SharedSession::startPeers(const QString &profile, int count,
                                    const QByteArray &settledState)
{
    Peers peers;
    for (int i = 0; i < count; ++i) {
        peers.push_back(std::make_unique<PeerProcess>(profile));
        if (!peers.back()->start())
            qWarning("peer %d did not start", i);
    }
    waitForAll(peers, settledState);
    return peers;
}

bool tst_SharedSession::allAgree(const Peers &peers, const QByteArray &state) const
{
    for (const auto &peer : peers) {
        if (peer->state() != state || peer->token() != peers.front()->token())
            return false;
    }
    return true;
}

// How long it took every peer to report \a state with one and the same token (-1: never).
qint64 tst_SharedSession::waitForAll(const Peers &peers, const QByteArray &state)
{
    QElapsedTimer timer;
    timer.start();
    if (!QTest::qWaitFor([&] { return allAgree(peers, state); }, settleMs)) {
        for (const auto &peer : peers) {
            qWarning("peer: state %s user %s; stderr:\n%s", peer->state().constData(),
                     peer->user().constData(), peer->diagnostics().right(2000).constData());
        }
        return -1;
    }
    return timer.elapsed();
}

Peers tst_SharedSession::signedInPeers(int count)
{
    Peers peers = startPeers(writeProfile(), count, "SignedOut");
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    waitForAll(peers, "Active");
    return peers;
}

// Has \a peer refresh, with the server holding (and then answering per \a fault) the request;
// returns once the request is at the server.
bool tst_SharedSession::refreshHeldAtServer(PeerProcess &peer, QJsonObject fault)
{
    fault.insert(QStringLiteral("path"), QStringLiteral("/auth/refresh"));
    fault.insert(QStringLiteral("count"), 1);
    m_server.addFault(fault);
    peer.send("refresh");
    // The server takes the fault off its list when the request arrives.
    return QTest::qWaitFor(
            [this] {
                return m_server.get(QStringLiteral("/_dev/faults"))
                        .body.value(QStringLiteral("faults"))
                        .toArray()
                        .isEmpty();
            },
            settleMs);
}

void tst_SharedSession::signInAnywhereServesEveryone()
{
    Peers peers = startPeers(writeProfile(), 3, "SignedOut");
    QVERIFY(allAgree(peers, "SignedOut"));
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    const qint64 took = waitForAll(peers, "Active");
    QVERIFY(took >= 0);
    qInfo("a sign-in reached every process in %lld ms", took);
    QVERIFY2(took < propagationMs, qPrintable(QString::number(took)));
    QVERIFY(peers.front()->token() != "-");
    for (const auto &peer : peers)
        QCOMPARE(peer->user(), QByteArray("alice"));
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 1);
}

void tst_SharedSession::simultaneousRefreshesRefreshOnce()
{
    Peers peers = signedInPeers(8);
    QVERIFY(allAgree(peers, "Active"));
    const QByteArray before = peers.front()->token();
    m_server.resetStats();

    // All eight want a new token at the same moment, as when the same expiry comes up for all.
    for (const auto &peer : peers)
        peer->send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(peers.begin(), peers.end(),
                        [](const auto &peer) { return peer->events("refreshed") >= 1; }),
            settleMs);
    QVERIFY(waitForAll(peers, "Active") >= 0);
    QVERIFY(peers.front()->token() != before);

    const QJsonObject stats = m_server.stats();
    qInfo("8 processes refreshing together: %d refresh(es) at the server, %d reuse detection(s)",
          stats.value(QStringLiteral("refreshes")).toInt(),
          stats.value(QStringLiteral("reuse_detections")).toInt());
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("reuse_detections")).toInt(), 0);
    QCOMPARE(stats.value(QStringLiteral("refresh_failures")).toInt(), 0);
}

void tst_SharedSession::signOutAnywhereSignsOutEverywhere()
{
    Peers peers = signedInPeers(3);
    QVERIFY(allAgree(peers, "Active"));
    peers.at(1)->send("signout");
    const qint64 took = waitForAll(peers, "SignedOut");
    QVERIFY(took >= 0);
    qInfo("a sign-out reached every process in %lld ms", took);
    QVERIFY2(took < propagationMs, qPrintable(QString::number(took)));
    for (const auto &peer : peers) {
        QCOMPARE(peer->token(), QByteArray("-"));
        QCOMPARE(peer->events("signedOut"), 1);
    }
    QCOMPARE(m_server.stats().value(QStringLiteral("logouts")).toInt(), 1);
}

void tst_SharedSession::reauthenticationAnywhereRevivesEverywhere()
{
    Peers peers = signedInPeers(3);
    QVERIFY(allAgree(peers, "Active"));
    // The server ends the session; the first process to refresh learns it, and tells the rest.
    QCOMPARE(m_server.post(QStringLiteral("/_dev/revoke-user"),
                           {{QStringLiteral("user"), Accounts::alice}})
                     .status,
             200);
    peers.front()->send("refresh");
    QVERIFY(waitForAll(peers, "ReauthenticationRequired") >= 0);
    for (const auto &peer : peers)
        QCOMPARE(peer->user(), QByteArray("alice")); // kept for the sign-in prompt

    peers.at(2)->signIn(Accounts::alice, Accounts::alicePassword);
    const qint64 took = waitForAll(peers, "Active");
    QVERIFY(took >= 0);
    qInfo("a re-authentication reached every process in %lld ms", took);
    QVERIFY(peers.front()->token() != "-");
}

void tst_SharedSession::processKilledMidRefreshStrandsNoOne()
{
    Peers peers = signedInPeers(2);
    QVERIFY(allAgree(peers, "Active"));
    // Hold the first refresh at the server long enough to kill its process while it holds the
    // refresh lock; the held request is then answered 503, so nothing rotates behind our back.
    QVERIFY(refreshHeldAtServer(*peers.front(), {{QStringLiteral("delay_ms"), 20000},
                                                 {QStringLiteral("status"), 503}}));
    QCOMPARE(peers.front()->state(), QByteArray("Refreshing"));
    peers.front()->killHard();
    // The dead process's lock is still there: the survivors must see that it is stale.
    const QDir locks(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation)
                     + QStringLiteral("/tessera/locks"));
    QCOMPARE(locks.entryList({QStringLiteral("shared-test-%1-*.lock").arg(m_profiles)}, QDir::Files)
                     .size(),
             1);

    QElapsedTimer timer;
    timer.start();
    peers.back()->send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(peers.back()->events("refreshed") == 1, settleMs);
    qInfo("the lock left by the killed process was recovered; refresh done in %lld ms",
          timer.elapsed());
    QCOMPARE(peers.back()->state(), QByteArray("Active"));
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("reuse_detections")).toInt(), 0);
}

void tst_SharedSession::commandLineSharesTheSession()
{
    const QString profile = writeProfile();
    Peers peers = startPeers(profile, 2, "SignedOut");
    const auto tessera = [&](const QStringList &arguments, const QByteArray &input) {
        QProcess cli;
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
    QVERIFY(waitForAll(peers, "Active") >= 0);
    QCOMPARE(tessera({QStringLiteral("refresh")}, {}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(peers.front()->events("refreshed") == 1
                                     && peers.back()->events("refreshed") == 1,
                             settleMs);
    QCOMPARE(tessera({QStringLiteral("logout")}, {}), 0);
    QVERIFY(waitForAll(peers, "SignedOut") >= 0);
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
}

void tst_SharedSession::signOutWaitsForRefreshElsewhere()
{
    const QString profile = writeProfile();
    Peers peers = startPeers(profile, 1, "SignedOut");
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    peers.push_back(std::make_unique<PeerProcess>(profile));
    QVERIFY(peers.back()->start());
    QVERIFY(waitForAll(peers, "Active") >= 0);
    m_server.resetStats();

    // The first process's refresh is held at the server (then processed normally, rotating the
    // tokens); the second signs out meanwhile. The refresh must not write the session back
    // after the sign-out wiped it, and the rotated tokens are the ones revoked.
    QVERIFY(refreshHeldAtServer(*peers.front(), {{QStringLiteral("delay_ms"), 1500}}));
    peers.back()->send("signout");
    QVERIFY(waitForAll(peers, "SignedOut") >= 0);
    QCOMPARE(peers.front()->events("refreshed"), 1);

    PeerProcess late(profile);
    QVERIFY(late.start());
    QTRY_VERIFY_WITH_TIMEOUT(!late.state().isEmpty() && late.state() != "Restoring", settleMs);
    QCOMPARE(late.state(), QByteArray("SignedOut"));
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("reuse_detections")).toInt(), 0);
    QCOMPARE(stats.value(QStringLiteral("logouts")).toInt(), 1);
}

QTEST_GUILESS_MAIN(tst_SharedSession)
#include "tst_shared_session.moc"
