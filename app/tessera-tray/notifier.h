// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <chrono>

/*!
 * \brief Desktop notifications, rate-limited: the same notice about the same session is shown
 * at most once per interval. Through the tray icon when there is one, else through the
 * freedesktop notification service on the session bus, else only logged.
 */
class Notifier : public QObject
{
    Q_OBJECT
public:
    explicit Notifier(QSystemTrayIcon *tray, QObject *parent = nullptr);

    /*! \brief Shows \a title / \a text unless \a key was shown within the interval. Returns
     *  whether it was shown. */
    bool notify(const QString &key, const QString &title, const QString &text,
                QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information);
    void setInterval(std::chrono::seconds interval) { m_interval = interval; }
    /*! \brief The key of the last notice shown (clicking it acts on that one). */
    QString lastKey() const { return m_lastKey; }
    int shown() const { return m_shown; }

Q_SIGNALS:
    void clicked(const QString &key);

private:
    bool viaDBus(const QString &title, const QString &text);

    QPointer<QSystemTrayIcon> m_tray;
    QHash<QString, QDateTime> m_last;
    std::chrono::seconds m_interval {300};
    QString m_lastKey;
    int m_shown = 0;
};
