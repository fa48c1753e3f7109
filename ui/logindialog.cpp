// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/logindialog.h>

#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Tessera {

class LoginDialogPrivate
{
public:
    LoginDialogPrivate(LoginDialog *q, Session *session);

    bool usesApiKey() const { return session->profile().loginKind() == Profile::LoginKind::ApiKey; }
    QString settingsKey() const { return QStringLiteral("users/") + session->profile().id(); }
    void signIn();
    void updateUi();
    void showError(const QString &text);
    void clearSecrets();

    LoginDialog *const q;
    Session *const session;
    QLabel *heading = nullptr;
    QLineEdit *user = nullptr;
    QLineEdit *secret = nullptr;
    QCheckBox *remember = nullptr;
    QLabel *error = nullptr;
    QProgressBar *busy = nullptr;
    QDialogButtonBox *buttons = nullptr;
    QPushButton *signInButton = nullptr;
    bool started = false; //!< this dialog asked for the sign-in in flight
};

LoginDialogPrivate::LoginDialogPrivate(LoginDialog *q, Session *session)
    : q(q)
    , session(session)
{
    q->setWindowTitle(LoginDialog::tr("Sign in — %1").arg(session->profile().name()));
    heading = new QLabel(
            LoginDialog::tr("Sign in to <b>%1</b>").arg(session->profile().name().toHtmlEscaped()));
    heading->setTextFormat(Qt::RichText);

    user = new QLineEdit;
    user->setAccessibleName(LoginDialog::tr("User name"));
    secret = new QLineEdit;
    secret->setEchoMode(QLineEdit::Password);
    secret->setAccessibleName(usesApiKey() ? LoginDialog::tr("API key")
                                           : LoginDialog::tr("Password"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(LoginDialog::tr("&User name:"), user);
    form->addRow(usesApiKey() ? LoginDialog::tr("&API key:") : LoginDialog::tr("&Password:"),
                 secret);
    if (usesApiKey()) {
        remember = new QCheckBox(LoginDialog::tr("&Remember the API key in the keychain"));
        remember->setAccessibleName(LoginDialog::tr("Remember the API key in the keychain"));
        remember->setToolTip(LoginDialog::tr("When the session runs out, Tessera signs in "
                                             "again with the key instead of asking you"));
        form->addRow(QString(), remember);
    }

    error = new QLabel;
    error->setWordWrap(true);
    error->setAccessibleName(LoginDialog::tr("Sign-in problem"));
    error->setStyleSheet(QStringLiteral("color: palette(link); font-weight: bold;"));
    error->hide();
    busy = new QProgressBar;
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setMaximumHeight(6);
    busy->setAccessibleName(LoginDialog::tr("Signing in"));
    busy->hide();

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

    auto *layout = new QVBoxLayout(q);
    layout->setSpacing(12);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(busy);
    layout->addWidget(buttons);
    q->setMinimumWidth(380);

    const QString known = session->user().isEmpty() ? QSettings().value(settingsKey()).toString()
                                                    : session->user();
    user->setText(known);
    (known.isEmpty() ? user : secret)->setFocus();

    QObject::connect(user, &QLineEdit::textChanged, q, [this] { updateUi(); });
    QObject::connect(secret, &QLineEdit::textChanged, q, [this] { updateUi(); });
    QObject::connect(session, &Session::stateChanged, q, [this] { updateUi(); });
    QObject::connect(session, &Session::errorOccurred, q,
                     [this](Session::Error reason, const QString &) {
                         if (!started)
                             return;
                         started = false;
                         showError(SessionText::errorText(reason));
                         if (reason == Session::Error::InvalidCredentials) {
                             secret->clear();
                             secret->setFocus();
                         }
                     });
    // Signed in from here, or from elsewhere (another Tessera process): either way, done.
    QObject::connect(session, &Session::signedIn, q, [this] {
        started = false;
        if (!this->session->user().isEmpty())
            QSettings().setValue(settingsKey(), this->session->user());
        this->q->accept();
    });
    updateUi();
}

void LoginDialogPrivate::signIn()
{
    if (!signInButton->isEnabled())
        return;
    error->hide();
    started = true;
    const Secret value(secret->text().toUtf8());
    if (usesApiKey())
        session->signInWithApiKey(user->text().trimmed(), value, remember->isChecked());
    else
        session->signIn(user->text().trimmed(), value);
    updateUi();
}

void LoginDialogPrivate::updateUi()
{
    const bool signingIn = session->state() == Session::State::SigningIn;
    const bool filled =
            !secret->text().isEmpty() && (usesApiKey() || !user->text().trimmed().isEmpty());
    user->setEnabled(!signingIn);
    secret->setEnabled(!signingIn);
    if (remember)
        remember->setEnabled(!signingIn);
    signInButton->setEnabled(!signingIn && filled);
    busy->setVisible(signingIn);
}

void LoginDialogPrivate::showError(const QString &text)
{
    error->setText(text);
    error->setVisible(!text.isEmpty());
}

void LoginDialogPrivate::clearSecrets()
{
    secret->clear();
}

LoginDialog::LoginDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<LoginDialogPrivate>(this, session))
{ }

LoginDialog::~LoginDialog()
{
    d->clearSecrets();
}

void LoginDialog::reject()
{
    if (d->session->state() == Session::State::SigningIn && d->started) {
        // The first Cancel (or Esc) stops the request; the dialog stays for another try.
        d->started = false;
        d->session->cancel();
        d->showError(SessionText::errorText(Session::Error::Cancelled));
        d->updateUi();
        return;
    }
    QDialog::reject();
}

void LoginDialog::done(int result)
{
    d->clearSecrets();
    QDialog::done(result);
}

} // namespace Tessera
