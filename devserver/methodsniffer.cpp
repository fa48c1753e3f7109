// SPDX-License-Identifier: BSD-3-Clause
#include "methodsniffer.h"

#include <QTcpSocket>

namespace Tessera::DevServer {

namespace {
constexpr qsizetype maxRequestLine = 16 * 1024;
}

MethodSniffer::MethodSniffer(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{
    connect(socket, &QTcpSocket::readyRead, this, &MethodSniffer::peekRequestLine);
}

MethodSniffer *MethodSniffer::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<MethodSniffer *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

MethodSniffer::RequestLine MethodSniffer::takeRequestLine()
{
    RequestLine line = m_line;
    m_line = {};
    m_buffer.clear();
    m_complete = false;
    return line;
}

void MethodSniffer::peekRequestLine()
{
    if (m_complete)
        return;
    // Bytes Qt already consumed from a partial request line are in m_buffer from earlier calls.
    m_buffer += m_socket->peek(maxRequestLine - m_buffer.size());
    while (!m_buffer.isEmpty() && QByteArrayView(" \t\r\n\v").contains(m_buffer.front()))
        m_buffer.remove(0, 1);
    const qsizetype end = m_buffer.indexOf('\n');
    if (end < 0) {
        m_complete = m_buffer.size() >= maxRequestLine;
        return;
    }
    const QList<QByteArray> parts = m_buffer.left(end).trimmed().split(' ');
    m_line.method = parts.constFirst();
    m_line.version = parts.size() >= 3 ? parts.constLast() : QByteArray();
    m_buffer.clear();
    m_complete = true;
}

} // namespace Tessera::DevServer
