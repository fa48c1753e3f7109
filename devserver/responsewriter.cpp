// SPDX-License-Identifier: BSD-3-Clause
#include "responsewriter.h"

#include "bodystreamer.h"

#include <QTcpSocket>

namespace Tessera::DevServer {

void ResponseWriter::send(QTcpSocket *socket, const HttpRequestData &request,
                          const HttpResponse &response)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    // HEAD answers announce no body (Content-Length: 0): clients that send HEAD as a custom verb
    // would otherwise wait for a body that never comes.
    if (request.isHead()) {
        socket->write(response.head(0, request.keepAlive));
    } else {
        socket->write(response.head(response.body.size(), request.keepAlive));
        socket->write(response.body);
    }
    if (!request.keepAlive)
        socket->disconnectFromHost();
}

void ResponseWriter::stream(QTcpSocket *socket, const HttpRequestData &request,
                            const HttpResponse &response)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (request.isHead()) {
        send(socket, request, response);
        return;
    }
    socket->write(response.head(response.body.size(), request.keepAlive));
    (new BodyStreamer(socket, response.body, !request.keepAlive))->start();
}

void ResponseWriter::sendTruncated(QTcpSocket *socket, const HttpResponse &response,
                                   qint64 declaredLength)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(response.head(declaredLength, false));
    socket->write(response.body);
    socket->disconnectFromHost();
}

void ResponseWriter::closeWithoutResponse(QTcpSocket *socket)
{
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        socket->disconnectFromHost();
}

} // namespace Tessera::DevServer
