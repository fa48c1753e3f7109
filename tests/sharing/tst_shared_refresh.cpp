// SPDX-License-Identifier: BSD-3-Clause
// At most one refresh in flight across the processes that share a session, and never a refresh
// token sent twice: processes hitting the same expiry together (making authenticated requests
// through Tessera::NetworkAccessManager meanwhile), refreshing together on demand, and what
// happens when the keychain fails under them or the lock cannot be had. Separate
// tessera-session-peer processes, the real dev server, the real Secret Service.
#include "sharingfixture.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

using namespace Tessera;
using namespace Tessera::Test;

class tst_SharedRefresh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void sharedExpiryRefreshesOnce();
    void simultaneousRefreshesRefreshOnce();
    void failedWriteIsNotUndoneByTheStaleCopy();
    void unreadableStoreHoldsTheRefreshBack();
    void noRefreshWithoutTheLock();

private:
    SharingFixture m_fixture {QStringLiteral("shared-refresh")};
};

void tst_SharedRefresh::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_SharedRefresh::init()
{
    m_fixture.reset();
}

void tst_SharedRefresh::sharedExpiryRefreshesOnce()
{
    constexpr int processes = 8;
    constexpr int requests = 35; // one every 200 ms: across the refresh and the expiry
    // Six-second access tokens: every process holds the same one, so the same expiry (and the
    // same refresh time, a fifth of the lifetime before it) comes up for all of them at once.
    m_fixture.server.configure({{QStringLiteral("access_lifetime"), 6}});
    Peers peers = m_fixture.startPeers(m_fixture.writeProfile(), processes, "SignedOut");
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    const QByteArray first = peers.front()->token();
    QVERIFY2(m_fixture.stat("refreshes") == 0,
             "every process must hold the first token before it is due");
    // Tokens issued from now on live long: the one refresh due is the only one in this test.
    m_fixture.server.configure({{QStringLiteral("access_lifetime"), 300}});

    const QByteArray command = "requests "
                               + m_fixture.server.url(QStringLiteral("/api/me")).toEncoded() + ' '
                               + QByteArray::number(requests) + " 200";
    for (const auto &peer : peers)
        peer->send(command);
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(peers.begin(), peers.end(),
                        [](const auto &peer) { return peer->requestsSucceeded() >= 0; }),
            60000);
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QVERIFY(peers.front()->token() != first);
    for (const auto &peer : peers) {
        QVERIFY2(peer->requestsFailed() == 0, peer->errors().join(' ').constData());
        QCOMPARE(peer->requestsSucceeded(), requests);
        QCOMPARE(peer->events("refreshed"), 1);
    }
    qInfo("%d processes through one expiry, %d requests each: %d refresh(es) at the server, %d "
          "reuse detection(s), %d API requests, %d answered 401",
          processes, requests, m_fixture.stat("refreshes"), m_fixture.stat("reuse_detections"),
          m_fixture.stat("api_requests"), m_fixture.stat("api_unauthorized"));
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
    QCOMPARE(m_fixture.stat("refresh_failures"), 0);
}

void tst_SharedRefresh::simultaneousRefreshesRefreshOnce()
{
    Peers peers = m_fixture.signedInPeers(8);
    QVERIFY(m_fixture.allAgree(peers, "Active"));
    const QByteArray before = peers.front()->token();
    m_fixture.reset();

    // All eight are asked to refresh at the same moment. The first refresh to reach the server
    // is held there for a while, so that every process has started its own refresh (and so
    // wants a new token) before any of them can hear of a rotation; otherwise a process that
    // adopted the new tokens before it read its command would rightly refresh again.
    m_fixture.server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                               {QStringLiteral("delay_ms"), 4000}});
    for (const auto &peer : peers)
        peer->send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(peers.begin(), peers.end(),
                        [](const auto &peer) { return peer->states().count("Refreshing") == 1; }),
            15000);
    QVERIFY2(m_fixture.stat("refreshes") == 0,
             "the held refresh was answered before every process had asked for its own");
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QVERIFY(peers.front()->token() != before);
    for (const auto &peer : peers)
        QCOMPARE(peer->events("refreshed"), 1);
    qInfo("8 processes refreshing together: %d refresh(es) at the server, %d reuse detection(s)",
          m_fixture.stat("refreshes"), m_fixture.stat("reuse_detections"));
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
    QCOMPARE(m_fixture.stat("refresh_failures"), 0);
}

void tst_SharedRefresh::failedWriteIsNotUndoneByTheStaleCopy()
{
    Peers peers = m_fixture.signedInPeers(2);
    PeerProcess &writer = *peers.front();
    PeerProcess &other = *peers.back();
    const QByteArray t0 = writer.token();
    m_fixture.reset();

    // The server rotates the tokens, but the keychain write fails: the store keeps a refresh
    // token the server already rotated.
    writer.send("fail-next-write");
    writer.send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(writer.errors().contains("StorageError") && writer.state() == "Active",
                             15000);
    const QByteArray t1 = writer.token();
    QVERIFY(t1 != t0);
    QCOMPARE(other.token(), t0);

    // The other process must not refresh with the stale stored copy (reuse: the server would
    // revoke the session); it waits for the writer, keeping its still-valid token.
    other.send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(other.state() == "RefreshRetrying", 15000);
    QVERIFY(other.errors().contains("StorageError"));
    QCOMPARE(m_fixture.stat("refreshes"), 1);

    // The writer must not take the stale copy back either: it stores its own tokens first,
    // then refreshes with them, and the other process follows.
    writer.send("refresh");
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QVERIFY(writer.token() != t1 && writer.token() != t0);
    QCOMPARE(m_fixture.stat("refreshes"), 2);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
    QCOMPARE(m_fixture.stat("refresh_failures"), 0);
}

void tst_SharedRefresh::unreadableStoreHoldsTheRefreshBack()
{
    Peers peers = m_fixture.signedInPeers(2);
    PeerProcess &reader = *peers.back();
    m_fixture.reset();

    // Under the lock, the store cannot be read: another process may have rotated the tokens,
    // so refreshing with the ones held could be a reuse. The refresh is retried later instead.
    reader.send("fail-next-read");
    reader.send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(reader.state() == "RefreshRetrying", 15000);
    QVERIFY(reader.errors().contains("StorageError"));
    QCOMPARE(m_fixture.stat("refreshes"), 0);
    QVERIFY(reader.token() != "-"); // the session is kept, its token still valid

    QTRY_VERIFY_WITH_TIMEOUT(reader.events("refreshed") == 1, 15000); // the retry
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
}

void tst_SharedRefresh::noRefreshWithoutTheLock()
{
    Peers peers = m_fixture.signedInPeers(2);
    PeerProcess &refresher = *peers.back();
    m_fixture.reset();

    // A file where the lock directory should be: no process can take any lock.
    const QString locks = m_fixture.sharingDirectory() + QStringLiteral("/locks");
    QVERIFY(QDir(locks).removeRecursively());
    QFile blocker(locks);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto unblock = qScopeGuard([&] { QFile::remove(locks); });

    refresher.send("refresh");
    QTRY_VERIFY_WITH_TIMEOUT(refresher.state() == "RefreshRetrying", 15000);
    QVERIFY(refresher.errors().contains("StorageError"));
    QCOMPARE(m_fixture.stat("refreshes"), 0);

    QVERIFY(QFile::remove(locks));
    QTRY_VERIFY_WITH_TIMEOUT(refresher.events("refreshed") == 1, 15000); // the retry
    QVERIFY(m_fixture.waitForAll(peers, "Active") >= 0);
    QCOMPARE(m_fixture.stat("refreshes"), 1);
}

QTEST_GUILESS_MAIN(tst_SharedRefresh)
#include "tst_shared_refresh.moc"
