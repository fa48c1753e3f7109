// SPDX-License-Identifier: BSD-3-Clause
#include "redisconnection_p.h"

#include "logging_p.h"
#include "rediscommand_p.h"
#include "redisopening_p.h"
#include "redisreplyreader_p.h"
#include "redissocket_p.h"

#include <QSslError>
#include <QSslSocket>

namespace Tessera {

namespace {

// How much of what Qt holds is taken from the socket at a time.
constexpr qint64 kReadPieceBytes = 16 * 1024;

qint64 count(std::chrono::milliseconds duration)
{
    return qint64(duration.count());
}

void wipe(QByteArray *bytes)
{
    if (bytes->isDetached())
        std::fill(bytes->begin(), bytes->end(), '\0');
    bytes->clear();
}

} // namespace

RedisConnection::RedisConnection(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_pipeline(new RedisPipeline(this))
{
    m_connectTimer.setSingleShot(true);
    m_commandTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(Error::Timeout,
             tr("Timed out: could not connect to %1 within %2 ms")
                     .arg(where())
                     .arg(count(m_options.connectTimeout)),
             RedisReply::Failure::Timeout);
    });
    connect(&m_commandTimer, &QTimer::timeout, this, &RedisConnection::onCommandTimeout);
}

RedisConnection::~RedisConnection()
{
    // Handlers are dropped with the pipeline, uncalled: the owner is going away.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString RedisConnection::serverName() const
{
    return m_options.url.toString();
}

QString RedisConnection::where() const
{
    return serverName();
}

void RedisConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RedisConnection::open()
{
    if (m_state == State::Connecting || m_state == State::Ready)
        return;
    ++m_attempt;
    m_error = Error::NoError;
    m_errorString.clear();
    m_reader = std::make_unique<RedisReplyReader>(m_options.maxReplyBytes);
    m_openingLeft = 0;
    qCDebug(lcRedis).noquote() << "connecting to" << where();
    m_connectTimer.start(m_options.connectTimeout);
    startSocket();
    setState(State::Connecting);
}

void RedisConnection::startSocket()
{
    m_tlsErrors.clear();
    QString problem;
    m_socket = RedisSocket::create(m_options.url, m_options.caCertificatesPem, this, &problem);
    if (!m_socket)
        return failLater(Error::TlsError, tr("Could not connect to %1: %2").arg(where(), problem));
    connect(m_socket, &QAbstractSocket::connected, this,
            [socket = m_socket] { RedisSocket::tune(socket); });
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) {
        connect(tls, &QSslSocket::encrypted, this, &RedisConnection::onSocketConnected);
        connect(tls, &QSslSocket::sslErrors, this, &RedisConnection::onSslErrors);
    } else {
        connect(m_socket, &QAbstractSocket::connected, this, &RedisConnection::onSocketConnected);
    }
    connect(m_socket, &QIODevice::readyRead, this, &RedisConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &RedisConnection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &RedisConnection::onSocketError);
    RedisSocket::connectTo(m_socket, m_options.url);
}

void RedisConnection::failLater(Error error, const QString &reason)
{
    QMetaObject::invokeMethod(
            this,
            [this, error, reason, attempt = m_attempt] {
                if (attempt == m_attempt)
                    fail(error, reason, RedisReply::Failure::ConnectionLost);
            },
            Qt::QueuedConnection);
}

void RedisConnection::onSocketConnected()
{
    qCDebug(lcRedis).noquote() << (m_options.url.tls ? "connected with TLS to" : "connected to")
                               << where();
    sendOpening();
}

void RedisConnection::onSslErrors(const QList<QSslError> &errors)
{
    // Not ignored: the handshake ends, and onSocketError() says why with these.
    for (const QSslError &error : errors)
        m_tlsErrors.append(error.errorString());
}

void RedisConnection::onSocketError()
{
    if (!m_socket)
        return;
    if (m_socket->bytesAvailable() > 0) {
        // What the server said before it closed (an error, typically) comes first.
        const QPointer<RedisConnection> self(this);
        const QTcpSocket *socket = m_socket;
        onReadyRead();
        if (!self || m_socket != socket)
            return;
    }
    const QAbstractSocket::SocketError code = m_socket->error();
    const QString why = code == QAbstractSocket::UnknownSocketError
                                ? tr("the server closed the connection")
                                : m_socket->errorString();
    const RedisReply::Failure lost = RedisReply::Failure::ConnectionLost;
    if (m_state == State::Connecting && m_options.url.tls
        && (!m_tlsErrors.isEmpty() || code == QAbstractSocket::SslHandshakeFailedError)) {
        const QString tlsWhy = m_tlsErrors.isEmpty() ? why : m_tlsErrors.join(QLatin1String("; "));
        return fail(Error::TlsError,
                    tr("The TLS handshake with %1 failed: %2").arg(where(), tlsWhy), lost);
    }
    if (m_state == State::Connecting && m_openingLeft == 0)
        return fail(Error::NetworkError, tr("Could not connect to %1: %2").arg(where(), why), lost);
    fail(Error::NetworkError, tr("Connection to %1 lost: %2").arg(where(), why), lost);
}

void RedisConnection::onReadyRead()
{
    const QPointer<RedisConnection> self(this);
    const QTcpSocket *socket = m_socket;
    while (m_socket && m_socket->bytesAvailable() > 0) {
        const QByteArray piece = m_socket->read(kReadPieceBytes);
        if (piece.isEmpty())
            break;
        QList<RedisReply> replies;
        const RedisReplyReader::Status status = m_reader->feed(piece, &replies);
        for (const RedisReply &reply : std::as_const(replies)) {
            dispatch(reply);
            if (!self || m_socket != socket)
                return; // closed, reopened or destroyed by what a signal or failure did
        }
        if (status == RedisReplyReader::Status::TooLarge) {
            return fail(Error::ProtocolError,
                        tr("Connection to %1 closed: a reply was larger than %2 bytes")
                                .arg(where())
                                .arg(m_options.maxReplyBytes),
                        RedisReply::Failure::TooLarge);
        }
        if (status == RedisReplyReader::Status::ProtocolError) {
            return fail(Error::ProtocolError,
                        tr("Connection to %1 closed: the server's answer is not the Redis "
                           "protocol (RESP2)")
                                .arg(where()),
                        RedisReply::Failure::ConnectionLost);
        }
    }
}

void RedisConnection::sendOpening()
{
    QList<RedisOpening::Step> steps =
            RedisOpening::steps(m_options.user, m_options.password, m_options.url.database);
    for (RedisOpening::Step &step : steps) {
        send(Entry {Role::Opening, step.name, {}, {}, {}, {}, {}}, step.wire);
        wipe(&step.wire); // AUTH's password; Qt's write buffer holds its own copy until sent
        ++m_openingLeft;
    }
}

void RedisConnection::judgeOpening(const QByteArray &step, const RedisReply &reply)
{
    using Kind = RedisOpening::Verdict::Kind;
    const RedisOpening::Verdict verdict = RedisOpening::judge(step, reply, where());
    const RedisReply::Failure lost = RedisReply::Failure::ConnectionLost;
    switch (verdict.kind) {
    case Kind::Next:
        if (--m_openingLeft == 0)
            becomeReady();
        return;
    case Kind::Refused:
        return fail(Error::Refused, verdict.reason, lost);
    case Kind::ServerError:
        return fail(Error::ServerError, verdict.reason, lost);
    case Kind::ProtocolError:
        return fail(Error::ProtocolError, verdict.reason, lost);
    }
}

void RedisConnection::becomeReady()
{
    m_connectTimer.stop();
    // Everything given meanwhile is written before anyone hears of Ready, so that a command
    // given in a slot of stateChanged() or ready() comes after them.
    for (Entry &entry : m_pipeline->takeHeld()) {
        const QByteArray wire = std::move(entry.wire);
        send(std::move(entry), wire);
    }
    if (!m_channels.isEmpty())
        sendSubscriptions(QByteArrayLiteral("SUBSCRIBE"), m_channels);
    qCDebug(lcRedis).noquote() << "ready:" << where();
    const QPointer<RedisConnection> self(this);
    setState(State::Ready);
    if (self && m_state == State::Ready)
        Q_EMIT ready();
}

void RedisConnection::sendSubscriptions(const QByteArray &verb, const QList<QByteArray> &channels)
{
    QList<QByteArray> args {verb};
    args += channels;
    // One confirmation comes for each channel.
    send(Entry {Role::Subscription, verb, {}, {}, {}, {}, {}}, RedisCommand::format(args),
         channels.size());
}

void RedisConnection::send(Entry entry, const QByteArray &wire, qsizetype answers)
{
    if (!entry.localAnswer) {
        m_socket->write(wire);
        qCDebug(lcRedis).noquote() << "sent" << entry.name << "-" << wire.size() << "bytes";
    }
    // The opening is bounded by the connect timeout as a whole; every other command by its own.
    entry.deadline = entry.role == Role::Opening ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                 : QDeadlineTimer(m_options.commandTimeout);
    m_pipeline->await(std::move(entry), answers);
    armCommandTimer();
}

void RedisConnection::dispatch(const RedisReply &reply)
{
    // RESP2 pub/sub: ["message", channel, payload] comes whenever it comes, between the answers
    // (["subscribe"|"unsubscribe", channel, count] confirmations, ["pong", ""]).
    const QList<RedisReply> &parts = reply.elements();
    const bool triple = reply.isArray() && parts.size() == 3 && parts.first().isString();
    const QByteArray kind = triple ? parts.first().bytes() : QByteArray();
    if (m_subscriber && kind == "message") {
        qCDebug(lcRedis) << "message:" << parts.at(2).bytes().size() << "bytes";
        return Q_EMIT message(parts.at(1).bytes(), parts.at(2).bytes());
    }
    const Entry *head = m_pipeline->head();
    if (!head) {
        return fail(Error::ProtocolError,
                    tr("Connection to %1 closed: the server sent an answer no command asked for")
                            .arg(where()),
                    RedisReply::Failure::ConnectionLost);
    }
    qCDebug(lcRedis) << "answer to" << head->name.constData() << reply;
    if (head->role == Role::User) {
        m_pipeline->answerHead(reply);
        return armCommandTimer();
    }
    const Entry entry = m_pipeline->takeHead(); // and a command refused meanwhile is answered
    armCommandTimer();
    if (entry.role == Role::Opening)
        return judgeOpening(entry.name, reply);
    if (reply.isError()) {
        // NOPERM: an ACL user without the channel (Redis 7 grants none by default).
        const QByteArray code = reply.errorCode();
        return fail(Error::Refused,
                    tr("%1 refused %2 (%3)")
                            .arg(where(), QString::fromLatin1(entry.name),
                                 code.isEmpty() ? tr("error") : QString::fromLatin1(code)),
                    RedisReply::Failure::ConnectionLost);
    }
    if (kind == "subscribe")
        Q_EMIT subscribed(parts.at(1).bytes());
}

void RedisConnection::command(const QList<QByteArray> &args, QObject *context, Handler handler)
{
    Q_ASSERT(context);
    Entry entry {Role::User, RedisCommand::name(args), context, std::move(handler), {}, {}, {}};
    QString refusal = RedisCommand::refusal(args);
    if (refusal.isEmpty() && m_subscriber && entry.name != "PING") {
        refusal = tr("%1: this is a subscriber connection; give commands to another one")
                          .arg(QString::fromLatin1(entry.name));
    }
    if (!refusal.isEmpty()) {
        qCWarning(lcRedis).noquote() << "refused:" << refusal;
        entry.localAnswer = RedisReply::fromFailure(RedisReply::Failure::Refused, refusal);
    }
    const QByteArray wire = entry.localAnswer ? QByteArray() : RedisCommand::format(args);
    switch (m_state) {
    case State::Ready:
        return send(std::move(entry), wire);
    case State::Connecting:
        entry.wire = wire;
        return m_pipeline->hold(std::move(entry));
    case State::Disconnected:
    case State::Failed:
        break;
    }
    const QString text = m_errorString.isEmpty()
                                 ? tr("Not connected to %1").arg(where())
                                 : tr("Not connected to %1: %2").arg(where(), m_errorString);
    const RedisReply reply =
            entry.localAnswer ? *entry.localAnswer
                              : RedisReply::fromFailure(RedisReply::Failure::NotConnected, text);
    m_pipeline->answer(std::move(entry), reply);
}

void RedisConnection::subscribe(const QByteArray &channel)
{
    m_subscriber = true;
    if (m_channels.contains(channel))
        return;
    m_channels.append(channel);
    if (m_state == State::Ready)
        sendSubscriptions(QByteArrayLiteral("SUBSCRIBE"), {channel});
}

void RedisConnection::unsubscribe(const QByteArray &channel)
{
    if (!m_channels.removeOne(channel))
        return;
    if (m_state == State::Ready)
        sendSubscriptions(QByteArrayLiteral("UNSUBSCRIBE"), {channel});
}

void RedisConnection::armCommandTimer()
{
    const Entry *head = m_pipeline->head();
    if (!head || head->deadline.isForever()) {
        m_commandTimer.stop();
        return;
    }
    m_commandTimer.start(
            std::chrono::milliseconds(qMax<qint64>(0, head->deadline.remainingTime())));
}

void RedisConnection::onCommandTimeout()
{
    const Entry *head = m_pipeline->head();
    if (!head)
        return;
    if (!head->deadline.hasExpired())
        return armCommandTimer();
    fail(Error::Timeout,
         tr("Timed out: %1 did not answer %2 within %3 ms")
                 .arg(where(), QString::fromLatin1(head->name))
                 .arg(count(m_options.commandTimeout)),
         RedisReply::Failure::Timeout);
}

void RedisConnection::fail(Error error, const QString &reason, RedisReply::Failure failure)
{
    if (m_state != State::Connecting && m_state != State::Ready)
        return;
    qCDebug(lcRedis).noquote() << "failed:" << reason;
    m_error = error;
    m_errorString = reason;
    endConnection(failure, reason);
    const QPointer<RedisConnection> self(this);
    setState(State::Failed);
    if (self)
        Q_EMIT disconnected(reason);
}

void RedisConnection::close()
{
    const State was = m_state;
    const QString reason = tr("Connection closed");
    endConnection(RedisReply::Failure::ConnectionLost, reason);
    m_error = Error::NoError;
    m_errorString.clear();
    const QPointer<RedisConnection> self(this);
    setState(State::Disconnected);
    if (self && (was == State::Connecting || was == State::Ready))
        Q_EMIT disconnected(reason);
}

void RedisConnection::endConnection(RedisReply::Failure failure, const QString &text)
{
    m_connectTimer.stop();
    m_commandTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_openingLeft = 0;
    // Only the command whose reply was too large gets TooLarge; the others lost their
    // connection with it.
    const bool tooLarge = failure == RedisReply::Failure::TooLarge;
    m_pipeline->failAll(failure, tooLarge ? RedisReply::Failure::ConnectionLost : failure, text);
}

} // namespace Tessera
