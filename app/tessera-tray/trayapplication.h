// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "expirywatch.h"
#include "notifier.h"
#include "traydock.h"
#include "trayicons.h"
#include "traylook.h"
#include "traymenu.h"

#include <Tessera/profile.h>

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <chrono>
#include <memory>
#include <vector>

namespace Tessera {
class Clock;
class LoginDialog;
class Session;
} // namespace Tessera

namespace Tessera::Tray {
class StatusWindow;

/*!
 * \brief tessera-tray: one tray icon for one or more sessions (a menu section each), the
 * status window, a login dialog per session and the notifications. The sessions are the
 * keychain's, so a sign-in or sign-out from the command line or another app shows up here.
 *
 * Idle, it does not wake: session changes arrive as signals, the menu, the tooltip (on XEmbed,
 * where Qt shows it; a StatusNotifierItem host is given the expiry as a time of day, right
 * however long it shows) and the status window tick only while shown, the "session ends soon"
 * warnings wait on the clock's alarms, and a tray that appears later is noticed by Qt's X11 tray
 * tracking (an X event), not by polling.
 *
 * What the icon shows of the sessions (its look, tooltip and menu texts, and when it is
 * ready()) is TrayLook's.
 */
class TrayApplication : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        /*! \brief No window at start, a notice instead of the login dialog; without a tray
         *  the status window still opens (it is then the only way to reach Tessera). */
        bool minimized = false;
        /*! \brief How long before a session ends to warn; the longest also turns the icon
         *  to the hourglass. */
        QList<std::chrono::seconds> warnings {std::chrono::minutes(10)};
        QStringList launchArguments; //!< for the autostart entry
        /*! \brief Not owned; Clock::system() when null. The sessions use it too. */
        Tessera::Clock *clock = nullptr;
        /*! \brief A refresh takes milliseconds; its look is kept this long so it can be seen. */
        std::chrono::milliseconds refreshingShownFor {1500};
    };

    TrayApplication(const QList<Tessera::Profile> &profiles, const Options &options,
                    QObject *parent = nullptr);
    ~TrayApplication() override;

    /*! \brief Restores every session and shows the tray icon (or the status window). */
    void start();

    QSystemTrayIcon *trayIcon() { return &m_tray; }
    TrayMenu *trayMenu() { return &m_menu; }
    QMenu *menu() { return m_menu.menu(); }
    /*! \brief The status window, made on first use. */
    StatusWindow *statusWindow();
    bool hasStatusWindow() const { return m_window != nullptr; }
    Notifier *notifier() { return &m_notifier; }
    Tessera::Session *session(int index) const;
    int sessionCount() const { return int(m_entries.size()); }
    /*! \brief The look the sessions call for now. */
    TrayState currentState() const { return m_look.currentState(); }
    /*! \brief The look set on the icon (a refresh's look lingers, see Options). */
    TrayState shownState() const { return m_look.shownState(); }
    /*! \brief The icon used for \a state: shared, so cacheKey() tells which look is set. */
    QIcon iconFor(TrayState state) const { return m_look.iconFor(state); }
    QString toolTip() const { return m_tray.toolTip(); }
    /*! \brief True while the menu's countdown ticks (only while the menu is open). */
    bool isTicking() const { return m_menu.isTicking(); }
    /*! \brief True while the tooltip's countdown ticks (only while it shows, on XEmbed). */
    bool isToolTipTicking() const { return m_look.isToolTipTicking(); }
    /*! \brief True once the icon is in a tray (painted in an XEmbed tray, or handed to a
     *  StatusNotifierItem host); false without one. */
    bool isDocked() const { return m_dock.isDocked(); }
    TrayDock *dock() { return &m_dock; }
    /*! \brief The open login dialog of \a session, or null. */
    Tessera::LoginDialog *loginDialog(const Tessera::Session *session) const;

Q_SIGNALS:
    /*!
     * \brief Once per run: every session is restored and the tray icon is docked and painted
     * with their look (or, without a tray, the restore is over). Logged as "ready: …" in the
     * tessera.tray category; scripts/measure-tray.sh times start-up to that line.
     */
    void ready();
    /*! \brief A new look was set on the icon. */
    void lookChanged(TrayState state);

public Q_SLOTS:
    /*! \brief Shows the status window, on \a session's page if given. */
    void showStatus(Tessera::Session *session = nullptr);
    /*! \brief Shows \a session's own login dialog (raising it if it is open). */
    void signIn(Tessera::Session *session);
    /*! \brief Closes every window (cancelling a sign-in in flight) and quits. */
    void quit();

private:
    struct Entry;
    void addSession(const Tessera::Profile &profile);
    void connectParts();
    Entry *entryFor(const Tessera::Session *session) const;
    Entry *entryFor(const QString &profileId) const;
    void onStateChanged(Entry &entry, int state);
    void onRestored(Entry &entry);
    void onSessionEnded(Entry &entry);
    void onSignedOut(Entry &entry);
    void withdrawNotices(Entry &entry);
    void onWarning(Tessera::Session *session, qint64 secondsLeft, qint64 warning);
    void onNotificationClicked(const QString &key);
    void onAutostartToggled(bool enabled);
    void onStatusWindowClosed();
    void askForFirstSignIn(Entry &entry);
    void openNextQueuedDialog();
    void onDockedChanged(bool docked);

    Options m_options;
    Tessera::Clock *const m_clock;
    TrayMenu m_menu;
    QSystemTrayIcon m_tray;
    TrayDock m_dock;
    Notifier m_notifier;
    ExpiryWatch m_watch;
    TrayLook m_look; // after the tray, dock, menu and watch it uses
    std::vector<std::unique_ptr<Entry>> m_entries; // after the tray and menu: goes first
    std::unique_ptr<StatusWindow> m_window; // after the sessions it shows: goes before them
    std::vector<Entry *> m_queuedDialogs; //!< first start: one login dialog at a time
    bool m_quitting = false;
};

} // namespace Tessera::Tray
