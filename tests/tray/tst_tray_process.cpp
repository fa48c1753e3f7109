// SPDX-License-Identifier: BSD-3-Clause
// The tessera-tray program itself: its command line, one instance per user (also when two
// start at the same moment), and a desktop without a tray (a private Xvfb with no tray host)
// that gets one later. Windows are looked for through the X server, by the WM_CLASS instance
// each launched process gets (RESOURCE_NAME), so windows of other tests on the same display
// never count.
#include "devserverprocess.h"
#include "xwindows.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tessera;
using namespace Tessera::Test;

namespace {
// Starts an X server of its own on a display number picked at random from a high range (as
// scripts/with-display.sh does: other containers' servers share /tmp/.X11-unix); its display.
QString startXvfb(QProcess &xvfb)
{
    xvfb.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const QString display =
                QStringLiteral(":%1").arg(1000 + QRandomGenerator::global()->bounded(900));
        xvfb.start(QStringLiteral("Xvfb"),
                   {display, QStringLiteral("-displayfd"), QStringLiteral("1"),
                    QStringLiteral("-screen"), QStringLiteral("0"), QStringLiteral("800x600x24"),
                    QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        if (xvfb.waitForReadyRead(15000) && !xvfb.readLine().trimmed().isEmpty())
            return display;
        xvfb.kill();
        xvfb.waitForFinished(5000);
    }
    return QString();
}

// A launched tray: its process, the WM_CLASS instance of its windows, what it logged so far.
struct Tray
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString instance;
    QByteArray log;

    // Reads what the tray wrote to stderr (and copies it to this test's output, where the
    // secret scan reads every log line); true once \a text appeared.
    bool logged(const QByteArray &text)
    {
        const QByteArray more = process->readAllStandardError();
        if (!more.isEmpty())
            std::fputs(more.constData(), stderr);
        log += more;
        return log.contains(text);
    }

    ~Tray()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(2000);
        }
        logged(QByteArray());
    }
};
} // namespace

class tst_TrayProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAndVersionNeedNoDisplay();
    void aWrongOptionIsAUsageError();
    void secondLaunchShowsTheFirstAndExits();
    void twoLaunchesAtOnceLeaveOne();
    void everyProfileOnTheCommandLineIsUsed();
    void twoProfilesOfOneIdAreRefused();
    void withoutATrayShowsTheWindowUntilOneAppears();
    void minimizedWithoutATrayStillShowsTheWindow();

private:
    std::unique_ptr<Tray> launch(const QStringList &arguments, const QString &display,
                                 const QString &runtimeDir);

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
    m_profile = m_server.writeProfile(
            m_dir.path(),
            QStringLiteral("tray-process-%1").arg(QCoreApplication::applicationPid()));
}

std::unique_ptr<Tray> tst_TrayProcess::launch(const QStringList &arguments, const QString &display,
                                              const QString &runtimeDir)
{
    auto tray = std::make_unique<Tray>();
    tray->instance = QStringLiteral("tessera-test-")
                     + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (display.isEmpty())
        environment.remove(QStringLiteral("DISPLAY"));
    else
        environment.insert(QStringLiteral("DISPLAY"), display);
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    environment.insert(QStringLiteral("RESOURCE_NAME"), tray->instance);
    tray->process->setProcessEnvironment(environment);
    tray->process->start(QStringLiteral(TESSERA_TRAY_PATH), arguments);
    return tray;
}

void tst_TrayProcess::helpAndVersionNeedNoDisplay()
{
    QTemporaryDir runtime;
    auto help = launch({QStringLiteral("--help")}, QString(), runtime.path());
    QVERIFY(help->process->waitForFinished(10000));
    QCOMPARE(help->process->exitCode(), 0);
    const QByteArray text = help->process->readAllStandardOutput();
    QVERIFY2(text.startsWith("Usage: tessera-tray [options]"), text.constData());
    for (const char *option :
         {"--profile <file>", "--minimized", "--warn-before <minutes>", "--help", "--version"})
        QVERIFY2(text.contains(option), option);

    auto version = launch({QStringLiteral("--version")}, QString(), runtime.path());
    QVERIFY(version->process->waitForFinished(10000));
    QCOMPARE(version->process->exitCode(), 0);
    QVERIFY(version->process->readAllStandardOutput().startsWith("tessera-tray 0."));
}

void tst_TrayProcess::aWrongOptionIsAUsageError()
{
    QTemporaryDir runtime;
    for (const QStringList &arguments :
         {QStringList {QStringLiteral("--bogus")},
          QStringList {QStringLiteral("--warn-before"), QStringLiteral("soon")}}) {
        auto tray = launch(arguments, QString(), runtime.path());
        QVERIFY(tray->process->waitForFinished(10000));
        QCOMPARE(tray->process->exitCode(), 2);
        QVERIFY(tray->logged("tessera-tray --help lists the options"));
    }
}

void tst_TrayProcess::secondLaunchShowsTheFirstAndExits()
{
    QTemporaryDir runtime;
    const QString display = qEnvironmentVariable("DISPLAY");
    auto first = launch({QStringLiteral("--profile"), m_profile, QStringLiteral("--minimized")},
                        display, runtime.path());
    QTRY_VERIFY_WITH_TIMEOUT(first->logged("tessera.tray: ready: tray icon docked"), 15000);
    // --minimized: the icon, and no window of this process is on screen.
    QVERIFY(!XWindows::hasViewableWindow(display, first->instance, QStringLiteral("Tessera")));

    auto second = launch({QStringLiteral("--profile"), m_profile}, display, runtime.path());
    QVERIFY(second->process->waitForFinished(15000));
    QCOMPARE(second->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->process->exitCode(), 0);
    QVERIFY(second->logged("already running"));
    // The first one showed its status window.
    QTRY_VERIFY_WITH_TIMEOUT(
            XWindows::hasViewableWindow(display, first->instance, QStringLiteral("Tessera")),
            10000);
    QCOMPARE(first->process->state(), QProcess::Running);
}

void tst_TrayProcess::twoLaunchesAtOnceLeaveOne()
{
    const QString display = qEnvironmentVariable("DISPLAY");
    for (int round = 0; round < 3; ++round) {
        QTemporaryDir runtime;
        auto one = launch({QStringLiteral("--profile"), m_profile, QStringLiteral("--minimized")},
                          display, runtime.path());
        auto two = launch({QStringLiteral("--profile"), m_profile, QStringLiteral("--minimized")},
                          display, runtime.path());
        // Exactly one of them finds the other and leaves; the other keeps running.
        QTRY_VERIFY_WITH_TIMEOUT(one->process->state() == QProcess::NotRunning
                                         || two->process->state() == QProcess::NotRunning,
                                 20000);
        Tray &left = one->process->state() == QProcess::NotRunning ? *one : *two;
        Tray &stayed = &left == one.get() ? *two : *one;
        QCOMPARE(left.process->exitCode(), 0);
        QVERIFY(left.logged("already running"));
        QTRY_VERIFY_WITH_TIMEOUT(stayed.logged("tessera.tray: ready"), 15000);
        QCOMPARE(stayed.process->state(), QProcess::Running);
    }
}

void tst_TrayProcess::everyProfileOnTheCommandLineIsUsed()
{
    QTemporaryDir runtime;
    QTemporaryDir profiles;
    const QString pid = QString::number(QCoreApplication::applicationPid());
    const QString one = m_server.writeProfile(profiles.path(), QStringLiteral("tray-one-") + pid);
    const QString two = m_server.writeProfile(profiles.path(), QStringLiteral("tray-two-") + pid);
    auto tray = launch({QStringLiteral("--profile"), one, QStringLiteral("--profile"), two,
                        QStringLiteral("--minimized")},
                       qEnvironmentVariable("DISPLAY"), runtime.path());
    // Neither has a session: each gets its own "sign in" notice.
    QTRY_VERIFY_WITH_TIMEOUT(tray->logged("tessera.tray: ready"), 15000);
    QTRY_VERIFY(tray->log.count("notification: Sign in to Dev Server") == 2);
}

void tst_TrayProcess::twoProfilesOfOneIdAreRefused()
{
    // work.json of two folders (two servers): both "work" by default, so they would share one
    // session in the keychain.
    QTemporaryDir a;
    QTemporaryDir b;
    const QString first = m_server.writeProfile(a.path(), QStringLiteral("work"));
    const QString second = m_server.writeProfile(b.path(), QStringLiteral("work"));
    QTemporaryDir runtime;
    auto tray = launch({QStringLiteral("--profile"), first, QStringLiteral("--profile"), second},
                       QString(), runtime.path());
    QVERIFY(tray->process->waitForFinished(10000));
    QCOMPARE(tray->process->exitCode(), 7);
    QVERIFY(tray->logged("are both profile \"work\"; give one of them another \"id\""));
}

void tst_TrayProcess::withoutATrayShowsTheWindowUntilOneAppears()
{
    // A second X server of our own, with no tray host on it.
    QProcess xvfb;
    const QString display = startXvfb(xvfb);
    QVERIFY2(!display.isEmpty(), "Xvfb did not start");
    QTemporaryDir runtime;
    auto tray = launch({QStringLiteral("--profile"), m_profile}, display, runtime.path());
    QTRY_VERIFY_WITH_TIMEOUT(tray->logged("no system tray"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(
            XWindows::hasViewableWindow(display, tray->instance, QStringLiteral("Tessera")), 10000);
    QVERIFY(!tray->logged("tray icon docked"));

    // A tray host appears later: the icon docks, without the tray polling for it.
    QProcess trayer;
    trayer.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DISPLAY"), display);
    trayer.setProcessEnvironment(environment);
    trayer.start(QStringLiteral("trayer"),
                 {QStringLiteral("--SetDockType"), QStringLiteral("true")});
    QTRY_VERIFY_WITH_TIMEOUT(tray->logged("tray icon docked"), 15000);
    tray.reset();
    trayer.terminate();
    trayer.waitForFinished(5000);
    xvfb.terminate();
    xvfb.waitForFinished(5000);
}

void tst_TrayProcess::minimizedWithoutATrayStillShowsTheWindow()
{
    // What the autostart entry runs, on a desktop with no tray host (GNOME without an
    // extension): the icon cannot be seen, so the status window is what stands in.
    QProcess xvfb;
    const QString display = startXvfb(xvfb);
    QVERIFY2(!display.isEmpty(), "Xvfb did not start");
    QTemporaryDir runtime;
    auto tray = launch({QStringLiteral("--profile"), m_profile, QStringLiteral("--minimized")},
                       display, runtime.path());
    QTRY_VERIFY_WITH_TIMEOUT(tray->logged("no tray, the status window stands in"), 15000);
    // The log line is true: the window is on screen.
    QTRY_VERIFY_WITH_TIMEOUT(
            XWindows::hasViewableWindow(display, tray->instance, QStringLiteral("Tessera")), 10000);
    tray.reset();
    xvfb.terminate();
    xvfb.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_TrayProcess)
#include "tst_tray_process.moc"
