// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDateTime>
#include <QMenu>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <vector>

namespace Tessera {
class Clock;
class Session;
} // namespace Tessera

namespace Tessera::Tray {

/*!
 * \brief The tray's context menu: per session a bold header ("alice @ Example API — expires in
 * 4:32", click for its status), Refresh now, Sign in… / Re-authenticate…, Sign out; then Show
 * status…, Start at login and Quit. It only asks (signals); the TrayApplication acts.
 *
 * The countdown in the headers ticks once a second while the menu is open and not at all
 * otherwise. A tray host that shows the menu itself (StatusNotifierItem, over D-Bus) and never
 * says it closed cannot keep it ticking: without a visible menu widget the ticking stops
 * after tickLimit().
 */
class TrayMenu : public QObject
{
    Q_OBJECT
public:
    explicit TrayMenu(Tessera::Clock *clock, QObject *parent = nullptr);
    ~TrayMenu() override;

    QMenu *menu() { return &m_menu; }
    /*! \brief Adds a section for \a session (not owned), in order. */
    void addSession(Tessera::Session *session);
    /*! \brief Adds the actions after the sessions' sections; call once, after them. */
    void addGeneralActions(bool autostartEnabled);
    void setAutostartChecked(bool checked);
    /*! \brief Brings every text and enabled state up to date. */
    void update();

    bool isTicking() const { return m_ticker.isActive(); }
    std::chrono::seconds tickLimit() const { return m_tickLimit; }
    void setTickLimit(std::chrono::seconds limit) { m_tickLimit = limit; }
    /*! \brief The action called \a name ("header", "refresh", "signin", "signout") of
     *  \a session's section, or a general one ("status", "autostart", "quit") for null. */
    QAction *action(const QString &name, const Tessera::Session *session = nullptr) const;

Q_SIGNALS:
    /*! \brief Show the status window, on \a session's page (null: as it was). */
    void statusRequested(Tessera::Session *session);
    void signInRequested(Tessera::Session *session);
    void signOutRequested(Tessera::Session *session);
    void autostartToggled(bool enabled);
    void quitRequested();

private:
    struct Section
    {
        Tessera::Session *session = nullptr;
        QAction *header = nullptr;
        QAction *refresh = nullptr;
        QAction *signIn = nullptr;
        QAction *signOut = nullptr;
    };
    void updateSection(const Section &section, const QDateTime &now);
    void startTicking();
    void tick();
    void scheduleTick();

    Tessera::Clock *const m_clock;
    QMenu m_menu;
    std::vector<Section> m_sections;
    QAction *m_autostart = nullptr;
    QTimer m_ticker;
    QDateTime m_openedAt;
    std::chrono::seconds m_tickLimit {120};
};

} // namespace Tessera::Tray
