// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "trayicons.h"

#include <QIcon>
#include <QObject>
#include <QPoint>
#include <QTimer>

#include <array>
#include <chrono>
#include <vector>

class QSystemTrayIcon;

namespace Tessera {
class Clock;
class Session;
} // namespace Tessera

namespace Tessera::Tray {
class ExpiryWatch;
class TrayDock;
class TrayMenu;

/*!
 * \brief What the tray icon shows of its sessions: the icon of the look that needs the user
 * most (a refresh's look kept on show a moment, so that it can be seen), the texts (the
 * tooltip and the menu's), and ready() once every session is restored and its look is docked
 * and painted.
 *
 * The tooltip names when each session expires as a time of day, right however long a
 * StatusNotifierItem host shows it; on XEmbed, where Qt shows the tooltip itself, it counts
 * down, ticking once a second while it shows and not at all otherwise.
 */
class TrayLook : public QObject
{
    Q_OBJECT
public:
    /*! \brief None of \a icon, \a dock, \a menu, \a watch and \a clock is owned. */
    TrayLook(QSystemTrayIcon *icon, TrayDock *dock, TrayMenu *menu, const ExpiryWatch *watch,
             Tessera::Clock *clock, std::chrono::milliseconds refreshingShownFor,
             QObject *parent = nullptr);
    ~TrayLook() override;

    /*! \brief Shows \a session (not owned) too, in order; it counts as restoring until
     *  sessionRestored() says otherwise. */
    void addSession(const Tessera::Session *session);
    /*! \brief One more session is restored (call once for each). */
    void sessionRestored();
    /*! \brief True once every session is restored. */
    bool allRestored() const { return m_restoring == 0; }
    /*! \brief A session started a refresh: its look is kept on show for a moment. */
    void sessionRefreshing();
    /*! \brief Sets the look the sessions call for now, and brings the texts up to date. */
    void update();
    /*! \brief Brings the tooltip and the menu's texts up to date. */
    void updateTexts();
    /*! \brief Emits ready() if its time has come: restored, and docked and painted (or there is
     *  no tray); once. */
    void announceReadyIfSo();

    /*! \brief The look the sessions call for now. */
    TrayState currentState() const;
    /*! \brief The look set on the icon (a refresh's look lingers). */
    TrayState shownState() const { return m_shownState; }
    /*! \brief The icon used for \a state: shared, so cacheKey() tells which look is set. */
    QIcon iconFor(TrayState state) const;
    /*! \brief True while the tooltip's countdown ticks (only while it shows, on XEmbed). */
    bool isToolTipTicking() const { return m_toolTipTicker.isActive(); }

Q_SIGNALS:
    /*! \brief Once: see TrayApplication::ready(). */
    void ready();
    /*! \brief A new look was set on the icon. */
    void lookChanged(TrayState state);

private:
    enum class Expiry { TimeOfDay, Countdown };
    QString toolTipText(Expiry expiry = Expiry::TimeOfDay) const;
    void showLiveToolTip(const QPoint &globalPos);
    void tickToolTip();

    QSystemTrayIcon *const m_icon;
    TrayDock *const m_dock;
    TrayMenu *const m_menu;
    const ExpiryWatch *const m_watch;
    Tessera::Clock *const m_clock;
    const std::chrono::milliseconds m_refreshingShownFor;
    std::vector<const Tessera::Session *> m_sessions;
    int m_restoring = 0; //!< sessions not restored yet
    mutable std::array<QIcon, 6> m_icons;
    QTimer m_refreshingHold; //!< keeps a refresh's look on show for a moment
    QTimer m_toolTipTicker; //!< the tooltip's countdown, while Qt's XEmbed tooltip shows
    QPoint m_toolTipAt;
    TrayState m_shownState = TrayState::SignedOut;
    bool m_iconSet = false;
    bool m_restoredLookSet = false; //!< the look set since every session was restored
    bool m_iconPainted = false; //!< the icon was painted in the tray since it was last set
    bool m_ready = false;
};

} // namespace Tessera::Tray
