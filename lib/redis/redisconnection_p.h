// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "redispipeline_p.h"
#include "redisreply_p.h"
#include "redisurl_p.h"

#include <Tessera/secret.h>

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QSslError;
class QTcpSocket;
QT_END_NAMESPACE

namespace Tessera {

class RedisReplyReader;

/*!
 * \brief One connection to a Redis server, on Qt's event loop: commands pipelined, replies
 * handed to handlers in order, pub/sub messages as signals.
 *
 * \b Why this shape. The bytes travel over a QTcpSocket, or a QSslSocket for `rediss://`, so
 * that nothing ever blocks the thread and TLS is Qt's (the system's CAs or the ones given,
 * the peer verified, the host name checked), with no second event loop to integrate. hiredis
 * (0.14, Debian 12) is used for what it is good at and nothing else: `redisFormatCommandArgv()`
 * builds commands (binary-safe) and its reader parses replies incrementally
 * (RedisReplyReader, which also bounds their size). Its networking is blocking or needs an
 * adapter, and it has no TLS. The protocol is RESP2, the default of Redis 7 and the only one
 * hiredis 0.14 reads; so pub/sub needs a connection of its own (see subscribe()).
 *
 * \b Opening. open() connects (with TLS for `rediss://`), then sends `AUTH [user] password`
 * when a password is given, `SELECT db` when the URL names a database other than 0, and a
 * PING, and becomes Ready when all three were answered well: Ready means commands will run.
 * All of it is bounded by Options::connectTimeout. A refused password, a server that wants one
 * and got none (NOAUTH), or a refused SELECT fail the opening with Error::Refused.
 *
 * \b Commands. command() pipelines: it writes at once when Ready, keeps the command until then
 * while Connecting, and fails it at once otherwise. Every command's handler is called exactly
 * once, in the order the commands were given, from the event loop (never from inside
 * command() or another call), and not at all once its context is destroyed. A server's error
 * (`-NOAUTH`, `-WRONGPASS`, `-EXECABORT` …) is a reply of kind Error. When the connection
 * fails or is closed, every command waiting for an answer or to be sent gets an Error reply
 * whose failure() says why; a command not answered within Options::commandTimeout, or a reply
 * larger than Options::maxReplyBytes, fails the connection (the pairing of later replies could
 * not be trusted any more). Destroying the connection drops every handler without calling it.
 *
 * \b Reconnecting is the owner's: a failed connection stays Failed until open() is called
 * again, so that the owner (the token store, the refresh coordinator) chooses the backoff and
 * knows when the connection is new. Commands given meanwhile fail with NotConnected.
 *
 * \b Secrecy. The password travels in a Secret and only in the AUTH command. Nothing of a
 * command's arguments or a reply's payload is logged (category `tessera.redis`): only command
 * names ("SET"), counts and sizes. disconnected() and errorString() are for people; they hold
 * the host and port, and error codes, never a password, an argument or a payload.
 *
 * \sa RedisUrl, RedisReply, RedisPipeline, RedisOpening
 */
class TESSERACORE_AUTOTEST_EXPORT RedisConnection : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State {
        Disconnected, //!< not opened yet, or close()d
        Connecting, //!< open() is under way: connection, TLS, AUTH, SELECT, PING
        Ready, //!< commands are sent as they come
        Failed, //!< opening failed or the connection was lost: see error(); open() again
    };
    Q_ENUM(State)

    /*! \brief Why the connection is Failed. */
    enum class Error {
        NoError,
        NetworkError, //!< refused, host not found, connection lost: try again later
        Timeout, //!< no connection, or no answer to a command, in time: try again later
        TlsError, //!< the TLS handshake failed: the certificate was not trusted, or not the host's
        Refused, //!< AUTH, SELECT or SUBSCRIBE refused, or a password needed: fix the options
        ServerError, //!< the server answered the opening with another error (LOADING …)
        ProtocolError, //!< an answer that is not RESP2, or one larger than maxReplyBytes
    };
    Q_ENUM(Error)

    struct Options
    {
        RedisUrl url;
        QByteArray user; //!< the ACL user; empty: the password is the default user's
        Secret password; //!< empty: no AUTH
        /*! \brief For `rediss://`: the CAs to trust (PEM), instead of the system's; empty:
         *  the system's. */
        QByteArray caCertificatesPem;
        std::chrono::milliseconds connectTimeout {5000}; //!< the whole opening
        std::chrono::milliseconds commandTimeout {5000}; //!< from a command's sending on
        /*! \brief The most one reply may take while it is read: its strings' bytes, and
         *  sizeof(RedisReply) per array element (RedisReplyReader). A reply that is one string
         *  of this many bytes is read; one more and the connection fails (ProtocolError). */
        qint64 maxReplyBytes = 1024 * 1024;
    };

    using Handler = std::function<void(const RedisReply &reply)>;

    explicit RedisConnection(const Options &options, QObject *parent = nullptr);
    ~RedisConnection() override;

    State state() const { return m_state; }
    Error error() const { return m_error; }
    /*! \brief Why the connection failed, for people; empty unless Failed. */
    QString errorString() const { return m_errorString; }
    /*! \brief The server, for messages: the URL without credentials (it never has any). */
    QString serverName() const;

    /*!
     * \brief Connects and authenticates. Does nothing while Connecting or Ready; from
     * Disconnected or Failed it starts a new connection. stateChanged(Connecting) is emitted
     * before it returns; everything else (ready(), or disconnected() with the reason) comes
     * from the event loop.
     */
    void open();
    /*!
     * \brief Ends the connection now: every command waiting fails with ConnectionLost
     * ("Connection closed"), and disconnected() is emitted before close() returns if the
     * connection was Connecting or Ready. The state becomes Disconnected.
     */
    void close();

    /*!
     * \brief Sends \a args (`{"SET", key, value}`) and calls \a handler with the answer.
     *
     * \a context must not be null; the handler is not called once it is destroyed. Refused
     * (an Error reply with failure() Refused, in its turn, from the event loop): the commands
     * that RedisCommand::refusal() names, and every command but PING on a connection that
     * subscribe() was called on. A blocking command (BLPOP …) is bounded by the command
     * timeout like any other.
     */
    void command(const QList<QByteArray> &args, QObject *context, Handler handler);

    /*!
     * \brief Puts the connection in subscriber mode and subscribes to \a channel, now if
     * Ready, else as soon as it is; every open() subscribes again to every channel.
     *
     * A subscribed connection (RESP2) takes no other command but PING, so use a second
     * RedisConnection for subscriptions: once subscribe() was called, command() refuses
     * everything else. subscribed() says when the server confirmed (a message published before
     * that is not received); message() brings each message.
     *
     * There is no heartbeat: a connection that only listens notices a silent network cut by
     * TCP keep-alive only (hours, by the system's default). An owner that must know sooner
     * PINGs it now and then; the answer (`["pong", ""]` once subscribed) is bounded by the
     * command timeout like any other.
     */
    void subscribe(const QByteArray &channel);
    /*! \brief Stops listening to \a channel; the connection stays a subscriber connection. */
    void unsubscribe(const QByteArray &channel);
    /*! \brief The channels subscribe() was called for (and not unsubscribe()), in order. */
    QList<QByteArray> channels() const { return m_channels; }

Q_SIGNALS:
    void stateChanged(Tessera::RedisConnection::State state);
    /*! \brief The connection is Ready; the commands given while Connecting are sent. */
    void ready();
    /*!
     * \brief A connection that was Connecting or Ready ended: \a reason is for people (the
     * same as errorString() when Failed, "Connection closed" after close()).
     */
    void disconnected(const QString &reason);
    /*! \brief The server confirmed a subscription to \a channel (after each open()). */
    void subscribed(const QByteArray &channel);
    /*! \brief A message published on a subscribed channel. \a payload is never logged. */
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    using Entry = RedisPipeline::Entry;
    using Role = RedisPipeline::Role;

    QString where() const;
    void setState(State state);
    void startSocket();
    void onSocketConnected();
    void onSocketError();
    void onSslErrors(const QList<QSslError> &errors);
    void onReadyRead();
    void sendOpening();
    void judgeOpening(const QByteArray &step, const RedisReply &reply);
    void becomeReady();
    void sendSubscriptions(const QByteArray &verb, const QList<QByteArray> &channels);
    void send(Entry entry, const QByteArray &wire, qsizetype answers = 1);
    void dispatch(const RedisReply &reply);
    void fail(Error error, const QString &reason, RedisReply::Failure failure);
    void failLater(Error error, const QString &reason);
    void endConnection(RedisReply::Failure failure, const QString &text);
    void armCommandTimer();
    void onCommandTimeout();

    Options m_options;
    State m_state = State::Disconnected;
    Error m_error = Error::NoError;
    QString m_errorString;
    quint64 m_attempt = 0; // counts open()s, so that a late failure hits only its own attempt
    QTcpSocket *m_socket = nullptr;
    QStringList m_tlsErrors;
    std::unique_ptr<RedisReplyReader> m_reader;
    RedisPipeline *m_pipeline; // a child: a handler that destroys this ends its own flush
    int m_openingLeft = 0; // opening commands not answered yet
    QList<QByteArray> m_channels;
    bool m_subscriber = false;
    QTimer m_connectTimer;
    QTimer m_commandTimer;
};

} // namespace Tessera
