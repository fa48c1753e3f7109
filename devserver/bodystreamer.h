// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace Tessera::DevServer {

// Writes a large body to a socket a chunk at a time, whenever the socket's write buffer runs low.
// Child of the socket; deletes itself when done.
class BodyStreamer : public QObject
{
    Q_OBJECT
public:
    BodyStreamer(QTcpSocket *socket, QByteArray body, bool closeWhenDone);
    void start();

private Q_SLOTS:
    void writeMore();

private:
    QTcpSocket *m_socket;
    QByteArray m_body;
    qsizetype m_offset = 0;
    bool m_closeWhenDone;
};

} // namespace Tessera::DevServer
