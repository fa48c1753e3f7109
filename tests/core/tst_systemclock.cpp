// SPDX-License-Identifier: BSD-3-Clause
#include "systemclock_p.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

using namespace Tessera;
using Backend = SystemClock::Backend;

// Real-clock tests: each waits well under a second. Both backends run every test; on Linux the
// "timerfd" rows must really use timerfds (see systemClockIsShared).
class TestSystemClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemClockIsShared();
    void backendInUse_data();
    void backendInUse();
    void firesAtTheDeadline_data() { addBackendRows(); }
    void firesAtTheDeadline();
    void pastDeadlineFiresOnTheNextTurn_data() { addBackendRows(); }
    void pastDeadlineFiresOnTheNextTurn();
    void cancelDisarms_data();
    void cancelDisarms();
    void rearmReplacesTheDeadline_data();
    void rearmReplacesTheDeadline();
    void manyAlarmsFireInOrder_data() { addBackendRows(); }
    void manyAlarmsFireInOrder();
    void jumpedReArmsAlarms_data();
    void jumpedReArmsAlarms();
    void idleAlarmCausesNoWakeups_data() { addBackendRows(); }
    void idleAlarmCausesNoWakeups();
    void destroyingAlarmsReleasesThem_data() { addBackendRows(); }
    void destroyingAlarmsReleasesThem();

private:
    static void addBackendRows();
};

namespace {

/*! One alarm of a clock, recording when (by the wall clock and by elapsed time) it fired. */
struct Probe
{
    Probe(SystemClock &clock, QObject *owner)
        : alarm(clock.createAlarm(owner))
    {
        QObject::connect(alarm, &Alarm::fired, owner, [this, &clock] {
            firedAt.append(clock.now());
            firedAfterMs.append(elapsed.elapsed());
        });
        elapsed.start();
    }

    Alarm *alarm;
    QElapsedTimer elapsed;
    QList<QDateTime> firedAt;
    QList<qint64> firedAfterMs;
};

// Voluntary context switches of the calling thread: how often it went to sleep, i.e. woke up.
qint64 voluntarySwitches()
{
    QFile status(QStringLiteral("/proc/thread-self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key("voluntary_ctxt_switches:");
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().toLongLong();
    }
    return -1;
}

qsizetype openDescriptors()
{
    return QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size();
}

/*! Counts the events delivered to \a watched objects or their children. */
class EventCounter : public QObject
{
public:
    explicit EventCounter(QList<const QObject *> watched)
        : m_watched(std::move(watched))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }
    ~EventCounter() override { QCoreApplication::instance()->removeEventFilter(this); }

    int count = 0;

protected:
    bool eventFilter(QObject *receiver, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        const bool wake = type == QEvent::Timer || type == QEvent::SockAct
                          || type == QEvent::MetaCall || type == QEvent::ZeroTimerEvent;
        if (wake && (m_watched.contains(receiver) || m_watched.contains(receiver->parent())))
            ++count;
        return false;
    }

private:
    QList<const QObject *> m_watched;
};

} // namespace

void TestSystemClock::addBackendRows()
{
    QTest::addColumn<Backend>("backend");
    QTest::newRow("timerfd") << Backend::TimerFd;
    QTest::newRow("qtimer") << Backend::Timer;
}

void TestSystemClock::systemClockIsShared()
{
    Clock *clock = Clock::system();
    QVERIFY(clock);
    Clock *fromThread = nullptr;
    std::unique_ptr<QThread> thread(QThread::create([&] { fromThread = Clock::system(); }));
    thread->start();
    QVERIFY(thread->wait(2000));
    QCOMPARE(fromThread, clock);
    QCOMPARE(clock->thread(), QCoreApplication::instance()->thread());

    auto *system = qobject_cast<SystemClock *>(clock);
    QVERIFY(system);
#ifdef Q_OS_LINUX
    QCOMPARE(system->backend(), Backend::TimerFd);
#endif
    const QDateTime now = clock->now();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(now.msecsTo(QDateTime::currentDateTimeUtc())) < 1000);
}

void TestSystemClock::backendInUse_data()
{
    QTest::addColumn<Backend>("requested");
    QTest::addColumn<Backend>("expected");

#ifdef Q_OS_LINUX
    QTest::newRow("automatic picks timerfd on Linux") << Backend::Automatic << Backend::TimerFd;
    QTest::newRow("timerfd on request") << Backend::TimerFd << Backend::TimerFd;
#else
    QTest::newRow("automatic falls back to timers") << Backend::Automatic << Backend::Timer;
#endif
    QTest::newRow("timers on request") << Backend::Timer << Backend::Timer;
}

void TestSystemClock::backendInUse()
{
    QFETCH(Backend, requested);
    QFETCH(Backend, expected);
    QCOMPARE(SystemClock(requested).backend(), expected);
}

void TestSystemClock::firesAtTheDeadline()
{
    QFETCH(Backend, backend);
    SystemClock clock(backend);
    QObject owner;
    Probe probe(clock, &owner);
    const QDateTime deadline = clock.now().addMSecs(200);
    probe.alarm->setDeadline(deadline);
    QCOMPARE(probe.alarm->deadline(), deadline);

    QTRY_COMPARE_WITH_TIMEOUT(probe.firedAt.size(), 1, 1500);
    QVERIFY2(probe.firedAt.first() >= deadline,
             qPrintable(QStringLiteral("fired %1 ms early")
                                .arg(probe.firedAt.first().msecsTo(deadline))));
    QVERIFY2(probe.firedAfterMs.first() < 1000,
             qPrintable(QString::number(probe.firedAfterMs.first())));
    QVERIFY(!probe.alarm->isArmed());
    QTest::qWait(300); // and only once
    QCOMPARE(probe.firedAt.size(), 1);
}

void TestSystemClock::pastDeadlineFiresOnTheNextTurn()
{
    QFETCH(Backend, backend);
    SystemClock clock(backend);
    QObject owner;
    Probe probe(clock, &owner);
    probe.alarm->setDeadline(clock.now().addSecs(-3600));
    QVERIFY(probe.firedAt.isEmpty()); // not from inside setDeadline()
    QVERIFY(probe.alarm->isArmed());

    QTRY_COMPARE_WITH_TIMEOUT(probe.firedAt.size(), 1, 1000);
    QVERIFY2(probe.firedAfterMs.first() < 200,
             qPrintable(QString::number(probe.firedAfterMs.first())));
    QTest::qWait(100);
    QCOMPARE(probe.firedAt.size(), 1);
}

void TestSystemClock::cancelDisarms_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<qint64>("deadlineMs"); // from now

    for (const auto &[name, backend] :
         {std::pair {"timerfd", Backend::TimerFd}, std::pair {"qtimer", Backend::Timer}}) {
        QTest::addRow("%s: cancelled before the deadline", name) << backend << qint64(200);
        QTest::addRow("%s: past deadline cancelled before the event loop came round", name)
                << backend << qint64(-1000);
    }
}

void TestSystemClock::cancelDisarms()
{
    QFETCH(Backend, backend);
    QFETCH(qint64, deadlineMs);
    SystemClock clock(backend);
    QObject owner;
    Probe probe(clock, &owner);
    Probe control(clock, &owner); // proves the wait was long enough to fire
    probe.alarm->setDeadline(clock.now().addMSecs(deadlineMs));
    control.alarm->setDeadline(clock.now().addMSecs(deadlineMs + 100));
    probe.alarm->cancel();
    QVERIFY(!probe.alarm->isArmed());
    QVERIFY(!probe.alarm->deadline().isValid());

    QTRY_COMPARE_WITH_TIMEOUT(control.firedAt.size(), 1, 1500);
    QTest::qWait(100);
    QCOMPARE(probe.firedAt.size(), 0);
}

void TestSystemClock::rearmReplacesTheDeadline_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<qint64>("firstMs");
    QTest::addColumn<qint64>("secondMs");

    for (const auto &[name, backend] :
         {std::pair {"timerfd", Backend::TimerFd}, std::pair {"qtimer", Backend::Timer}}) {
        QTest::addRow("%s: an hour ahead moved to 150 ms", name)
                << backend << qint64(3600000) << qint64(150);
        QTest::addRow("%s: 100 ms moved to 400 ms", name) << backend << qint64(100) << qint64(400);
        QTest::addRow("%s: past deadline moved to 200 ms", name)
                << backend << qint64(-1000) << qint64(200);
    }
}

void TestSystemClock::rearmReplacesTheDeadline()
{
    QFETCH(Backend, backend);
    QFETCH(qint64, firstMs);
    QFETCH(qint64, secondMs);
    SystemClock clock(backend);
    QObject owner;
    Probe probe(clock, &owner);
    probe.alarm->setDeadline(clock.now().addMSecs(firstMs));
    const QDateTime second = clock.now().addMSecs(secondMs);
    probe.alarm->setDeadline(second);
    QCOMPARE(probe.alarm->deadline(), second);

    QTRY_COMPARE_WITH_TIMEOUT(probe.firedAt.size(), 1, 1500);
    QVERIFY(probe.firedAt.first() >= second);
    QTest::qWait(qMax<qint64>(firstMs, 0) > 1000 ? 100 : 300); // the first deadline stays silent
    QCOMPARE(probe.firedAt.size(), 1);
}

void TestSystemClock::manyAlarmsFireInOrder()
{
    QFETCH(Backend, backend);
    SystemClock clock(backend);
    QObject owner;
    const QList<int> offsetsMs {250, 100, 350, 150, 300, 200}; // armed out of order
    std::vector<std::unique_ptr<Probe>> probes;
    QList<int> order;
    const QDateTime start = clock.now();
    for (int offset : offsetsMs) {
        probes.push_back(std::make_unique<Probe>(clock, &owner));
        connect(probes.back()->alarm, &Alarm::fired, &owner,
                [&order, offset] { order.append(offset); });
        probes.back()->alarm->setDeadline(start.addMSecs(offset));
    }

    QTRY_COMPARE_WITH_TIMEOUT(order.size(), offsetsMs.size(), 2000);
    QCOMPARE(order, (QList<int> {100, 150, 200, 250, 300, 350}));
    for (std::size_t i = 0; i < probes.size(); ++i)
        QVERIFY(probes[i]->firedAt.first() >= start.addMSecs(offsetsMs.at(int(i))));
}

void TestSystemClock::jumpedReArmsAlarms_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<bool>("cancelFirst");

    for (const auto &[name, backend] :
         {std::pair {"timerfd", Backend::TimerFd}, std::pair {"qtimer", Backend::Timer}}) {
        QTest::addRow("%s: armed alarm keeps its deadline", name) << backend << false;
        QTest::addRow("%s: cancelled alarm stays silent", name) << backend << true;
    }
}

void TestSystemClock::jumpedReArmsAlarms()
{
    // The real clock cannot be set here; jumped() is what the detector emits when it is.
    QFETCH(Backend, backend);
    QFETCH(bool, cancelFirst);
    SystemClock clock(backend);
    QObject owner;
    Probe probe(clock, &owner);
    Probe control(clock, &owner);
    const QDateTime deadline = clock.now().addMSecs(300);
    probe.alarm->setDeadline(deadline);
    control.alarm->setDeadline(deadline.addMSecs(100));
    if (cancelFirst)
        probe.alarm->cancel();

    QTest::qWait(100);
    Q_EMIT clock.jumped();
    QTRY_COMPARE_WITH_TIMEOUT(control.firedAt.size(), 1, 1500);
    QCOMPARE(probe.firedAt.size(), cancelFirst ? 0 : 1);
    if (!cancelFirst)
        QVERIFY(probe.firedAt.first() >= deadline);
}

void TestSystemClock::idleAlarmCausesNoWakeups()
{
    QFETCH(Backend, backend);
    SystemClock clock(backend);
    QObject owner;
    Alarm *alarm = clock.createAlarm(&owner);
    alarm->setDeadline(clock.now().addSecs(3600));

    // One second of idle event loop: the only wake-up is the timer that ends it.
    EventCounter events({&clock, alarm});
    QEventLoop loop;
    QTimer::singleShot(1000, &loop, &QEventLoop::quit);
    const qint64 before = voluntarySwitches();
    loop.exec();
    const qint64 wakeups = voluntarySwitches() - before;

    QCOMPARE(events.count, 0);
    QVERIFY(before >= 0);
    QVERIFY2(wakeups <= 3, qPrintable(QStringLiteral("%1 wake-ups").arg(wakeups)));
    QVERIFY(alarm->isArmed());
}

void TestSystemClock::destroyingAlarmsReleasesThem()
{
    QFETCH(Backend, backend);
    SystemClock clock(backend);
    const qsizetype baseline = openDescriptors();
    auto owner = std::make_unique<QObject>();
    QList<Alarm *> alarms;
    for (int i = 0; i < 20; ++i) {
        alarms.append(clock.createAlarm(owner.get()));
        alarms.last()->setDeadline(clock.now().addSecs(i % 2 ? 3600 : -1)); // half of them due
    }
    const qsizetype perAlarm = backend == Backend::TimerFd ? 1 : 0;
    QCOMPARE(openDescriptors(), baseline + 20 * perAlarm);

    owner.reset(); // before the due ones came round: nothing left queued may touch them
    QCOMPARE(openDescriptors(), baseline);
    QTest::qWait(100);
}

QTEST_GUILESS_MAIN(TestSystemClock)
#include "tst_systemclock.moc"
