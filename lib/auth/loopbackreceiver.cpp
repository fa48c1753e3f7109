// SPDX-License-Identifier: BSD-3-Clause
#include "loopbackreceiver_p.h"

#include "logging_p.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Tessera {

namespace {

QByteArray page(const QString &title, const QString &text)
{
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%1</title><style>body{font-family:sans-serif;max-width:36em;"
                          "margin:4em auto;padding:0 1em;line-height:1.5}</style></head>"
                          "<body><h1>%1</h1><p>%2</p></body></html>\n")
            .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
            .toUtf8();
}

// The request target of a request line "GET /path?query HTTP/1.1", or empty.
QByteArray requestTarget(const QByteArray &requestLine, QByteArray *method)
{
    const QList<QByteArray> parts = requestLine.trimmed().split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.") || !parts.at(1).startsWith('/'))
        return {};
    *method = parts.at(0);
    return parts.at(1);
}

} // namespace

LoopbackReceiver::LoopbackReceiver(const QString &serviceName, QObject *parent)
    : QObject(parent)
    , m_serviceName(serviceName)
{ }

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(quint16 port, QString *error)
{
    close();
    m_server = std::make_unique<QTcpServer>();
    m_server->setMaxPendingConnections(MaxConnections);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        *error = m_server->serverError() == QAbstractSocket::AddressInUseError
                         ? tr("port %1 on 127.0.0.1 is in use by another program").arg(port)
                         : m_server->errorString();
        m_server.reset();
        return false;
    }
    connect(m_server.get(), &QTcpServer::newConnection, this, &LoopbackReceiver::onNewConnection);
    qCDebug(lcSession) << "waiting for the browser on 127.0.0.1 port" << m_server->serverPort();
    return true;
}

QUrl LoopbackReceiver::redirectUri(const QString &path) const
{
    QUrl uri;
    uri.setScheme(QStringLiteral("http"));
    uri.setHost(QStringLiteral("127.0.0.1"));
    uri.setPort(m_server ? m_server->serverPort() : 0);
    uri.setPath(path, QUrl::StrictMode);
    return uri;
}

void LoopbackReceiver::expect(const AuthorizationCallback::Expectation &expectation)
{
    m_expectation = expectation;
}

bool LoopbackReceiver::isListening() const
{
    return m_server && m_server->isListening();
}

void LoopbackReceiver::close()
{
    if (!m_server)
        return;
    m_server->close();
    // The sockets are children of the server: they go with it.
    m_server.reset();
    m_connections.clear();
}

void LoopbackReceiver::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (m_connections.size() >= size_t(MaxConnections)) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_connections.emplace(socket, Connection());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.erase(socket); });
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->abort(); });
        timer->start(RequestTimeoutMs);
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    const auto found = m_connections.find(socket);
    if (found == m_connections.end() || found->second.answered) {
        socket->readAll();
        return;
    }
    QByteArray &head = found->second.head;
    head += socket->read(MaxRequestBytes + 1 - head.size());
    if (head.size() > MaxRequestBytes) {
        answer(socket, 431, "Request Header Fields Too Large", tr("Request too large"),
               tr("This request is too large."));
        return;
    }
    if (head.contains("\r\n\r\n") || head.contains("\n\n"))
        judge(socket, head);
}

// A whole request head has come: answer it, and end the wait if it is this sign-in's answer.
void LoopbackReceiver::judge(QTcpSocket *socket, QByteArray head)
{
    QByteArray method;
    const QByteArray target = requestTarget(head.left(head.indexOf('\n')), &method);
    if (target.isEmpty()) {
        answer(socket, 400, "Bad Request", tr("Bad request"),
               tr("This is not a request Tessera understands."));
        return;
    }
    if (method != "GET") {
        answer(socket, 405, "Method Not Allowed", tr("Not allowed"),
               tr("Only GET is answered here."));
        return;
    }
    const AuthorizationCallback::Verdict verdict = AuthorizationCallback::judge(
            QUrl::fromEncoded(QByteArray("http://127.0.0.1") + target), m_expectation);
    switch (verdict.outcome) {
    case AuthorizationCallback::Outcome::Ignore:
        answer(socket, 404, "Not Found", tr("Not found"),
               tr("This address is waiting for a sign-in to %1, and this request is not its "
                  "answer.")
                       .arg(m_serviceName));
        return;
    case AuthorizationCallback::Outcome::Code:
        answer(socket, 200, "OK", tr("Signed in"),
               tr("You are signed in to %1. You can close this tab and return to the "
                  "application.")
                       .arg(m_serviceName));
        break;
    case AuthorizationCallback::Outcome::Failed:
        answer(socket, 200, "OK", tr("Sign-in failed"),
               tr("%1 You can close this tab and return to the application.").arg(verdict.message));
        break;
    }
    // The answer is in the socket's buffer: it is sent before the socket goes, and the port is
    // freed now. The socket is taken out of the server first, so that closing the server does
    // not take it along.
    socket->setParent(nullptr);
    QTimer::singleShot(RequestTimeoutMs, socket, &QObject::deleteLater);
    close();
    Q_EMIT received(verdict);
}

void LoopbackReceiver::answer(QTcpSocket *socket, int status, const QByteArray &reason,
                              const QString &title, const QString &text)
{
    const QByteArray body = page(title, text);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Cache-Control: no-store\r\n";
    response += "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n";
    response += "X-Content-Type-Options: nosniff\r\n";
    response += "Referrer-Policy: no-referrer\r\n";
    response += "Connection: close\r\n\r\n";
    if (const auto found = m_connections.find(socket); found != m_connections.end())
        found->second.answered = true;
    socket->write(response + body);
    socket->disconnectFromHost();
}

} // namespace Tessera
