// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray with a browser profile and a device profile: the login dialog the tray opens does
// the sign-in, and while it waits for the browser or the phone (minutes) the menu brings that
// dialog back. Real X server and tray host, real keychain, real dev server; the test plays the
// browser, and what the dialog opens in "the browser" is caught by a URL handler.
#include "browserdriver.h"
#include "trayfixture.h"

#include <Tessera/manualclock.h>

#include <QDesktopServices>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>

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

QPushButton *button(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}
} // namespace

class tst_TrayBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void aBrowserProfileSignsInThroughTheTraysDialog();
    void aDeviceProfileSignsInThroughTheTraysDialog();

private:
    /*! \brief A profile file of \a kind ("browser", "device") with an id of its own. */
    QString writeProfile(const QString &kind);
    /*! \brief The menu's sign-in item shows the dialog again, the same one, still waiting. */
    void menuBringsTheDialogBack(TrayApplication &tray, Session *session);

    TrayFixture m_fixture {QStringLiteral("tst_tray_browser")};
    QTemporaryDir m_dir;
    int m_count = 0;
    UrlCatcher m_catcher;
    BrowserDriver m_browser;
};

void tst_TrayBrowser::initTestCase()
{
    QVERIFY(m_fixture.setUp());
    QVERIFY(m_dir.isValid());
}

void tst_TrayBrowser::init()
{
    m_fixture.server.reset();
    m_fixture.server.configure({{QStringLiteral("device_slow_down"), QStringLiteral("never")}});
    m_catcher.opened.clear();
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_catcher, "open");
}

void tst_TrayBrowser::cleanup()
{
    TrayFixture::closeAllWindows();
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
}

QString tst_TrayBrowser::writeProfile(const QString &kind)
{
    const QString id = QStringLiteral("tst_tray_browser-%1-%2-%3")
                               .arg(kind)
                               .arg(QCoreApplication::applicationPid())
                               .arg(++m_count);
    const QJsonObject json {
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), QStringLiteral("Dev Server")},
            {QStringLiteral("dialect"), QStringLiteral("oauth2")},
            {QStringLiteral("issuer"), m_fixture.server.baseUrl().toString()},
            {QStringLiteral("client_id"), QStringLiteral("tessera-tests")},
            {QStringLiteral("scope"), QStringLiteral("openid")},
            {QStringLiteral("login"), QJsonObject {{QStringLiteral("kind"), kind}}}};
    const QString path = m_dir.filePath(id + QStringLiteral(".json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_TrayBrowser::menuBringsTheDialogBack(TrayApplication &tray, Session *session)
{
    LoginDialog *dialog = tray.loginDialog(session);
    QVERIFY(dialog);
    QAction *item = tray.trayMenu()->action(QStringLiteral("signin"), session);
    QVERIFY(item);
    QCOMPARE(item->text(), QStringLiteral("Show &sign-in…"));
    QVERIFY(item->isEnabled());
    dialog->hide(); // gone from sight, as behind the browser
    item->trigger();
    QCOMPARE(tray.loginDialog(session), dialog); // the same dialog...
    QVERIFY(dialog->isVisible());
    QCOMPARE(session->state(), State::SigningIn); // ...and the same sign-in
}

void tst_TrayBrowser::aBrowserProfileSignsInThroughTheTraysDialog()
{
    auto tray = m_fixture.makeTray({writeProfile(QStringLiteral("browser"))});
    tray->start();
    Session *session = tray->session(0);
    // First start, no session: the tray asks, with the dialog for a sign-in in the browser.
    QTRY_VERIFY(tray->loginDialog(session));
    LoginDialog *dialog = tray->loginDialog(session);
    QPushButton *start = button(dialog, QStringLiteral("Sign in with &browser"));
    QVERIFY(start && start->isVisible());
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE(m_catcher.opened.size(), 1);
    menuBringsTheDialogBack(*tray, session);
    QCOMPARE(m_catcher.opened.size(), 1); // brought back, not opened again

    QCOMPARE(m_browser.signIn(m_catcher.opened.first(), Accounts::alice, Accounts::alicePassword)
                     .status,
             200);
    QTRY_COMPARE(session->state(), State::Active);
    QTRY_VERIFY(!tray->loginDialog(session)); // accepted and gone
    QCOMPARE(session->user(), Accounts::alice);
    QCOMPARE(tray->trayMenu()->action(QStringLiteral("signin"), session)->text(),
             QStringLiteral("Re-&authenticate…"));
    session->signOut();
    QTRY_COMPARE(session->state(), State::SignedOut);
}

void tst_TrayBrowser::aDeviceProfileSignsInThroughTheTraysDialog()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    TrayApplication::Options options;
    options.clock = &clock;
    auto tray = m_fixture.makeTray({writeProfile(QStringLiteral("device"))}, options);
    tray->start();
    Session *session = tray->session(0);
    QTRY_VERIFY(tray->loginDialog(session));
    LoginDialog *dialog = tray->loginDialog(session);
    QPushButton *start = button(dialog, QStringLiteral("&Get a code"));
    QVERIFY(start && start->isVisible());
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE(session->signInPrompt().kind(), SignInPrompt::Kind::EnterCode);
    const SignInPrompt prompt = session->signInPrompt();
    QLabel *code = nullptr;
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        if (label->accessibleName() == QStringLiteral("Code to enter"))
            code = label;
    }
    QVERIFY(code && code->isVisible());
    QCOMPARE(code->text(), prompt.userCode());
    menuBringsTheDialogBack(*tray, session);

    QCOMPARE(m_browser
                     .enterCode(prompt.url(), prompt.userCode(), Accounts::alice,
                                Accounts::alicePassword)
                     .status,
             200);
    clock.advance(std::chrono::seconds(5)); // the session polls on the tray's clock
    QTRY_COMPARE(session->state(), State::Active);
    QTRY_VERIFY(!tray->loginDialog(session));
    QVERIFY(m_catcher.opened.isEmpty()); // a code opens nothing by itself
    session->signOut();
    QTRY_COMPARE(session->state(), State::SignedOut);
}

QTEST_MAIN(tst_TrayBrowser)
#include "tst_tray_browser.moc"
