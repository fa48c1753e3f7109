// SPDX-License-Identifier: BSD-3-Clause
#include "traymenu.h"

#include "countdowntick.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

namespace Tessera::Tray {

using Tessera::Session;
using State = Session::State;

TrayMenu::TrayMenu(Tessera::Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_ticker.setSingleShot(true);
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, &TrayMenu::tick);
    connect(&m_menu, &QMenu::aboutToShow, this, &TrayMenu::startTicking);
    connect(&m_menu, &QMenu::aboutToHide, &m_ticker, &QTimer::stop);
    // Every item says what it does: in a tool tip, and in a status tip (Qt 6.4 gives a menu
    // item no accessible description; docs/accessibility.md).
    m_menu.setToolTipsVisible(true);
}

namespace {
void describe(QAction *action, const QString &description)
{
    action->setToolTip(description);
    action->setStatusTip(description);
}
} // namespace

TrayMenu::~TrayMenu() = default;

void TrayMenu::addSession(Session *session)
{
    if (!m_sections.empty())
        m_menu.addSeparator();
    const QString id = session->profile().id();
    Section section;
    section.session = session;
    // An enabled, bold header reads as a title (a disabled one is grey on grey in many
    // styles); clicking it opens that session's status.
    section.header =
            m_menu.addAction(QString(), this, [this, session] { Q_EMIT statusRequested(session); });
    QFont bold = section.header->font();
    bold.setBold(true);
    section.header->setFont(bold);
    section.refresh = m_menu.addAction(tr("&Refresh now"), session, &Session::refresh);
    section.signIn =
            m_menu.addAction(QString(), this, [this, session] { Q_EMIT signInRequested(session); });
    section.signOut = m_menu.addAction(tr("Sign &out"), this,
                                       [this, session] { Q_EMIT signOutRequested(session); });
    section.header->setObjectName(QStringLiteral("header/") + id);
    section.refresh->setObjectName(QStringLiteral("refresh/") + id);
    section.signIn->setObjectName(QStringLiteral("signin/") + id);
    section.signOut->setObjectName(QStringLiteral("signout/") + id);
    describe(section.header,
             tr("Shows the status of the session with %1").arg(session->profile().name()));
    describe(section.refresh, tr("Asks the server for a new access token now"));
    describe(section.signOut,
             tr("Ends the session on the server and removes it from this computer"));
    m_sections.push_back(section);
    updateSection(section, m_clock->now());
}

void TrayMenu::addGeneralActions(bool autostartEnabled)
{
    m_menu.addSeparator();
    QAction *status = m_menu.addAction(tr("Show &status…"), this,
                                       [this] { Q_EMIT statusRequested(nullptr); });
    status->setObjectName(QStringLiteral("status"));
    describe(status, tr("Opens the window with the details of every session"));
    m_autostart = m_menu.addAction(tr("Start at &login"));
    m_autostart->setObjectName(QStringLiteral("autostart"));
    describe(m_autostart, tr("Starts Tessera when you log in to this desktop"));
    m_autostart->setCheckable(true);
    m_autostart->setChecked(autostartEnabled);
    connect(m_autostart, &QAction::toggled, this, &TrayMenu::autostartToggled);
    QAction *quit = m_menu.addAction(tr("&Quit"), this, &TrayMenu::quitRequested);
    quit->setObjectName(QStringLiteral("quit"));
    describe(quit, tr("Stops Tessera and its refreshes; a saved session is restored when "
                      "Tessera starts again"));
}

void TrayMenu::setAutostartChecked(bool checked)
{
    const QSignalBlocker blocker(m_autostart);
    m_autostart->setChecked(checked);
}

QAction *TrayMenu::action(const QString &name, const Session *session) const
{
    const QString wanted = session ? name + QLatin1Char('/') + session->profile().id() : name;
    for (QAction *a : m_menu.actions()) {
        if (a->objectName() == wanted)
            return a;
    }
    return nullptr;
}

void TrayMenu::update()
{
    const QDateTime now = m_clock->now();
    for (const Section &section : m_sections)
        updateSection(section, now);
}

void TrayMenu::updateSection(const Section &section, const QDateTime &now)
{
    const Session &session = *section.session;
    const State s = session.state();
    // A '&' in a name ("R&D API") is the name's, not a mnemonic.
    section.header->setText(Tessera::SessionText::summary(session, now)
                                    .replace(QLatin1Char('&'), QStringLiteral("&&")));
    section.refresh->setEnabled(s == State::Active || s == State::RefreshRetrying
                                || s == State::WaitingForNetwork);
    // During a sign-in (minutes, in a browser or on a phone) it brings its dialog back.
    section.signIn->setText(s == State::SignedOut                  ? tr("Sign &in…")
                            : s == State::ReauthenticationRequired ? tr("Sign &in again…")
                            : s == State::SigningIn                ? tr("Show &sign-in…")
                                                                   : tr("Re-&authenticate…"));
    describe(section.signIn,
             s == State::SignedOut                  ? tr("Opens the sign-in window")
             : s == State::ReauthenticationRequired ? tr("The session has ended: opens the "
                                                         "sign-in window")
             : s == State::SigningIn ? tr("Brings back the window of the sign-in in progress")
                                     : tr("Opens the sign-in window to sign in again"));
    section.signIn->setEnabled(s != State::SigningOut && s != State::Restoring);
    section.signOut->setEnabled(session.isSignedIn() || s == State::WaitingForNetwork);
}

void TrayMenu::startTicking()
{
    m_openedAt = m_clock->now();
    update();
    scheduleTick();
}

void TrayMenu::tick()
{
    // The menu widget shows on XEmbed trays; a D-Bus tray host draws the menu itself and may
    // never say it closed, so without the widget the ticking has a limit.
    if (!m_menu.isVisible() && m_openedAt.secsTo(m_clock->now()) >= m_tickLimit.count()) {
        m_ticker.stop();
        return;
    }
    update();
    scheduleTick();
}

void TrayMenu::scheduleTick()
{
    startAtNextSecond(m_ticker, *m_clock);
}

} // namespace Tessera::Tray
