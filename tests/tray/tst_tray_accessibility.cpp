// SPDX-License-Identifier: BSD-3-Clause
// The status window and the tray menu as a screen reader and a keyboard user meet them, on a
// real X server against the real dev server: every control named and described (walked
// through QAccessible), Tab in the order the controls are seen and reaching all of them, Escape
// closing the window, and the open menu driven by the arrow keys and Enter alone.
#include "accessibilitywalk.h"
#include "devserverprocess.h"
#include "sessionharness.h"
#include "statuswindow.h"
#include "traymenu.h"

#include <Tessera/sessionstatusview.h>

#include <QSignalSpy>
#include <QTabBar>

using namespace Tessera;
using namespace Tessera::Test;
using Tessera::Tray::StatusWindow;
using Tessera::Tray::TrayMenu;
using State = Session::State;

namespace {
enum class WindowCase { SignedOut, Active, Error, Trayless, TwoSessions };

QString lines(const QStringList &list)
{
    return QStringLiteral("\n  ") + list.join(QStringLiteral("\n  "));
}

QString stripped(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}
} // namespace

Q_DECLARE_METATYPE(WindowCase)

class tst_TrayAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void statusWindowControlsAreNamedAndDescribed_data();
    void statusWindowControlsAreNamedAndDescribed();
    void statusWindowTabOrderIsTheVisualOrder_data();
    void statusWindowTabOrderIsTheVisualOrder();
    void escapeClosesTheStatusWindow();
    void menuItemsAreNamedAndDescribed_data();
    void menuItemsAreNamedAndDescribed();
    void theOpenMenuIsDrivenByTheKeyboard();
    void anAmpersandInAServiceNameIsNoMnemonic();

private:
    bool bringTo(SessionHarness &h, WindowCase state);

    DevServerProcess m_server;
};

void tst_TrayAccessibility::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_TrayAccessibility::init()
{
    m_server.reset();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
}

bool tst_TrayAccessibility::bringTo(SessionHarness &h, WindowCase state)
{
    if (state == WindowCase::SignedOut || state == WindowCase::Trayless)
        return h.session->state() == State::SignedOut;
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    if (!QTest::qWaitFor([&] { return h.session->state() == State::Active; }))
        return false;
    if (state != WindowCase::Error)
        return true;
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 503}});
    h.session->refresh();
    return QTest::qWaitFor([&] { return h.session->state() == State::RefreshRetrying; });
}

void tst_TrayAccessibility::statusWindowControlsAreNamedAndDescribed_data()
{
    QTest::addColumn<WindowCase>("state");
    QTest::addColumn<int>("atLeast"); // controls in sight
    QTest::newRow("signed out") << WindowCase::SignedOut << 3;
    QTest::newRow("active") << WindowCase::Active << 4;
    QTest::newRow("error") << WindowCase::Error << 4;
    QTest::newRow("no tray: Quit") << WindowCase::Trayless << 4;
    QTest::newRow("two sessions: tabs") << WindowCase::TwoSessions << 6;
}

void tst_TrayAccessibility::statusWindowControlsAreNamedAndDescribed()
{
    QFETCH(WindowCase, state);
    QFETCH(int, atLeast);
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    std::vector<Session *> sessions {h.session.get()};
    SessionHarness other(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    if (state == WindowCase::TwoSessions)
        sessions.push_back(other.session.get());
    StatusWindow window(sessions, &h.clock);
    window.setTrayless(state == WindowCase::Trayless);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(bringTo(h, state));
    int counted = 0;
    const QStringList problems = unnamedOrUndescribed(&window, &counted);
    QVERIFY2(problems.isEmpty(), qPrintable(lines(problems)));
    int inSight = 0;
    for (const AccessibleControl &control : accessibleControls(&window))
        inSight += control.invisible ? 0 : 1;
    QVERIFY2(inSight >= atLeast, qPrintable(QString::number(inSight)));
    if (state == WindowCase::TwoSessions) {
        int tabs = 0;
        for (const AccessibleControl &control : accessibleControls(&window))
            tabs += control.role == QAccessible::PageTab ? 1 : 0;
        QCOMPARE(tabs, 2);
    }
}

void tst_TrayAccessibility::statusWindowTabOrderIsTheVisualOrder_data()
{
    statusWindowControlsAreNamedAndDescribed_data();
}

void tst_TrayAccessibility::statusWindowTabOrderIsTheVisualOrder()
{
    QFETCH(WindowCase, state);
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    std::vector<Session *> sessions {h.session.get()};
    SessionHarness other(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    if (state == WindowCase::TwoSessions)
        sessions.push_back(other.session.get());
    StatusWindow window(sessions, &h.clock);
    window.setTrayless(state == WindowCase::Trayless);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(bringTo(h, state));
    const QList<QWidget *> chain = tabChain(&window, &window);
    QVERIFY2(chain.size() >= 1, qPrintable(lines(accessibleNames(chain))));
    QCOMPARE(accessibleNames(chain), accessibleNames(visualOrder(chain, &window)));
    const QStringList unreachable = unreachableByTab(&window);
    QVERIFY2(unreachable.isEmpty(), qPrintable(lines(unreachable)));
    const QStringList clashes = clashingMnemonics(&window);
    QVERIFY2(clashes.isEmpty(), qPrintable(lines(clashes)));
    if (state == WindowCase::TwoSessions)
        QVERIFY(chain.first() == window.findChild<QTabBar *>()); // the pages first
    if (state == WindowCase::Trayless)
        QCOMPARE(accessibleNames({chain.last()}), QStringList {QStringLiteral("Quit Tessera")});
    // The keyboard starts somewhere: Tab from there goes round them all.
    chain.first()->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(window.focusWidget(), chain.first());
    QList<QWidget *> tabbed {chain.first()};
    for (int i = 1; i < chain.size(); ++i) {
        QTest::keyClick(window.focusWidget(), Qt::Key_Tab);
        tabbed.append(window.focusWidget());
    }
    QCOMPARE(accessibleNames(tabbed), accessibleNames(chain));
}

// Esc closes the window, as its close button does (the app keeps running).
void tst_TrayAccessibility::escapeClosesTheStatusWindow()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    StatusWindow window({h.session.get()}, &h.clock);
    QSignalSpy closed(&window, &StatusWindow::closed);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QWidget *> chain = tabChain(&window, &window);
    QVERIFY(!chain.isEmpty());
    chain.first()->setFocus();
    QTest::keyClick(chain.first(), Qt::Key_Escape);
    QVERIFY(!window.isVisible());
    QCOMPARE(closed.count(), 1);
}

void tst_TrayAccessibility::menuItemsAreNamedAndDescribed_data()
{
    QTest::addColumn<bool>("signedIn");
    QTest::newRow("signed out") << false;
    QTest::newRow("signed in") << true;
}

// The menu's items are QActions: Qt takes their accessible names from their text, and Qt 6.4
// reports no description for a menu item (QAccessibleMenuItem::text() answers only the name
// and the accelerator), so the description checked is what the action carries for the user:
// its status tip and a tool tip of its own (the menu shows tool tips).
void tst_TrayAccessibility::menuItemsAreNamedAndDescribed()
{
    QFETCH(bool, signedIn);
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    if (signedIn)
        QVERIFY(bringTo(h, WindowCase::Active));
    TrayMenu menu(&h.clock);
    menu.addSession(h.session.get());
    menu.addGeneralActions(false);
    QVERIFY(menu.menu()->toolTipsVisible());
    int items = 0;
    QStringList problems;
    for (const AccessibleControl &control : accessibleControls(menu.menu())) {
        if (control.object == menu.menu())
            continue; // the menu itself; its items are what is chosen
        QCOMPARE(control.role, QAccessible::MenuItem);
        ++items;
        auto *action = qobject_cast<QAction *>(control.object);
        QVERIFY(action);
        if (control.name.trimmed().isEmpty())
            problems.append(QStringLiteral("no name: ") + control.who());
        const QString description =
                !control.description.isEmpty() ? control.description : action->statusTip();
        if (description.trimmed().isEmpty())
            problems.append(QStringLiteral("no description (status tip): ") + control.who());
        if (action->toolTip() == stripped(action->text()) || action->toolTip().isEmpty())
            problems.append(QStringLiteral("no tool tip of its own: ") + control.who());
    }
    QVERIFY2(problems.isEmpty(), qPrintable(lines(problems)));
    QCOMPARE(items,
             7); // header, Refresh now, Sign in…, Sign out; Show status…, Start at login, Quit
}

// The menu open: Down goes through every enabled item in order (wrapping), and Enter triggers
// the one reached; the mnemonics reach their items too.
void tst_TrayAccessibility::theOpenMenuIsDrivenByTheKeyboard()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    QVERIFY(bringTo(h, WindowCase::Active));
    TrayMenu tray(&h.clock);
    tray.addSession(h.session.get());
    tray.addGeneralActions(false);
    QMenu *menu = tray.menu();
    QSignalSpy status(&tray, &TrayMenu::statusRequested);
    QSignalSpy autostart(&tray, &TrayMenu::autostartToggled);
    menu->popup(QPoint(100, 100));
    QVERIFY(QTest::qWaitForWindowExposed(menu));

    QList<QAction *> enabled;
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator() && action->isEnabled() && action->isVisible())
            enabled.append(action);
    }
    QVERIFY(enabled.size() >= 6);
    QList<QAction *> reached;
    for (int i = 0; i < enabled.size(); ++i) {
        QTest::keyClick(menu, Qt::Key_Down);
        reached.append(menu->activeAction());
    }
    QCOMPARE(reached, enabled);
    QTest::keyClick(menu, Qt::Key_Down);
    QCOMPARE(menu->activeAction(), enabled.first()); // around

    // Start at login by its mnemonic: it toggles and the menu closes.
    QTest::keyClick(menu, Qt::Key_L);
    QCOMPARE(autostart.count(), 1);
    QTRY_VERIFY(!menu->isVisible());

    // Enter on the reached item: Show status….
    menu->popup(QPoint(100, 100));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    menu->setActiveAction(tray.action(QStringLiteral("status")));
    QTest::keyClick(menu, Qt::Key_Return);
    QCOMPARE(status.count(), 1);
    QVERIFY(!status.first().first().value<Session *>()); // the window as it was
}

// A service called "R&D API" is read as such, in the menu's header and on its tab, and gives
// neither an Alt+D.
void tst_TrayAccessibility::anAmpersandInAServiceNameIsNoMnemonic()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::Password,
                                      {{QStringLiteral("name"), QStringLiteral("R&D API")}}));
    SessionHarness other(m_server.profile(Profile::Dialect::Json));
    QCOMPARE(h.session->profile().name(), QStringLiteral("R&D API"));
    TrayMenu menu(&h.clock);
    menu.addSession(h.session.get());
    QAction *header = menu.action(QStringLiteral("header"), h.session.get());
    QAccessibleInterface *item = nullptr;
    QAccessibleInterface *list = QAccessible::queryAccessibleInterface(menu.menu());
    for (int i = 0; list && i < list->childCount(); ++i) {
        if (list->child(i)->object() == header)
            item = list->child(i);
    }
    QVERIFY(item);
    QCOMPARE(item->text(QAccessible::Name), QStringLiteral("R&D API — signed out"));
    QCOMPARE(item->text(QAccessible::Accelerator), QString());

    StatusWindow window({h.session.get(), other.session.get()}, &h.clock);
    QStringList tabs;
    for (const AccessibleControl &control : accessibleControls(&window)) {
        if (control.role == QAccessible::PageTab)
            tabs.append(control.name);
    }
    QCOMPARE(tabs, (QStringList {QStringLiteral("R&D API"), QStringLiteral("Dev Server")}));
}

QTEST_MAIN(tst_TrayAccessibility)
#include "tst_tray_accessibility.moc"
