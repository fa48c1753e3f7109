// SPDX-License-Identifier: BSD-3-Clause
#include "traylook.h"

#include "countdowntick.h"
#include "expirywatch.h"
#include "traydock.h"
#include "traylogging.h"
#include "traymenu.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QSystemTrayIcon>
#include <QToolTip>
#include <QWidget>

namespace Tessera::Tray {

using Tessera::Session;

TrayLook::TrayLook(QSystemTrayIcon *icon, TrayDock *dock, TrayMenu *menu, const ExpiryWatch *watch,
                   Tessera::Clock *clock, std::chrono::milliseconds refreshingShownFor,
                   QObject *parent)
    : QObject(parent)
    , m_icon(icon)
    , m_dock(dock)
    , m_menu(menu)
    , m_watch(watch)
    , m_clock(clock)
    , m_refreshingShownFor(refreshingShownFor)
{
    m_refreshingHold.setSingleShot(true);
    m_refreshingHold.setTimerType(Qt::PreciseTimer); // a coarse one may end the look early
    connect(watch, &ExpiryWatch::endingSoon, this, &TrayLook::update);
    connect(&m_refreshingHold, &QTimer::timeout, this, &TrayLook::update);
    connect(dock, &TrayDock::painted, this, [this] {
        m_iconPainted = true;
        announceReadyIfSo();
    });
    // On XEmbed Qt shows the tooltip itself: it gets the countdown, ticking while it shows.
    // A StatusNotifierItem host shows the text it was given, so that names a time of day.
    connect(dock, &TrayDock::toolTipAboutToShow, this, &TrayLook::showLiveToolTip);
    m_toolTipTicker.setSingleShot(true);
    m_toolTipTicker.setTimerType(Qt::PreciseTimer);
    connect(&m_toolTipTicker, &QTimer::timeout, this, &TrayLook::tickToolTip);
}

TrayLook::~TrayLook() = default;

void TrayLook::addSession(const Session *session)
{
    m_sessions.push_back(session);
    ++m_restoring;
    connect(session, &Session::userChanged, this, &TrayLook::updateTexts);
    connect(session, &Session::displayNameChanged, this, &TrayLook::updateTexts);
    connect(session, &Session::accessExpiresAtChanged, this, &TrayLook::updateTexts);
    connect(session, &Session::refreshExpiresAtChanged, this, &TrayLook::update);
}

void TrayLook::sessionRestored()
{
    --m_restoring;
}

void TrayLook::sessionRefreshing()
{
    m_refreshingHold.start(m_refreshingShownFor);
}

void TrayLook::announceReadyIfSo()
{
    // Docked and painted since the restored sessions' look was set; or, without a tray,
    // restored.
    const bool noTray = !QSystemTrayIcon::isSystemTrayAvailable();
    if (m_ready || !m_restoredLookSet || (!noTray && !(m_dock->isDocked() && m_iconPainted)))
        return;
    m_ready = true;
    if (noTray)
        qCInfo(lcTray).noquote()
                << "ready: sessions restored; no tray, the status window stands in";
    else
        qCInfo(lcTray).noquote() << "ready: tray icon docked, showing"
                                 << trayStateName(m_shownState);
    Q_EMIT ready();
}

TrayState TrayLook::currentState() const
{
    QList<TrayState> states;
    const QDateTime now = m_clock->now();
    for (const Session *session : m_sessions)
        states.append(trayStateOf(*session, now, m_watch->lookAhead()));
    return mostUrgent(states);
}

QIcon TrayLook::iconFor(TrayState state) const
{
    QIcon &icon = m_icons.at(size_t(state));
    if (icon.isNull())
        icon = Tray::trayIcon(state);
    return icon;
}

void TrayLook::update()
{
    TrayState state = currentState();
    // A refresh is over in milliseconds: its look stays a moment, so a refresh can be seen.
    if (state == TrayState::Active && m_refreshingHold.isActive())
        state = TrayState::Refreshing;
    if (state != m_shownState || !m_iconSet) {
        m_shownState = state;
        m_iconSet = true;
        m_icon->setIcon(iconFor(state));
        m_iconPainted = false;
        qCDebug(lcTray).noquote() << "look:" << trayStateName(state);
        Q_EMIT lookChanged(state);
    }
    updateTexts();
    if (!m_restoredLookSet && allRestored()) {
        m_restoredLookSet = true;
        announceReadyIfSo(); // if that look is on show already, or there is no icon
    }
}

void TrayLook::updateTexts()
{
    m_menu->update();
    m_icon->setToolTip(toolTipText());
}

QString TrayLook::toolTipText(Expiry expiry) const
{
    const QDateTime now = m_clock->now();
    QStringList lines;
    for (const Session *each : m_sessions) {
        const Session &session = *each;
        lines.append(expiry == Expiry::Countdown ? Tessera::SessionText::summary(session, now)
                                                 : Tessera::SessionText::toolTipLine(session, now));
        if (trayStateOf(session, now, m_watch->lookAhead()) == TrayState::ExpiringSoon)
            lines.append(
                    tr("    the session ends at %1: sign in again to stay signed in")
                            .arg(Tessera::SessionText::clockTime(session.refreshExpiresAt(), now)));
    }
    return lines.join(QLatin1Char('\n'));
}

// Qt's XEmbed icon window is about to show its tooltip, from the text set on the icon: that
// text gets the countdown now, and is shown again each second while the tooltip is up.
void TrayLook::showLiveToolTip(const QPoint &globalPos)
{
    m_toolTipAt = globalPos;
    m_icon->setToolTip(toolTipText(Expiry::Countdown));
    startAtNextSecond(m_toolTipTicker, *m_clock);
}

void TrayLook::tickToolTip()
{
    QWidget *window = m_dock->iconWindow();
    if (!window || !QToolTip::isVisible()) {
        m_icon->setToolTip(toolTipText()); // what a tray host that shows it itself would get
        return;
    }
    const QString text = toolTipText(Expiry::Countdown);
    m_icon->setToolTip(text);
    QToolTip::showText(m_toolTipAt, text, window);
    startAtNextSecond(m_toolTipTicker, *m_clock);
}

} // namespace Tessera::Tray
