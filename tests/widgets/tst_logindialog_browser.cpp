// SPDX-License-Identifier: BSD-3-Clause
// The login dialog's sign-in in the browser, on a real X server against the real dev server. The
// test plays the browser (BrowserDriver); what the dialog opens in "the browser" is caught by a
// URL handler instead of xdg-open.
#include "browserdriver.h"
#include "sessionharness.h"
#include "signinprobe.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
const QString BrowserStart = QStringLiteral("Sign in with &browser");
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
    void waitingGoesInTabOrder();
    void everyControlHasAnAccessibleName();

private:
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
    m_catcher.install();
    QGuiApplication::clipboard()->clear();
}

void tst_LoginDialogBrowser::cleanup()
{
    m_catcher.uninstall();
}

void tst_LoginDialogBrowser::browserViewAsksToStart()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
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
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QPushButton *startButton = buttonWithText(dialog, BrowserStart);
    QVERIFY(startSignIn(dialog, BrowserStart));
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
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
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
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
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
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    {
        LoginDialog first(h.session.get());
        first.show();
        QVERIFY(startSignIn(first, BrowserStart));
        QTRY_COMPARE(m_catcher.opened.size(), 1);
        QVERIFY(!QUrlQuery(m_catcher.opened.last()).hasQueryItem(QStringLiteral("login_hint")));
        m_browser.signIn(m_catcher.opened.last(), Accounts::alice, Accounts::alicePassword);
        QTRY_COMPARE(first.result(), int(QDialog::Accepted));
    }
    // Re-authenticate…: the server is told who it was, and prefills the form.
    LoginDialog again(h.session.get());
    again.show();
    QVERIFY(startSignIn(again, BrowserStart));
    QTRY_COMPARE(m_catcher.opened.size(), 2);
    QCOMPARE(QUrlQuery(m_catcher.opened.last()).queryItemValue(QStringLiteral("login_hint")),
             Accounts::alice);
    m_browser.signIn(m_catcher.opened.last(), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(again.result(), int(QDialog::Accepted));
}

void tst_LoginDialogBrowser::aDeclineIsShownAndTheStartButtonComesBack()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
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
    QVERIFY(startSignIn(dialog, BrowserStart));
    QVERIFY(!errorLabel(dialog)->isVisible());
    QTRY_COMPARE(m_catcher.opened.size(), 2);
    QVERIFY(m_catcher.opened.at(1) != m_catcher.opened.at(0)); // a new state and challenge
    m_browser.signIn(m_catcher.opened.at(1), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_LoginDialogBrowser::cancelGoesBackWithoutAnError()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
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
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    // A handler that cannot be called: QDesktopServices::openUrl() says false, as it does where
    // no browser can be found (over SSH, on a server).
    m_catcher.install("missing");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No such method")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
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

void tst_LoginDialogBrowser::waitingGoesInTabOrder()
{
    // Top to bottom, then the dialog's buttons.
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(startSignIn(dialog, BrowserStart));
    QTRY_COMPARE(dialog.focusWidget(),
                 named<QPushButton>(dialog, QStringLiteral("Open the sign-in page again")));
    QCOMPARE(tabFrom(dialog), named<QPushButton>(dialog, QStringLiteral("Copy the sign-in link")));
    QCOMPARE(tabFrom(dialog), buttonWithText(dialog, QStringLiteral("Use a code instead")));
    QCOMPARE(tabFrom(dialog), cancelButton(dialog));
    QCOMPARE(tabFrom(dialog), // around
             named<QPushButton>(dialog, QStringLiteral("Open the sign-in page again")));
}

void tst_LoginDialogBrowser::everyControlHasAnAccessibleName()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    int controls = 0;
    QCOMPARE(unnamedControls(dialog, &controls), QStringList());
    QVERIFY(controls >= 3); // the start button, Use a code instead, Cancel
    QVERIFY(startSignIn(dialog, BrowserStart));
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    controls = 0;
    QCOMPARE(unnamedControls(dialog, &controls), QStringList());
    QVERIFY(controls >= 4); // Open again, Copy link, Use a code instead, Cancel
}

QTEST_MAIN(tst_LoginDialogBrowser)
#include "tst_logindialog_browser.moc"
