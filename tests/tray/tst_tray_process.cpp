// SPDX-License-Identifier: BSD-3-Clause
// The tessera-tray program itself: one instance per user, and a desktop without a tray (a
// private Xvfb with no tray host) that gets one later.
#include "devserverprocess.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

class tst_TrayProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void secondLaunchShowsTheFirstAndExits();
    void withoutATrayShowsTheWindowUntilOneAppears();

private:
    std::unique_ptr<QProcess> launch(const QStringList &extra, const QString &display,
                                     const QString &runtimeDir);
    static bool windowOnDisplay(const QString &display, const QByteArray &title);

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    QString m_profile;
};

void tst_TrayProcess::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                     && qEnvironmentVariableIsSet("DISPLAY"),
             "run under scripts/with-keyring.sh and scripts/with-display.sh");
    QVERIFY(m_server.start());
    m_profile = m_server.writeProfile(m_dir.path(), QStringLiteral("tray-process-test"));
}

std::unique_ptr<QProcess> tst_TrayProcess::launch(const QStringList &extra, const QString &display,
                                                  const QString &runtimeDir)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DISPLAY"), display);
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    environment.insert(QStringLiteral("TESSERA_TRAY_PROBE_MS"), QStringLiteral("300"));
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(TESSERA_TRAY_PATH),
                   QStringList {QStringLiteral("--profile"), m_profile} + extra);
    return process;
}

bool tst_TrayProcess::windowOnDisplay(const QString &display, const QByteArray &title)
{
    QProcess xwininfo;
    xwininfo.start(QStringLiteral("xwininfo"), {QStringLiteral("-display"), display,
                                                QStringLiteral("-root"), QStringLiteral("-tree")});
    xwininfo.waitForFinished(5000);
    return xwininfo.readAllStandardOutput().contains("\"" + title + "\"");
}

void tst_TrayProcess::secondLaunchShowsTheFirstAndExits()
{
    QTemporaryDir runtime;
    const QString display = qEnvironmentVariable("DISPLAY");
    auto first = launch({QStringLiteral("--minimized")}, display, runtime.path());
    QByteArray firstLog;
    QTRY_VERIFY_WITH_TIMEOUT(
            (firstLog += first->readAllStandardError()).contains("tray icon shown"), 10000);
    QVERIFY(!windowOnDisplay(display, "Tessera")); // minimized: no window

    auto second = launch({}, display, runtime.path());
    QVERIFY(second->waitForFinished(10000));
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QVERIFY(second->readAllStandardError().contains("already running"));
    QTRY_VERIFY_WITH_TIMEOUT(windowOnDisplay(display, "Tessera"), 5000); // the first showed it
    QCOMPARE(first->state(), QProcess::Running);
    first->terminate();
    QVERIFY(first->waitForFinished(5000));
}

void tst_TrayProcess::withoutATrayShowsTheWindowUntilOneAppears()
{
    // A second X server of our own, with no tray host on it.
    QProcess xvfb;
    xvfb.start(QStringLiteral("Xvfb"),
               {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                QStringLiteral("0"), QStringLiteral("800x600x24"), QStringLiteral("-nolisten"),
                QStringLiteral("tcp")});
    QVERIFY(xvfb.waitForReadyRead(15000));
    const QString display = QLatin1Char(':') + QString::fromLatin1(xvfb.readLine().trimmed());
    QTemporaryDir runtime;
    auto tray = launch({}, display, runtime.path());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += tray->readAllStandardError()).contains("no system tray"),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(windowOnDisplay(display, "Tessera"), 5000);
    QVERIFY(!log.contains("tray icon shown"));

    // A tray host appears later: the icon follows.
    QProcess trayer;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DISPLAY"), display);
    trayer.setProcessEnvironment(environment);
    trayer.start(QStringLiteral("trayer"),
                 {QStringLiteral("--SetDockType"), QStringLiteral("true")});
    QTRY_VERIFY_WITH_TIMEOUT((log += tray->readAllStandardError()).contains("tray icon shown"),
                             15000);
    tray->terminate();
    tray->waitForFinished(5000);
    trayer.terminate();
    trayer.waitForFinished(5000);
    xvfb.terminate();
    xvfb.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_TrayProcess)
#include "tst_tray_process.moc"
