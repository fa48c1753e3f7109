// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray's sessions: first start, a login dialog per session, sign-ins and sign-outs
// from here and from the command line, several sessions behind one icon, the warnings
// before a session ends, and quitting in the middle of a sign-in. Real X server and tray
// host, real keychain, real dev server.
#include "statuswindow.h"
#include "trayfixture.h"

#include <Tessera/manualclock.h>
#include <Tessera/sessionstatusview.h>

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using namespace Tessera::Tray;
using State = Session::State;

namespace {
QPushButton *button(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

// Qt's own balloon for QSystemTrayIcon::showMessage(), if one is on show.
QWidget *balloonOnShow()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->inherits("QBalloonTip") && widget->isVisible())
            return widget;
    }
    return nullptr;
}

bool restored(const TrayApplication &tray)
{
    for (int i = 0; i < tray.sessionCount(); ++i) {
        if (tray.session(i)->state() == State::Restoring)
            return false;
    }
    return true;
}
} // namespace

class tst_TraySessions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstStartAsksForEachSessionInTurn();
    void minimizedFirstStartNotifiesInstead();
    void signingInWithdrawsTheSignInNotice();
    void aDeadStoredSessionAsksAtStartUp();
    void aFailedSignInIsNotASessionEndedNotice();
    void signInFromTheCommandLineShowsUp();
    void menuActionsDriveTheSession();
    void signingOutFromTheStatusWindowIsNotElsewhere();
    void eachSessionHasItsOwnDialog();
    void severalSessionsShareOneIcon();
    void theEndOfASessionIsWarnedAtEachWarningTime();
    void aCancelledReauthenticationKeepsTheEndingSoonNotice();
    void quitDuringASignInQuits();
    void withoutATrayClosingTheWindowSaysItStillRuns();
    void dialogsGoWithTheTray();

private:
    std::unique_ptr<TrayApplication> startOverADeadSession(ManualClock *anHourLater);
    std::unique_ptr<TrayApplication> startSignedIn(ManualClock *clock,
                                                   const QList<std::chrono::seconds> &warnings);

    TrayFixture m_fixture {QStringLiteral("tray-sessions")};
};

void tst_TraySessions::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_TraySessions::init()
{
    m_fixture.server.post(QStringLiteral("/_dev/reset"), {});
}

void tst_TraySessions::cleanup()
{
    TrayFixture::closeAllWindows();
}

void tst_TraySessions::firstStartAsksForEachSessionInTurn()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile(), m_fixture.newProfile()});
    tray->start();
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
    QCOMPARE(TrayFixture::openLoginDialogs().size(), 1); // one at a time
    QTRY_VERIFY(restored(*tray));
    QVERIFY(!tray->loginDialog(tray->session(1)));
    tray->loginDialog(tray->session(0))->close();
    QTRY_VERIFY(tray->loginDialog(tray->session(1)));
    QVERIFY(tray->loginDialog(tray->session(1))->isVisible());
}

void tst_TraySessions::minimizedFirstStartNotifiesInstead()
{
    TrayApplication::Options options;
    options.minimized = true;
    auto tray = m_fixture.makeTray({m_fixture.newProfile()}, options);
    tray->start();
    const QString key = QStringLiteral("signin/") + tray->session(0)->profile().id();
    QTRY_COMPARE(tray->notifier()->lastKey(), key);
    // The notice is sent where the dialog would have been opened: none is.
    QVERIFY(TrayFixture::openLoginDialogs().isEmpty());
    QVERIFY(!tray->hasStatusWindow());
    // Clicking the notice (the tray's balloon here) opens the dialog.
    Q_EMIT tray->trayIcon()->messageClicked();
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
}

void tst_TraySessions::signingInWithdrawsTheSignInNotice()
{
    const QString profile = m_fixture.newProfile();
    TrayApplication::Options options;
    options.minimized = true;
    auto tray = m_fixture.makeTray({profile}, options);
    tray->start();
    QTRY_COMPARE(tray->notifier()->lastKey(),
                 QStringLiteral("signin/") + tray->session(0)->profile().id());
    QTRY_VERIFY(tray->notifier()->hasTrayBalloons());
    QTRY_VERIFY(balloonOnShow()); // "Sign in to …", in the tray's balloon
    // Signed in elsewhere (the command line): the notice is untrue now and goes.
    QCOMPARE(TrayFixture::cliLogin(profile), 0);
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    QTRY_VERIFY(!balloonOnShow());
}

// A tray started over a stored session whose access token has expired (the tray starts an hour
// later) and whose refresh token the server no longer knows (a dev server that restarted, a
// session revoked meanwhile). Null if the session could not be stored.
std::unique_ptr<TrayApplication> tst_TraySessions::startOverADeadSession(ManualClock *anHourLater)
{
    const QString profile = m_fixture.newProfile();
    if (TrayFixture::cliLogin(profile) != 0)
        return nullptr;
    m_fixture.server.post(QStringLiteral("/_dev/revoke-user"),
                          {{QStringLiteral("user"), Accounts::alice}});
    TrayApplication::Options options;
    options.clock = anHourLater;
    auto tray = m_fixture.makeTray({profile}, options);
    tray->start();
    return tray;
}

// A tray on \a clock that warns at \a warnings before a session ends, its one session signed
// in as alice. Null if the sign-in did not go through.
std::unique_ptr<TrayApplication>
tst_TraySessions::startSignedIn(ManualClock *clock, const QList<std::chrono::seconds> &warnings)
{
    TrayApplication::Options options;
    options.clock = clock;
    options.warnings = warnings;
    auto tray = m_fixture.makeTray({m_fixture.newProfile()}, options);
    tray->start();
    Session *session = tray->session(0);
    if (!QTest::qWaitFor([session] { return session->state() == State::SignedOut; }))
        return nullptr;
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    if (!QTest::qWaitFor([session] { return session->state() == State::Active; }))
        return nullptr;
    return tray;
}

void tst_TraySessions::aDeadStoredSessionAsksAtStartUp()
{
    ManualClock anHourLater(QDateTime::currentDateTimeUtc().addSecs(3600));
    auto tray = startOverADeadSession(&anHourLater);
    QVERIFY(tray);
    QTRY_COMPARE(tray->session(0)->state(), State::ReauthenticationRequired);
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
    QVERIFY(tray->loginDialog(tray->session(0))->isVisible());
}

void tst_TraySessions::aFailedSignInIsNotASessionEndedNotice()
{
    // The session has ended and its login dialog is open: a wrong password is said in the
    // dialog, not by a "your session has ended" notice on top of it.
    ManualClock anHourLater(QDateTime::currentDateTimeUtc().addSecs(3600));
    auto tray = startOverADeadSession(&anHourLater);
    QVERIFY(tray);
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
    QSignalSpy delivered(tray->notifier(), &Notifier::delivered);
    QSignalSpy failed(tray->session(0), &Session::errorOccurred);
    tray->session(0)->signIn(Accounts::alice, Secret("not-the-password"));
    QTRY_COMPARE(failed.count(), 1);
    QTRY_COMPARE(tray->session(0)->state(), State::ReauthenticationRequired);
    QCoreApplication::processEvents();
    QCOMPARE(delivered.count(), 0);
    // A session that ends later is still told.
    tray->session(0)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    m_fixture.server.post(QStringLiteral("/_dev/revoke-user"),
                          {{QStringLiteral("user"), Accounts::alice}});
    tray->session(0)->refresh();
    QTRY_COMPARE(tray->notifier()->lastKey(),
                 QStringLiteral("reauth/") + tray->session(0)->profile().id());
}

void tst_TraySessions::signInFromTheCommandLineShowsUp()
{
    const QString profile = m_fixture.newProfile();
    auto tray = m_fixture.makeTray({profile});
    tray->start();
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
    QCOMPARE(TrayFixture::cliLogin(profile), 0);
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    QTRY_COMPARE(tray->shownState(), TrayState::Active);
    QTRY_VERIFY(!tray->loginDialog(tray->session(0))); // signed in elsewhere: the dialog is done
    QVERIFY2(tray->toolTip().startsWith(QStringLiteral("alice @ Dev Server — expires at ")),
             qPrintable(tray->toolTip()));
    QCOMPARE(TrayFixture::cli(profile, {QStringLiteral("logout")}), 0);
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QCOMPARE(tray->notifier()->shown(), 1);
    QCOMPARE(tray->notifier()->lastKey(),
             QStringLiteral("signed-out/") + tray->session(0)->profile().id());
}

void tst_TraySessions::menuActionsDriveTheSession()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile()});
    tray->start();
    Session *session = tray->session(0);
    QTRY_VERIFY(tray->loginDialog(session));
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(session->state(), State::Active);
    QTRY_VERIFY(!tray->loginDialog(session));
    m_fixture.server.resetStats();
    TrayMenu *menu = tray->trayMenu();

    menu->action(QStringLiteral("refresh"), session)->trigger();
    QTRY_COMPARE(m_fixture.server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(session->state(), State::Active);
    QCOMPARE(menu->action(QStringLiteral("signin"), session)->text(),
             QStringLiteral("Re-&authenticate…"));
    menu->action(QStringLiteral("signin"), session)->trigger();
    QTRY_VERIFY(tray->loginDialog(session));
    tray->loginDialog(session)->close();
    menu->action(QStringLiteral("status"))->trigger();
    QTRY_VERIFY(tray->statusWindow()->isVisible());

    menu->action(QStringLiteral("signout"), session)->trigger();
    QTRY_COMPARE(session->state(), State::SignedOut);
    QCOMPARE(m_fixture.server.stats().value(QStringLiteral("logouts")).toInt(), 1);
    QTRY_COMPARE(tray->shownState(), TrayState::SignedOut);
    QCOMPARE(tray->notifier()->shown(), 0); // signed out here: no "elsewhere" notice
}

void tst_TraySessions::signingOutFromTheStatusWindowIsNotElsewhere()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile()});
    tray->start();
    Session *session = tray->session(0);
    QTRY_VERIFY(tray->loginDialog(session));
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(session->state(), State::Active);
    tray->showStatus(session);
    SessionStatusView *view = tray->statusWindow()->view(session);
    QVERIFY(view && view->isVisible());
    QTest::mouseClick(button(view, QStringLiteral("Sign &out")), Qt::LeftButton);
    QTRY_COMPARE(session->state(), State::SignedOut);
    QCOMPARE(m_fixture.server.stats().value(QStringLiteral("logouts")).toInt(), 1);
    QCOMPARE(tray->notifier()->shown(), 0);
}

void tst_TraySessions::eachSessionHasItsOwnDialog()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile(), m_fixture.newProfile()});
    tray->start();
    Session *a = tray->session(0);
    Session *b = tray->session(1);
    QTRY_VERIFY(tray->loginDialog(a));
    QTRY_VERIFY(restored(*tray));
    // Re-authenticate… for B while A's dialog is open: B's own dialog, A's stays.
    tray->trayMenu()->action(QStringLiteral("signin"), b)->trigger();
    QTRY_VERIFY(tray->loginDialog(b) && tray->loginDialog(b)->isVisible());
    QVERIFY(tray->loginDialog(a) && tray->loginDialog(a)->isVisible());
    QVERIFY(tray->loginDialog(a) != tray->loginDialog(b));
    QCOMPARE(tray->loginDialog(b)->session(), b);
    QVERIFY(tray->loginDialog(b)->windowTitle().endsWith(b->profile().name()));
}

void tst_TraySessions::severalSessionsShareOneIcon()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile(), m_fixture.newProfile()});
    tray->start();
    QTRY_VERIFY(restored(*tray)); // both keychain reads are over before anything is asserted
    QCOMPARE(tray->sessionCount(), 2);
    int headers = 0;
    for (QAction *a : tray->menu()->actions())
        headers += a->objectName().startsWith(QStringLiteral("header/")) ? 1 : 0;
    QCOMPARE(headers, 2); // a section per session

    tray->session(0)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(tray->session(0)->state(), State::Active);
    // One account without a session is not hidden behind the other's tick.
    QTRY_COMPARE(tray->shownState(), TrayState::SignedOut);
    tray->session(1)->signIn(Accounts::bob, Secret(Accounts::bobPassword));
    QTRY_COMPARE(tray->session(1)->state(), State::Active);
    QTRY_COMPARE(tray->shownState(), TrayState::Active);
    m_fixture.server.post(QStringLiteral("/_dev/revoke-user"),
                          {{QStringLiteral("user"), Accounts::bob}});
    tray->session(1)->refresh();
    QTRY_COMPARE(tray->session(1)->state(), State::ReauthenticationRequired);
    QTRY_COMPARE(tray->shownState(), TrayState::SignInNeeded); // the one that needs the user
    QCOMPARE(tray->notifier()->lastKey(),
             QStringLiteral("reauth/") + tray->session(1)->profile().id());
    // Clicking that notice opens the dialog of that session.
    Q_EMIT tray->trayIcon()->messageClicked();
    QTRY_VERIFY(tray->loginDialog(tray->session(1)));
}

void tst_TraySessions::theEndOfASessionIsWarnedAtEachWarningTime()
{
    m_fixture.server.configure({{QStringLiteral("refresh_lifetime"), 2 * 3600},
                                {QStringLiteral("access_lifetime"), 4 * 3600}});
    ManualClock clock(QDateTime::currentDateTimeUtc());
    auto tray = startSignedIn(&clock, {10min, 60min});
    QVERIFY(tray);
    Session *session = tray->session(0);
    const QDateTime end = session->refreshExpiresAt();
    QVERIFY(end.isValid());
    const QString id = session->profile().id();
    const int before = tray->notifier()->shown();

    clock.advance(std::chrono::seconds(clock.now().secsTo(end) - 3600 - 5));
    QCoreApplication::processEvents();
    QCOMPARE(tray->notifier()->shown(), before);
    QCOMPARE(tray->shownState(), TrayState::Active);
    clock.advance(10s); // into the last hour: the first warning, and the hourglass
    QTRY_COMPARE(tray->notifier()->lastKey(), QStringLiteral("ending/%1/3600").arg(id));
    QTRY_COMPARE(tray->shownState(), TrayState::ExpiringSoon);
    QVERIFY(tray->toolTip().contains(QStringLiteral("the session ends at")));
    clock.advance(50min); // the last ten minutes: the second
    QTRY_COMPARE(tray->notifier()->lastKey(), QStringLiteral("ending/%1/600").arg(id));
    QCOMPARE(tray->notifier()->shown(), before + 2);
    // Clicking it offers the sign-in that keeps the user signed in.
    Q_EMIT tray->trayIcon()->messageClicked();
    QTRY_VERIFY(tray->loginDialog(session));
}

void tst_TraySessions::aCancelledReauthenticationKeepsTheEndingSoonNotice()
{
    // "Session ending soon", then Re-authenticate… given up: the session still ends soon, and
    // the notice stays. Signing in does take it back.
    m_fixture.server.configure({{QStringLiteral("refresh_lifetime"), 3600},
                                {QStringLiteral("access_lifetime"), 2 * 3600}});
    ManualClock clock(QDateTime::currentDateTimeUtc());
    auto tray = startSignedIn(&clock, {10min});
    QVERIFY(tray);
    Session *session = tray->session(0);
    QTRY_VERIFY(tray->notifier()->hasTrayBalloons());
    clock.advance(std::chrono::seconds(clock.now().secsTo(session->refreshExpiresAt()) - 300));
    QTRY_COMPARE(tray->notifier()->lastKey(),
                 QStringLiteral("ending/%1/600").arg(session->profile().id()));
    QTRY_VERIFY(balloonOnShow());
    m_fixture.server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                               {QStringLiteral("count"), 1},
                               {QStringLiteral("delay_ms"), 3000}});
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QCOMPARE(session->state(), State::SigningIn);
    QVERIFY(session->cancel());
    QCOMPARE(session->state(), State::Active);
    QCoreApplication::processEvents();
    QVERIFY(balloonOnShow());
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(session->state(), State::Active);
    QTRY_VERIFY(!balloonOnShow());
}

void tst_TraySessions::quitDuringASignInQuits()
{
    for (const bool fromTheMenu : {true, false}) {
        auto tray = m_fixture.makeTray({m_fixture.newProfile()});
        tray->start();
        Session *session = tray->session(0);
        QTRY_VERIFY(tray->loginDialog(session));
        m_fixture.server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                                   {QStringLiteral("count"), 1},
                                   {QStringLiteral("delay_ms"), 10000}});
        LoginDialog *dialog = tray->loginDialog(session);
        for (QLineEdit *edit : dialog->findChildren<QLineEdit *>())
            edit->setText(edit->accessibleName() == QStringLiteral("User name")
                                  ? Accounts::alice
                                  : QString::fromLatin1(Accounts::alicePassword));
        QTest::mouseClick(button(dialog, QStringLiteral("&Sign in")), Qt::LeftButton);
        QCOMPARE(session->state(), State::SigningIn);
        // The menu's Quit, or a quit from elsewhere (the session manager): both must end the
        // event loop although a dialog is busy. If it refused, the watchdog ends it with 99.
        QTimer::singleShot(0, tray.get(), [&] {
            if (fromTheMenu)
                tray->trayMenu()->action(QStringLiteral("quit"))->trigger();
            else
                QCoreApplication::quit();
        });
        QTimer watchdog;
        watchdog.setSingleShot(true);
        connect(&watchdog, &QTimer::timeout, this, [] { QCoreApplication::exit(99); });
        watchdog.start(8000);
        QCOMPARE(QApplication::exec(), 0);
        QVERIFY(session->state() != State::SigningIn); // the sign-in was cancelled
        m_fixture.server.clearFaults();
    }
}

void tst_TraySessions::withoutATrayClosingTheWindowSaysItStillRuns()
{
    // Not started: the icon is not docked anywhere, as on a desktop without a tray.
    auto tray = m_fixture.makeTray({m_fixture.newProfile()});
    QVERIFY(!tray->isDocked());
    tray->showStatus();
    StatusWindow *window = tray->statusWindow();
    QTRY_VERIFY(window->isVisible());
    QPushButton *quit = button(window, QStringLiteral("&Quit Tessera"));
    QVERIFY(quit && quit->isVisible()); // the window is the app's only face: it can quit
    window->close();
    QTRY_COMPARE(tray->notifier()->lastKey(), QStringLiteral("still-running"));
    // The notice (or starting Tessera again) brings the window back.
    Q_EMIT tray->notifier()->clicked(QStringLiteral("still-running"));
    QTRY_VERIFY(window->isVisible());
}

void tst_TraySessions::dialogsGoWithTheTray()
{
    auto tray = m_fixture.makeTray({m_fixture.newProfile()});
    tray->start();
    QTRY_VERIFY(tray->loginDialog(tray->session(0)));
    QPointer<LoginDialog> dialog = tray->loginDialog(tray->session(0));
    tray.reset(); // the session goes, and its dialog with it
    QVERIFY(dialog.isNull());
}

QTEST_MAIN(tst_TraySessions)
#include "tst_tray_sessions.moc"
