// SPDX-License-Identifier: BSD-3-Clause
// The login dialog (its password, API key, browser and device code views, before and during a
// sign-in) and the session status view (signed out, signed in, after an error) as a screen
// reader and a keyboard user meet them, on a real X server against the real dev server:
// QAccessible is walked from the window down, and every control must have a name and a
// description; Tab must visit the controls in the order they are seen, reach every one of
// them, and no two Alt+letter mnemonics may clash.
#include "accessibilitywalk.h"
#include "sessionharness.h"
#include "signinprobe.h"

#include <Tessera/sessionstatusview.h>

#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSettings>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
const QString BrowserStart = QStringLiteral("Sign in with &browser");
const QString DeviceStart = QStringLiteral("&Get a code");

enum class DialogKind { Password, ApiKey, ApiKeyWithAccount, Browser, Device };
enum class Page { Start, SigningIn };
enum class ViewState { SignedOut, Active, Error };

// Types a user name, a password or a key where the dialog asks for them.
void fillIn(LoginDialog &dialog)
{
    for (const QString &name :
         {QStringLiteral("User name"), QStringLiteral("Password"), QStringLiteral("API key")}) {
        if (QLineEdit *field = named<QLineEdit>(dialog, name))
            field->setText(QStringLiteral("x"));
    }
}

QString lines(const QStringList &list)
{
    return QStringLiteral("\n  ") + list.join(QStringLiteral("\n  "));
}
} // namespace

Q_DECLARE_METATYPE(DialogKind)
Q_DECLARE_METATYPE(Page)
Q_DECLARE_METATYPE(ViewState)

class tst_Accessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void dialogControlsAreNamedAndDescribed_data();
    void dialogControlsAreNamedAndDescribed();
    void dialogTabOrderIsTheVisualOrder_data();
    void dialogTabOrderIsTheVisualOrder();
    void passwordDialogTabOrder();
    void dialogEnterSignsInAndEscapeCloses();
    void statusViewControlsAreNamedAndDescribed_data();
    void statusViewControlsAreNamedAndDescribed();
    void statusViewTabOrderIsTheVisualOrder_data();
    void statusViewTabOrderIsTheVisualOrder();
    void aNamelessControlIsFound();

private:
    std::unique_ptr<SessionHarness> harness(DialogKind kind);
    bool showPage(LoginDialog &dialog, DialogKind kind, Page page);
    void addDialogRows();
    bool bringTo(SessionHarness &h, ViewState state);

    DevServerProcess m_server;
    UrlCatcher m_catcher;
};

void tst_Accessibility::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_Accessibility::init()
{
    m_server.reset();
    m_server.configure({{QStringLiteral("device_slow_down"), QStringLiteral("never")},
                        {QStringLiteral("access_lifetime"), 300},
                        {QStringLiteral("refresh_lifetime"), 3600}});
    QSettings().clear(); // no user name remembered from an earlier sign-in: the fields start empty
    m_catcher.opened.clear();
    m_catcher.install();
    QGuiApplication::clipboard()->clear();
}

void tst_Accessibility::cleanup()
{
    m_catcher.uninstall();
}

std::unique_ptr<SessionHarness> tst_Accessibility::harness(DialogKind kind)
{
    switch (kind) {
    case DialogKind::Password:
        return std::make_unique<SessionHarness>(m_server.profile(Profile::Dialect::Json));
    case DialogKind::ApiKey:
        return std::make_unique<SessionHarness>(
                m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    case DialogKind::ApiKeyWithAccount:
        // An answer that does not name the user: the dialog asks for an account name.
        return std::make_unique<SessionHarness>(m_server.profile(
                Profile::Dialect::Json, Profile::LoginKind::ApiKey,
                {{QStringLiteral("response"), QJsonObject {{QStringLiteral("user"), QString()}}}}));
    case DialogKind::Browser:
        return std::make_unique<SessionHarness>(issuerProfile(m_server, QStringLiteral("browser")));
    case DialogKind::Device:
        return std::make_unique<SessionHarness>(issuerProfile(m_server, QStringLiteral("device")));
    }
    return nullptr;
}

// Shows \a dialog on \a page: its start page, or the page of a sign-in in flight (the browser
// waiting, the code shown).
bool tst_Accessibility::showPage(LoginDialog &dialog, DialogKind kind, Page page)
{
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        return false;
    if (page == Page::Start)
        return true;
    if (kind == DialogKind::Browser) {
        if (!startSignIn(dialog, BrowserStart))
            return false;
        return QTest::qWaitFor([&] { return m_catcher.opened.size() == 1; });
    }
    if (kind == DialogKind::Device) {
        if (!startSignIn(dialog, DeviceStart))
            return false;
        return QTest::qWaitFor(
                [&] { return visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))); });
    }
    qWarning("only the browser and device views have a page while signing in");
    return false;
}

void tst_Accessibility::addDialogRows()
{
    QTest::addColumn<DialogKind>("kind");
    QTest::addColumn<Page>("page");
    QTest::addColumn<int>("atLeast"); // controls in sight
    QTest::newRow("password") << DialogKind::Password << Page::Start << 4;
    QTest::newRow("api key") << DialogKind::ApiKey << Page::Start << 4;
    QTest::newRow("api key, account name") << DialogKind::ApiKeyWithAccount << Page::Start << 5;
    QTest::newRow("browser") << DialogKind::Browser << Page::Start << 3;
    QTest::newRow("browser, waiting") << DialogKind::Browser << Page::SigningIn << 4;
    QTest::newRow("device") << DialogKind::Device << Page::Start << 2;
    QTest::newRow("device, code shown") << DialogKind::Device << Page::SigningIn << 4;
}

void tst_Accessibility::dialogControlsAreNamedAndDescribed_data()
{
    addDialogRows();
}

// Every control, in sight or on a page not shown yet: the walk goes through QAccessible, as a
// screen reader does, so a name that Qt would not report (a label that is no buddy) fails.
void tst_Accessibility::dialogControlsAreNamedAndDescribed()
{
    QFETCH(DialogKind, kind);
    QFETCH(Page, page);
    QFETCH(int, atLeast);
    const auto h = harness(kind);
    LoginDialog dialog(h->session.get());
    QVERIFY(showPage(dialog, kind, page));
    int counted = 0;
    const QStringList problems = unnamedOrUndescribed(&dialog, &counted);
    QVERIFY2(problems.isEmpty(), qPrintable(lines(problems)));
    int inSight = 0;
    for (const AccessibleControl &control : accessibleControls(&dialog))
        inSight += control.invisible ? 0 : 1;
    QVERIFY2(inSight >= atLeast, qPrintable(QString::number(inSight)));
    QVERIFY(counted > inSight); // the other pages' controls, hidden, were looked at too
}

void tst_Accessibility::dialogTabOrderIsTheVisualOrder_data()
{
    addDialogRows();
}

void tst_Accessibility::dialogTabOrderIsTheVisualOrder()
{
    QFETCH(DialogKind, kind);
    QFETCH(Page, page);
    QFETCH(int, atLeast);
    const auto h = harness(kind);
    LoginDialog dialog(h->session.get());
    QVERIFY(showPage(dialog, kind, page));
    fillIn(dialog); // the start button is enabled, a stop of its own
    QWidget *first = dialog.focusWidget();
    QVERIFY(first);
    const QList<QWidget *> chain = tabChain(&dialog, first);
    QVERIFY2(chain.contains(first), first->metaObject()->className());
    QVERIFY2(chain.size() >= atLeast, qPrintable(lines(accessibleNames(chain))));
    // Around the chain from its first control in sight: the order the eye reads them.
    const QList<QWidget *> fromTop = tabChain(&dialog, &dialog);
    QCOMPARE(accessibleNames(fromTop), accessibleNames(visualOrder(fromTop, &dialog)));
    const QStringList unreachable = unreachableByTab(&dialog);
    QVERIFY2(unreachable.isEmpty(), qPrintable(lines(unreachable)));
    const QStringList clashes = clashingMnemonics(&dialog);
    QVERIFY2(clashes.isEmpty(), qPrintable(lines(clashes)));
    // Tab really goes that way, one key at a time.
    QWidget *start = fromTop.first();
    start->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(dialog.focusWidget(), start);
    QList<QWidget *> tabbed {start};
    for (int i = 1; i < fromTop.size(); ++i)
        tabbed.append(tabFrom(dialog));
    QCOMPARE(accessibleNames(tabbed), accessibleNames(fromTop));
}

// The order spelled out for the dialog most people see.
void tst_Accessibility::passwordDialogTabOrder()
{
    const auto h = harness(DialogKind::Password);
    LoginDialog dialog(h->session.get());
    QVERIFY(showPage(dialog, DialogKind::Password, Page::Start));
    QCOMPARE(dialog.focusWidget(), named<QLineEdit>(dialog, QStringLiteral("User name")));
    // Nothing typed: Sign in is greyed out, and Tab passes it by.
    QCOMPARE(accessibleNames(tabChain(&dialog, dialog.focusWidget())),
             (QStringList {QStringLiteral("User name"), QStringLiteral("Password"),
                           QStringLiteral("Cancel")}));
    fillIn(dialog);
    const QStringList order = accessibleNames(tabChain(&dialog, dialog.focusWidget()));
    QCOMPARE(order.mid(0, 2),
             (QStringList {QStringLiteral("User name"), QStringLiteral("Password")}));
    // The buttons as the platform lays them out: Sign in left or right of Cancel.
    QPushButton *signIn = buttonWithText(dialog, QStringLiteral("&Sign in"));
    const bool signInFirst = signIn->x() < cancelButton(dialog)->x();
    QCOMPARE(order.mid(2),
             signInFirst ? (QStringList {QStringLiteral("Sign in"), QStringLiteral("Cancel")})
                         : (QStringList {QStringLiteral("Cancel"), QStringLiteral("Sign in")}));
}

// Enter signs in (the start button is the default one) and Escape closes an idle dialog.
void tst_Accessibility::dialogEnterSignsInAndEscapeCloses()
{
    const auto h = harness(DialogKind::Password);
    LoginDialog dialog(h->session.get());
    QVERIFY(showPage(dialog, DialogKind::Password, Page::Start));
    QPushButton *signIn = buttonWithText(dialog, QStringLiteral("&Sign in"));
    QVERIFY(signIn && signIn->isDefault());
    QVERIFY(!cancelButton(dialog)->isDefault() && !cancelButton(dialog)->autoDefault());
    named<QLineEdit>(dialog, QStringLiteral("User name"))->setText(Accounts::alice);
    QLineEdit *password = named<QLineEdit>(dialog, QStringLiteral("Password"));
    password->setFocus();
    QTest::keyClicks(password, QString::fromLatin1(Accounts::alicePassword));
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));

    LoginDialog again(h->session.get());
    QVERIFY(showPage(again, DialogKind::Password, Page::Start));
    QTest::keyClick(again.focusWidget(), Qt::Key_Escape);
    QVERIFY(!again.isVisible());
    QCOMPARE(again.result(), int(QDialog::Rejected));
}

bool tst_Accessibility::bringTo(SessionHarness &h, ViewState state)
{
    if (state == ViewState::SignedOut)
        return h.session->state() == State::SignedOut;
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    if (!QTest::qWaitFor([&] { return h.session->state() == State::Active; }))
        return false;
    if (state == ViewState::Active)
        return true;
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 503}});
    h.session->refresh();
    return QTest::qWaitFor([&] { return h.session->state() == State::RefreshRetrying; });
}

void tst_Accessibility::statusViewControlsAreNamedAndDescribed_data()
{
    QTest::addColumn<ViewState>("state");
    QTest::newRow("signed out") << ViewState::SignedOut;
    QTest::newRow("active") << ViewState::Active;
    QTest::newRow("error") << ViewState::Error;
}

void tst_Accessibility::statusViewControlsAreNamedAndDescribed()
{
    QFETCH(ViewState, state);
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(bringTo(h, state));
    int counted = 0;
    const QStringList problems = unnamedOrUndescribed(&view, &counted);
    QVERIFY2(problems.isEmpty(), qPrintable(lines(problems)));
    QVERIFY(counted >= 4); // Refresh now, Sign in…, Sign out, the token's bar
}

void tst_Accessibility::statusViewTabOrderIsTheVisualOrder_data()
{
    statusViewControlsAreNamedAndDescribed_data();
}

void tst_Accessibility::statusViewTabOrderIsTheVisualOrder()
{
    QFETCH(ViewState, state);
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(bringTo(h, state));
    const QList<QWidget *> chain = tabChain(&view, &view);
    QVERIFY2(chain.size() >= (state == ViewState::SignedOut ? 1 : 3),
             qPrintable(lines(accessibleNames(chain))));
    QCOMPARE(accessibleNames(chain), accessibleNames(visualOrder(chain, &view)));
    const QStringList unreachable = unreachableByTab(&view);
    QVERIFY2(unreachable.isEmpty(), qPrintable(lines(unreachable)));
    const QStringList clashes = clashingMnemonics(&view);
    QVERIFY2(clashes.isEmpty(), qPrintable(lines(clashes)));
}

// The walk itself: a control without a name or a description is reported by its class and
// object name, and a control Tab does not reach is found.
void tst_Accessibility::aNamelessControlIsFound()
{
    QWidget window;
    auto *button = new QPushButton(&window); // no text, no accessible name
    button->setObjectName(QStringLiteral("nameless"));
    auto *described = new QPushButton(QStringLiteral("&Go"), &window);
    described->setAccessibleDescription(QStringLiteral("Goes"));
    auto *edit = new QLineEdit(&window);
    edit->setAccessibleName(QStringLiteral("Field"));
    edit->setToolTip(QStringLiteral("A field")); // a tool tip is the description Qt reports
    QStringList problems = unnamedOrUndescribed(&window);
    QCOMPARE(
            problems,
            (QStringList {QStringLiteral("no name: QPushButton #nameless '' (role 0x2b)"),
                          QStringLiteral("no description: QPushButton #nameless '' (role 0x2b)")}));
    button->setAccessibleName(QStringLiteral("Named"));
    button->setAccessibleDescription(QStringLiteral("Described"));
    QCOMPARE(unnamedOrUndescribed(&window), QStringList());
    edit->setToolTip(QString());
    QCOMPARE(unnamedOrUndescribed(&window),
             QStringList {QStringLiteral("no description: QLineEdit (role 0x2a)")});

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(unreachableByTab(&window), QStringList());
    described->setFocusPolicy(Qt::ClickFocus);
    QCOMPARE(unreachableByTab(&window),
             QStringList {QStringLiteral("QPushButton '&Go' (role 0x2b)")});
    auto *clash = new QPushButton(QStringLiteral("&Gone"), &window);
    clash->show();
    QCOMPARE(clashingMnemonics(&window), QStringList {QStringLiteral("Alt+g: &Go, &Gone")});
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
