// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <chrono>
#include <functional>

namespace Tessera {
class Clock;
}

namespace Tessera::Tray {

/*!
 * \brief Desktop notifications, rate-limited: the same notice (the same key: kind and session)
 * is shown at most once per interval.
 *
 * While the tray icon is docked they go through it (QSystemTrayIcon::showMessage(), a click
 * on the message emits clicked() for the last notice); otherwise through the freedesktop
 * notification service on the session bus, with a default action: clicking the notification
 * there (its ActionInvoked signal) emits clicked() for that notice's key. Without either they
 * are only logged.
 */
class Notifier : public QObject
{
    Q_OBJECT
public:
    explicit Notifier(QSystemTrayIcon *tray, QObject *parent = nullptr);
    ~Notifier() override;

    /*! \brief Shows \a title / \a text unless \a key was shown within the interval. Returns
     *  whether it was shown. */
    bool notify(const QString &key, const QString &title, const QString &text,
                QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information);
    /*! \brief Takes back the notices whose key \a which accepts, if still on show (they
     *  became untrue, e.g. "sign in" once signed in); their rate limit is forgotten too. */
    void withdraw(const std::function<bool(const QString &key)> &which);
    void setInterval(std::chrono::seconds interval) { m_interval = interval; }
    /*! \brief The clock the rate limit reads (not owned); Clock::system() by default. */
    void setClock(Tessera::Clock *clock);
    /*!
     * \brief Whether notices go as Qt's own balloon over the tray icon: only while it is docked
     * in an XEmbed tray, where the balloon can be clicked and taken back. Otherwise (no tray,
     * or a StatusNotifierItem tray, over which Qt's notices cannot be clicked and an empty one
     * would show as a blank notice) they go straight to the notification service.
     */
    void setTrayBalloons(bool balloons) { m_balloons = balloons; }
    bool hasTrayBalloons() const { return m_balloons; }
    /*! \brief The key of the last notice shown (clicking it acts on that one). */
    QString lastKey() const { return m_lastKey; }
    int shown() const { return m_shown; }

Q_SIGNALS:
    /*! \brief The notice \a key reached the tray or the notification service. */
    void delivered(const QString &key);
    void clicked(const QString &key);

private Q_SLOTS:
    // The ActionInvoked signal of org.freedesktop.Notifications (QDBusConnection::connect()
    // takes slots by signature only).
    void onActionInvoked(uint id, const QString &action);

private:
    void viaDBus(const QString &key, const QString &title, const QString &text,
                 QSystemTrayIcon::MessageIcon icon);
    void remember(uint id, const QString &key);

    QPointer<QSystemTrayIcon> m_tray;
    Tessera::Clock *m_clock;
    QHash<QString, QDateTime> m_last;
    QHash<uint, QString> m_dbusKeys; //!< notification id -> key
    std::chrono::seconds m_interval {300};
    QString m_lastKey;
    bool m_lastViaTray = false; //!< the last notice is the tray's balloon
    int m_shown = 0;
    bool m_balloons = false;
    bool m_listening = false;
};

} // namespace Tessera::Tray
