// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redisurl_p.h"

#include <QByteArray>
#include <QString>

QT_BEGIN_NAMESPACE
class QObject;
class QTcpSocket;
QT_END_NAMESPACE

namespace Tessera {

/*! \brief The socket a RedisConnection talks through. */
namespace RedisSocket {

/*!
 * \brief A socket for \a url, not connected yet: a QTcpSocket for `redis://`, a QSslSocket for
 * `rediss://` that verifies the peer (TLS 1.2 or later) against \a caCertificatesPem only, or
 * the system's CAs when it is empty. Qt's read buffer is bounded, so the server waits (TCP's
 * flow control) until RedisConnection has taken what Qt holds.
 *
 * Null, with \a problem set, when none can be made: no TLS backend, or CA text that holds no
 * PEM certificate.
 */
QTcpSocket *create(const RedisUrl &url, const QByteArray &caCertificatesPem, QObject *parent,
                   QString *problem);

/*! \brief Starts connecting \a socket (made by create()) to \a url; with TLS, the certificate
 *  must name the URL's host. */
void connectTo(QTcpSocket *socket, const RedisUrl &url);

/*! \brief Turns on TCP_NODELAY (pipelined commands go at once) and keep-alive. */
void tune(QTcpSocket *socket);

} // namespace RedisSocket
} // namespace Tessera
