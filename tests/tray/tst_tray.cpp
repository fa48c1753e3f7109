// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray's TrayApplication on a real X server with a real tray host (trayer), with the
// real keychain and the real dev server: the icon in the tray, its looks, the tooltip, the
// menu and its countdown.
#include "autostart.h"
#include "statuswindow.h"
#include "trayfixture.h"
#include "traymenu.h"
#include "xwindows.h"

#include <Tessera/manualclock.h>
#include <Tessera/sessiontext.h>

#include <QElapsedTimer>
#include <QFile>
#include <QHelpEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolTip>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using namespace Tessera::Tray;
using State = Session::State;

class tst_Tray : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void iconIsDockedInTheTrayHost();
    void iconShowsTheSessionsLook();
    void aRefreshStaysVisibleForAMoment();
    void tooltipCountsDownWhileItShows();
    void menuCountdownTicksOnlyWhileOpen();
    void menuStopsTickingWhenTheHostNeverSaysItClosed();
    void menuHeaderIsLegibleAndOpensTheStatus();
    void clickingTheIconOpensTheStatusWindow();
    void startAtLoginWritesTheAutostartEntry();

private:
    // Signs session 0 of \a tray in and waits until it is active.
    bool signIn(TrayApplication &tray);

    TrayFixture m_fixture {QStringLiteral("tray-test")};
    QString m_profile;
};

void tst_Tray::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_Tray::init()
{
    m_fixture.server.post(QStringLiteral("/_dev/reset"), {});
    m_profile = m_fixture.newProfile();
}

void tst_Tray::cleanup()
{
    TrayFixture::closeAllWindows();
}

bool tst_Tray::signIn(TrayApplication &tray)
{
    // The stored session is looked up first; a sign-in must not race that read.
    if (!QTest::qWaitFor([&] { return tray.session(0)->state() == State::SignedOut; }))
        return false;
    tray.session(0)->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    return QTest::qWaitFor([&] { return tray.session(0)->state() == State::Active; });
}

void tst_Tray::iconIsDockedInTheTrayHost()
{
    auto tray = m_fixture.makeTray({m_profile});
    QSignalSpy ready(tray.get(), &TrayApplication::ready);
    tray->start();
    QTRY_VERIFY(tray->isDocked());
    QWidget *icon = tray->dock()->iconWindow();
    QVERIFY(icon);
    // What the X server says: the icon window sits inside trayer's panel, and is mapped.
    const QString display = qEnvironmentVariable("DISPLAY");
    const quint64 panel = XWindows::trayerPanel(display);
    QVERIFY2(panel, "no trayer panel on the display");
    QTRY_VERIFY(XWindows::isInside(display, icon->winId(), panel));
    QTRY_VERIFY(XWindows::isViewable(display, icon->winId()));
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(tray->shownState(), TrayState::SignedOut); // the restored look, not "starting"
}

void tst_Tray::iconShowsTheSessionsLook()
{
    auto tray = m_fixture.makeTray({m_profile});
    tray->start();
    const auto shows = [&](TrayState state) {
        return tray->shownState() == state
               && tray->trayIcon()->icon().cacheKey() == tray->iconFor(state).cacheKey();
    };
    QTRY_VERIFY(shows(TrayState::SignedOut));
    QVERIFY(signIn(*tray));
    QTRY_VERIFY(shows(TrayState::Active));
    m_fixture.server.post(QStringLiteral("/_dev/revoke-user"),
                          {{QStringLiteral("user"), Accounts::alice}});
    tray->session(0)->refresh();
    QTRY_VERIFY(shows(TrayState::SignInNeeded));
    QVERIFY(tray->iconFor(TrayState::SignInNeeded).cacheKey()
            != tray->iconFor(TrayState::Active).cacheKey());
}

void tst_Tray::aRefreshStaysVisibleForAMoment()
{
    TrayApplication::Options options;
    options.refreshingShownFor = 3000ms; // far longer than a refresh, even on a busy machine
    auto tray = m_fixture.makeTray({m_profile}, options);
    tray->start();
    QVERIFY(signIn(*tray));
    QTRY_COMPARE(tray->shownState(), TrayState::Active);

    QElapsedTimer clock;
    QList<QPair<TrayState, qint64>> looks;
    qint64 activeAgain = -1;
    connect(tray.get(), &TrayApplication::lookChanged, this, [&](TrayState state) {
        looks.append({state, clock.elapsed()});
    });
    connect(tray->session(0), &Session::refreshed, this, [&] { activeAgain = clock.elapsed(); });
    clock.start();
    tray->session(0)->refresh();
    QTRY_VERIFY(looks.size() == 2);
    QCOMPARE(looks.at(0).first, TrayState::Refreshing);
    QCOMPARE(looks.at(1).first, TrayState::Active);
    QVERIFY(activeAgain >= 0);
    // The refresh itself was over long before its look went.
    QVERIFY2(looks.at(1).second - looks.at(0).second >= 2900,
             qPrintable(QString::number(looks.at(1).second - looks.at(0).second)));
    QVERIFY(activeAgain < looks.at(1).second);
}

void tst_Tray::tooltipCountsDownWhileItShows()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    TrayApplication::Options options;
    options.clock = &clock;
    auto tray = m_fixture.makeTray({m_profile}, options);
    tray->start();
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QTRY_COMPARE(tray->toolTip(), QStringLiteral("Dev Server — signed out"));
    QVERIFY(signIn(*tray));
    Session *session = tray->session(0);
    // What a tray host that shows the tooltip itself (StatusNotifierItem) is given: a time of
    // day, true however long it shows, with no tick.
    const QString timeOfDay = QStringLiteral("alice @ Dev Server — expires at ")
                              + SessionText::clockTime(session->accessExpiresAt(), clock.now());
    QCOMPARE(tray->toolTip(), timeOfDay);
    clock.advance(20s);
    QCoreApplication::processEvents();
    QCOMPARE(tray->toolTip(), timeOfDay);
    QVERIFY(!tray->isToolTipTicking());
    // On XEmbed Qt shows it: it counts down while it shows.
    QWidget *icon = tray->dock()->iconWindow();
    QVERIFY(icon);
    QHelpEvent hover(QEvent::ToolTip, QPoint(5, 5), icon->mapToGlobal(QPoint(5, 5)));
    QApplication::sendEvent(icon, &hover);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), SessionText::summary(*session, clock.now()));
    QVERIFY(QToolTip::text().startsWith(QStringLiteral("alice @ Dev Server — expires in ")));
    QVERIFY(tray->isToolTipTicking());
    clock.advance(7s);
    QTRY_COMPARE(QToolTip::text(), SessionText::summary(*session, clock.now()));
    // Gone, it stops ticking, and the icon's text is the time of day again.
    QToolTip::hideText();
    QTRY_VERIFY(!tray->isToolTipTicking());
    QCOMPARE(tray->toolTip(), timeOfDay);
    // A refresh brings a new expiry (a longer one here, so that it surely differs).
    m_fixture.server.configure({{QStringLiteral("access_lifetime"), 900}});
    const QDateTime before = session->accessExpiresAt();
    QSignalSpy refreshed(session, &Session::refreshed);
    session->refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(session->accessExpiresAt() > before);
    QCOMPARE(tray->toolTip(),
             QStringLiteral("alice @ Dev Server — expires at ")
                     + SessionText::clockTime(session->accessExpiresAt(), clock.now()));
}

void tst_Tray::menuCountdownTicksOnlyWhileOpen()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    TrayApplication::Options options;
    options.clock = &clock;
    auto tray = m_fixture.makeTray({m_profile}, options);
    tray->start();
    QVERIFY(signIn(*tray));
    Session *session = tray->session(0);
    QAction *header = tray->trayMenu()->action(QStringLiteral("header"), session);
    QVERIFY(header);
    QVERIFY(!tray->isTicking());

    tray->menu()->popup(QPoint(100, 100));
    QTRY_VERIFY(tray->menu()->isVisible());
    QVERIFY(tray->isTicking());
    const QString opened = header->text();
    QCOMPARE(opened, SessionText::summary(*session, clock.now()));
    clock.advance(7s);
    QTRY_COMPARE(header->text(), SessionText::summary(*session, clock.now()));
    QVERIFY(header->text() != opened);

    tray->menu()->hide();
    QTRY_VERIFY(!tray->isTicking());
    const QString closed = header->text();
    clock.advance(7s);
    QTest::qWait(1200); // a ticking menu would have stepped by now
    QCOMPARE(header->text(), closed);
}

void tst_Tray::menuStopsTickingWhenTheHostNeverSaysItClosed()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    TrayApplication::Options options;
    options.clock = &clock;
    auto tray = m_fixture.makeTray({m_profile}, options);
    tray->start();
    // A D-Bus tray host asks for the menu (aboutToShow) and draws it itself: no menu widget.
    Q_EMIT tray->menu()->aboutToShow();
    QVERIFY(tray->isTicking());
    QVERIFY(!tray->menu()->isVisible());
    clock.advance(tray->trayMenu()->tickLimit() + 1s);
    QTRY_VERIFY(!tray->isTicking());
}

void tst_Tray::menuHeaderIsLegibleAndOpensTheStatus()
{
    auto tray = m_fixture.makeTray({m_profile});
    tray->start();
    QTRY_COMPARE(tray->session(0)->state(), State::SignedOut);
    QAction *header = tray->trayMenu()->action(QStringLiteral("header"), tray->session(0));
    QVERIFY(header);
    QVERIFY(header->isEnabled()); // not grey on grey
    QVERIFY(header->font().bold());
    QCOMPARE(header->text(), QStringLiteral("Dev Server — signed out"));
    QCOMPARE(tray->trayMenu()->action(QStringLiteral("signin"), tray->session(0))->text(),
             QStringLiteral("Sign &in…"));
    header->trigger();
    QTRY_VERIFY(tray->hasStatusWindow() && tray->statusWindow()->isVisible());
}

void tst_Tray::clickingTheIconOpensTheStatusWindow()
{
    auto tray = m_fixture.makeTray({m_profile});
    tray->start();
    QTRY_VERIFY(tray->isDocked());
    QVERIFY(!tray->hasStatusWindow());
    QTest::mouseClick(tray->dock()->iconWindow(), Qt::LeftButton);
    QTRY_VERIFY(tray->hasStatusWindow() && tray->statusWindow()->isVisible());
    // With a tray, the window is not the app's only face: no Quit, no "keeps running" line.
    for (QPushButton *button : tray->statusWindow()->findChildren<QPushButton *>())
        QVERIFY(button->text() != QStringLiteral("&Quit Tessera") || !button->isVisible());
}

void tst_Tray::startAtLoginWritesTheAutostartEntry()
{
    auto tray = m_fixture.makeTray({m_profile});
    QAction *autostart = tray->trayMenu()->action(QStringLiteral("autostart"));
    QVERIFY(autostart && autostart->isCheckable());
    QFile::remove(Autostart::entryPath());
    autostart->setChecked(true);
    QVERIFY(QFile::exists(Autostart::entryPath()));
    QFile entry(Autostart::entryPath());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QByteArray text = entry.readAll();
    QVERIFY(text.contains("Exec=\"" + QCoreApplication::applicationFilePath().toUtf8()
                          + "\" \"--profile\" \"" + m_profile.toUtf8() + "\" \"--minimized\"\n"));
    autostart->setChecked(false);
    QVERIFY(!QFile::exists(Autostart::entryPath()));
}

QTEST_MAIN(tst_Tray)
#include "tst_tray.moc"
