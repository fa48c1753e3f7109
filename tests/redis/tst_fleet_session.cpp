// SPDX-License-Identifier: BSD-3-Clause
// One session for a fleet: a sign-in on one machine is adopted by every machine, and a sign-out
// on one signs every machine out, each within a second, through Redis's pub/sub alone (each
// tessera-fleet-machine has a home, runtime directory and keyring of its own).
#include "fleetfixture.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

constexpr qint64 kSecondUs = 1000 * 1000;

// The latest time, after \a origin's, at which one of the other machines got to \a when; in µs.
template<typename When>
qint64 lastFollower(const Machines &machines, const FleetMachineProcess &origin, When when)
{
    qint64 last = 0;
    for (const auto &machine : machines) {
        if (machine.get() != &origin)
            last = std::max(last, when(*machine) - when(origin));
    }
    return last;
}

} // namespace

class tst_FleetSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void signInIsAdoptedEverywhere();
    void signOutEndsEveryMachine();
    void laterMachineRestoresTheFleetsSession();

private:
    FleetFixture m_fixture;
};

void tst_FleetSession::initTestCase()
{
    // As docs/fleet.md says to: an ACL user allowed only what the fleet needs.
    QVERIFY(m_fixture.setUp(FleetFixture::RedisUser::Restricted));
}

void tst_FleetSession::init()
{
    m_fixture.reset();
}

void tst_FleetSession::signInIsAdoptedEverywhere()
{
    Machines machines = m_fixture.startMachines(m_fixture.writeProfile(), 8);
    QVERIFY(!machines.empty());
    QVERIFY(m_fixture.waitForAll(machines, "SignedOut"));

    FleetMachineProcess &origin = *machines.at(3);
    const qint64 asked = FleetMachineProcess::now();
    origin.signIn(Accounts::alice, Accounts::alicePassword);
    QVERIFY(m_fixture.waitForAll(machines, "Active"));
    const QByteArray token = origin.token();
    const qint64 spread = lastFollower(machines, origin, [&token](const FleetMachineProcess &m) {
        return m.heldSince(token);
    });
    qInfo("a sign-in on one of 8 machines: the last other machine held its token %lld ms after it "
          "(%lld ms after the command)",
          spread / 1000, (origin.heldSince(token) + spread - asked) / 1000);
    QVERIFY2(spread <= kSecondUs, "a machine took longer than a second to adopt the sign-in");
    for (const auto &machine : machines) {
        QCOMPARE(machine->user(), QByteArray("alice"));
        QCOMPARE(machine->count("signedin"), 1);
    }
    QCOMPARE(m_fixture.stat("logins"), 1);
}

void tst_FleetSession::signOutEndsEveryMachine()
{
    Machines machines = m_fixture.signedInMachines(8);
    QVERIFY(!machines.empty());
    m_fixture.reset();

    FleetMachineProcess &origin = *machines.at(5);
    origin.send("signout");
    QVERIFY(m_fixture.waitForAll(machines, "SignedOut"));
    const qint64 spread = lastFollower(machines, origin, [](const FleetMachineProcess &m) {
        return m.enteredAt("SignedOut");
    });
    qInfo("a sign-out on one of 8 machines: the last other machine was signed out %lld ms after "
          "it",
          spread / 1000);
    QVERIFY2(spread <= kSecondUs, "a machine took longer than a second to sign out");
    for (const auto &machine : machines)
        QCOMPARE(machine->count("signedout"), 1);
    QCOMPARE(m_fixture.redisCli({QStringLiteral("EXISTS"), m_fixture.entryKey(Accounts::alice)}),
             QByteArray("0"));
    QCOMPARE(m_fixture.stat("logouts"), 1); // revoked at the server once, by the origin
    QCOMPARE(m_fixture.stat("refreshes"), 0);
    QCOMPARE(m_fixture.stat("reuse_detections"), 0);
}

void tst_FleetSession::laterMachineRestoresTheFleetsSession()
{
    Machines machines = m_fixture.signedInMachines(2);
    QVERIFY(!machines.empty());
    Machines late = m_fixture.startMachines(m_fixture.profilePath(), 1);
    QVERIFY(!late.empty());
    QVERIFY(m_fixture.waitForAll(late, "Active"));
    QCOMPARE(late.front()->token(), machines.front()->token());
    QCOMPARE(late.front()->user(), QByteArray("alice"));
}

QTEST_GUILESS_MAIN(tst_FleetSession)
#include "tst_fleet_session.moc"
