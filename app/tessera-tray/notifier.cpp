// SPDX-License-Identifier: BSD-3-Clause
#include "notifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDebug>

Notifier::Notifier(QSystemTrayIcon *tray, QObject *parent)
    : QObject(parent)
    , m_tray(tray)
{
    if (tray)
        connect(tray, &QSystemTrayIcon::messageClicked, this,
                [this] { Q_EMIT clicked(m_lastKey); });
}

bool Notifier::notify(const QString &key, const QString &title, const QString &text,
                      QSystemTrayIcon::MessageIcon icon)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto last = m_last.constFind(key);
    if (last != m_last.cend() && last->secsTo(now) < m_interval.count())
        return false;
    m_last.insert(key, now);
    m_lastKey = key;
    ++m_shown;
    qInfo().noquote() << "notification:" << title << "—" << text;
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, text, icon, 10000);
    else
        viaDBus(title, text);
    return true;
}

bool Notifier::viaDBus(const QString &title, const QString &text)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.Notifications"),
            QStringLiteral("/org/freedesktop/Notifications"),
            QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    call << QStringLiteral("Tessera") << 0u << QStringLiteral("tessera-tray") << title << text
         << QStringList() << QVariantMap() << 10000;
    // Fire and forget: no notification service is no reason to wait.
    return bus.send(call);
}
