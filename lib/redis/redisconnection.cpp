// SPDX-License-Identifier: BSD-3-Clause
#include "redisconnection_p.h"

#include "logging_p.h"
#include "rediscommand_p.h"
#include "redisreplyreader_p.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace Tessera {

namespace {

// What Qt may hold of the server's bytes before this thread takes them (then TCP's flow
// control makes the server wait), and how much is taken at a time.
constexpr qint64 kReadBufferBytes = 64 * 1024;
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
    // Handlers are dropped, not called: the owner is going away.
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
    const RedisUrl &url = m_options.url;
    if (!url.tls) {
        m_socket = new QTcpSocket(this);
        watchSocket();
        connect(m_socket, &QAbstractSocket::connected, this, &RedisConnection::onSocketConnected);
        m_socket->connectToHost(url.host, url.port);
        return;
    }
    if (!QSslSocket::supportsSsl())
        return failLater(Error::TlsError,
                         tr("Could not connect to %1: TLS is not available").arg(where()));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (!m_options.caCertificatesPem.isEmpty()) {
        const QList<QSslCertificate> authorities =
                QSslCertificate::fromData(m_options.caCertificatesPem, QSsl::Pem);
        if (authorities.isEmpty()) {
            return failLater(Error::TlsError,
                             tr("Could not connect to %1: the CA certificates given hold no "
                                "PEM certificate")
                                     .arg(where()));
        }
        // Only these: the system's CAs are not loaded on demand once CAs are set.
        configuration.setCaCertificates(authorities);
    }
    auto *socket = new QSslSocket(this);
    socket->setSslConfiguration(configuration);
    m_socket = socket;
    watchSocket();
    connect(socket, &QSslSocket::encrypted, this, &RedisConnection::onSocketConnected);
    connect(socket, &QSslSocket::sslErrors, this, &RedisConnection::onSslErrors);
    // The name the certificate must carry is the URL's host.
    socket->connectToHostEncrypted(url.host, url.port);
}

void RedisConnection::watchSocket()
{
    m_socket->setReadBufferSize(kReadBufferBytes);
    connect(m_socket, &QAbstractSocket::connected, this, [socket = m_socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    });
    connect(m_socket, &QIODevice::readyRead, this, &RedisConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &RedisConnection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &RedisConnection::onSocketError);
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
    const QString why = m_socket->error() == QAbstractSocket::UnknownSocketError
                                ? tr("the server closed the connection")
                                : m_socket->errorString();
    if (m_state == State::Connecting && m_options.url.tls
        && (!m_tlsErrors.isEmpty()
            || m_socket->error() == QAbstractSocket::SslHandshakeFailedError)) {
        const QString tlsWhy = m_tlsErrors.isEmpty() ? why : m_tlsErrors.join(QLatin1String("; "));
        return fail(Error::TlsError,
                    tr("The TLS handshake with %1 failed: %2").arg(where(), tlsWhy),
                    RedisReply::Failure::ConnectionLost);
    }
    if (m_state == State::Connecting && m_openingLeft == 0) {
        return fail(Error::NetworkError, tr("Could not connect to %1: %2").arg(where(), why),
                    RedisReply::Failure::ConnectionLost);
    }
    fail(Error::NetworkError, tr("Connection to %1 lost: %2").arg(where(), why),
         RedisReply::Failure::ConnectionLost);
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
    QList<QByteArray> opening;
    if (!m_options.password.isEmpty()) {
        QList<QByteArray> auth {QByteArrayLiteral("AUTH")};
        if (!m_options.user.isEmpty())
            auth.append(m_options.user);
        auth.append(m_options.password.reveal());
        QByteArray wire = RedisCommand::format(auth);
        send(Pending {Role::Opening, QByteArrayLiteral("AUTH"), {}, {}, {}, {}}, wire);
        wipe(&wire);
        ++m_openingLeft;
    }
    if (m_options.url.database != 0) {
        send(Pending {Role::Opening, QByteArrayLiteral("SELECT"), {}, {}, {}, {}},
             RedisCommand::format(
                     {QByteArrayLiteral("SELECT"), QByteArray::number(m_options.url.database)}));
        ++m_openingLeft;
    }
    send(Pending {Role::Opening, QByteArrayLiteral("PING"), {}, {}, {}, {}},
         RedisCommand::format({QByteArrayLiteral("PING")}));
    ++m_openingLeft;
}

void RedisConnection::judgeOpening(const QByteArray &step, const RedisReply &reply)
{
    const QString server = where();
    const QString stepName = QString::fromLatin1(step);
    if (reply.isError()) {
        // Only the code: a server's error text is not ours to repeat.
        const QByteArray code = reply.errorCode();
        const QString shownCode = code.isEmpty() ? tr("error") : QString::fromLatin1(code);
        if (step == "AUTH" || code == "WRONGPASS") {
            return fail(Error::Refused,
                        tr("%1 refused the user name or password (%2)").arg(server, shownCode),
                        RedisReply::Failure::ConnectionLost);
        }
        if (code == "NOAUTH") {
            return fail(Error::Refused,
                        tr("%1 requires a password (NOAUTH), and none was given").arg(server),
                        RedisReply::Failure::ConnectionLost);
        }
        if (step == "SELECT" || code == "NOPERM") {
            return fail(Error::Refused, tr("%1 refused %2 (%3)").arg(server, stepName, shownCode),
                        RedisReply::Failure::ConnectionLost);
        }
        return fail(Error::ServerError,
                    tr("%1 answered %2 with an error (%3)").arg(server, stepName, shownCode),
                    RedisReply::Failure::ConnectionLost);
    }
    const bool good = step == "PING" ? reply.isStatus() && reply.bytes() == "PONG" : reply.isOk();
    if (!good) {
        return fail(Error::ProtocolError,
                    tr("%1 answered %2 with something unexpected").arg(server, stepName),
                    RedisReply::Failure::ConnectionLost);
    }
    if (--m_openingLeft == 0)
        becomeReady();
}

void RedisConnection::becomeReady()
{
    m_connectTimer.stop();
    // Everything given meanwhile is written before anyone hears of Ready, so that a command
    // given in a slot of stateChanged() or ready() comes after them.
    std::deque<std::pair<Pending, QByteArray>> unsent = std::move(m_unsent);
    m_unsent.clear();
    for (auto &[pending, wire] : unsent) {
        if (pending.localAnswer)
            send(std::move(pending), QByteArray(), 0);
        else
            send(std::move(pending), wire);
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
    send(Pending {Role::Subscription, verb, {}, {}, {}, {}}, RedisCommand::format(args),
         channels.size());
}

void RedisConnection::send(Pending pending, const QByteArray &wire, qsizetype answers)
{
    if (!wire.isEmpty()) {
        m_socket->write(wire);
        qCDebug(lcRedis).noquote() << "sent" << pending.name << "-" << wire.size() << "bytes";
    }
    // The opening is bounded by the connect timeout as a whole; every other command by its own.
    pending.deadline = pending.role == Role::Opening ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                     : QDeadlineTimer(m_options.commandTimeout);
    if (answers == 0) {
        // Refused: its answer is local, and comes when its turn does.
        m_sent.push_back(std::move(pending));
        return settleLocalAnswers();
    }
    for (qsizetype i = 1; i < answers; ++i)
        m_sent.push_back(pending);
    m_sent.push_back(std::move(pending));
    if (m_sent.size() == size_t(answers))
        armCommandTimer();
}

void RedisConnection::settleLocalAnswers()
{
    while (!m_sent.empty() && m_sent.front().localAnswer) {
        Pending pending = std::move(m_sent.front());
        m_sent.pop_front();
        const RedisReply answer = *pending.localAnswer;
        post(std::move(pending), answer);
    }
    armCommandTimer();
}

void RedisConnection::dispatch(const RedisReply &reply)
{
    if (m_sent.empty() || m_sent.front().role == Role::Subscription)
        return dispatchPush(reply);
    Pending pending = std::move(m_sent.front());
    m_sent.pop_front();
    qCDebug(lcRedis) << "answer to" << pending.name.constData() << reply;
    if (pending.role == Role::Opening)
        return judgeOpening(pending.name, reply);
    post(std::move(pending), reply);
    settleLocalAnswers();
}

void RedisConnection::dispatchPush(const RedisReply &reply)
{
    // RESP2 pub/sub: ["message", channel, payload], ["subscribe", channel, count],
    // ["unsubscribe", channel, count].
    const QList<RedisReply> &parts = reply.elements();
    const bool triple = reply.isArray() && parts.size() == 3 && parts.first().isString();
    const QByteArray kind = triple ? parts.first().bytes() : QByteArray();
    if (kind == "message") {
        qCDebug(lcRedis) << "message:" << parts.at(2).bytes().size() << "bytes";
        return Q_EMIT message(parts.at(1).bytes(), parts.at(2).bytes());
    }
    if ((kind == "subscribe" || kind == "unsubscribe") && !m_sent.empty()) {
        m_sent.pop_front();
        settleLocalAnswers(); // a command refused meanwhile gets its answer now
        qCDebug(lcRedis) << "confirmed:" << kind.constData();
        if (kind == "subscribe")
            Q_EMIT subscribed(parts.at(1).bytes());
        return;
    }
    fail(Error::ProtocolError,
         tr("Connection to %1 closed: the server sent an answer no command asked for").arg(where()),
         RedisReply::Failure::ConnectionLost);
}

void RedisConnection::command(const QList<QByteArray> &args, QObject *context, Handler handler)
{
    Q_ASSERT(context);
    Pending pending {Role::User, RedisCommand::name(args), context, std::move(handler), {}, {}};
    QString refusal = RedisCommand::refusal(args);
    if (refusal.isEmpty() && m_subscriber) {
        refusal = tr("%1: this is a subscriber connection; give commands to another one")
                          .arg(QString::fromLatin1(pending.name));
    }
    if (!refusal.isEmpty()) {
        qCWarning(lcRedis).noquote() << "refused:" << refusal;
        pending.localAnswer = RedisReply::fromFailure(RedisReply::Failure::Refused, refusal);
    }
    switch (m_state) {
    case State::Ready:
        if (pending.localAnswer)
            return send(std::move(pending), QByteArray(), 0);
        return send(std::move(pending), RedisCommand::format(args));
    case State::Connecting:
        m_unsent.emplace_back(std::move(pending),
                              pending.localAnswer ? QByteArray() : RedisCommand::format(args));
        return;
    case State::Disconnected:
    case State::Failed:
        break;
    }
    if (pending.localAnswer) {
        const RedisReply answer = *pending.localAnswer;
        return post(std::move(pending), answer);
    }
    const QString text = m_errorString.isEmpty()
                                 ? tr("Not connected to %1").arg(where())
                                 : tr("Not connected to %1: %2").arg(where(), m_errorString);
    post(std::move(pending), RedisReply::fromFailure(RedisReply::Failure::NotConnected, text));
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
    if (m_sent.empty() || m_sent.front().deadline.isForever()) {
        m_commandTimer.stop();
        return;
    }
    m_commandTimer.start(
            std::chrono::milliseconds(qMax<qint64>(0, m_sent.front().deadline.remainingTime())));
}

void RedisConnection::onCommandTimeout()
{
    if (m_sent.empty())
        return;
    const Pending &head = m_sent.front();
    if (!head.deadline.hasExpired())
        return armCommandTimer();
    fail(Error::Timeout,
         tr("Timed out: %1 did not answer %2 within %3 ms")
                 .arg(where(), QString::fromLatin1(head.name))
                 .arg(count(m_options.commandTimeout)),
         RedisReply::Failure::Timeout);
}

void RedisConnection::fail(Error error, const QString &reason, RedisReply::Failure failure)
{
    const State was = m_state;
    if (was != State::Connecting && was != State::Ready)
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
    std::deque<Pending> waiting = std::move(m_sent);
    m_sent.clear();
    for (auto &[pending, wire] : m_unsent)
        waiting.push_back(std::move(pending));
    m_unsent.clear();
    bool first = true;
    for (Pending &pending : waiting) {
        // Only the command whose reply was too large gets TooLarge; the others lost their
        // connection with it.
        const RedisReply::Failure own = failure == RedisReply::Failure::TooLarge && !first
                                                ? RedisReply::Failure::ConnectionLost
                                                : failure;
        first = false;
        if (pending.role != Role::User)
            continue;
        const RedisReply answer =
                pending.localAnswer ? *pending.localAnswer : RedisReply::fromFailure(own, text);
        post(std::move(pending), answer);
    }
}

void RedisConnection::post(Pending pending, const RedisReply &reply)
{
    m_outbox.emplace_back(std::move(pending), reply);
    if (m_flushPosted)
        return;
    m_flushPosted = true;
    QMetaObject::invokeMethod(this, &RedisConnection::flushOutbox, Qt::QueuedConnection);
}

void RedisConnection::flushOutbox()
{
    m_flushPosted = false;
    const QPointer<RedisConnection> self(this);
    while (!m_outbox.empty()) {
        auto [pending, reply] = std::move(m_outbox.front());
        m_outbox.pop_front();
        if (!pending.context || !pending.handler)
            continue;
        pending.handler(reply);
        if (!self)
            return;
    }
}

} // namespace Tessera
