// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "fault.h"
#include "httpresponse.h"

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace Tessera::DevServer {

// A body of any size (a fault's "stream"), made up as it is sent and never held: a head, a
// filler that repeats one unit, and a tail. Plain, it is `{"data":{"padding":"xxx…"}}`;
// with gzip, a gzip stream whose every ~1 KiB unit inflates to 1 MiB of 'x' (a compression
// bomb; its trailer's CRC is not that of the data). Written whenever the socket's write buffer
// runs low, so a client that stops reading holds the server back, and one that goes away stops
// it. Child of the socket; deletes itself when done.
class StreamedBody : public QObject
{
    Q_OBJECT
public:
    StreamedBody(QTcpSocket *socket, const Fault &fault, bool keepAlive);
    // Writes the status line and headers of `response` (its body is ignored), framed as the
    // fault says, then the body.
    void start(HttpResponse response);

    // What the body is made of, in bytes as sent (compressed, with gzip).
    qint64 size() const { return m_head.size() + m_fillerSize + m_tail.size(); }

private Q_SLOTS:
    void writeMore();

private:
    QByteArray nextPiece(qint64 maxSize);
    void finish();
    static const QByteArray &gzipUnit();

    QTcpSocket *m_socket;
    Fault::Framing m_framing;
    qint64 m_declaredLength;
    bool m_gzip;
    bool m_keepAlive;
    QByteArray m_head;
    QByteArray m_unit;
    qint64 m_fillerSize = 0;
    QByteArray m_tail;
    qint64 m_sent = 0;
};

} // namespace Tessera::DevServer
