// SPDX-License-Identifier: BSD-3-Clause
#include "networkreachability_p.h"

#include <QCoreApplication>
#include <QNetworkInformation>
#include <QPointer>

namespace Tessera {

using Network = SessionText::Network;

NetworkReachability::NetworkReachability(QObject *parent)
    : QObject(parent)
{ }

NetworkReachability::~NetworkReachability() = default;

NetworkReachability *NetworkReachability::shared()
{
    static QPointer<NetworkReachability> instance;
    if (!instance)
        instance = new NetworkReachability(QCoreApplication::instance());
    return instance;
}

void NetworkReachability::load()
{
    if (m_loaded)
        return;
    m_loaded = true;
    // The glib backend works without a system bus (NetworkManager's needs one).
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadBackendByName(u"glib")
        && !QNetworkInformation::loadDefaultBackend())
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this] {
                if (!m_override)
                    Q_EMIT networkChanged();
            });
}

Network NetworkReachability::network()
{
    if (m_override)
        return *m_override;
    load();
    const QNetworkInformation *information = QNetworkInformation::instance();
    if (!information)
        return Network::Unknown;
    switch (information->reachability()) {
    case QNetworkInformation::Reachability::Disconnected:
        return Network::Offline;
    case QNetworkInformation::Reachability::Site:
    case QNetworkInformation::Reachability::Online:
        return Network::Online;
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Unknown:
        break;
    }
    return Network::Unknown;
}

void NetworkReachability::setOverride(std::optional<Network> network)
{
    m_override = network;
    Q_EMIT networkChanged();
}

} // namespace Tessera
