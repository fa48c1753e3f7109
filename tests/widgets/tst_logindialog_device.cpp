// SPDX-License-Identifier: BSD-3-Clause
// The login dialog's sign-in with a device code (RFC 8628), on a real X server against the real
// dev server: the code, its link and QR code, and the session polling on the harness's clock
// while the test enters the code on the server's page (BrowserDriver).
#include "browserdriver.h"
#include "qrreader.h"
#include "sessionharness.h"
#include "signinprobe.h"

#include <QClipboard>
#include <QGuiApplication>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
const QString BrowserStart = QStringLiteral("Sign in with &browser");
const QString DeviceStart = QStringLiteral("&Get a code");
} // namespace

class tst_LoginDialogDevice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void aBrowserProfileCanUseACodeInstead();
    void deviceViewShowsTheCode();
    void approvingTheCodeAcceptsTheDialog();
    void aDeclinedCodeIsShown();
    void escapeCancelsTheCode();
    void theCodeGoesInTabOrder();
    void everyControlHasAnAccessibleName();

private:
    DevServerProcess m_server;
    BrowserDriver m_browser;
    UrlCatcher m_catcher;
};

void tst_LoginDialogDevice::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_LoginDialogDevice::init()
{
    m_server.reset();
    m_server.configure({{QStringLiteral("device_slow_down"), QStringLiteral("never")}});
    m_catcher.opened.clear();
    m_catcher.install();
    QGuiApplication::clipboard()->clear();
}

void tst_LoginDialogDevice::cleanup()
{
    m_catcher.uninstall();
}

void tst_LoginDialogDevice::aBrowserProfileCanUseACodeInstead()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("browser")));
    QVERIFY(h.session->profile().offersDeviceSignIn());
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, BrowserStart));
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    // No browser on this machine after all: the sign-in in flight is given up for a code.
    QPushButton *instead = buttonWithText(dialog, QStringLiteral("Use a code instead"));
    QVERIFY(visible(instead));
    QTest::mouseClick(instead, Qt::LeftButton);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!errorLabel(dialog)->isVisible());
    QVERIFY(!buttonWithText(dialog, BrowserStart));
    QCOMPARE(instead->text(), QStringLiteral("Use the browser instead"));
    QVERIFY(startSignIn(dialog, DeviceStart));
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

void tst_LoginDialogDevice::deviceViewShowsTheCode()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!buttonWithText(dialog, QStringLiteral("Use a code instead"))); // it is one already
    QCOMPARE(dialog.focusWidget(), buttonWithText(dialog, DeviceStart));
    QVERIFY(!visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    QVERIFY(startSignIn(dialog, DeviceStart));
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

void tst_LoginDialogDevice::approvingTheCodeAcceptsTheDialog()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, DeviceStart));
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

void tst_LoginDialogDevice::aDeclinedCodeIsShown()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, DeviceStart));
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

void tst_LoginDialogDevice::escapeCancelsTheCode()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, DeviceStart));
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

void tst_LoginDialogDevice::theCodeGoesInTabOrder()
{
    // Top to bottom, then the dialog's buttons; the link is the mouse's ("Open link" is the
    // keyboard's), the code a Tab stop of its own where a screen reader reads it.
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(startSignIn(dialog, DeviceStart));
    QTRY_COMPARE(dialog.focusWidget(), named<QPushButton>(dialog, QStringLiteral("Copy the code")));
    QCOMPARE(tabFrom(dialog), named<QPushButton>(dialog, QStringLiteral("Open the sign-in page")));
    QCOMPARE(tabFrom(dialog), cancelButton(dialog));
    QCOMPARE(tabFrom(dialog), named<QLabel>(dialog, QStringLiteral("Code to enter"))); // around
    QCOMPARE(tabFrom(dialog), named<QPushButton>(dialog, QStringLiteral("Copy the code")));
}

void tst_LoginDialogDevice::everyControlHasAnAccessibleName()
{
    SessionHarness h(issuerProfile(m_server, QStringLiteral("device")));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(startSignIn(dialog, DeviceStart));
    QTRY_VERIFY(visible(named<QLabel>(dialog, QStringLiteral("Code to enter"))));
    int controls = 0;
    QCOMPARE(unnamedControls(dialog, &controls), QStringList());
    QVERIFY(controls >= 4); // the code, Copy code, Open link, Cancel
}

QTEST_MAIN(tst_LoginDialogDevice)
#include "tst_logindialog_device.moc"
