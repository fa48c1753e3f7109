// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/sessionstatusview.h>

#include "networkreachability_p.h"
#include "widgetstyle_p.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace Tessera {

class SessionStatusViewPrivate
{
public:
    SessionStatusViewPrivate(SessionStatusView *q, Session *session);

    QFormLayout *buildRows();
    QHBoxLayout *buildAccessRow();
    QHBoxLayout *buildButtons();
    void connectSession();
    static QLabel *valueLabel(const QString &accessibleName);
    QLabel *addRow(QFormLayout *form, const QString &label, const QString &accessibleName);
    void refresh();
    void refreshTimes(const QDateTime &now);
    void refreshLife(const QDateTime &now);
    void refreshError();
    void refreshButtons();
    void noteNewAccessToken();
    SessionText::Network network();
    QString stateText();
    QString storageText() const;
    void scheduleTick();
    QString when(const QDateTime &at, const QDateTime &now) const;

    SessionStatusView *const q;
    Session *const session;
    Clock *clock = Clock::system();
    QTimer ticker;
    QDateTime lastRefreshedAt;
    QDateTime accessSince; //!< when the access token shown was obtained, or first seen
    bool accessSinceGiven = false; //!< accessSince came from setAccessTokenObtainedAt()
    bool networkWatched = false;
    QLabel *service = nullptr;
    QLabel *user = nullptr;
    QLabel *state = nullptr;
    QLabel *access = nullptr;
    QProgressBar *accessLife = nullptr;
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
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    service = addRow(form, SessionStatusView::tr("Service:"), SessionStatusView::tr("Service"));
    user = addRow(form, SessionStatusView::tr("User:"), SessionStatusView::tr("User"));
    state = addRow(form, SessionStatusView::tr("State:"), SessionStatusView::tr("State"));
    form->addRow(SessionStatusView::tr("Access token:"), buildAccessRow());
    refreshToken = addRow(form, SessionStatusView::tr("Session ends:"),
                          SessionStatusView::tr("Refresh token expiry"));
    nextRefresh = addRow(form, SessionStatusView::tr("Next refresh:"),
                         SessionStatusView::tr("Next refresh"));
    lastRefresh = addRow(form, SessionStatusView::tr("Last refresh:"),
                         SessionStatusView::tr("Last refresh"));
    storage = addRow(form, SessionStatusView::tr("Storage:"), SessionStatusView::tr("Storage"));
    error = addRow(form, SessionStatusView::tr("Last error:"), SessionStatusView::tr("Last error"));
    error->setWordWrap(true);
    WidgetStyle::markAsError(error);
    errorLabel = qobject_cast<QLabel *>(form->labelForField(error));
    return form;
}

// The access token's remaining life as a bar, with the countdown and the time of day beside it.
QHBoxLayout *SessionStatusViewPrivate::buildAccessRow()
{
    access = valueLabel(SessionStatusView::tr("Access token expiry"));
    accessLife = new QProgressBar;
    accessLife->setTextVisible(false);
    accessLife->setAccessibleName(SessionStatusView::tr("Access token remaining life"));
    accessLife->setAccessibleDescription(SessionStatusView::tr("No access token"));
    const QFontMetrics metrics = q->fontMetrics();
    accessLife->setFixedSize(metrics.averageCharWidth() * 14, metrics.height() * 3 / 4);
    auto *row = new QHBoxLayout;
    row->addWidget(accessLife);
    row->addWidget(access, 1);
    return row;
}

QHBoxLayout *SessionStatusViewPrivate::buildButtons()
{
    refreshButton = new QPushButton(SessionStatusView::tr("&Refresh now"));
    reauthenticateButton = new QPushButton;
    signOutButton = new QPushButton(SessionStatusView::tr("Sign &out"));
    refreshButton->setAccessibleDescription(
            SessionStatusView::tr("Asks the server for a new access token now"));
    signOutButton->setAccessibleDescription(SessionStatusView::tr(
            "Ends the session on the server and removes it from this computer"));
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
    QObject::connect(session, &Session::displayNameChanged, q, update);
    QObject::connect(session, &Session::accessExpiresAtChanged, q, [this] {
        noteNewAccessToken();
        refresh();
    });
    QObject::connect(session, &Session::refreshExpiresAtChanged, q, update);
    QObject::connect(session, &Session::nextRefreshAtChanged, q, update);
    QObject::connect(session, &Session::errorChanged, q, update);
    QObject::connect(session, &Session::persistentChanged, q, update);
    QObject::connect(session, &Session::signInPromptChanged, q, update);
    QObject::connect(session, &Session::refreshed, q, [this] {
        lastRefreshedAt = clock->now();
        noteNewAccessToken();
        refresh();
    });
    QObject::connect(session, &Session::signedIn, q, [this] {
        noteNewAccessToken();
        refresh();
    });
    QObject::connect(session, &Session::signedOut, q, [this] {
        lastRefreshedAt = QDateTime();
        refresh();
    });
}

QLabel *SessionStatusViewPrivate::valueLabel(const QString &accessibleName)
{
    auto *value = new QLabel;
    value->setTextFormat(Qt::PlainText); // the last error may quote the server's own words
    value->setAccessibleName(accessibleName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return value;
}

QLabel *SessionStatusViewPrivate::addRow(QFormLayout *form, const QString &label,
                                         const QString &accessibleName)
{
    QLabel *value = valueLabel(accessibleName);
    form->addRow(label, value);
    return value;
}

// A new access token (signed in, refreshed, or followed from another process): its life starts
// now, as far as this view can tell.
void SessionStatusViewPrivate::noteNewAccessToken()
{
    accessSince = clock->now();
    accessSinceGiven = false;
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
    // The server's name for the user, and the login name kept for the next sign-in when it
    // differs.
    if (session->user().isEmpty())
        user->setText(SessionStatusView::tr("—"));
    else if (session->displayName() == session->user())
        user->setText(session->user());
    else
        user->setText(SessionStatusView::tr("%1 (signs in as %2)")
                              .arg(session->displayName(), session->user()));
    state->setText(stateText());
    storage->setText(storageText());
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
    refreshLife(now);
}

// The bar is full when the token arrives and empty when it expires. A token that was there
// before this process saw it (restored at start-up) counts from the moment it was first seen.
void SessionStatusViewPrivate::refreshLife(const QDateTime &now)
{
    const QDateTime expiresAt = session->accessExpiresAt();
    accessLife->setVisible(expiresAt.isValid());
    if (!expiresAt.isValid()) {
        accessLife->setAccessibleDescription(SessionStatusView::tr("No access token"));
        accessLife->setToolTip(QString());
        return;
    }
    if (!accessSince.isValid())
        accessSince = now;
    const qint64 left = std::clamp<qint64>(now.secsTo(expiresAt), 0, INT_MAX);
    // Never shorter than what is left: a clock set back, or a token seen only after it came.
    const qint64 life =
            std::clamp<qint64>(accessSince.secsTo(expiresAt), std::max<qint64>(left, 1), INT_MAX);
    accessLife->setRange(0, int(life));
    accessLife->setValue(int(std::min(left, life)));
    const QString description =
            SessionStatusView::tr("%1 of %2 left")
                    .arg(SessionText::countdown(left), SessionText::countdown(life));
    accessLife->setAccessibleDescription(description);
    accessLife->setToolTip(description);
}

void SessionStatusViewPrivate::refreshError()
{
    const bool failed = session->error() != Session::Error::NoError;
    error->setText(failed ? SessionText::errorText(session->error(), network()) : QString());
    error->setToolTip(failed ? session->errorString() : QString());
    error->setVisible(failed);
    if (errorLabel)
        errorLabel->setVisible(failed);
}

// Whether the computer is on a network, asked only when a failure to reach the server is to be
// worded: a view that never shows one never loads the network information.
SessionText::Network SessionStatusViewPrivate::network()
{
    const Session::Error failure = session->error();
    if (failure != Session::Error::NetworkError && failure != Session::Error::Timeout)
        return SessionText::Network::Unknown;
    NetworkReachability *reachability = NetworkReachability::shared();
    if (!networkWatched) {
        networkWatched = true;
        QObject::connect(reachability, &NetworkReachability::networkChanged, q,
                         [this] { refresh(); });
    }
    return reachability->network();
}

// What is kept of the session for the next start, and what that means for the user.
QString SessionStatusViewPrivate::storageText() const
{
    using State = Session::State;
    const State s = session->state();
    if (s == State::Restoring)
        return SessionStatusView::tr("—");
    const bool held = s == State::Active || s == State::Refreshing || s == State::RefreshRetrying
                      || s == State::WaitingForNetwork
                      || ((s == State::SigningIn || s == State::SigningOut)
                          && session->hasValidAccessToken());
    if (!held)
        return session->isPersistent()
                       ? SessionStatusView::tr("Nothing saved — not signed in")
                       : SessionStatusView::tr("Nothing saved — the keychain could not be used");
    return session->isPersistent()
                   ? SessionStatusView::tr("Saved — you stay signed in when Tessera restarts")
                   : SessionStatusView::tr("Not saved — it lasts only while Tessera runs (the "
                                           "keychain could not be used)");
}

// The state, and during a sign-in in the browser or with a code what it waits for.
QString SessionStatusViewPrivate::stateText()
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
    return SessionText::stateText(session->state(), session->error(), network());
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
    reauthenticateButton->setAccessibleDescription(
            s == State::SignedOut ? SessionStatusView::tr("Opens the sign-in window")
            : s == State::ReauthenticationRequired
                    ? SessionStatusView::tr("The session has ended: opens the sign-in window")
            : s == State::SigningIn
                    ? SessionStatusView::tr("Brings back the window of the sign-in in progress")
                    : SessionStatusView::tr("Opens the sign-in window to sign in again"));
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
    if (!d->accessSinceGiven)
        d->accessSince = QDateTime(); // first seen on the new clock
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

void SessionStatusView::setAccessTokenObtainedAt(const QDateTime &at)
{
    d->accessSince = at;
    d->accessSinceGiven = at.isValid();
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
