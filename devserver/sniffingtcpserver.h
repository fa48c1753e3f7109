// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QTcpServer>

namespace Tessera::DevServer {

// A QTcpServer that attaches a MethodSniffer to every connection before QAbstractHttpServer
// connects its own handlers to it.
class SniffingTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;
    QTcpSocket *nextPendingConnection() override;
};

} // namespace Tessera::DevServer
