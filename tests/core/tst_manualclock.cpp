// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/manualclock.h>

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Tessera;
using namespace std::chrono_literals;

class TestManualClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nowIsTheStartInUtc_data();
    void nowIsTheStartInUtc();
    void advanceFiresPassedAlarmsInOrder_data();
    void advanceFiresPassedAlarmsInOrder();
    void jumpEmitsThenFiresDueAlarms_data();
    void jumpEmitsThenFiresDueAlarms();
    void firesFromTheEventLoopOncePerArming_data();
    void firesFromTheEventLoopOncePerArming();
    void pendingFiringIsSuperseded_data();
    void pendingFiringIsSuperseded();
    void alarmLifetime_data();
    void alarmLifetime();
    void rearmFromFiredHandler();
    void negativeAdvanceIgnored();
};

namespace {

const QDateTime t0(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

/*! Alarms named by index; records the order they fire in and what now() said then. */
struct Alarms
{
    Alarms(ManualClock &clock, const QList<qint64> &offsetsMs)
    {
        for (int i = 0; i < offsetsMs.size(); ++i) {
            Alarm *alarm = clock.createAlarm(&owner);
            QObject::connect(alarm, &Alarm::fired, &owner, [this, i, &clock] {
                fired.append(i);
                firedAt.append(clock.now());
            });
            alarm->setDeadline(t0.addMSecs(offsetsMs.at(i)));
            alarms.append(alarm);
        }
    }

    QObject owner;
    QList<Alarm *> alarms;
    QList<int> fired;
    QList<QDateTime> firedAt;
};

} // namespace

void TestManualClock::nowIsTheStartInUtc_data()
{
    QTest::addColumn<QDateTime>("start");

    QTest::newRow("started in UTC") << t0;
    QTest::newRow("started with a +02:00 offset") << t0.toOffsetFromUtc(2 * 3600);
    QTest::newRow("started in local time") << t0.toLocalTime();
}

void TestManualClock::nowIsTheStartInUtc()
{
    QFETCH(QDateTime, start);

    ManualClock clock(start);
    QCOMPARE(clock.now(), t0);
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    clock.advance(1500ms);
    QCOMPARE(clock.now(), t0.addMSecs(1500));
}

void TestManualClock::advanceFiresPassedAlarmsInOrder_data()
{
    QTest::addColumn<QList<qint64>>("deadlinesMs"); // from the start, one alarm each
    QTest::addColumn<qint64>("advanceMs");
    QTest::addColumn<QList<int>>("expectedOrder");

    QTest::newRow("alarms armed out of order all passed")
            << QList<qint64> {3000, 1000, 2000} << qint64(5000) << QList<int> {1, 2, 0};
    QTest::newRow("only the passed ones fire")
            << QList<qint64> {1000, 9000, 2000} << qint64(5000) << QList<int> {0, 2};
    QTest::newRow("deadline exactly at the new time fires")
            << QList<qint64> {5000} << qint64(5000) << QList<int> {0};
    QTest::newRow("one millisecond short fires nothing")
            << QList<qint64> {5000} << qint64(4999) << QList<int> {};
    QTest::newRow("equal deadlines fire in creation order")
            << QList<qint64> {2000, 1000, 2000, 1000} << qint64(2000) << QList<int> {1, 3, 0, 2};
    QTest::newRow("zero advance fires nothing ahead")
            << QList<qint64> {1} << qint64(0) << QList<int> {};
}

void TestManualClock::advanceFiresPassedAlarmsInOrder()
{
    QFETCH(QList<qint64>, deadlinesMs);
    QFETCH(qint64, advanceMs);
    QFETCH(QList<int>, expectedOrder);

    ManualClock clock(t0);
    Alarms alarms(clock, deadlinesMs);
    clock.advance(std::chrono::milliseconds(advanceMs));
    QVERIFY(alarms.fired.isEmpty()); // queued, not fired from inside advance()
    QCoreApplication::processEvents();
    QCOMPARE(alarms.fired, expectedOrder);
    for (const QDateTime &at : std::as_const(alarms.firedAt))
        QCOMPARE(at, t0.addMSecs(advanceMs));
    for (int i = 0; i < deadlinesMs.size(); ++i)
        QCOMPARE(alarms.alarms.at(i)->isArmed(), !expectedOrder.contains(i));
}

void TestManualClock::jumpEmitsThenFiresDueAlarms_data()
{
    QTest::addColumn<qint64>("jumpMs"); // relative to the start
    QTest::addColumn<QList<int>>("expectedOrder");

    // alarms at +1 min, +1 h, +1 day
    QTest::newRow("resume after an hour asleep") << qint64(3600000) << QList<int> {0, 1};
    QTest::newRow("NTP step forward by a minute") << qint64(60000) << QList<int> {0};
    QTest::newRow("clock set back a day") << qint64(-86400000) << QList<int> {};
    QTest::newRow("jump to the same time") << qint64(0) << QList<int> {};
}

void TestManualClock::jumpEmitsThenFiresDueAlarms()
{
    QFETCH(qint64, jumpMs);
    QFETCH(QList<int>, expectedOrder);

    ManualClock clock(t0);
    Alarms alarms(clock, {60000, 3600000, 86400000});
    QList<QDateTime> jumpedAt;
    connect(&clock, &Clock::jumped, this, [&] { jumpedAt.append(clock.now()); });

    clock.jump(t0.addMSecs(jumpMs).toOffsetFromUtc(3600));
    QCOMPARE(jumpedAt, QList<QDateTime> {t0.addMSecs(jumpMs)}); // synchronously, already moved
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    QVERIFY(alarms.fired.isEmpty());
    QCoreApplication::processEvents();
    QCOMPARE(alarms.fired, expectedOrder);
}

void TestManualClock::firesFromTheEventLoopOncePerArming_data()
{
    QTest::addColumn<qint64>("deadlineMs"); // relative to now

    QTest::newRow("deadline in the past") << qint64(-5000);
    QTest::newRow("deadline exactly now") << qint64(0);
    QTest::newRow("deadline passed by advance") << qint64(1000);
}

void TestManualClock::firesFromTheEventLoopOncePerArming()
{
    QFETCH(qint64, deadlineMs);

    ManualClock clock(t0);
    QObject owner;
    Alarm *alarm = clock.createAlarm(&owner);
    QSignalSpy fired(alarm, &Alarm::fired);
    alarm->setDeadline(t0.addMSecs(deadlineMs));
    QCOMPARE(alarm->deadline(), t0.addMSecs(deadlineMs));
    clock.advance(std::chrono::milliseconds(qMax<qint64>(deadlineMs, 0)));
    QCOMPARE(fired.count(), 0);
    QVERIFY(alarm->isArmed()); // armed until the firing is delivered

    QCoreApplication::processEvents();
    QCOMPARE(fired.count(), 1);
    QVERIFY(!alarm->isArmed());

    clock.advance(1h);
    clock.jump(clock.now().addDays(1));
    QCoreApplication::processEvents();
    QCOMPARE(fired.count(), 1);
}

void TestManualClock::pendingFiringIsSuperseded_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("expectedFirings");
    QTest::addColumn<bool>("armedAfterwards");

    QTest::newRow("cancelled before the event loop came round")
            << QStringLiteral("cancel") << 0 << false;
    QTest::newRow("re-armed for later before the event loop came round")
            << QStringLiteral("later") << 0 << true;
    QTest::newRow("re-armed for another past time fires once")
            << QStringLiteral("earlier") << 1 << false;
    QTest::newRow("clock set back before the event loop came round")
            << QStringLiteral("jump back") << 0 << true;
    QTest::newRow("advanced again before the event loop came round")
            << QStringLiteral("advance") << 1 << false;
}

void TestManualClock::pendingFiringIsSuperseded()
{
    QFETCH(QString, action);
    QFETCH(int, expectedFirings);
    QFETCH(bool, armedAfterwards);

    ManualClock clock(t0);
    QObject owner;
    Alarm *alarm = clock.createAlarm(&owner);
    QSignalSpy fired(alarm, &Alarm::fired);
    alarm->setDeadline(t0.addSecs(10));
    clock.advance(20s);

    if (action == u"cancel")
        alarm->cancel();
    else if (action == u"later")
        alarm->setDeadline(t0.addSecs(60));
    else if (action == u"earlier")
        alarm->setDeadline(t0.addSecs(5));
    else if (action == u"jump back")
        clock.jump(t0);
    else if (action == u"advance")
        clock.advance(20s);

    QCoreApplication::processEvents();
    QCOMPARE(fired.count(), expectedFirings);
    QCOMPARE(alarm->isArmed(), armedAfterwards);
}

void TestManualClock::alarmLifetime_data()
{
    QTest::addColumn<bool>("deleteAlarm");
    QTest::addColumn<bool>("deleteOwner");
    QTest::addColumn<bool>("deleteClock");

    QTest::newRow("alarm deleted while a firing is queued") << true << false << false;
    QTest::newRow("alarm deleted with its owner") << false << true << false;
    QTest::newRow("clock deleted before its alarm") << false << false << true;
}

void TestManualClock::alarmLifetime()
{
    QFETCH(bool, deleteAlarm);
    QFETCH(bool, deleteOwner);
    QFETCH(bool, deleteClock);

    auto clock = std::make_unique<ManualClock>(t0);
    auto owner = std::make_unique<QObject>();
    QPointer<Alarm> alarm = clock->createAlarm(owner.get());
    QCOMPARE(alarm->parent(), owner.get());
    QSignalSpy fired(alarm.data(), &Alarm::fired);
    alarm->setDeadline(t0.addSecs(1));
    Alarm *other = clock->createAlarm(owner.get()); // still registered, still works
    QSignalSpy otherFired(other, &Alarm::fired);
    other->setDeadline(t0.addSecs(2));
    clock->advance(5s);

    if (deleteAlarm)
        delete alarm.data();
    if (deleteOwner)
        owner.reset();
    if (deleteClock)
        clock.reset();
    QVERIFY(alarm.isNull() == (deleteAlarm || deleteOwner));
    QCoreApplication::processEvents();
    QCOMPARE(fired.count(), 0);
    if (clock) {
        clock->advance(1h); // must not touch the deleted alarms
        QCoreApplication::processEvents();
    }
    if (owner)
        QCOMPARE(otherFired.count(), deleteClock ? 0 : 1);
}

void TestManualClock::rearmFromFiredHandler()
{
    // A handler that re-arms for a time already passed gets a new, single firing on the next
    // turn of the event loop: at most once per arming, never recursively.
    ManualClock clock(t0);
    QObject owner;
    Alarm *alarm = clock.createAlarm(&owner);
    int firings = 0;
    connect(alarm, &Alarm::fired, &owner, [&] {
        if (++firings < 3)
            alarm->setDeadline(clock.now().addSecs(-1));
        QVERIFY(firings < 3 || !alarm->isArmed());
    });
    alarm->setDeadline(t0.addSecs(1));
    clock.advance(1s);
    QCoreApplication::processEvents();
    QCOMPARE(firings, 1);
    QCoreApplication::processEvents();
    QCOMPARE(firings, 2);
    QCoreApplication::processEvents();
    QCOMPARE(firings, 3);
    QCoreApplication::processEvents();
    QCOMPARE(firings, 3);
}

void TestManualClock::negativeAdvanceIgnored()
{
    ManualClock clock(t0);
    QTest::ignoreMessage(QtWarningMsg, "ManualClock::advance() cannot go back; use jump()");
    clock.advance(-1s);
    QCOMPARE(clock.now(), t0);
}

QTEST_GUILESS_MAIN(TestManualClock)
#include "tst_manualclock.moc"
