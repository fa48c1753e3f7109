// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/qmlnetworkaccessmanagerfactory.h>

#include "networkbridge_p.h"

#include <QMutexLocker>

namespace Tessera {

QmlNetworkAccessManagerFactory::QmlNetworkAccessManagerFactory(Session *session)
    : m_bridge(std::make_shared<QmlBridge::Bridge>())
    , m_hub(new QmlBridge::Hub(m_bridge))
{
    {
        QMutexLocker lock(&m_bridge->mutex);
        m_bridge->hub = m_hub;
    }
    if (session)
        m_hub->setSession(session);
}

QmlNetworkAccessManagerFactory::~QmlNetworkAccessManagerFactory()
{
    {
        QMutexLocker lock(&m_bridge->mutex);
        m_bridge->hub = nullptr; // no more calls are posted to it
        m_bridge->origins.clear();
    }
    delete m_hub; // drops the calls already posted, and ends the replies still running
}

void QmlNetworkAccessManagerFactory::setSession(Session *session)
{
    m_hub->setSession(session);
}

Session *QmlNetworkAccessManagerFactory::session() const
{
    return m_hub->session();
}

QNetworkAccessManager *QmlNetworkAccessManagerFactory::create(QObject *parent)
{
    return new QmlBridge::ForwardingManager(m_bridge, parent);
}

} // namespace Tessera
