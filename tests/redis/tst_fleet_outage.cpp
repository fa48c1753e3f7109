// SPDX-License-Identifier: BSD-3-Clause
// Redis stopped under a fleet, then started again (same port, its data saved before it stopped,
// as a Redis with persistence keeps it): no machine refreshes while nobody could see it, every
// machine keeps its session and says why it waits, and the fleet recovers by itself.
#include "fleetfixture.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

// Waits until every machine has gone to RefreshRetrying \a times and is there (20 s at most);
// prints them if not.
bool heldBack(const Machines &machines, int times)
{
    const bool held = QTest::qWaitFor(
            [&] {
                return std::all_of(machines.begin(), machines.end(), [times](const auto &machine) {
                    return machine->states().count("RefreshRetrying") >= times
                           && machine->state() == "RefreshRetrying";
                });
            },
            20000);
    if (!held)
        FleetFixture::printMachines(machines);
    return held;
}

} // namespace

class tst_FleetOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void redisRestartLosesNoSession();
    void noticeMissedByEverySubscriptionIsMadeUpFor();
    void machineStartedWhileRedisIsDownJoinsLater();
    void rotationLostWithRedisEndsTheSessionClearly();

private:
    FleetFixture m_fixture;
};

void tst_FleetOutage::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_FleetOutage::init()
{
    m_fixture.reset();
}

void tst_FleetOutage::redisRestartLosesNoSession()
{
    Machines machines = m_fixture.signedInMachines(4);
    QVERIFY(!machines.empty());
    const QByteArray before = machines.front()->token();
    std::vector<qsizetype> statesBefore;
    for (const auto &machine : machines)
        statesBefore.push_back(machine->states().size());
    m_fixture.reset();

    QCOMPARE(m_fixture.redisCli({QStringLiteral("SAVE")}), QByteArray("OK"));
    m_fixture.redis.stop();

    // Every machine is asked to refresh while Redis is down: none may, since no other machine
    // could see the rotation. Each keeps its valid token, retries on its own, and says why.
    for (const auto &machine : machines)
        machine->send("refresh");
    const bool heldBackTwice = heldBack(machines, 2);
    QVERIFY2(heldBackTwice, "every machine must hold back, and again at its own retry");
    for (const auto &machine : machines) {
        QCOMPARE(machine->token(), before);
        const QByteArray error = machine->errors().value(machine->errors().size() - 1);
        QVERIFY2(error.startsWith("StorageError ") && error.contains("Redis"), error.constData());
    }
    qInfo("while Redis was down, machine 0 said: %s",
          machines.front()->errors().back().constData());
    QCOMPARE(m_fixture.stat("refreshes"), 0);

    QVERIFY(m_fixture.redis.restart());
    QCOMPARE(m_fixture.redisCli({QStringLiteral("EXISTS"), m_fixture.entryKey(Accounts::alice)}),
             QByteArray("1"));
    const qint64 restartedAt = FleetMachineProcess::now();
    QVERIFY(m_fixture.waitForNewToken(machines, {before}, 40000));
    const QByteArray after = machines.front()->token();
    qInfo("the fleet recovered %lld ms after Redis came back",
          (machines.front()->heldSince(after) - restartedAt) / 1000);
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
    for (size_t i = 0; i < machines.size(); ++i) {
        const QByteArrayList since = machines.at(i)->states().mid(statesBefore.at(i));
        QVERIFY2(!since.contains("SignedOut") && !since.contains("ReauthenticationRequired"),
                 machines.at(i)->describe().constData());
    }
}

// The subscriptions drop (as in a network cut between the machines and Redis) just when another
// machine renews the session: nobody hears its notice. Once they are back, each machine reads
// what it missed, the machines that only ever followed the session included.
void tst_FleetOutage::noticeMissedByEverySubscriptionIsMadeUpFor()
{
    Machines machines = m_fixture.signedInMachines(4);
    QVERIFY(!machines.empty());
    const QByteArray before = machines.front()->token();
    m_fixture.reset();

    QCOMPARE(m_fixture.redisCli({QStringLiteral("CLIENT"), QStringLiteral("KILL"),
                                 QStringLiteral("TYPE"), QStringLiteral("pubsub")}),
             QByteArray("4"));
    machines.front()->send("refresh");
    QVERIFY(QTest::qWaitFor([&] { return machines.front()->token() != before; }, 15000));
    QVERIFY2(m_fixture
                     .redisCli({QStringLiteral("PUBSUB"), QStringLiteral("NUMSUB"),
                                m_fixture.channel()})
                     .endsWith("\n0"),
             "the notice was published while nobody listened");
    QVERIFY(m_fixture.waitForNewToken(machines, {before}, 10000));
    QCOMPARE(m_fixture.stat("refreshes"), 1);
}

// A machine that starts while Redis is down finds no session (it cannot read one), and takes
// the fleet's once Redis is back, without being told to.
void tst_FleetOutage::machineStartedWhileRedisIsDownJoinsLater()
{
    Machines machines = m_fixture.signedInMachines(2);
    QVERIFY(!machines.empty());
    QCOMPARE(m_fixture.redisCli({QStringLiteral("SAVE")}), QByteArray("OK"));
    m_fixture.redis.stop();

    Machines late = m_fixture.startMachines(m_fixture.profilePath(), 1);
    QVERIFY(!late.empty());
    QCOMPARE(late.front()->state(), QByteArray("SignedOut"));
    QVERIFY2(late.front()->errors().value(0).startsWith("StorageError "),
             late.front()->describe().constData());

    QVERIFY(m_fixture.redis.restart());
    QVERIFY(m_fixture.waitForAll(late, "Active", 20000));
    QCOMPARE(late.front()->token(), machines.front()->token());
    QCOMPARE(late.front()->user(), QByteArray("alice"));
}

// Redis goes down after the server rotated the tokens and before the machine that refreshed
// stored them: it keeps the only copy of the new refresh token, and the one in Redis is used.
// Nothing can save the session then (docs/fleet.md says so): the next refresh elsewhere is a
// reuse, and every machine must learn clearly that it has to sign in again, none waiting forever
// (the lock the writer could not release came back with the data, and expires).
void tst_FleetOutage::rotationLostWithRedisEndsTheSessionClearly()
{
    // A 2 s request timeout: the lock lives 7 s.
    Machines machines = m_fixture.signedInMachines(2, {{QStringLiteral("timeout_seconds"), 2}});
    QVERIFY(!machines.empty());
    FleetMachineProcess &writer = *machines.front();
    FleetMachineProcess &other = *machines.back();
    const QByteArray before = writer.token();
    m_fixture.reset();

    QVERIFY(m_fixture.refreshHeldAtServer(writer, {{QStringLiteral("delay_ms"), 1000}}));
    QCOMPARE(m_fixture.redisCli({QStringLiteral("SAVE")}), QByteArray("OK"));
    m_fixture.redis.stop();
    QVERIFY(QTest::qWaitFor([&] { return writer.token() != before; }, 15000));
    QCOMPARE(m_fixture.stat("refreshes"), 1);
    QVERIFY(writer.errors().value(0).startsWith("StorageError "));

    QVERIFY(m_fixture.redis.restart());
    other.send("refresh");
    QVERIFY(m_fixture.waitForAll(machines, "ReauthenticationRequired", 20000));
    QVERIFY(other.errors().back().startsWith("SessionExpired "));
    QCOMPARE(m_fixture.stat("reuse_detections"), 1);
}

QTEST_GUILESS_MAIN(tst_FleetOutage)
#include "tst_fleet_outage.moc"
