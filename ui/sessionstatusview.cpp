// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/sessionstatusview.h>

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Tessera {

class SessionStatusViewPrivate
{
public:
    SessionStatusViewPrivate(SessionStatusView *q, Session *session);

    QLabel *addRow(QFormLayout *form, const QString &label, const QString &accessibleName);
    void refresh();
    void scheduleTick();
    QString when(const QDateTime &at, const QDateTime &now) const;

    SessionStatusView *const q;
    Session *const session;
    Clock *clock = Clock::system();
    QTimer ticker;
    QLabel *service = nullptr;
    QLabel *user = nullptr;
    QLabel *state = nullptr;
    QLabel *access = nullptr;
    QLabel *refreshToken = nullptr;
    QLabel *nextRefresh = nullptr;
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
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    service = addRow(form, SessionStatusView::tr("Service:"), SessionStatusView::tr("Service"));
    user = addRow(form, SessionStatusView::tr("User:"), SessionStatusView::tr("User"));
    state = addRow(form, SessionStatusView::tr("State:"), SessionStatusView::tr("State"));
    access = addRow(form, SessionStatusView::tr("Access token:"),
                    SessionStatusView::tr("Access token expiry"));
    refreshToken = addRow(form, SessionStatusView::tr("Session ends:"),
                          SessionStatusView::tr("Refresh token expiry"));
    nextRefresh = addRow(form, SessionStatusView::tr("Next refresh:"),
                         SessionStatusView::tr("Next refresh"));
    storage = addRow(form, SessionStatusView::tr("Saved:"), SessionStatusView::tr("Storage"));
    error = addRow(form, SessionStatusView::tr("Last error:"), SessionStatusView::tr("Last error"));
    error->setWordWrap(true);
    errorLabel = qobject_cast<QLabel *>(form->labelForField(error));

    refreshButton = new QPushButton(SessionStatusView::tr("&Refresh now"));
    reauthenticateButton = new QPushButton(SessionStatusView::tr("Re-&authenticate…"));
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

    auto *layout = new QVBoxLayout(q);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addLayout(buttons);

    ticker.setSingleShot(true);
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, q, [this] {
        refresh();
        scheduleTick();
    });
    QObject::connect(session, &Session::stateChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::userChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::accessExpiresAtChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::refreshExpiresAtChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::nextRefreshAtChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::errorChanged, q, [this] { refresh(); });
    QObject::connect(session, &Session::persistentChanged, q, [this] { refresh(); });
    refresh();
}

QLabel *SessionStatusViewPrivate::addRow(QFormLayout *form, const QString &label,
                                         const QString &accessibleName)
{
    auto *value = new QLabel;
    value->setAccessibleName(accessibleName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    return value;
}

QString SessionStatusViewPrivate::when(const QDateTime &at, const QDateTime &now) const
{
    if (!at.isValid())
        return SessionStatusView::tr("unknown");
    const QString time = QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat);
    return SessionStatusView::tr("%1 (%2)").arg(SessionText::expiry(at, now), time);
}

void SessionStatusViewPrivate::refresh()
{
    const QDateTime now = clock->now();
    const bool signedIn = session->hasValidAccessToken();
    service->setText(session->profile().name());
    user->setText(session->user().isEmpty() ? SessionStatusView::tr("—") : session->user());
    state->setText(SessionText::stateText(session->state()));
    access->setText(signedIn || session->accessExpiresAt().isValid()
                            ? when(session->accessExpiresAt(), now)
                            : SessionStatusView::tr("—"));
    refreshToken->setText(signedIn ? when(session->refreshExpiresAt(), now)
                                   : SessionStatusView::tr("—"));
    nextRefresh->setText(session->nextRefreshAt().isValid() ? when(session->nextRefreshAt(), now)
                                                            : SessionStatusView::tr("—"));
    storage->setText(session->isPersistent()
                             ? SessionStatusView::tr("yes")
                             : SessionStatusView::tr("no — only while Tessera runs (the "
                                                     "keychain could not be used)"));
    const bool failed = session->error() != Session::Error::NoError;
    error->setText(failed ? SessionText::errorText(session->error()) : QString());
    error->setToolTip(failed ? session->errorString() : QString());
    error->setVisible(failed);
    if (errorLabel)
        errorLabel->setVisible(failed);

    const Session::State s = session->state();
    refreshButton->setEnabled(s == Session::State::Active || s == Session::State::RefreshRetrying
                              || s == Session::State::WaitingForNetwork);
    reauthenticateButton->setEnabled(s != Session::State::SigningIn
                                     && s != Session::State::SigningOut);
    signOutButton->setEnabled(session->isSignedIn() || s == Session::State::WaitingForNetwork
                              || s == Session::State::Refreshing);
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
