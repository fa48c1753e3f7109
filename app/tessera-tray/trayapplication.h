// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "trayicons.h"

#include <Tessera/profile.h>

#include <QList>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QTimer>

#include <memory>
#include <vector>

namespace Tessera {
class Clock;
class LoginDialog;
class Session;
class SessionStatusView;
} // namespace Tessera
class Notifier;
class QTabWidget;

/*!
 * \brief tessera-tray: one tray icon for one or more sessions (a menu section each), the
 * status window, the login dialog and the notifications. The sessions are the keychain's, so
 * a sign-in or sign-out from the command line or another app shows up here.
 */
class TrayApplication : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool minimized = false;
        std::chrono::seconds expiryWarning {600}; //!< "expiring soon" and its notice
        QStringList launchArguments; //!< for the autostart entry
    };

    TrayApplication(const QList<Tessera::Profile> &profiles, const Options &options,
                    QObject *parent = nullptr);
    ~TrayApplication() override;

    /*! \brief Restores every session and shows the tray icon (or the status window). */
    void start();

    QSystemTrayIcon *trayIcon() { return &m_tray; }
    QMenu *menu() { return &m_menu; }
    QWidget *statusWindow();
    Notifier *notifier() { return m_notifier.get(); }
    Tessera::Session *session(int index) const;
    int sessionCount() const { return int(m_entries.size()); }
    TrayState currentState() const;
    QString toolTip() const { return m_tray.toolTip(); }
    /*! \brief True while the menu's countdown ticks (only while the menu is open). */
    bool isTicking() const { return m_secondTicker.isActive(); }

public Q_SLOTS:
    void showStatus();
    void reauthenticate(Tessera::Session *session);

private:
    struct Entry;
    void buildMenu();
    void addSessionSection(Entry &entry);
    void onStateChanged(Entry &entry);
    void updateLook();
    void updateTexts();
    void checkExpiryWarnings();
    void scheduleWarning();
    void settled();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showTrayIfAvailable();

    Options m_options;
    std::vector<std::unique_ptr<Entry>> m_entries;
    QSystemTrayIcon m_tray;
    QMenu m_menu;
    QAction *m_autostart = nullptr;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<QTabWidget> m_window;
    QPointer<Tessera::LoginDialog> m_dialog;
    QTimer m_secondTicker; //!< while the menu is open
    QTimer m_warningTimer; //!< the next "session ends soon" moment
    QTimer m_trayProbe; //!< looking for a tray that appears later
    TrayState m_shownState = TrayState::SignedOut;
    bool m_iconShownOnce = false;
};
