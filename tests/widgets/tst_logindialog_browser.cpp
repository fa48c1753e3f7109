// SPDX-License-Identifier: BSD-3-Clause
// The login dialog's sign-in in the browser and with a device code, on a real X server against
// the real dev server. The test plays the browser (BrowserDriver); what the dialog opens in "the
// browser" is caught by a URL handler instead of xdg-open.
#include "browserdriver.h"
#include "devserverprocess.h"
#include "qrreader.h"
#include "sessionharness.h"

#include <Tessera/logindialog.h>

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
// What QDesktopServices::openUrl() was asked to open.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

template<typename T>
T *named(QWidget &dialog, const QString &accessibleName)
{
    for (T *widget : dialog.findChildren<T *>()) {
        if (widget->accessibleName() == accessibleName)
            return widget;
    }
    return nullptr;
}

QPushButton *buttonWithText(QWidget &dialog, const QString &text)
{
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

// Whether a label in sight says \a text.
bool shows(QWidget &dialog, const QString &text)
{
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text() == text && label->isVisible())
            return true;
    }
    return false;
}

// A null widget is not in sight either: a missing control fails the test, it does not crash it.
bool visible(const QWidget *widget)
{
    return widget && widget->isVisible();
}

QLabel *errorLabel(QWidget &dialog)
{
    return named<QLabel>(dialog, QStringLiteral("Sign-in problem"));
}

QPushButton *cancelButton(QWidget &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel);
}

const QString BrowserStart = QStringLiteral("Sign in with &browser");
const QString DeviceStart = QStringLiteral("&Get a code");
const QString Waiting = QStringLiteral("Waiting for you to sign in in your browser…");
} // namespace

class tst_LoginDialogBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void browserViewAsksToStart();
    void startOpensThePageOnceAndWaits();
    void openAgainAndCopyLink();
    void signingInInTheBrowserAcceptsTheDialog();
    void reauthenticationHintsTheUser();
    void aDeclineIsShownAndTheStartButtonComesBack();
    void cancelGoesBackWithoutAnError();
    void withoutABrowserTheLinkIsShown();
    void aBrowserProfileCanUseACodeInstead();
    void deviceViewShowsTheCode();
    void approvingTheCodeAcceptsTheDialog();
    void aDeclinedCodeIsShown();
    void escapeCancelsTheCode();
    void waitingViewsGoInTabOrder();
    void everyControlHasAnAccessibleName();

private:
    Profile profile(const QString &kind) const;
    /*! \brief Clicks the start button and waits for what it brings: a page opened or a code. */
    void start(LoginDialog &dialog, const QString &startText);

    DevServerProcess m_server;
    BrowserDriver m_browser;
    UrlCatcher m_catcher;
};

void tst_LoginDialogBrowser::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_LoginDialogBrowser::init()
{
    m_server.reset();
    m_server.configure({{QStringLiteral("device_slow_down"), QStringLiteral("never")}});
    m_catcher.opened.clear();
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_catcher, "open");
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_catcher, "open");
    QGuiApplication::clipboard()->clear();
}

void tst_LoginDialogBrowser::cleanup()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

Profile tst_LoginDialogBrowser::profile(const QString &kind) const
{
    // What a browser or device profile for a provider with discovery needs, and no more.
    const QJsonObject json {
            {QStringLiteral("id"), QStringLiteral("dev-") + kind},
            {QStringLiteral("name"), QStringLiteral("Dev Server")},
            {QStringLiteral("dialect"), QStringLiteral("oauth2")},
            {QStringLiteral("issuer"), m_server.baseUrl().toString()},
            {QStringLiteral("client_id"), QStringLiteral("tessera-tests")},
            {QStringLiteral("scope"), QStringLiteral("openid")},
            {QStringLiteral("login"), QJsonObject {{QStringLiteral("kind"), kind}}}};
    const ProfileLoadResult loaded =
            Profile::fromJson(QJsonDocument(json).toJson(), QStringLiteral("dev.json"));
    if (!loaded)
        qWarning("%s", qPrintable(loaded.errorString()));
    return loaded ? loaded.profile() : Profile();
}

void tst_LoginDialogBrowser::start(LoginDialog &dialog, const QString &startText)
{
    QPushButton *button = buttonWithText(dialog, startText);
    QVERIFY(button && button->isVisible() && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(dialog.session()->state(), State::SigningIn);
    QTRY_VERIFY(!dialog.session()->signInPrompt().isNone());
}

void tst_LoginDialogBrowser::browserViewAsksToStart()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.findChildren<QLineEdit *>().isEmpty()); // no user name, no password
    QPushButton *startButton = buttonWithText(dialog, BrowserStart);
    QVERIFY(startButton && startButton->isVisible() && startButton->isEnabled());
    QVERIFY(startButton->isDefault());
    QCOMPARE(dialog.focusWidget(), startButton);
    QVERIFY(!shows(dialog, Waiting));
    QVERIFY(!errorLabel(dialog)->isVisible());
    QVERIFY(m_catcher.opened.isEmpty()); // nothing opens before the user asks
    // Enter starts it.
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Return);
    QCOMPARE(h.session->state(), State::SigningIn);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
}

void tst_LoginDialogBrowser::startOpensThePageOnceAndWaits()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QPushButton *startButton = buttonWithText(dialog, BrowserStart);
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    QCOMPARE(m_catcher.opened.first(), h.session->signInPrompt().url());
    QCOMPARE(m_catcher.opened.first().path(), QStringLiteral("/oauth/authorize"));
    QVERIFY(shows(dialog, Waiting));
    QVERIFY(dialog.findChild<QProgressBar *>()->isVisible());
    QVERIFY(startButton && !startButton->isVisible()); // nothing to start while waiting
    QVERIFY(cancelButton(dialog)->isVisible() && cancelButton(dialog)->isEnabled());
    QCOMPARE(dialog.focusWidget(), buttonWithText(dialog, QStringLiteral("Open &again")));
    // The link is for when no browser opens: not shown when one did.
    QVERIFY(!visible(named<QPlainTextEdit>(dialog, QStringLiteral("Sign-in link"))));
    // Nothing else opens it again while the user signs in.
    QTest::qWait(200);
    QCOMPARE(m_catcher.opened.size(), 1);
}

void tst_LoginDialogBrowser::openAgainAndCopyLink()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    const QUrl url = h.session->signInPrompt().url();

    QPushButton *copy = named<QPushButton>(dialog, QStringLiteral("Copy the sign-in link"));
    QVERIFY(copy && copy->isVisible());
    QVERIFY(!shows(dialog, QStringLiteral("Link copied")));
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), url.toString(QUrl::FullyEncoded));
    QVERIFY(shows(dialog, QStringLiteral("Link copied")));

    QPushButton *again = named<QPushButton>(dialog, QStringLiteral("Open the sign-in page again"));
    QVERIFY(again && again->isVisible());
    QTest::mouseClick(again, Qt::LeftButton);
    QCOMPARE(m_catcher.opened, (QList<QUrl> {url, url}));
    QCOMPARE(h.session->state(), State::SigningIn); // still the same sign-in
    QCOMPARE(h.session->signInPrompt().url(), url);
}

void tst_LoginDialogBrowser::signingInInTheBrowserAcceptsTheDialog()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    const BrowserDriver::Page page =
            m_browser.signIn(m_catcher.opened.first(), Accounts::alice, Accounts::alicePassword);
    QCOMPARE(page.status, 200);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), Accounts::alice);
    QCOMPARE(m_catcher.opened.size(), 1);
}

void tst_LoginDialogBrowser::reauthenticationHintsTheUser()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    {
        LoginDialog first(h.session.get());
        first.show();
        start(first, BrowserStart);
        QTRY_COMPARE(m_catcher.opened.size(), 1);
        QVERIFY(!QUrlQuery(m_catcher.opened.last()).hasQueryItem(QStringLiteral("login_hint")));
        m_browser.signIn(m_catcher.opened.last(), Accounts::alice, Accounts::alicePassword);
        QTRY_COMPARE(first.result(), int(QDialog::Accepted));
    }
    // Re-authenticate…: the server is told who it was, and prefills the form.
    LoginDialog again(h.session.get());
    again.show();
    start(again, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 2);
    QCOMPARE(QUrlQuery(m_catcher.opened.last()).queryItemValue(QStringLiteral("login_hint")),
             Accounts::alice);
    m_browser.signIn(m_catcher.opened.last(), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(again.result(), int(QDialog::Accepted));
}

void tst_LoginDialogBrowser::aDeclineIsShownAndTheStartButtonComesBack()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    m_browser.signIn(m_catcher.opened.first(), Accounts::alice, Accounts::alicePassword,
                     QStringLiteral("deny"));
    QTRY_VERIFY(errorLabel(dialog)->isVisible());
    QCOMPARE(errorLabel(dialog)->text(), QStringLiteral("The sign-in was declined"));
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(dialog.isVisible());
    QPushButton *startButton = buttonWithText(dialog, BrowserStart);
    QVERIFY(visible(startButton) && startButton->isEnabled());
    QCOMPARE(dialog.focusWidget(), startButton); // Enter tries again
    QVERIFY(!shows(dialog, Waiting));
    QVERIFY(!dialog.findChild<QProgressBar *>()->isVisible());

    // And again it is: a new page, and this time a sign-in.
    start(dialog, BrowserStart);
    QVERIFY(!errorLabel(dialog)->isVisible());
    QTRY_COMPARE(m_catcher.opened.size(), 2);
    QVERIFY(m_catcher.opened.at(1) != m_catcher.opened.at(0)); // a new state and challenge
    m_browser.signIn(m_catcher.opened.at(1), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_LoginDialogBrowser::cancelGoesBackWithoutAnError()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    QTest::mouseClick(cancelButton(dialog), Qt::LeftButton);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(h.session->signInPrompt().isNone());
    QVERIFY(dialog.isVisible()); // for another try
    QVERIFY(!errorLabel(dialog)->isVisible()); // the start page says it all
    QVERIFY(!shows(dialog, Waiting));
    QPushButton *startButton = buttonWithText(dialog, BrowserStart);
    QVERIFY(visible(startButton) && startButton->isEnabled());
    QTRY_COMPARE(dialog.focusWidget(), startButton);
    // The browser comes back too late: nobody listens any more.
    const BrowserDriver::Page page =
            m_browser.signIn(m_catcher.opened.first(), Accounts::alice, Accounts::alicePassword);
    QCOMPARE(page.status, 0);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!h.stored(Accounts::alice));
    // Now that nothing is in flight, Esc closes it.
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_LoginDialogBrowser::withoutABrowserTheLinkIsShown()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    // A handler that cannot be called: QDesktopServices::openUrl() says false, as it does where
    // no browser can be found (over SSH, on a server).
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_catcher, "missing");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No such method")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QPlainTextEdit *link = named<QPlainTextEdit>(dialog, QStringLiteral("Sign-in link"));
    QTRY_VERIFY(visible(link));
    QVERIFY(link->isReadOnly());
    QCOMPARE(link->toPlainText(), h.session->signInPrompt().url().toString(QUrl::FullyEncoded));
    QVERIFY(shows(dialog, QStringLiteral("Tessera could not open a browser. Open this link in a "
                                         "browser on this computer:")));
    QCOMPARE(dialog.focusWidget(),
             named<QPushButton>(dialog, QStringLiteral("Copy the sign-in link")));
    // The link, copied by hand into a browser on this computer, does sign in.
    m_browser.signIn(QUrl(link->toPlainText()), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(m_catcher.opened.isEmpty());
}

void tst_LoginDialogBrowser::aBrowserProfileCanUseACodeInstead()
{
    SessionHarness h(profile(QStringLiteral("browser")));
    QVERIFY(h.session->profile().offersDeviceSignIn());
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, BrowserStart);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    // No browser on this machine after all: the sign-in in flight is given up for a code.
    QPushButton *instead = buttonWithText(dialog, QStringLiteral("Use a code instead"));
    QVERIFY(visible(instead));
    QTest::mouseClick(instead, Qt::LeftButton);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!errorLabel(dialog)->isVisible());
    QVERIFY(!buttonWithText(dialog, BrowserStart));
    QCOMPARE(instead->text(), QStringLiteral("Use the browser instead"));
    start(dialog, DeviceStart);
    const SignInPrompt prompt = h.session->signInPrompt();
    QCOMPARE(prompt.kind(), SignInPrompt::Kind::EnterCode);
    QTRY_VERIFY(shows(dialog, prompt.userCode()));
    QCOMPARE(m_browser
                     .enterCode(prompt.url(), prompt.userCode(), Accounts::alice,
                                Accounts::alicePassword)
                     .status,
             200);
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(m_catcher.opened.size(), 1); // the code opened nothing by itself
}

void tst_LoginDialogBrowser::deviceViewShowsTheCode()
{
    SessionHarness h(profile(QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!buttonWithText(dialog, QStringLiteral("Use a code instead"))); // it is one already
    QCOMPARE(dialog.focusWidget(), buttonWithText(dialog, DeviceStart));
    QVERIFY(!visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    start(dialog, DeviceStart);
    const SignInPrompt prompt = h.session->signInPrompt();
    QCOMPARE(prompt.kind(), SignInPrompt::Kind::EnterCode);

    QLabel *code = named<QLabel>(dialog, QStringLiteral("Code to enter"));
    QTRY_VERIFY(visible(code));
    QCOMPARE(code->text(), prompt.userCode());
    QVERIFY(code->textInteractionFlags() & Qt::TextSelectableByKeyboard);
    QVERIFY(code->font().pointSizeF() > 1.5 * dialog.font().pointSizeF());
    QCOMPARE(dialog.focusWidget(), named<QPushButton>(dialog, QStringLiteral("Copy the code")));
    QVERIFY(!visible(buttonWithText(dialog, DeviceStart)));
    QVERIFY(m_catcher.opened.isEmpty()); // the code may be meant for another device

    QLabel *page = named<QLabel>(dialog, QStringLiteral("Sign-in page"));
    QVERIFY(page && page->isVisible());
    QVERIFY(page->text().contains(prompt.url().toString()));
    Q_EMIT page->linkActivated(prompt.url().toString());
    QCOMPARE(m_catcher.opened, (QList<QUrl> {prompt.url()}));
    QTest::mouseClick(named<QPushButton>(dialog, QStringLiteral("Open the sign-in page")),
                      Qt::LeftButton);
    QCOMPARE(m_catcher.opened.size(), 2);
    QCOMPARE(m_catcher.opened.last(), prompt.urlWithCode()); // with the code filled in

    QTest::mouseClick(named<QPushButton>(dialog, QStringLiteral("Copy the code")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), prompt.userCode());
    QVERIFY(shows(dialog, QStringLiteral("Code copied")));

    // The QR code is the page with the code, and a reader reads it off the dialog.
    QWidget *qr = named<QWidget>(dialog, QStringLiteral("QR code"));
    QVERIFY(qr && qr->isVisible());
    QCOMPARE(qr->accessibleDescription(),
             QStringLiteral("Scan to open ") + prompt.urlWithCode().toString());
    QVERIFY2(QrReader::isAvailable(), QrReader::Missing);
    const QrReader::Result read = QrReader::read(qr->grab().toImage());
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.text, prompt.urlWithCode().toString());

    // How long the code lasts (the sign-in timeout, 5 minutes).
    QLabel *expiry = nullptr;
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text().startsWith(QStringLiteral("The code expires in ")))
            expiry = label;
    }
    QVERIFY(expiry && expiry->isVisible());
    QVERIFY2(expiry->text() == QStringLiteral("The code expires in 5:00.")
                     || expiry->text() == QStringLiteral("The code expires in 4:59."),
             qPrintable(expiry->text()));
}

void tst_LoginDialogBrowser::approvingTheCodeAcceptsTheDialog()
{
    SessionHarness h(profile(QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, DeviceStart);
    const SignInPrompt prompt = h.session->signInPrompt();
    QCOMPARE(m_browser
                     .enterCode(prompt.url(), prompt.userCode(), Accounts::alice,
                                Accounts::alicePassword)
                     .status,
             200);
    QVERIFY(dialog.isVisible()); // until the session polls
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), Accounts::alice);
}

void tst_LoginDialogBrowser::aDeclinedCodeIsShown()
{
    SessionHarness h(profile(QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, DeviceStart);
    const SignInPrompt prompt = h.session->signInPrompt();
    m_browser.enterCode(prompt.url(), prompt.userCode(), Accounts::alice, Accounts::alicePassword,
                        QStringLiteral("deny"));
    h.clock.advance(std::chrono::seconds(5));
    QTRY_VERIFY(errorLabel(dialog)->isVisible());
    QCOMPARE(errorLabel(dialog)->text(), QStringLiteral("The sign-in was declined"));
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    QPushButton *startButton = buttonWithText(dialog, DeviceStart);
    QVERIFY(visible(startButton) && startButton->isEnabled());
    QCOMPARE(dialog.focusWidget(), startButton);
}

void tst_LoginDialogBrowser::escapeCancelsTheCode()
{
    SessionHarness h(profile(QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    start(dialog, DeviceStart);
    QTRY_VERIFY(visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Escape);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(dialog.isVisible());
    QVERIFY(!errorLabel(dialog)->isVisible());
    QVERIFY(!visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    QTRY_COMPARE(dialog.focusWidget(), buttonWithText(dialog, DeviceStart));
    // Polling stopped: however long the clock runs, the server hears no more.
    const int polls = m_server.stats().value(QStringLiteral("device_polls")).toInt();
    h.clock.advance(std::chrono::seconds(30));
    QTest::qWait(100);
    QCOMPARE(m_server.stats().value(QStringLiteral("device_polls")).toInt(), polls);
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_LoginDialogBrowser::waitingViewsGoInTabOrder()
{
    // Top to bottom, then the dialog's buttons: the views' controls come first although the
    // dialog made its buttons before them.
    const auto tabFrom = [](QWidget &dialog) {
        QTest::keyClick(dialog.focusWidget(), Qt::Key_Tab);
        return dialog.focusWidget();
    };
    {
        SessionHarness h(profile(QStringLiteral("browser")));
        LoginDialog dialog(h.session.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        start(dialog, BrowserStart);
        QTRY_COMPARE(dialog.focusWidget(),
                     named<QPushButton>(dialog, QStringLiteral("Open the sign-in page again")));
        QCOMPARE(tabFrom(dialog),
                 named<QPushButton>(dialog, QStringLiteral("Copy the sign-in link")));
        QCOMPARE(tabFrom(dialog), buttonWithText(dialog, QStringLiteral("Use a code instead")));
        QCOMPARE(tabFrom(dialog), cancelButton(dialog));
    }
    SessionHarness h(profile(QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    start(dialog, DeviceStart);
    QTRY_COMPARE(dialog.focusWidget(), named<QPushButton>(dialog, QStringLiteral("Copy the code")));
    QCOMPARE(tabFrom(dialog), named<QPushButton>(dialog, QStringLiteral("Open the sign-in page")));
    QCOMPARE(tabFrom(dialog), cancelButton(dialog));
    QCOMPARE(tabFrom(dialog), named<QLabel>(dialog, QStringLiteral("Code to enter"))); // around
    QCOMPARE(tabFrom(dialog), named<QPushButton>(dialog, QStringLiteral("Copy the code")));
}

void tst_LoginDialogBrowser::everyControlHasAnAccessibleName()
{
    for (const QString &kind : {QStringLiteral("browser"), QStringLiteral("device")}) {
        SessionHarness h(profile(kind));
        LoginDialog dialog(h.session.get());
        dialog.show();
        start(dialog, kind == QStringLiteral("browser") ? BrowserStart : DeviceStart);
        QTRY_VERIFY(!m_catcher.opened.isEmpty()
                    || visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
        int controls = 0;
        for (QWidget *widget : dialog.findChildren<QWidget *>()) {
            // Whatever takes the keyboard, buttons and text alike, is named for a screen reader.
            if (!(widget->focusPolicy() & Qt::TabFocus) || !widget->isVisible())
                continue;
            ++controls;
            auto *button = qobject_cast<QAbstractButton *>(widget);
            const QString name = widget->accessibleName().isEmpty() && button
                                         ? button->text() // Cancel, the dialog's own
                                         : widget->accessibleName();
            QVERIFY2(!name.isEmpty(), widget->metaObject()->className());
        }
        QVERIFY(controls >= 3);
    }
}

QTEST_MAIN(tst_LoginDialogBrowser)
#include "tst_logindialog_browser.moc"
