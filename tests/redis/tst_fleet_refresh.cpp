// SPDX-License-Identifier: BSD-3-Clause
// One refresh per expiry for a fleet: tessera-fleet-machine processes, each a machine of its own
// (no runtime directory, lock file or keyring in common), sharing one session through a real
// redis-server, against the real dev server. Real time only where the server's expiry needs it:
// 4-second access tokens.
#include "fleetfixture.h"

#include <QTest>

#include <limits>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

// How many machines got \a token from the server (the others adopted it from Redis).
int refreshersOf(const Machines &machines, const QByteArray &token)
{
    int refreshers = 0;
    for (const auto &machine : machines) {
        const auto events = machine->events();
        refreshers += int(std::count_if(events.begin(), events.end(), [&](const auto &event) {
            return event.kind == "refreshed" && event.token == token;
        }));
    }
    return refreshers;
}

// How long after the first machine the last one held \a token, in µs.
qint64 spreadOf(const Machines &machines, const QByteArray &token)
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = 0;
    for (const auto &machine : machines) {
        first = std::min(first, machine->heldSince(token));
        last = std::max(last, machine->heldSince(token));
    }
    return last - first;
}

} // namespace

class tst_FleetRefresh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void sharedExpiryRefreshesOncePerExpiry();
    void killedLockHolderStrandsNoOne();

private:
    FleetFixture m_fixture;
};

void tst_FleetRefresh::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_FleetRefresh::init()
{
    m_fixture.reset();
}

void tst_FleetRefresh::sharedExpiryRefreshesOncePerExpiry()
{
    constexpr int count = 8;
    // Four-second access tokens: every machine holds the same one, so the same refresh time (a
    // fifth of the lifetime before the expiry) comes up for all of them at once.
    m_fixture.server.configure({{QStringLiteral("access_lifetime"), 4}});
    Machines machines = m_fixture.startMachines(m_fixture.writeProfile(), count);
    QVERIFY(!machines.empty());
    machines.front()->signIn(Accounts::alice, Accounts::alicePassword);
    QVERIFY(m_fixture.waitForAll(machines, "Active"));
    const QByteArray t0 = machines.front()->token();
    QVERIFY2(m_fixture.stat("refreshes") == 0,
             "every machine must hold the first token before it is due");

    // The first expiry.
    QVERIFY(m_fixture.waitForNewToken(machines, {t0}));
    const QByteArray t1 = machines.front()->token();
    // The second expiry is the last: tokens issued from now on live long.
    m_fixture.server.configure({{QStringLiteral("access_lifetime"), 300}});
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QVERIFY(m_fixture.waitForNewToken(machines, {t0, t1}));
    const QByteArray t2 = machines.front()->token();

    qInfo("%d machines through two expiries: %d refresh(es) at the server, %d reuse "
          "detection(s), %d refresh failure(s)",
          count, m_fixture.stat("refreshes"), m_fixture.stat("reuse_detections"),
          m_fixture.stat("refresh_failures"));
    QCOMPARE(m_fixture.stat("refreshes"), 2);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
    QCOMPARE(m_fixture.stat("refresh_failures"), 0);
    // Each expiry was renewed by exactly one machine; every other machine took its tokens from
    // Redis within a second, and every machine went through the same three tokens.
    for (const QByteArray &token : {t1, t2}) {
        QCOMPARE(refreshersOf(machines, token), 1);
        const qint64 spread = spreadOf(machines, token);
        qInfo("the last machine held token %s %lld ms after the one that renewed it",
              token.constData(), spread / 1000);
        QVERIFY2(spread <= 1000 * 1000, "a machine took longer than a second to adopt");
    }
    for (const auto &machine : machines) {
        QCOMPARE(machine->tokens(), QByteArrayList({t0, t1, t2}));
        QCOMPARE(machine->count("refreshed") + machine->count("adopted"), 2);
    }
}

void tst_FleetRefresh::killedLockHolderStrandsNoOne()
{
    // A request timeout of 2 s: the lock lives 7 s (the timeout + 5 s).
    Machines machines = m_fixture.signedInMachines(4, {{QStringLiteral("timeout_seconds"), 2}});
    QVERIFY(!machines.empty());
    const QByteArray before = machines.front()->token();
    m_fixture.reset();

    // The server holds the holder's refresh (then answers 503: nothing rotates), and the holder
    // is killed while it holds the fleet's lock.
    FleetMachineProcess &holder = *machines.front();
    QVERIFY(m_fixture.refreshHeldAtServer(
            holder, {{QStringLiteral("delay_ms"), 4000}, {QStringLiteral("status"), 503}}));
    QCOMPARE(holder.state(), QByteArray("Refreshing"));
    holder.killHard();
    const qint64 killedAt = FleetMachineProcess::now();
    const qint64 ttlMs =
            m_fixture.redisCli({QStringLiteral("PTTL"), m_fixture.lockKey(Accounts::alice)})
                    .toLongLong();
    QVERIFY2(ttlMs > 0 && ttlMs <= 7000, "the dead holder's lock must still be there, expiring");

    for (const auto &machine : machines) {
        if (machine->isRunning())
            machine->send("refresh");
    }
    QVERIFY(m_fixture.waitForNewToken(machines, {before}, int(ttlMs) + 10000));

    // Exactly one survivor refreshed, and not before the dead holder's lock expired.
    qint64 refreshedAt = -1;
    for (const auto &machine : machines) {
        for (const auto &event : machine->events()) {
            if (event.kind == "refreshed") {
                QCOMPARE(refreshedAt, -1);
                refreshedAt = event.at;
            }
        }
    }
    QVERIFY(refreshedAt > 0);
    const qint64 afterKillMs = (refreshedAt - killedAt) / 1000;
    qInfo("the lock of the holder killed mid-refresh expired %lld ms after the kill; a survivor "
          "refreshed %lld ms after the kill",
          ttlMs, afterKillMs);
    QVERIFY2(afterKillMs >= ttlMs - 50, "a survivor took a lock that was still held");
    for (const auto &machine : machines) {
        if (machine->isRunning())
            QVERIFY2(!machine->states().contains("ReauthenticationRequired"),
                     machine->describe().constData());
    }
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
}

QTEST_GUILESS_MAIN(tst_FleetRefresh)
#include "tst_fleet_refresh.moc"
