// SPDX-License-Identifier: BSD-3-Clause
#include "keychaintokenstorelock_p.h"

#include "logging_p.h"

#include <QTimer>

#if defined(Q_OS_LINUX)
#    include <QDBusConnection>
#    include <QDBusMessage>
#    include <QDBusMetaType>
#    include <QDBusObjectPath>
#    include <QDBusPendingCallWatcher>
#    include <QDBusPendingReply>
#    include <QMap>
#endif

namespace Tessera::KeychainLock {

void probe(const QString &service, const QString &key, QObject *context,
           std::function<void(bool locked)> then)
{
#if defined(Q_OS_LINUX)
    // QtKeychain's libsecret schema files an entry under server=<service>, user=<key>.
    QDBusMessage search = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
            QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    const QMap<QString, QString> attributes {{QStringLiteral("server"), service},
                                             {QStringLiteral("user"), key}};
    static const QMetaType registered = qDBusRegisterMetaType<QMap<QString, QString>>();
    Q_UNUSED(registered)
    search << QVariant::fromValue(attributes);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, context, [then] { then(false); });
        return;
    }
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(search, 5000), context);
    QObject::connect(
            watcher, &QDBusPendingCallWatcher::finished, context,
            [then](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply =
                        *call;
                if (reply.isError()) {
                    qCDebug(lcStore) << "keychain: cannot tell whether it is locked:"
                                     << reply.error().name();
                    then(false);
                    return;
                }
                then(!reply.argumentAt<1>().isEmpty());
            });
#else
    Q_UNUSED(service)
    Q_UNUSED(key)
    QTimer::singleShot(0, context, [then] { then(false); });
#endif
}

} // namespace Tessera::KeychainLock
