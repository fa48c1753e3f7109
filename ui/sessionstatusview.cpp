// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/sessionstatusview.h>

#include "widgetstyle_p.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Tessera {

class SessionStatusViewPrivate
{
public:
    SessionStatusViewPrivate(SessionStatusView *q, Session *session);

    QFormLayout *buildRows();
    QHBoxLayout *buildButtons();
    void connectSession();
    QLabel *addRow(QFormLayout *form, const QString &label, const QString &accessibleName);
    void refresh();
    void refreshTimes(const QDateTime &now);
    void refreshError();
    void refreshButtons();
    QString stateText() const;
    void scheduleTick();
    QString when(const QDateTime &at, const QDateTime &now) const;

    SessionStatusView *const q;
    Session *const session;
    Clock *clock = Clock::system();
    QTimer ticker;
    QDateTime lastRefreshedAt;
    QLabel *service = nullptr;
    QLabel *user = nullptr;
    QLabel *state = nullptr;
    QLabel *access = nullptr;
    QLabel *refreshToken = nullptr;
    QLabel *nextRefresh = nullptr;
    QLabel *lastRefresh = nullptr;
    QLabel *storage = nullptr;
    QLabel *errorLabel = nullptr;
    QLabel *error = nullptr;
    QPushButton *refreshButton = nullptr;
    QPushButton *reauthenticateButton = nullptr;
    QPushButton *signOutButton = nullptr;
};

SessionStatusViewPrivate::SessionStatusViewPrivate(SessionStatusView *q, Session *session)
    : q(q)
    , session(session)
{
    auto *layout = new QVBoxLayout(q);
    layout->addLayout(buildRows());
    layout->addSpacing(8);
    layout->addLayout(buildButtons());

    ticker.setSingleShot(true);
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, q, [this] {
        refresh();
        scheduleTick();
    });
    connectSession();
    refresh();
}

QFormLayout *SessionStatusViewPrivate::buildRows()
{
    using V = SessionStatusView;
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    service = addRow(form, V::tr("Service:"), V::tr("Service"));
    user = addRow(form, V::tr("User:"), V::tr("User"));
    state = addRow(form, V::tr("State:"), V::tr("State"));
    access = addRow(form, V::tr("Access token:"), V::tr("Access token expiry"));
    refreshToken = addRow(form, V::tr("Session ends:"), V::tr("Refresh token expiry"));
    nextRefresh = addRow(form, V::tr("Next refresh:"), V::tr("Next refresh"));
    lastRefresh = addRow(form, V::tr("Last refresh:"), V::tr("Last refresh"));
    storage = addRow(form, V::tr("Saved:"), V::tr("Storage"));
    error = addRow(form, V::tr("Last error:"), V::tr("Last error"));
    error->setWordWrap(true);
    WidgetStyle::markAsError(error);
    errorLabel = qobject_cast<QLabel *>(form->labelForField(error));
    return form;
}

QHBoxLayout *SessionStatusViewPrivate::buildButtons()
{
    refreshButton = new QPushButton(SessionStatusView::tr("&Refresh now"));
    reauthenticateButton = new QPushButton;
    signOutButton = new QPushButton(SessionStatusView::tr("Sign &out"));
    QObject::connect(refreshButton, &QPushButton::clicked, session, &Session::refresh);
    QObject::connect(reauthenticateButton, &QPushButton::clicked, q,
                     &SessionStatusView::reauthenticateRequested);
    QObject::connect(signOutButton, &QPushButton::clicked, session, &Session::signOut);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addWidget(reauthenticateButton);
    buttons->addStretch();
    buttons->addWidget(signOutButton);
    return buttons;
}

void SessionStatusViewPrivate::connectSession()
{
    const auto update = [this] {
        refresh();
    };
    QObject::connect(session, &Session::stateChanged, q, update);
    QObject::connect(session, &Session::userChanged, q, update);
    QObject::connect(session, &Session::accessExpiresAtChanged, q, update);
    QObject::connect(session, &Session::refreshExpiresAtChanged, q, update);
    QObject::connect(session, &Session::nextRefreshAtChanged, q, update);
    QObject::connect(session, &Session::errorChanged, q, update);
    QObject::connect(session, &Session::persistentChanged, q, update);
    QObject::connect(session, &Session::signInPromptChanged, q, update);
    QObject::connect(session, &Session::refreshed, q, [this] {
        lastRefreshedAt = clock->now();
        refresh();
    });
    QObject::connect(session, &Session::signedOut, q, [this] {
        lastRefreshedAt = QDateTime();
        refresh();
    });
}

QLabel *SessionStatusViewPrivate::addRow(QFormLayout *form, const QString &label,
                                         const QString &accessibleName)
{
    auto *value = new QLabel;
    value->setTextFormat(Qt::PlainText); // the last error may quote the server's own words
    value->setAccessibleName(accessibleName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    return value;
}

QString SessionStatusViewPrivate::when(const QDateTime &at, const QDateTime &now) const
{
    if (!at.isValid())
        return SessionStatusView::tr("unknown");
    return SessionStatusView::tr("%1 (%2)").arg(SessionText::expiry(at, now),
                                                SessionText::clockTime(at, now));
}

void SessionStatusViewPrivate::refresh()
{
    service->setText(session->profile().name());
    user->setText(session->user().isEmpty() ? SessionStatusView::tr("—") : session->user());
    state->setText(stateText());
    storage->setText(session->isPersistent()
                             ? SessionStatusView::tr("yes")
                             : SessionStatusView::tr("no — only while Tessera runs (the "
                                                     "keychain could not be used)"));
    refreshTimes(clock->now());
    refreshError();
    refreshButtons();
}

void SessionStatusViewPrivate::refreshTimes(const QDateTime &now)
{
    const QString none = SessionStatusView::tr("—");
    const bool signedIn = session->hasValidAccessToken();
    access->setText(signedIn || session->accessExpiresAt().isValid()
                            ? when(session->accessExpiresAt(), now)
                            : none);
    // Known while offline too: the refresh token is kept while retrying.
    refreshToken->setText(session->refreshExpiresAt().isValid()
                                  ? when(session->refreshExpiresAt(), now)
                                  : (signedIn ? SessionStatusView::tr("unknown") : none));
    nextRefresh->setText(session->nextRefreshAt().isValid() ? when(session->nextRefreshAt(), now)
                                                            : none);
    lastRefresh->setText(lastRefreshedAt.isValid()
                                 ? SessionStatusView::tr("%1 ago (%2)")
                                           .arg(SessionText::countdown(lastRefreshedAt.secsTo(now)),
                                                SessionText::clockTime(lastRefreshedAt, now))
                                 : none);
}

void SessionStatusViewPrivate::refreshError()
{
    const bool failed = session->error() != Session::Error::NoError;
    error->setText(failed ? SessionText::errorText(session->error()) : QString());
    error->setToolTip(failed ? session->errorString() : QString());
    error->setVisible(failed);
    if (errorLabel)
        errorLabel->setVisible(failed);
}

// The state, and during a sign-in in the browser or with a code what it waits for.
QString SessionStatusViewPrivate::stateText() const
{
    const SignInPrompt prompt = session->signInPrompt();
    switch (prompt.kind()) {
    case SignInPrompt::Kind::OpenBrowser:
        return SessionStatusView::tr("Signing in — waiting for you in the browser…");
    case SignInPrompt::Kind::EnterCode:
        return SessionStatusView::tr("Signing in — waiting for the code %1 to be entered…")
                .arg(prompt.userCode());
    case SignInPrompt::Kind::None:
        break;
    }
    return SessionText::stateText(session->state());
}

void SessionStatusViewPrivate::refreshButtons()
{
    using State = Session::State;
    const State s = session->state();
    refreshButton->setEnabled(s == State::Active || s == State::RefreshRetrying
                              || s == State::WaitingForNetwork);
    reauthenticateButton->setText(
            s == State::SignedOut                  ? SessionStatusView::tr("Sign &in…")
            : s == State::ReauthenticationRequired ? SessionStatusView::tr("Sign &in again…")
            : s == State::SigningIn                ? SessionStatusView::tr("Show &sign-in…")
                                                   : SessionStatusView::tr("Re-&authenticate…"));
    reauthenticateButton->setEnabled(s != State::SigningOut && s != State::Restoring);
    signOutButton->setEnabled(session->isSignedIn() || s == State::WaitingForNetwork
                              || s == State::Refreshing);
}

void SessionStatusViewPrivate::scheduleTick()
{
    // Just after the next second turns, so the countdown steps by exactly one.
    ticker.start(1000 - clock->now().time().msec() + 5);
}

SessionStatusView::SessionStatusView(Session *session, QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<SessionStatusViewPrivate>(this, session))
{
    setWindowTitle(tr("Tessera — %1").arg(session->profile().name()));
}

SessionStatusView::~SessionStatusView() = default;

void SessionStatusView::setClock(Clock *clock)
{
    d->clock = clock ? clock : Clock::system();
    d->refresh();
}

bool SessionStatusView::isTicking() const
{
    return d->ticker.isActive();
}

void SessionStatusView::setLastRefreshedAt(const QDateTime &at)
{
    d->lastRefreshedAt = at;
    d->refresh();
}

void SessionStatusView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    d->refresh();
    d->scheduleTick();
}

void SessionStatusView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    d->ticker.stop();
}

} // namespace Tessera
