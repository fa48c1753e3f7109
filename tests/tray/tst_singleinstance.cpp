// SPDX-License-Identifier: BSD-3-Clause
// SingleInstance: the lock decides who is first; a later one reaches the first through the
// socket; a socket left by a dead instance does not stop the next one.
#include "singleinstance.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace std::chrono_literals;
using namespace Tessera::Tray;

class tst_SingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFirstClaimWinsTheSecondAsks();
    void aReleasedLockCanBeClaimedAgain();
    void aStaleSocketIsReplaced();
    void nobodyAnsweringIsReported();
    void itsDirectoryIsPrivate();
};

void tst_SingleInstance::theFirstClaimWinsTheSecondAsks()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    SingleInstance second(dir.path());
    QVERIFY(first.claim());
    QVERIFY(!second.claim());
    QCOMPARE(second.holder(), QCoreApplication::applicationPid());
    QSignalSpy shown(&first, &SingleInstance::showRequested);
    // notifyRunning() blocks; the first answers from another thread's event loop here, as it
    // would from its own process.
    QThread thread;
    first.moveToThread(&thread);
    thread.start();
    QVERIFY(second.notifyRunning(5s));
    QTRY_COMPARE(shown.count(), 1);
    thread.quit();
    thread.wait();
}

void tst_SingleInstance::aReleasedLockCanBeClaimedAgain()
{
    QTemporaryDir dir;
    {
        SingleInstance first(dir.path());
        QVERIFY(first.claim());
    }
    SingleInstance next(dir.path());
    QVERIFY(next.claim());
}

void tst_SingleInstance::aStaleSocketIsReplaced()
{
    QTemporaryDir dir;
    // What a crashed instance leaves: a socket file nobody listens on (here a plain file).
    QFile stale(dir.filePath(QStringLiteral("tray.socket")));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    SingleInstance first(dir.path());
    QVERIFY(first.claim());
    SingleInstance second(dir.path());
    QVERIFY(!second.claim());
    QThread thread;
    first.moveToThread(&thread);
    thread.start();
    QVERIFY(second.notifyRunning(5s)); // the socket is the live one now
    thread.quit();
    thread.wait();
}

void tst_SingleInstance::nobodyAnsweringIsReported()
{
    QTemporaryDir dir;
    SingleInstance lonely(dir.path());
    QVERIFY(!lonely.notifyRunning(300ms));
}

void tst_SingleInstance::itsDirectoryIsPrivate()
{
    // The directory is the one Tessera::Core's processes share their refresh lock and change
    // notices in; the library refuses it if group or others may enter.
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/runtime/tessera");
    SingleInstance instance(path);
    QVERIFY(instance.claim());
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                           | QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
    QCOMPARE(QFileInfo(path).permissions(), ownerOnly);
    QCOMPARE(QFileInfo(dir.path() + QStringLiteral("/runtime")).permissions(), ownerOnly);
}

QTEST_GUILESS_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
