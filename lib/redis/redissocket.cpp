// SPDX-License-Identifier: BSD-3-Clause
#include "redissocket_p.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace Tessera::RedisSocket {

namespace {

// What Qt may hold of the server's bytes before RedisConnection takes them.
constexpr qint64 kReadBufferBytes = 64 * 1024;

} // namespace

QTcpSocket *create(const RedisUrl &url, const QByteArray &caCertificatesPem, QObject *parent,
                   QString *problem)
{
    if (!url.tls) {
        auto *socket = new QTcpSocket(parent);
        socket->setReadBufferSize(kReadBufferBytes);
        return socket;
    }
    if (!QSslSocket::supportsSsl()) {
        *problem = QCoreApplication::translate("Tessera::RedisConnection", "TLS is not available");
        return nullptr;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (!caCertificatesPem.isEmpty()) {
        const QList<QSslCertificate> authorities =
                QSslCertificate::fromData(caCertificatesPem, QSsl::Pem);
        if (authorities.isEmpty()) {
            *problem = QCoreApplication::translate(
                    "Tessera::RedisConnection",
                    "the CA certificates given hold no PEM certificate");
            return nullptr;
        }
        // Only these: once CAs are set, the system's are not loaded on demand.
        configuration.setCaCertificates(authorities);
    }
    auto *socket = new QSslSocket(parent);
    socket->setSslConfiguration(configuration);
    socket->setReadBufferSize(kReadBufferBytes);
    return socket;
}

void connectTo(QTcpSocket *socket, const RedisUrl &url)
{
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        tls->connectToHostEncrypted(url.host, url.port); // the name checked is the URL's host
    else
        socket->connectToHost(url.host, url.port);
}

void tune(QTcpSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
}

} // namespace Tessera::RedisSocket
