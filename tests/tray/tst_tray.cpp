// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray's TrayApplication on a real X server with a real tray host (trayer), with the
// real keychain and the real dev server; the command line signs in from another process.
#include "autostart.h"
#include "devserverprocess.h"
#include "notifier.h"
#include "trayapplication.h"

#include <Tessera/logindialog.h>
#include <Tessera/session.h>

#include <QApplication>
#include <QFile>
#include <QHelpEvent>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
QAction *action(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

LoginDialog *openLoginDialog()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *dialog = qobject_cast<LoginDialog *>(widget); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}
} // namespace

class tst_Tray : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void iconAppearsOnTheTrayHost();
    void firstStartAsksForASignIn();
    void signInFromTheCommandLineShowsUp();
    void menuActionsDriveTheSession();
    void menuCountdownTicksOnlyWhileOpen();
    void tooltipIsBroughtUpToDateWhenItShows();
    void startAtLoginWritesTheAutostartEntry();
    void severalSessionsShareOneIcon();

private:
    QString writeProfile();
    int cli(const QStringList &arguments, const QByteArray &input = {});
    std::unique_ptr<TrayApplication> startTray();

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    QString m_profile;
    int m_profiles = 0;
};

void tst_Tray::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run under scripts/with-keyring.sh and scripts/with-display.sh");
    QVERIFY2(QSystemTrayIcon::isSystemTrayAvailable(), "no tray host: run under with-display.sh");
    QVERIFY(m_server.start());
}

void tst_Tray::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
    m_profile = writeProfile();
}

void tst_Tray::cleanup()
{
    for (QWidget *widget : QApplication::topLevelWidgets())
        widget->close();
}

QString tst_Tray::writeProfile()
{
    return m_server.writeProfile(m_dir.path(), QStringLiteral("tray-test-%1").arg(++m_profiles));
}

int tst_Tray::cli(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(TESSERA_CLI_PATH),
                  QStringList {QStringLiteral("--profile"), m_profile} + arguments);
    process.write(input);
    process.closeWriteChannel();
    // Waiting here would block the tray's event loop; spin it instead.
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        process.kill();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

std::unique_ptr<TrayApplication> tst_Tray::startTray()
{
    const ProfileLoadResult loaded = Profile::load(m_profile);
    if (!loaded)
        qFatal("%s", qPrintable(loaded.errorString()));
    TrayApplication::Options options;
    options.launchArguments = {QStringLiteral("--profile"), m_profile};
    auto tray = std::make_unique<TrayApplication>(QList<Profile> {loaded.profile()}, options);
    tray->start();
    return tray;
}

void tst_Tray::iconAppearsOnTheTrayHost()
{
    auto tray = startTray();
    QTRY_VERIFY(tray->trayIcon()->isVisible());
    QVERIFY(!tray->trayIcon()->icon().isNull());
    QVERIFY(!tray->trayIcon()->geometry().isEmpty()); // docked in trayer's panel
}

void tst_Tray::firstStartAsksForASignIn()
{
    auto tray = startTray();
    QTRY_VERIFY(openLoginDialog());
    QCOMPARE(tray->currentState(), TrayState::SignedOut);
}

void tst_Tray::signInFromTheCommandLineShowsUp()
{
    auto tray = startTray();
    QTRY_VERIFY(openLoginDialog());
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                  QStringLiteral("--password-stdin")},
                 Accounts::alicePassword + '\n'),
             0);
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    QCOMPARE(tray->currentState(), TrayState::Active);
    QTRY_VERIFY(!openLoginDialog()); // signed in elsewhere: the dialog is done
    QVERIFY2(tray->toolTip().startsWith(QStringLiteral("alice @ Dev Server — expires in ")),
             qPrintable(tray->toolTip()));
    QCOMPARE(cli({QStringLiteral("logout")}), 0);
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QCOMPARE(tray->notifier()->shown(), 1); // "signed out elsewhere"
}

void tst_Tray::menuActionsDriveTheSession()
{
    auto tray = startTray();
    QTRY_VERIFY(openLoginDialog());
    tray->session(0)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    QTRY_VERIFY(!openLoginDialog());
    m_server.resetStats();

    action(tray->menu(), QStringLiteral("&Refresh now"))->trigger();
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(tray->session(0)->state(), State::Active);

    action(tray->menu(), QStringLiteral("Re-&authenticate…"))->trigger();
    QTRY_VERIFY(openLoginDialog());
    openLoginDialog()->close();

    action(tray->menu(), QStringLiteral("Show &status…"))->trigger();
    QTRY_VERIFY(tray->statusWindow()->isVisible());

    action(tray->menu(), QStringLiteral("Sign &out"))->trigger();
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QCOMPARE(m_server.stats().value(QStringLiteral("logouts")).toInt(), 1);
    QCOMPARE(tray->currentState(), TrayState::SignedOut);
    QCOMPARE(tray->notifier()->shown(), 0); // signed out here: no "elsewhere" notice
}

void tst_Tray::menuCountdownTicksOnlyWhileOpen()
{
    auto tray = startTray();
    QTRY_VERIFY(tray->trayIcon()->isVisible());
    QVERIFY(!tray->isTicking());
    tray->menu()->popup(QPoint(100, 100));
    QTRY_VERIFY(tray->menu()->isVisible());
    QVERIFY(tray->isTicking());
    tray->menu()->hide();
    QTRY_VERIFY(!tray->isTicking());
}

void tst_Tray::tooltipIsBroughtUpToDateWhenItShows()
{
    auto tray = startTray();
    QTRY_VERIFY(tray->trayIcon()->isVisible());
    // The stored session is looked up asynchronously: let the restore settle first, or the
    // tooltip rightly still says "Starting…".
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QWidget *iconWindow = nullptr;
    for (QWidget *widget : QApplication::allWidgets()) {
        if (widget->inherits("QSystemTrayIconSys"))
            iconWindow = widget;
    }
    QVERIFY2(iconWindow, "no XEmbed tray icon window");
    tray->trayIcon()->setToolTip(QStringLiteral("stale"));
    QHelpEvent hover(QEvent::ToolTip, QPoint(5, 5), iconWindow->mapToGlobal(QPoint(5, 5)));
    QApplication::sendEvent(iconWindow, &hover);
    QCOMPARE(tray->toolTip(), QStringLiteral("Dev Server — signed out"));
}

void tst_Tray::startAtLoginWritesTheAutostartEntry()
{
    auto tray = startTray();
    QAction *autostart = action(tray->menu(), QStringLiteral("Start at &login"));
    QVERIFY(autostart && autostart->isCheckable());
    QFile::remove(Autostart::entryPath());
    autostart->setChecked(true);
    QVERIFY(QFile::exists(Autostart::entryPath()));
    QFile entry(Autostart::entryPath());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QByteArray text = entry.readAll();
    QVERIFY(text.contains("--profile"));
    QVERIFY(text.contains("--minimized"));
    QVERIFY(text.contains(m_profile.toUtf8()));
    autostart->setChecked(false);
    QVERIFY(!QFile::exists(Autostart::entryPath()));
}

void tst_Tray::severalSessionsShareOneIcon()
{
    const QString second = writeProfile();
    const ProfileLoadResult one = Profile::load(m_profile);
    const ProfileLoadResult two = Profile::load(second);
    QVERIFY(one && two);
    TrayApplication tray(QList<Profile> {one.profile(), two.profile()}, {});
    tray.start();
    QTRY_VERIFY(openLoginDialog()); // the first has no session yet
    openLoginDialog()->close();
    QCOMPARE(tray.sessionCount(), 2);
    int headers = 0;
    for (QAction *a : tray.menu()->actions())
        headers += a->text().startsWith(QStringLiteral("Dev Server")) ? 1 : 0;
    QCOMPARE(headers, 2); // a section per session

    tray.session(0)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(tray.session(0)->state(), State::Active);
    QCOMPARE(tray.currentState(), TrayState::Active); // active beats signed out
    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    tray.session(1)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(tray.session(1)->state(), State::Active);
    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    tray.session(1)->refresh();
    QTRY_COMPARE(tray.session(1)->state(), State::ReauthenticationRequired);
    QCOMPARE(tray.currentState(), TrayState::SignInNeeded); // the one that needs the user
    QCOMPARE(tray.notifier()->lastKey(),
             QStringLiteral("reauth/") + tray.session(1)->profile().id());
}

QTEST_MAIN(tst_Tray)
#include "tst_tray.moc"
