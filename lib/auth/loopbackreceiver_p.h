// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authorizationcallback_p.h"
#include "autotest_export_p.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <unordered_map>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace Tessera {

/*!
 * \brief The listener a browser sign-in's redirect comes back to (RFC 8252 section 7.3): HTTP on
 * 127.0.0.1 only, for as long as one sign-in waits.
 *
 * - listen() binds 127.0.0.1 (never every interface: nothing off the machine may reach it), on
 *   the given port, or a free one for 0.
 * - Each connection gets one request: a request line and headers of at most 8 KiB, within
 *   10 seconds, else it is closed. At most 8 connections are open at once; more are closed on
 *   arrival. Only GET is answered (405 otherwise).
 * - Every GET is judged by AuthorizationCallback::judge(). \b Ignore (another path, a missing or
 *   wrong state) is answered with a 404 page and changes nothing: anyone on the machine can
 *   reach the port, and must not be able to end the sign-in. \b Code and \b Failed are answered
 *   with a small page that says what happened and that the tab can be closed; then the listener
 *   stops (the port is free), and received() is emitted once.
 * - Destroying the receiver closes the port and every connection.
 *
 * The pages are plain HTML with no script, sent with Content-Security-Policy default-src 'none',
 * Cache-Control no-store and Connection close. What they show comes from AuthorizationCallback's
 * messages (sanitised) and the profile's name, HTML-escaped.
 */
class TESSERACORE_AUTOTEST_EXPORT LoopbackReceiver : public QObject
{
    Q_OBJECT
public:
    /*! \brief \a serviceName names the service on the pages ("Signed in to …"). */
    explicit LoopbackReceiver(const QString &serviceName, QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    /*! \brief Listens on 127.0.0.1:\a port (0: any free port); false with \a error if it
     *  cannot. */
    bool listen(quint16 port, QString *error);
    /*! \brief The redirect URI for \a path on the port listened on: "http://127.0.0.1:PORT/path".
     */
    QUrl redirectUri(const QString &path) const;
    /*! \brief What the sign-in waits for; set before the browser is opened. */
    void expect(const AuthorizationCallback::Expectation &expectation);
    bool isListening() const;
    /*! \brief Stops listening and closes every connection. */
    void close();

    static constexpr qsizetype MaxRequestBytes = 8 * 1024;
    static constexpr int MaxConnections = 8;
    static constexpr int RequestTimeoutMs = 10000;

Q_SIGNALS:
    /*! \brief This sign-in's answer came: a code, or a failure (never Ignore). */
    void received(const Tessera::AuthorizationCallback::Verdict &verdict);

private:
    /*! \brief What one connection has sent so far. */
    struct Connection
    {
        QByteArray head; //!< the request line and headers read so far
        bool answered = false;
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void judge(QTcpSocket *socket, QByteArray head); // a copy: judging may close every connection
    void answer(QTcpSocket *socket, int status, const QByteArray &reason, const QString &title,
                const QString &text);

    const QString m_serviceName;
    std::unique_ptr<QTcpServer> m_server;
    AuthorizationCallback::Expectation m_expectation;
    std::unordered_map<QTcpSocket *, Connection> m_connections;
};

} // namespace Tessera
