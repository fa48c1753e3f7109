// SPDX-License-Identifier: BSD-3-Clause
#include "bodystreamer.h"

#include <QTcpSocket>

namespace Tessera::DevServer {

namespace {
constexpr qsizetype chunkSize = 64 * 1024;
constexpr qint64 lowWaterMark = 128 * 1024;
} // namespace

BodyStreamer::BodyStreamer(QTcpSocket *socket, QByteArray body, bool closeWhenDone)
    : QObject(socket)
    , m_socket(socket)
    , m_body(std::move(body))
    , m_closeWhenDone(closeWhenDone)
{
    connect(socket, &QTcpSocket::bytesWritten, this, &BodyStreamer::writeMore);
}

void BodyStreamer::start()
{
    writeMore();
}

void BodyStreamer::writeMore()
{
    while (m_offset < m_body.size() && m_socket->bytesToWrite() < lowWaterMark) {
        const qsizetype size = qMin(chunkSize, m_body.size() - m_offset);
        m_socket->write(m_body.constData() + m_offset, size);
        m_offset += size;
    }
    if (m_offset < m_body.size())
        return;
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_closeWhenDone)
        m_socket->disconnectFromHost();
    deleteLater();
}

} // namespace Tessera::DevServer
