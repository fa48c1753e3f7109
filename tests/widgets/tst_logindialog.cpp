// SPDX-License-Identifier: BSD-3-Clause
// The login dialog on a real X server, signing in to the real dev server.
#include "devserverprocess.h"
#include "networkreachability_p.h"
#include "sessionharness.h"

#include <Tessera/logindialog.h>
#include <Tessera/sessiontext.h>

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

Q_DECLARE_METATYPE(std::optional<Tessera::SessionText::Network>)

namespace {
QLineEdit *field(QWidget &dialog, const QString &accessibleName)
{
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        if (edit->accessibleName() == accessibleName)
            return edit;
    }
    return nullptr;
}

QLabel *errorLabel(QWidget &dialog)
{
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->accessibleName() == QStringLiteral("Sign-in problem"))
            return label;
    }
    return nullptr;
}

QPushButton *signInButton(QWidget &dialog)
{
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("&Sign in"))
            return button;
    }
    return nullptr;
}
// The files under the XDG directories that contain any of \a needles; \a files: how many
// were read.
QStringList filesContaining(const QList<QByteArray> &needles, int *files)
{
    QStringList found;
    for (const char *variable :
         {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"}) {
        QDirIterator it(qEnvironmentVariable(variable), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++*files;
            const QByteArray content = file.readAll();
            for (const QByteArray &needle : needles) {
                if (content.contains(needle))
                    found.append(file.fileName());
            }
        }
    }
    return found;
}

// Types alice's user name and password and clicks Sign in.
void signInAsAlice(QWidget &dialog)
{
    field(dialog, QStringLiteral("User name"))->setText(Accounts::alice);
    field(dialog, QStringLiteral("Password"))
            ->setText(QString::fromLatin1(Accounts::alicePassword));
    QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
}
} // namespace

class tst_LoginDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void keyboardOnlySignIn();
    void wrongPasswordIsShownAndStoresNothing();
    void serverDownSaysUnreachable_data();
    void serverDownSaysUnreachable();
    void cancelAbortsTheRequest();
    void cancelAfterTheServerAcceptedLetsTheSignInComplete();
    void closingDuringASignInCancelsAndCloses();
    void anUnexpectedAnswerSaysSo();
    void apiKeyProfileAsksForTheKey();
    void apiKeyIsNotKeptUnlessTicked();
    void apiKeyFieldsFollowTheProfile();
    void secretsNeverReachSettingsOrFiles();
    void aSessionDeletedFirstLeavesADialogThatOnlyCloses();
    void rememberedUserNameIsFilledIn();
    void everyInputHasAnAccessibleName();

private:
    DevServerProcess m_server;
};

void tst_LoginDialog::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_LoginDialog::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
    QSettings().clear();
}

void tst_LoginDialog::keyboardOnlySignIn()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The test display has no window manager to activate windows, so keys go to the
    // dialog's focus widget: the one that has the keyboard when the dialog is active.
    QVERIFY(!signInButton(dialog)->isEnabled()); // nothing typed yet
    QCOMPARE(dialog.focusWidget(), field(dialog, QStringLiteral("User name")));
    QTest::keyClicks(dialog.focusWidget(), Accounts::alice);
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Tab);
    QCOMPARE(dialog.focusWidget(), field(dialog, QStringLiteral("Password")));
    QTest::keyClicks(dialog.focusWidget(), QString::fromLatin1(Accounts::alicePassword));
    QVERIFY(signInButton(dialog)->isEnabled());
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Return);
    QCOMPARE(h.session->state(), State::SigningIn);
    QVERIFY(!field(dialog, QStringLiteral("Password"))->isEnabled()); // locked while busy
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(QSettings().value(QStringLiteral("users/test-0")).toString(), Accounts::alice);
    QVERIFY(field(dialog, QStringLiteral("Password"))->text().isEmpty()); // not kept
}

void tst_LoginDialog::wrongPasswordIsShownAndStoresNothing()
{
    SessionHarness h(m_server.profile(Profile::Dialect::OAuth2));
    LoginDialog dialog(h.session.get());
    dialog.show();
    field(dialog, QStringLiteral("User name"))->setText(Accounts::alice);
    field(dialog, QStringLiteral("Password"))->setText(QStringLiteral("not-the-password"));
    QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
    QTRY_VERIFY(errorLabel(dialog)->isVisible());
    QCOMPARE(errorLabel(dialog)->text(), QStringLiteral("Wrong user name or password"));
    QVERIFY(field(dialog, QStringLiteral("Password"))->text().isEmpty());
    QVERIFY(field(dialog, QStringLiteral("Password"))->isEnabled());
    QVERIFY(dialog.isVisible());
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!h.stored(Accounts::alice).has_value());
}

void tst_LoginDialog::serverDownSaysUnreachable_data()
{
    QTest::addColumn<std::optional<SessionText::Network>>("network");
    QTest::addColumn<QString>("words");
    QTest::newRow("the network is up") << std::optional(SessionText::Network::Online)
                                       << QStringLiteral("The server is not responding — your "
                                                         "network is fine");
    QTest::newRow("no network") << std::optional(SessionText::Network::Offline)
                                << QStringLiteral("You are offline — check your network "
                                                  "connection");
    QTest::newRow("the network is not known")
            << std::optional(SessionText::Network::Unknown)
            << QStringLiteral("Server unreachable — check your connection");
}

void tst_LoginDialog::serverDownSaysUnreachable()
{
    QFETCH(std::optional<SessionText::Network>, network);
    QFETCH(QString, words);
    NetworkReachability::shared()->setOverride(network);
    const auto systemAgain =
            qScopeGuard([] { NetworkReachability::shared()->setOverride(std::nullopt); });
    DevServerProcess gone;
    QVERIFY(gone.start());
    const Profile profile = gone.profile(Profile::Dialect::Json);
    gone.stop();
    SessionHarness h(profile);
    LoginDialog dialog(h.session.get());
    dialog.show();
    signInAsAlice(dialog);
    QTRY_VERIFY(errorLabel(dialog)->isVisible());
    QCOMPARE(errorLabel(dialog)->text(), words);
    QVERIFY(dialog.isVisible());
}

void tst_LoginDialog::cancelAbortsTheRequest()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 1500}});
    LoginDialog dialog(h.session.get());
    dialog.show();
    signInAsAlice(dialog);
    QCOMPARE(h.session->state(), State::SigningIn);
    QProgressBar *busy = dialog.findChild<QProgressBar *>();
    QVERIFY(busy && busy->isVisible());
    // The Cancel button itself: stops the request, the dialog stays for another try.
    QPushButton *cancel = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel);
    QVERIFY(cancel && cancel->isEnabled());
    QElapsedTimer since;
    since.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(dialog.isVisible());
    QCOMPARE(errorLabel(dialog)->text(), QStringLiteral("Cancelled"));
    QVERIFY(field(dialog, QStringLiteral("Password"))->isEnabled());
    QVERIFY(!busy->isVisible());
    // Past the moment the server would have answered: nothing signed in, on either side.
    QTest::qWait(int(std::max<qint64>(0, 2000 - since.elapsed())));
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!h.stored(Accounts::alice).has_value());
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 0);
    QVERIFY(dialog.isVisible());
    // Esc, now that nothing is in flight, closes it.
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_LoginDialog::cancelAfterTheServerAcceptedLetsTheSignInComplete()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    h.store.setHeld(true); // the server answers; the keychain write waits
    LoginDialog dialog(h.session.get());
    dialog.show();
    signInAsAlice(dialog);
    QTRY_VERIFY(h.store.heldCount() > 0);
    QCOMPARE(h.session->state(), State::SigningIn);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    // Too late to cancel: no "Cancelled", the dialog stays until the sign-in lands.
    QVERIFY(dialog.isVisible());
    QVERIFY(!errorLabel(dialog)->isVisible());
    h.store.setHeld(false);
    QTRY_COMPARE(h.session->state(), State::Active);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_LoginDialog::closingDuringASignInCancelsAndCloses()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 5000}});
    LoginDialog dialog(h.session.get());
    dialog.show();
    signInAsAlice(dialog);
    QCOMPARE(h.session->state(), State::SigningIn);
    // The window's close button (or an application quitting) closes it, busy or not.
    QVERIFY(dialog.close());
    QVERIFY(!dialog.isVisible());
    QCOMPARE(h.session->state(), State::SignedOut);
}

void tst_LoginDialog::anUnexpectedAnswerSaysSo()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 200},
                       {QStringLiteral("body"), QStringLiteral("malformed")}});
    LoginDialog dialog(h.session.get());
    dialog.show();
    signInAsAlice(dialog);
    QTRY_VERIFY(errorLabel(dialog)->isVisible());
    QCOMPARE(errorLabel(dialog)->text(),
             QStringLiteral("The server answered with something unexpected"));
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!h.stored(Accounts::alice).has_value());
    // The password stays for another try, and Enter (on Sign in) now retries.
    QVERIFY(!field(dialog, QStringLiteral("Password"))->text().isEmpty());
    QTRY_COMPARE(dialog.focusWidget(), signInButton(dialog));
}

void tst_LoginDialog::apiKeyProfileAsksForTheKey()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QVERIFY(field(dialog, QStringLiteral("API key")));
    QVERIFY(!field(dialog, QStringLiteral("Password")));
    QCheckBox *remember = dialog.findChild<QCheckBox *>();
    QVERIFY(remember);
    remember->setChecked(true);
    field(dialog, QStringLiteral("API key"))->setText(QString::fromLatin1(Accounts::aliceApiKey));
    QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    const auto stored = h.stored(h.session->user());
    QVERIFY(stored.has_value());
    QCOMPARE(stored->apiKey.reveal(), Accounts::aliceApiKey); // remembered, in the store only
}

void tst_LoginDialog::apiKeyIsNotKeptUnlessTicked()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QCheckBox *remember = dialog.findChild<QCheckBox *>();
    QVERIFY(remember && !remember->isChecked());
    field(dialog, QStringLiteral("API key"))->setText(QString::fromLatin1(Accounts::aliceApiKey));
    QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    const auto stored = h.stored(h.session->user());
    QVERIFY(stored.has_value()); // the session is kept...
    QVERIFY(stored->apiKey.isEmpty()); // ...the key is not
}

void tst_LoginDialog::apiKeyFieldsFollowTheProfile()
{
    // The dev server's answers name the user: no user name field at all.
    {
        SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
        LoginDialog dialog(h.session.get());
        QCOMPARE(dialog.findChildren<QLineEdit *>().size(), 1);
        QVERIFY(field(dialog, QStringLiteral("API key")));
    }
    // Answers that do not: an account name, labelled optional, that only names the session.
    SessionHarness h(m_server.profile(
            Profile::Dialect::Json, Profile::LoginKind::ApiKey,
            {{QStringLiteral("response"), QJsonObject {{QStringLiteral("user"), QString()}}}}));
    QVERIFY(h.session->profile().responsePaths().user.isEmpty());
    LoginDialog dialog(h.session.get());
    dialog.show();
    QLineEdit *account = field(dialog, QStringLiteral("Account name (optional)"));
    QVERIFY(account);
    QCOMPARE(dialog.focusWidget(), field(dialog, QStringLiteral("API key")));
    field(dialog, QStringLiteral("API key"))->setText(QString::fromLatin1(Accounts::aliceApiKey));
    QVERIFY(signInButton(dialog)->isEnabled()); // optional indeed
    account->setText(QStringLiteral("work"));
    QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(h.session->user(), QStringLiteral("work"));
}

void tst_LoginDialog::secretsNeverReachSettingsOrFiles()
{
    QVERIFY2(qEnvironmentVariableIsSet("XDG_CONFIG_HOME")
                     && qEnvironmentVariableIsSet("XDG_DATA_HOME"),
             "run under scripts/with-keyring.sh (throw-away XDG directories)");
    {
        SessionHarness h(m_server.profile(Profile::Dialect::Json));
        LoginDialog dialog(h.session.get());
        dialog.show();
        signInAsAlice(dialog);
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    }
    {
        SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
        LoginDialog dialog(h.session.get());
        dialog.show();
        dialog.findChild<QCheckBox *>()->setChecked(true);
        field(dialog, QStringLiteral("API key"))
                ->setText(QString::fromLatin1(Accounts::aliceApiKey));
        QTest::mouseClick(signInButton(dialog), Qt::LeftButton);
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QSettings().sync();
    QVERIFY(QFile::exists(QSettings().fileName())); // the user name went there
    // Every file under the XDG directories, where settings and caches go (the keyring's own
    // files are encrypted): neither the password nor the key, in any of them.
    int files = 0;
    const QStringList leaks =
            filesContaining({Accounts::alicePassword, Accounts::aliceApiKey}, &files);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char(' '))));
    QVERIFY(files > 0);
}

void tst_LoginDialog::aSessionDeletedFirstLeavesADialogThatOnlyCloses()
{
    auto h = std::make_unique<SessionHarness>(m_server.profile(Profile::Dialect::Json));
    LoginDialog dialog(h->session.get());
    dialog.show();
    signInAsAlice(dialog);
    h.reset(); // the session (and its sign-in) are gone; the dialog is still up
    QVERIFY(!dialog.session());
    QVERIFY(dialog.close());
    QVERIFY(!dialog.isVisible());
}

void tst_LoginDialog::rememberedUserNameIsFilledIn()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    QSettings().setValue(QStringLiteral("users/test-0"), QStringLiteral("bob"));
    LoginDialog dialog(h.session.get());
    dialog.show();
    QCOMPARE(field(dialog, QStringLiteral("User name"))->text(), QStringLiteral("bob"));
    QCOMPARE(dialog.focusWidget(), field(dialog, QStringLiteral("Password")));
}

void tst_LoginDialog::everyInputHasAnAccessibleName()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::ApiKey));
    LoginDialog dialog(h.session.get());
    for (QWidget *widget : dialog.findChildren<QWidget *>()) {
        if (qobject_cast<QLineEdit *>(widget) || qobject_cast<QCheckBox *>(widget))
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
    }
}

QTEST_MAIN(tst_LoginDialog)
#include "tst_logindialog.moc"
