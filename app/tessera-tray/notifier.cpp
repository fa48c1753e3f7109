// SPDX-License-Identifier: BSD-3-Clause
#include "notifier.h"

#include "traylogging.h"

#include <Tessera/clock.h>

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace Tessera::Tray {

namespace {
const QString service = QStringLiteral("org.freedesktop.Notifications");
const QString path = QStringLiteral("/org/freedesktop/Notifications");
const QString interface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

Notifier::Notifier(QSystemTrayIcon *tray, QObject *parent)
    : QObject(parent)
    , m_tray(tray)
    , m_clock(Tessera::Clock::system())
{
    if (tray)
        connect(tray, &QSystemTrayIcon::messageClicked, this,
                [this] { Q_EMIT clicked(m_lastKey); });
}

Notifier::~Notifier() = default;

void Notifier::setClock(Tessera::Clock *clock)
{
    m_clock = clock ? clock : Tessera::Clock::system();
}

bool Notifier::notify(const QString &key, const QString &title, const QString &text,
                      QSystemTrayIcon::MessageIcon icon)
{
    const QDateTime now = m_clock->now();
    const auto last = m_last.constFind(key);
    if (last != m_last.cend() && last->secsTo(now) < m_interval.count()) {
        qCDebug(lcTray).noquote() << "notification" << key << "held back (rate limit)";
        return false;
    }
    m_last.insert(key, now);
    m_lastKey = key;
    ++m_shown;
    qCInfo(lcTray).noquote() << "notification:" << title << "—" << text;
    if (m_tray && m_balloons && QSystemTrayIcon::supportsMessages()) {
        m_tray->showMessage(title, text, icon, 10000);
        m_lastViaTray = true;
        Q_EMIT delivered(key);
    } else {
        m_lastViaTray = false;
        viaDBus(key, title, text, icon);
    }
    return true;
}

void Notifier::withdraw(const std::function<bool(const QString &key)> &which)
{
    for (auto it = m_last.begin(); it != m_last.end();)
        it = which(it.key()) ? m_last.erase(it) : std::next(it);
    if (m_lastViaTray && m_tray && which(m_lastKey)) {
        // Qt's balloon: an empty message hides the one on show, and shows nothing.
        m_tray->showMessage(QString(), QString(), QSystemTrayIcon::NoIcon, 0);
        m_lastViaTray = false;
        qCDebug(lcTray).noquote() << "notification" << m_lastKey << "withdrawn";
    }
    QDBusConnection bus = QDBusConnection::sessionBus();
    for (auto it = m_dbusKeys.begin(); it != m_dbusKeys.end();) {
        if (!which(it.value())) {
            ++it;
            continue;
        }
        if (bus.isConnected()) {
            QDBusMessage call = QDBusMessage::createMethodCall(service, path, interface,
                                                               QStringLiteral("CloseNotification"));
            call << it.key();
            bus.asyncCall(call);
        }
        qCDebug(lcTray).noquote() << "notification" << it.value() << "withdrawn";
        it = m_dbusKeys.erase(it);
    }
}

void Notifier::viaDBus(const QString &key, const QString &title, const QString &text,
                       QSystemTrayIcon::MessageIcon icon)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    if (!m_listening) {
        m_listening = bus.connect(service, path, interface, QStringLiteral("ActionInvoked"), this,
                                  SLOT(onActionInvoked(uint, QString)));
    }
    QDBusMessage call =
            QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("Notify"));
    const QVariantMap hints {
            {QStringLiteral("desktop-entry"), QStringLiteral("tessera-tray")},
            {QStringLiteral("urgency"),
             QVariant::fromValue(uchar(icon == QSystemTrayIcon::Warning ? 2 : 1))}};
    call << QStringLiteral("Tessera") << 0u << QStringLiteral("tessera-tray") << title << text
         << QStringList {QStringLiteral("default"), tr("Open")} << hints << -1;
    // Asynchronous: no notification service is no reason to wait.
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, key](QDBusPendingCallWatcher *finished) {
                const QDBusPendingReply<uint> reply = *finished;
                if (reply.isError())
                    qCInfo(lcTray).noquote() << "no notification service:" << reply.error().name();
                else
                    remember(reply.value(), key);
                if (!reply.isError())
                    Q_EMIT delivered(key);
                finished->deleteLater();
            });
}

void Notifier::onActionInvoked(uint id, const QString &action)
{
    const QString key = m_dbusKeys.value(id);
    if (!key.isEmpty() && action == QStringLiteral("default"))
        Q_EMIT clicked(key);
}

void Notifier::remember(uint id, const QString &key)
{
    // Kept after the notice closes: some servers announce the close before the click. A few
    // dozen notices (they are rate-limited) are plenty to remember.
    if (m_dbusKeys.size() >= 64)
        m_dbusKeys.clear();
    m_dbusKeys.insert(id, key);
}

} // namespace Tessera::Tray
