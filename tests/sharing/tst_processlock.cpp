// SPDX-License-Identifier: BSD-3-Clause
#include "processlock_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace std::chrono_literals;

class tst_ProcessLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acquiresFromTheEventLoop();
    void secondHolderWaitsForRelease();
    void lockOfDeadProcessIsTakenAtOnce();
    void waiterGivesUpOnHungHolder();
    void liveHolderIsNeverDisplacedByAge();
    void reusedPidIsRecoveredByAge();
    void lockDirectoryMustBePrivate();
    void newerAcquireReplacesPendingOne();
    void releaseDropsPendingAcquire();
    void unwritableDirectoryReportsFailure();

private:
    QString lockPath() const { return m_dir.filePath(QStringLiteral("locks/profile.lock")); }
    void makeLockDirectory() const
    {
        // private, as ProcessLock insists
        QDir().mkdir(m_dir.filePath(QStringLiteral("locks")),
                     QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QTemporaryDir m_dir;
};

void tst_ProcessLock::acquiresFromTheEventLoop()
{
    ProcessLock lock(lockPath(), 30s);
    std::optional<bool> result;
    lock.acquire([&](bool acquired) { result = acquired; });
    QVERIFY(!result.has_value()); // never from inside acquire()
    QTRY_VERIFY(result.has_value());
    QVERIFY(*result);
    QVERIFY(lock.isHeld());
    QVERIFY(QFile::exists(lockPath()));

    std::optional<bool> again;
    lock.acquire([&](bool acquired) { again = acquired; });
    QTRY_VERIFY(again.value_or(false)); // already held: at once
    lock.release();
    QVERIFY(!lock.isHeld());
    QVERIFY(!QFile::exists(lockPath()));
}

void tst_ProcessLock::secondHolderWaitsForRelease()
{
    ProcessLock first(lockPath(), 30s);
    ProcessLock second(lockPath(), 30s);
    bool firstHeld = false;
    bool secondHeld = false;
    first.acquire([&](bool acquired) { firstHeld = acquired; });
    QTRY_VERIFY(firstHeld);
    second.acquire([&](bool acquired) { secondHeld = acquired; });
    // It keeps trying while the first holds the lock...
    QTest::qWait(100);
    QVERIFY(!secondHeld);
    QVERIFY(!second.isHeld());
    // ...and gets it soon after the release.
    first.release();
    QTRY_VERIFY_WITH_TIMEOUT(secondHeld, 1000);
    QVERIFY(second.isHeld());
}

void tst_ProcessLock::lockOfDeadProcessIsTakenAtOnce()
{
    // What QLockFile leaves behind when its process is killed: PID, name, host name.
    makeLockDirectory();
    QFile stale(lockPath());
    QVERIFY(stale.open(QIODevice::WriteOnly));
    // PID 2^22 + 1 is above Linux's pid_max ceiling, so no process can have it.
    stale.write("4194305\ntessera-tray\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    stale.close();

    ProcessLock lock(lockPath(), 30s);
    bool held = false;
    lock.acquire([&](bool acquired) { held = acquired; });
    QTRY_VERIFY_WITH_TIMEOUT(held, 1000);
}

void tst_ProcessLock::waiterGivesUpOnHungHolder()
{
    // A live holder keeps its lock, but nobody waits for it for longer than staleAfter plus a
    // small margin: the waiter is told it did not get the lock and goes on without it.
    ProcessLock hung(lockPath(), 300ms);
    ProcessLock waiting(lockPath(), 300ms);
    bool hungHeld = false;
    hung.acquire([&](bool acquired) { hungHeld = acquired; });
    QTRY_VERIFY(hungHeld);
    std::optional<bool> result;
    QElapsedTimer waited;
    waited.start();
    waiting.acquire([&](bool acquired) { result = acquired; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!*result);
    QVERIFY(!waiting.isHeld());
    QVERIFY(hung.isHeld());
    QVERIFY2(waited.elapsed() >= 300, qPrintable(QString::number(waited.elapsed())));
}

void tst_ProcessLock::liveHolderIsNeverDisplacedByAge()
{
    // The holder keeps an flock() on its lock file; an old file is stale by age, but removing it
    // needs that flock(), which a live holder never gives up.
    ProcessLock holder(lockPath(), 300ms);
    bool held = false;
    holder.acquire([&](bool acquired) { held = acquired; });
    QTRY_VERIFY(held);
    QFile file(lockPath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                             QFileDevice::FileModificationTime));
    file.close();

    ProcessLock waiting(lockPath(), 300ms);
    std::optional<bool> result;
    waiting.acquire([&](bool acquired) { result = acquired; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!*result);
    QVERIFY(holder.isHeld());
    QVERIFY(QFile::exists(lockPath()));
}

void tst_ProcessLock::reusedPidIsRecoveredByAge()
{
    // A dead holder's PID taken over by a process running the same program (here: this test
    // program itself, which holds no flock on the file): QLockFile cannot tell from the PID,
    // and the lock is recovered once the file is older than staleAfter.
    makeLockDirectory();
    QFile stale(lockPath());
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write(QByteArray::number(QCoreApplication::applicationPid()) + '\n'
                + QFileInfo(QCoreApplication::applicationFilePath()).fileName().toUtf8() + '\n'
                + QSysInfo::machineHostName().toUtf8() + '\n' + QSysInfo::machineUniqueId() + '\n'
                + QSysInfo::bootUniqueId() + '\n');
    stale.close();

    ProcessLock lock(lockPath(), 1s);
    std::optional<bool> result;
    QElapsedTimer waited;
    waited.start();
    lock.acquire([&](bool acquired) { result = acquired; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(*result);
    QVERIFY2(waited.elapsed() >= 900, qPrintable(QString::number(waited.elapsed())));
}

void tst_ProcessLock::lockDirectoryMustBePrivate()
{
    // Anybody who can write there could hold the lock forever (or remove it).
    const QString directory = m_dir.filePath(QStringLiteral("open"));
    QVERIFY(QDir().mkpath(directory));
    QVERIFY(QFile::setPermissions(directory, QFileDevice::Permissions(0x7777)));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("open to group or others")));
    ProcessLock lock(directory + QStringLiteral("/profile.lock"), 1s);
    std::optional<bool> result;
    lock.acquire([&](bool acquired) { result = acquired; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!*result);
    QVERIFY(!QFile::exists(directory + QStringLiteral("/profile.lock")));
}

void tst_ProcessLock::newerAcquireReplacesPendingOne()
{
    ProcessLock lock(lockPath(), 30s);
    int firstCalls = 0;
    int secondCalls = 0;
    lock.acquire([&](bool) { ++firstCalls; });
    lock.acquire([&](bool) { ++secondCalls; });
    QTRY_COMPARE(secondCalls, 1);
    QCoreApplication::processEvents();
    QCOMPARE(firstCalls, 0);
}

void tst_ProcessLock::releaseDropsPendingAcquire()
{
    ProcessLock lock(lockPath(), 30s);
    int calls = 0;
    lock.acquire([&](bool) { ++calls; });
    lock.release();
    QTest::qWait(50);
    QCOMPARE(calls, 0);
    QVERIFY(!lock.isHeld());
}

void tst_ProcessLock::unwritableDirectoryReportsFailure()
{
    ProcessLock lock(QStringLiteral("/proc/tessera-cannot-be-here/profile.lock"), 1s);
    std::optional<bool> result;
    lock.acquire([&](bool acquired) { result = acquired; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!*result);
    QVERIFY(!lock.isHeld());
}

QTEST_GUILESS_MAIN(tst_ProcessLock)
#include "tst_processlock.moc"
