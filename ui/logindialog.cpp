// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/logindialog.h>

#include "browsersigninview_p.h"
#include "credentialsview_p.h"
#include "devicecodeview_p.h"
#include "widgetstyle_p.h"

#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace Tessera {

class LoginDialogPrivate
{
public:
    LoginDialogPrivate(LoginDialog *q, Session *session);

    SignInView *addView(Profile::LoginKind kind);
    void showView();
    QHBoxLayout *buildButtonRow();
    void orderButtons();
    void connectSession();
    void signIn();
    void onError(Session::Error reason);
    void onSignedIn();
    bool cancelSignIn();
    bool tooLateToCancel = false; //!< the last cancelSignIn() came after the server accepted
    void switchWay();
    void updateUi();
    void showError(const QString &text);
    void fitHeight();
    void fitHeightNow();

    LoginDialog *const q;
    QPointer<Session> const session;
    const Profile profile; //!< a copy: the dialog may outlive the session
    Profile::LoginKind kind; //!< the view's: the profile's, or Device on a browser profile
    QVBoxLayout *layout = nullptr;
    QLabel *heading = nullptr;
    SignInView *view = nullptr; //!< the one in sight
    SignInView *otherView = nullptr; //!< a browser profile's code view, or the reverse; or null
    QPushButton *otherWay = nullptr; //!< switches between view and otherView
    QLabel *error = nullptr;
    QProgressBar *busy = nullptr;
    QDialogButtonBox *buttons = nullptr;
    QPushButton *signInButton = nullptr;
    bool started = false; //!< this dialog asked for the sign-in in flight
    QWidget *focusWhenUnlocked = nullptr; //!< where the keyboard goes once the fields unlock
    bool fitPending = false;
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
    error = new QLabel;
    error->setTextFormat(Qt::PlainText); // it may quote the server's own words
    error->setWordWrap(true);
    error->setAccessibleName(LoginDialog::tr("Sign-in problem"));
    WidgetStyle::markAsError(error);
    error->hide();
    busy = new QProgressBar;
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setMaximumHeight(6);
    busy->setAccessibleName(LoginDialog::tr("Signing in"));
    busy->setAccessibleDescription(LoginDialog::tr("Shown while the sign-in is in progress"));
    busy->hide();

    layout = new QVBoxLayout(q);
    layout->setSpacing(12);
    layout->addWidget(heading);
    // The views before the buttons: Tab follows the order in which widgets join the window.
    view = addView(kind);
    if (kind == Profile::LoginKind::Browser && profile.offersDeviceSignIn()) {
        otherView = addView(Profile::LoginKind::Device);
        otherView->hide();
    }
    layout->addWidget(error);
    layout->addWidget(busy);
    layout->addStretch(1); // a taller dialog: the room goes above the buttons
    layout->addLayout(buildButtonRow());
    orderButtons();
    q->setMinimumWidth(380);
    connectSession();
    showView();
}

SignInView *LoginDialogPrivate::addView(Profile::LoginKind way)
{
    SignInView *made = nullptr;
    switch (way) {
    case Profile::LoginKind::Browser:
        made = new BrowserSignInView(session);
        break;
    case Profile::LoginKind::Device:
        made = new DeviceCodeView(session);
        break;
    case Profile::LoginKind::Password:
    case Profile::LoginKind::ApiKey:
        made = new CredentialsView(session);
        break;
    }
    layout->addWidget(made);
    made->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    QObject::connect(made, &SignInView::canStartChanged, q, [this] { updateUi(); });
    QObject::connect(made, &SignInView::pageChanged, q, [this] { fitHeight(); });
    return made;
}

// The start button's text, the switch's and the keyboard's place for the view in sight.
void LoginDialogPrivate::showView()
{
    signInButton->setText(view->startText());
    signInButton->setAccessibleDescription(view->startDescription());
    if (otherWay) {
        const bool code = kind == Profile::LoginKind::Device;
        otherWay->setText(code ? LoginDialog::tr("Use the browser instead")
                               : LoginDialog::tr("Use a code instead"));
        otherWay->setToolTip(code ? LoginDialog::tr("Sign in with your browser on this computer")
                                  : LoginDialog::tr("Enter a code on this or another device, "
                                                    "for when no browser can be opened here"));
        otherWay->setAccessibleDescription(otherWay->toolTip());
    }
    (view->initialFocus() ? view->initialFocus() : signInButton)->setFocus();
    updateUi();
}

QHBoxLayout *LoginDialogPrivate::buildButtonRow()
{
    buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    signInButton = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    signInButton->setDefault(true);
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setAccessibleDescription(LoginDialog::tr(
            "Stops the sign-in in progress; otherwise closes this window without signing in"));
    // Enter signs in. Cancel must not become the default when it takes the focus from the
    // fields locked during sign-in, or the Enter that started it would cancel it at once.
    for (QAbstractButton *button : buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button); push && push != signInButton)
            push->setAutoDefault(false);
    }
    QObject::connect(signInButton, &QPushButton::clicked, q, [this] { signIn(); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, q, &LoginDialog::reject);

    auto *row = new QHBoxLayout;
    if (otherView) {
        otherWay = new QPushButton;
        otherWay->setAutoDefault(false);
        WidgetStyle::lookLikeALink(otherWay);
        QObject::connect(otherWay, &QPushButton::clicked, q, [this] { switchWay(); });
        row->addWidget(otherWay);
    }
    row->addWidget(buttons, 1);
    return row;
}

// Tab goes through the buttons in the order they are shown, which the platform decides (Sign in
// left or right of Cancel), rather than in the order they were made.
void LoginDialogPrivate::orderButtons()
{
    QWidget *previous = nullptr;
    for (int i = 0; i < buttons->layout()->count(); ++i) {
        QWidget *button = buttons->layout()->itemAt(i)->widget();
        if (!qobject_cast<QAbstractButton *>(button))
            continue;
        if (previous)
            QWidget::setTabOrder(previous, button);
        previous = button;
    }
}

void LoginDialogPrivate::connectSession()
{
    QObject::connect(session, &Session::stateChanged, q, [this] { updateUi(); });
    QObject::connect(session, &Session::errorOccurred, q,
                     [this](Session::Error reason, const QString &) { onError(reason); });
    // Signed in from here, or from elsewhere (another Tessera process): either way, done.
    QObject::connect(session, &Session::signedIn, q, [this] { onSignedIn(); });
}

void LoginDialogPrivate::signIn()
{
    if (!session || !signInButton->isEnabled())
        return;
    error->hide();
    started = true;
    view->start();
    updateUi();
}

void LoginDialogPrivate::onError(Session::Error reason)
{
    if (!started)
        return;
    started = false;
    showError(view->errorText(reason));
    QWidget *next = view->failed(reason);
    focusWhenUnlocked = next ? next : signInButton;
    // A sign-in in the browser or on another device ends while the user looks elsewhere.
    if (!view->showsStartWhileSigningIn())
        q->raise();
    updateUi();
}

void LoginDialogPrivate::onSignedIn()
{
    started = false;
    view->signedIn();
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

// From the browser to a code and back, giving up the sign-in in flight (it would finish in the
// view about to go, or keep the other way's port or code alive for nothing).
void LoginDialogPrivate::switchWay()
{
    if (!session)
        return;
    cancelSignIn();
    if (tooLateToCancel)
        return; // signed in a moment ago: signedIn() closes the dialog
    showError(QString());
    std::swap(view, otherView);
    kind = kind == Profile::LoginKind::Device ? Profile::LoginKind::Browser
                                              : Profile::LoginKind::Device;
    otherView->hide();
    view->show();
    showView();
    fitHeight();
}

void LoginDialogPrivate::updateUi()
{
    const bool signingIn = session && session->state() == Session::State::SigningIn;
    view->setSigningIn(signingIn);
    signInButton->setEnabled(session && !signingIn && view->canStart());
    signInButton->setVisible(!signingIn || view->showsStartWhileSigningIn());
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
    fitHeight();
}

// A layout makes its window taller for a taller page but never shorter again: the dialog takes
// the height its contents want at its width, so that a page leaves no gap behind.
void LoginDialogPrivate::fitHeight()
{
    if (!q->isVisible() || fitPending)
        return; // showing it fits it; one fit for many changes
    fitPending = true;
    QMetaObject::invokeMethod(
            q, [this] { fitHeightNow(); }, Qt::QueuedConnection);
}

void LoginDialogPrivate::fitHeightNow()
{
    fitPending = false;
    // The views' own layouts keep sizes from their last page until told: all are asked anew,
    // the innermost first.
    const QList<QLayout *> nested = q->findChildren<QLayout *>();
    for (QLayout *each : nested)
        each->invalidate();
    for (auto it = nested.crbegin(); it != nested.crend(); ++it)
        (*it)->activate();
    layout->activate();
    const int height = layout->hasHeightForWidth() ? layout->totalHeightForWidth(q->width())
                                                   : layout->totalSizeHint().height();
    q->resize(q->width(), std::max(height, q->minimumHeight()));
}

LoginDialog::LoginDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<LoginDialogPrivate>(this, session))
{ }

LoginDialog::~LoginDialog()
{
    d->view->clear();
}

Session *LoginDialog::session() const
{
    return d->session;
}

void LoginDialog::reject()
{
    if (d->cancelSignIn()) {
        // The first Cancel (or Esc) stops the request; the dialog stays for another try.
        d->showError(d->view->errorText(Session::Error::Cancelled));
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
    d->view->clear();
    QDialog::done(result);
}

} // namespace Tessera
