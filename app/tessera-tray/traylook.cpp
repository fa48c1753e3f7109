// SPDX-License-Identifier: BSD-3-Clause
// TrayApplication's look: the icon for the sessions' states, the tooltip, and "ready".
#include "trayapplication.h"

#include "countdowntick.h"
#include "trayentry_p.h"
#include "traylogging.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>
#include <Tessera/sessiontext.h>

#include <QToolTip>
#include <QWidget>

#include <algorithm>

namespace Tessera::Tray {

using Tessera::Session;

bool TrayApplication::allRestored() const
{
    return std::all_of(m_entries.cbegin(), m_entries.cend(),
                       [](const auto &entry) { return entry->restored; });
}

void TrayApplication::announceReadyIfSo()
{
    // Docked and painted since the restored sessions' look was set; or, without a tray,
    // restored.
    const bool noTray = !QSystemTrayIcon::isSystemTrayAvailable();
    if (m_ready || !m_restoredLookSet || (!noTray && !(m_dock.isDocked() && m_iconPainted)))
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

TrayState TrayApplication::currentState() const
{
    QList<TrayState> states;
    const QDateTime now = m_clock->now();
    for (const auto &entry : m_entries)
        states.append(trayStateOf(*entry->session, now, m_watch.lookAhead()));
    return mostUrgent(states);
}

QIcon TrayApplication::iconFor(TrayState state) const
{
    QIcon &icon = m_icons.at(size_t(state));
    if (icon.isNull())
        icon = Tray::trayIcon(state);
    return icon;
}

void TrayApplication::updateLook()
{
    TrayState state = currentState();
    // A refresh is over in milliseconds: its look stays a moment, so a refresh can be seen.
    if (state == TrayState::Active && m_refreshingHold.isActive())
        state = TrayState::Refreshing;
    if (state != m_shownState || !m_iconSet) {
        m_shownState = state;
        m_iconSet = true;
        m_tray.setIcon(iconFor(state));
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

void TrayApplication::updateTexts()
{
    m_menu.update();
    m_tray.setToolTip(toolTipText());
}

QString TrayApplication::toolTipText(Expiry expiry) const
{
    const QDateTime now = m_clock->now();
    QStringList lines;
    for (const auto &entry : m_entries) {
        const Session &session = *entry->session;
        lines.append(expiry == Expiry::Countdown ? Tessera::SessionText::summary(session, now)
                                                 : Tessera::SessionText::toolTipLine(session, now));
        if (trayStateOf(session, now, m_watch.lookAhead()) == TrayState::ExpiringSoon)
            lines.append(
                    tr("    the session ends at %1: sign in again to stay signed in")
                            .arg(Tessera::SessionText::clockTime(session.refreshExpiresAt(), now)));
    }
    return lines.join(QLatin1Char('\n'));
}

// Qt's XEmbed icon window is about to show its tooltip, from the text set on the icon: that
// text gets the countdown now, and is shown again each second while the tooltip is up.
void TrayApplication::showLiveToolTip(const QPoint &globalPos)
{
    m_toolTipAt = globalPos;
    m_tray.setToolTip(toolTipText(Expiry::Countdown));
    startAtNextSecond(m_toolTipTicker, *m_clock);
}

void TrayApplication::tickToolTip()
{
    QWidget *window = m_dock.iconWindow();
    if (!window || !QToolTip::isVisible()) {
        m_tray.setToolTip(toolTipText()); // what a tray host that shows it itself would get
        return;
    }
    const QString text = toolTipText(Expiry::Countdown);
    m_tray.setToolTip(text);
    QToolTip::showText(m_toolTipAt, text, window);
    startAtNextSecond(m_toolTipTicker, *m_clock);
}

} // namespace Tessera::Tray
