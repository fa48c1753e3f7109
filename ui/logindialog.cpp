// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/logindialog.h>

#include "widgetstyle_p.h"

#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Tessera {

class LoginDialogPrivate
{
public:
    LoginDialogPrivate(LoginDialog *q, Session *session);

    bool usesApiKey() const { return kind == Profile::LoginKind::ApiKey; }
    QString settingsKey() const { return QStringLiteral("users/") + profile.id(); }
    QFormLayout *buildFields();
    void buildButtons();
    void connectSession();
    void fillInKnownUser();
    void signIn();
    void onError(Session::Error reason);
    void onSignedIn();
    bool cancelSignIn();
    bool tooLateToCancel = false; //!< the last cancelSignIn() came after the server accepted
    void updateUi();
    void showError(const QString &text);

    LoginDialog *const q;
    QPointer<Session> const session;
    const Profile profile; //!< a copy: the dialog may outlive the session
    const Profile::LoginKind kind;
    QLabel *heading = nullptr;
    QLineEdit *user = nullptr; //!< null when the profile needs no user name
    QLineEdit *secret = nullptr;
    QCheckBox *remember = nullptr;
    QLabel *error = nullptr;
    QProgressBar *busy = nullptr;
    QDialogButtonBox *buttons = nullptr;
    QPushButton *signInButton = nullptr;
    bool started = false; //!< this dialog asked for the sign-in in flight
    QWidget *focusWhenUnlocked = nullptr; //!< where the keyboard goes once the fields unlock
};

LoginDialogPrivate::LoginDialogPrivate(LoginDialog *q, Session *session)
    : q(q)
    , session(session)
    , profile(session->profile())
    , kind(profile.loginKind())
{
    q->setWindowTitle(LoginDialog::tr("Sign in — %1").arg(profile.name()));
    heading =
            new QLabel(LoginDialog::tr("Sign in to <b>%1</b>").arg(profile.name().toHtmlEscaped()));
    heading->setTextFormat(Qt::RichText);
    QFormLayout *form = buildFields();
    error = new QLabel;
    error->setWordWrap(true);
    error->setAccessibleName(LoginDialog::tr("Sign-in problem"));
    WidgetStyle::markAsError(error);
    error->hide();
    busy = new QProgressBar;
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setMaximumHeight(6);
    busy->setAccessibleName(LoginDialog::tr("Signing in"));
    busy->hide();
    buildButtons();

    auto *layout = new QVBoxLayout(q);
    layout->setSpacing(12);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(busy);
    layout->addWidget(buttons);
    q->setMinimumWidth(380);
    fillInKnownUser();
    connectSession();
    updateUi();
}

QFormLayout *LoginDialogPrivate::buildFields()
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    if (!usesApiKey()) {
        user = new QLineEdit;
        user->setAccessibleName(LoginDialog::tr("User name"));
        form->addRow(LoginDialog::tr("&User name:"), user);
    } else if (profile.responsePaths().user.isEmpty()) {
        // The server does not say whose key it is: the account name only labels the session.
        user = new QLineEdit;
        user->setAccessibleName(LoginDialog::tr("Account name (optional)"));
        user->setPlaceholderText(LoginDialog::tr("optional"));
        user->setToolTip(LoginDialog::tr("Names this account in Tessera and in the keychain; "
                                         "the server does not see it"));
        form->addRow(LoginDialog::tr("A&ccount name:"), user);
    }
    secret = new QLineEdit;
    secret->setEchoMode(QLineEdit::Password);
    secret->setAccessibleName(usesApiKey() ? LoginDialog::tr("API key")
                                           : LoginDialog::tr("Password"));
    form->addRow(usesApiKey() ? LoginDialog::tr("&API key:") : LoginDialog::tr("&Password:"),
                 secret);
    if (usesApiKey()) {
        remember = new QCheckBox(LoginDialog::tr("&Remember the API key in the keychain"));
        remember->setAccessibleName(LoginDialog::tr("Remember the API key in the keychain"));
        remember->setToolTip(LoginDialog::tr("When the session runs out, Tessera signs in "
                                             "again with the key instead of asking you"));
        form->addRow(QString(), remember);
    }
    QObject::connect(secret, &QLineEdit::textChanged, q, [this] { updateUi(); });
    if (user)
        QObject::connect(user, &QLineEdit::textChanged, q, [this] { updateUi(); });
    return form;
}

void LoginDialogPrivate::buildButtons()
{
    buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    signInButton = buttons->addButton(LoginDialog::tr("&Sign in"), QDialogButtonBox::AcceptRole);
    signInButton->setDefault(true);
    // Enter signs in. Cancel must not become the default when it takes the focus from the
    // fields locked during sign-in, or the Enter that started it would cancel it at once.
    for (QAbstractButton *button : buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button); push && push != signInButton)
            push->setAutoDefault(false);
    }
    QObject::connect(signInButton, &QPushButton::clicked, q, [this] { signIn(); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, q, &LoginDialog::reject);
}

void LoginDialogPrivate::connectSession()
{
    QObject::connect(session, &Session::stateChanged, q, [this] { updateUi(); });
    QObject::connect(session, &Session::errorOccurred, q,
                     [this](Session::Error reason, const QString &) { onError(reason); });
    // Signed in from here, or from elsewhere (another Tessera process): either way, done.
    QObject::connect(session, &Session::signedIn, q, [this] { onSignedIn(); });
}

void LoginDialogPrivate::fillInKnownUser()
{
    const QString known = session->user().isEmpty() ? QSettings().value(settingsKey()).toString()
                                                    : session->user();
    if (user)
        user->setText(known);
    (user && known.isEmpty() && !usesApiKey() ? user : secret)->setFocus();
}

void LoginDialogPrivate::signIn()
{
    if (!session || !signInButton->isEnabled())
        return;
    error->hide();
    started = true;
    const Secret value(secret->text().toUtf8());
    const QString name = user ? user->text().trimmed() : QString();
    if (usesApiKey())
        session->signInWithApiKey(name, value, remember->isChecked());
    else
        session->signIn(name, value);
    updateUi();
}

void LoginDialogPrivate::onError(Session::Error reason)
{
    if (!started)
        return;
    started = false;
    showError(SessionText::errorText(reason));
    // The fields were locked while signing in, so the focus moved on (to Cancel): back to the
    // password after wrong credentials, else to Sign in, so that Enter tries again.
    if (reason == Session::Error::InvalidCredentials) {
        secret->clear();
        focusWhenUnlocked = secret;
    } else {
        focusWhenUnlocked = signInButton;
    }
    updateUi();
}

void LoginDialogPrivate::onSignedIn()
{
    started = false;
    if (user && !session->user().isEmpty())
        QSettings().setValue(settingsKey(), session->user());
    q->accept();
}

bool LoginDialogPrivate::cancelSignIn()
{
    tooLateToCancel = false;
    if (!started || !session || session->state() != Session::State::SigningIn)
        return false;
    // Once the server has accepted, the sign-in completes (Session::cancel() says so): the
    // dialog then closes on signedIn() rather than claiming to have cancelled anything.
    tooLateToCancel = !session->cancel();
    if (tooLateToCancel)
        return false;
    started = false;
    return true;
}

void LoginDialogPrivate::updateUi()
{
    const bool signingIn = session && session->state() == Session::State::SigningIn;
    const bool filled = !secret->text().isEmpty()
                        && (usesApiKey() || (user && !user->text().trimmed().isEmpty()));
    if (user)
        user->setEnabled(!signingIn);
    secret->setEnabled(!signingIn);
    if (remember)
        remember->setEnabled(!signingIn);
    signInButton->setEnabled(session && !signingIn && filled);
    busy->setVisible(signingIn);
    if (!signingIn && focusWhenUnlocked && focusWhenUnlocked->isEnabled()) {
        focusWhenUnlocked->setFocus();
        focusWhenUnlocked = nullptr;
    }
}

void LoginDialogPrivate::showError(const QString &text)
{
    error->setText(text);
    error->setVisible(!text.isEmpty());
}

LoginDialog::LoginDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<LoginDialogPrivate>(this, session))
{ }

LoginDialog::~LoginDialog()
{
    d->secret->clear();
}

Session *LoginDialog::session() const
{
    return d->session;
}

void LoginDialog::reject()
{
    if (d->cancelSignIn()) {
        // The first Cancel (or Esc) stops the request; the dialog stays for another try.
        d->showError(SessionText::errorText(Session::Error::Cancelled));
        d->focusWhenUnlocked = d->signInButton;
        d->updateUi();
        return;
    }
    if (d->tooLateToCancel)
        return; // accepted a moment ago: signedIn() closes the dialog
    QDialog::reject();
}

void LoginDialog::closeEvent(QCloseEvent *event)
{
    // Closing the window (its close button, or the application quitting) closes it even while
    // signing in: the request is cancelled first.
    d->cancelSignIn();
    QDialog::closeEvent(event);
}

void LoginDialog::done(int result)
{
    d->secret->clear();
    QDialog::done(result);
}

} // namespace Tessera
