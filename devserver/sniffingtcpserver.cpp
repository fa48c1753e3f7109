// SPDX-License-Identifier: BSD-3-Clause
#include "sniffingtcpserver.h"

#include "methodsniffer.h"

#include <QTcpSocket>

namespace Tessera::DevServer {

QTcpSocket *SniffingTcpServer::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (socket)
        new MethodSniffer(socket);
    return socket;
}

} // namespace Tessera::DevServer
