// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace Tessera::DevServer {

// QHttpServerRequest (Qt 6.4) reports custom verbs only as Method::Unknown and hides the HTTP
// version. This child of a socket peeks (without consuming) at the start of every request to
// remember its request line. It runs before Qt's own readyRead handler because it is connected
// first (see SniffingTcpServer).
class MethodSniffer : public QObject
{
    Q_OBJECT
public:
    struct RequestLine
    {
        QByteArray method;
        QByteArray version;
    };

    explicit MethodSniffer(QTcpSocket *socket);
    static MethodSniffer *of(QTcpSocket *socket);

    // The request line of the request just received; prepares for the next request.
    RequestLine takeRequestLine();

private Q_SLOTS:
    void peekRequestLine();

private:
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    RequestLine m_line;
    bool m_complete = false;
};

} // namespace Tessera::DevServer
