// SPDX-License-Identifier: BSD-3-Clause
#include "authclient_p.h"

#include "backoff_p.h"
#include "logging_p.h"
#include "requestsecrets_p.h"
#include "servertext_p.h"

#include <Tessera/clock.h>

#include <climits>

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace Tessera {

struct AuthClient::Exchange
{
    QPointer<QNetworkReply> reply;
    QList<Secret> secrets; // what the request carried: never to appear in an error
    QDateTime receivedAt;
    QTimer timeout;
    QByteArray body;
    Purpose purpose = Purpose::SignIn;
    Handler handler;
    bool timedOut = false;
    bool tooLarge = false;
};

namespace {

// How much of an answer Qt's network thread may hold for this one at a time (see watch()).
constexpr qint64 kReadBufferBytes = 64 * 1024;

QString describeNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return AuthClient::tr("the connection was refused");
    case QNetworkReply::RemoteHostClosedError:
        return AuthClient::tr("the server closed the connection");
    case QNetworkReply::HostNotFoundError:
        return AuthClient::tr("the host was not found");
    case QNetworkReply::SslHandshakeFailedError:
        return AuthClient::tr("the TLS handshake failed");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return AuthClient::tr("the network is unavailable");
    default:
        return AuthClient::tr("network error %1").arg(int(error));
    }
}

AuthOutcome outcome(AuthOutcome::Kind kind, AuthOutcome::Error error, const QString &text,
                    int status = 0)
{
    AuthOutcome result;
    result.kind = kind;
    result.error = error;
    result.errorString = text;
    result.httpStatus = status;
    return result;
}

bool isClientConfigurationError(const QString &code)
{
    static const QStringList codes {
            QStringLiteral("invalid_client"), QStringLiteral("unauthorized_client"),
            QStringLiteral("unsupported_grant_type"), QStringLiteral("invalid_scope"),
            QStringLiteral("invalid_request")};
    return codes.contains(code);
}

// The codes by which a server says it does not know a token (RFC 6749 section 5.2,
// RFC 6750 section 3.1).
bool isTokenGoneCode(const QString &code)
{
    return code == QLatin1String("invalid_grant") || code == QLatin1String("invalid_token");
}

QString withCode(const QString &text, int status, const QString &code)
{
    if (code.isEmpty())
        return AuthClient::tr("%1 (HTTP %2)").arg(text).arg(status);
    return AuthClient::tr("%1 (HTTP %2, %3)").arg(text).arg(status).arg(code);
}

// True if \a text contains one of \a secrets, or is a piece of one.
bool mentionsAny(const QString &text, const QList<Secret> &secrets)
{
    if (text.isEmpty())
        return false;
    const QByteArray bytes = text.toUtf8();
    for (const Secret &secret : secrets) {
        const QByteArray value = secret.reveal();
        if (value.size() >= 4
            && (bytes.contains(value) || (bytes.size() >= 8 && value.contains(bytes))))
            return true;
    }
    return false;
}

} // namespace

AuthClient::AuthClient(const Profile &profile, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_clock(clock)
{ }

AuthClient::~AuthClient()
{
    abort();
}

void AuthClient::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    m_manager = manager;
}

void AuthClient::setRequestSecrets(RequestSecrets *secrets)
{
    m_secrets = secrets;
}

bool AuthClient::isBusy() const
{
    return m_exchange != nullptr;
}

void AuthClient::abort()
{
    std::unique_ptr<Exchange> exchange = std::move(m_exchange);
    if (exchange && exchange->reply) {
        QObject::disconnect(exchange->reply, &QObject::destroyed, this, nullptr);
        exchange->reply->disconnect(this);
        exchange->reply->abort();
        exchange->reply->deleteLater();
    }
}

void AuthClient::send(const AuthRequest &request, Purpose purpose, Handler handler)
{
    abort();
    m_exchange = std::make_unique<Exchange>();
    Exchange *exchange = m_exchange.get();
    exchange->purpose = purpose;
    exchange->handler = std::move(handler);
    exchange->secrets = request.secrets;
    if (!m_manager) {
        // The manager given to setNetworkAccessManager() is gone: a network error, from the
        // event loop like every other outcome.
        QMetaObject::invokeMethod(
                this, [this, exchange] { vanished(exchange); }, Qt::QueuedConnection);
        return;
    }
    if (!m_secrets || m_secrets->isEmpty())
        return transmit(exchange, request);
    m_secrets->fetch(this, [this, exchange, request](const QList<RequestSecrets::Header> &headers,
                                                     const QString &problem) {
        if (m_exchange.get() != exchange)
            return; // aborted, or replaced, meanwhile
        if (!problem.isEmpty()) {
            qCWarning(lcNet) << "nothing sent:" << problem;
            return finish(outcome(AuthOutcome::Kind::Transient,
                                  AuthOutcome::Error::SecretUnavailable, problem));
        }
        AuthRequest withSecrets = request;
        for (const auto &[name, value] : headers) {
            withSecrets.request.setRawHeader(name, value.reveal());
            withSecrets.secrets.append(value);
        }
        exchange->secrets = withSecrets.secrets;
        transmit(exchange, withSecrets);
    });
}

void AuthClient::transmit(Exchange *exchange, const AuthRequest &request)
{
    const bool get = request.method == AuthRequest::Method::Get;
    qCDebug(lcNet) << (get ? "GET" : "POST")
                   << request.request.url().adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    // Token answers are a few hundred bytes: compression saves nothing on them, and an answer
    // Qt decompressed could be any size in memory while the limit counts what came on the wire
    // (Qt's own bomb check starts at 10 MB). Asking for no encoding turns Qt's decompression
    // off for this request altogether, so that a server that compresses anyway gets its answer
    // counted as sent, and refused as unreadable.
    QNetworkRequest networkRequest = request.request;
    networkRequest.setRawHeader("Accept-Encoding", "identity");
    QNetworkReply *reply = get ? m_manager->get(networkRequest)
                               : m_manager->post(networkRequest, request.body.reveal());
    exchange->reply = reply;
    watch(exchange, reply);
}

void AuthClient::watch(Exchange *exchange, QNetworkReply *reply)
{
    const qint64 maxBytes = m_profile.maxResponseBytes();
    // Without a read buffer size Qt's network thread reads the socket as fast as the server
    // sends and queues every piece for this thread, which sees them (readyRead) only once the
    // queue has run dry: an answer of any size could be in memory before the check below saw a
    // byte of it. With one, that thread reads no more until this one has taken what it holds,
    // and the server waits on TCP's flow control. Qt (6.4) passes the size on to its network
    // thread only once the request has started there, which happens from the event loop after
    // post(): set then, from the event loop too, it is in place before the first byte comes.
    reply->setReadBufferSize(kReadBufferBytes);
    QMetaObject::invokeMethod(
            reply, [reply] { reply->setReadBufferSize(kReadBufferBytes); }, Qt::QueuedConnection);

    connect(reply, &QNetworkReply::metaDataChanged, this, [exchange, reply, maxBytes] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBytes) {
            exchange->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [exchange, reply, maxBytes] {
        // Everything that is there, up to one byte past the limit: the read is what lets Qt's
        // network thread go on, and one byte too many is enough to know.
        while (!exchange->tooLarge) {
            const QByteArray piece = reply->read(maxBytes + 1 - exchange->body.size());
            if (piece.isEmpty())
                break;
            exchange->body += piece;
            if (exchange->body.size() > maxBytes) {
                exchange->tooLarge = true;
                reply->abort();
            }
        }
    });
    connect(reply, &QNetworkReply::finished, this, &AuthClient::onReplyFinished);
    // A manager destroyed mid-request deletes its replies without finished(): without this the
    // exchange would never end. Queued: the manager is still being destroyed.
    connect(reply, &QObject::destroyed, this, [this, exchange] {
        QMetaObject::invokeMethod(
                this, [this, exchange] { vanished(exchange); }, Qt::QueuedConnection);
    });

    exchange->timeout.setSingleShot(true);
    connect(&exchange->timeout, &QTimer::timeout, this, [this, exchange] {
        exchange->timedOut = true;
        if (exchange->reply)
            exchange->reply->abort();
        else
            vanished(exchange);
    });
    exchange->timeout.start(m_profile.requestTimeout());
}

void AuthClient::vanished(Exchange *exchange)
{
    if (m_exchange.get() != exchange || (exchange->reply && !exchange->timedOut))
        return;
    qCDebug(lcNet) << "the request vanished with its network access manager";
    finish(outcome(AuthOutcome::Kind::Transient, AuthOutcome::Error::NetworkError,
                   tr("The request was dropped before the server answered")));
}

void AuthClient::sendAll(const QList<AuthRequest> &requests, Handler handler)
{
    if (requests.isEmpty()) {
        QTimer::singleShot(0, this, [handler] {
            handler(outcome(AuthOutcome::Kind::Done, AuthOutcome::Error::NoError, QString()));
        });
        return;
    }
    const QList<AuthRequest> rest = requests.mid(1);
    send(requests.first(), Purpose::SignOut, [this, rest, handler](const AuthOutcome &first) {
        // A server that did not answer one request will not answer the next: the sign-out
        // stays bounded by one timeout.
        const bool unreachable = first.error == AuthOutcome::Error::Timeout
                                 || first.error == AuthOutcome::Error::NetworkError;
        if (rest.isEmpty() || unreachable)
            return handler(first);
        sendAll(rest, [first, handler](const AuthOutcome &later) {
            handler(first.kind == AuthOutcome::Kind::Done ? later : first);
        });
    });
}

void AuthClient::onReplyFinished()
{
    auto *reply = qobject_cast<QNetworkReply *>(sender());
    if (!m_exchange || m_exchange->reply != reply)
        return;
    m_exchange->timeout.stop();
    QObject::disconnect(reply, &QObject::destroyed, this, nullptr);
    m_exchange->receivedAt = m_clock->now();
    if (!m_exchange->tooLarge && reply->bytesAvailable() > 0)
        m_exchange->body += reply->read(m_profile.maxResponseBytes() + 1 - m_exchange->body.size());
    if (m_exchange->body.size() > m_profile.maxResponseBytes())
        m_exchange->tooLarge = true;
    const AuthOutcome result = classify(reply, m_exchange->body);
    reply->deleteLater();
    finish(result);
}

void AuthClient::finish(AuthOutcome result)
{
    std::unique_ptr<Exchange> exchange = std::move(m_exchange);
    // The last line of defence: whatever a server answered, an error string never carries
    // what the request sent.
    if (mentionsAny(result.errorString, exchange->secrets))
        result.errorString =
                tr("The server answered with an error (HTTP %1)").arg(result.httpStatus);
    qCDebug(lcNet) << "exchange finished:" << int(result.kind) << result.httpStatus
                   << result.errorString;
    exchange->handler(result);
}

AuthOutcome AuthClient::classify(QNetworkReply *reply, const QByteArray &body) const
{
    using Kind = AuthOutcome::Kind;
    if (m_exchange->timedOut) {
        return outcome(Kind::Transient, AuthOutcome::Error::Timeout,
                       tr("The server did not answer within %1 seconds")
                               .arg(QLocale().toString(m_profile.requestTimeout().count() / 1000.0,
                                                       'g', QLocale::FloatingPointShortest)));
    }
    if (m_exchange->tooLarge) {
        return outcome(Kind::Transient, AuthOutcome::Error::BadResponse,
                       tr("The server's answer was larger than %n bytes", nullptr,
                          int(qMin<qint64>(m_profile.maxResponseBytes(), INT_MAX))));
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const bool incomplete = error == QNetworkReply::RemoteHostClosedError
                            || error == QNetworkReply::UnknownNetworkError
                            || error == QNetworkReply::ProtocolFailure;
    if (status == 0 || (incomplete && status >= 200 && status < 300)) {
        if (error == QNetworkReply::OperationCanceledError)
            return outcome(Kind::Cancelled, AuthOutcome::Error::Cancelled, tr("Cancelled"));
        return outcome(
                Kind::Transient, AuthOutcome::Error::NetworkError,
                tr("Could not reach %1: %2").arg(reply->url().host(), describeNetworkError(error)));
    }
    AuthOutcome result = classifyHttp(status, body, reply);
    if (result.kind != Kind::Granted && result.kind != Kind::Done)
        appendServerMessage(&result, body);
    result.errorCode = parseErrorResponse(body).code;
    if (mentionsAny(result.errorCode, m_exchange->secrets))
        result.errorCode.clear();
    return result;
}

// The server's own words, at the profile's error_message path, beside Tessera's: "Invalid
// credentials", "IP not whitelisted". Plain text, cut short; finish() drops the whole text if
// it echoes what the request sent.
void AuthClient::appendServerMessage(AuthOutcome *outcome, const QByteArray &body) const
{
    const QString path = m_profile.errorMessagePath();
    if (path.isEmpty() || body.isEmpty())
        return;
    QJsonValue value = QJsonDocument::fromJson(body).object();
    for (const QString &name : path.split(QLatin1Char('.')))
        value = value.toObject().value(name);
    if (!value.isString())
        return;
    const QString message = ServerText::sanitised(value.toString().toUtf8());
    if (!message.isEmpty())
        outcome->errorString = tr("%1 — the server says: “%2”").arg(outcome->errorString, message);
}

AuthOutcome AuthClient::classifyGrant(int status, const QByteArray &body,
                                      QNetworkReply *reply) const
{
    using Kind = AuthOutcome::Kind;
    using Error = AuthOutcome::Error;
    const QDateTime receivedAt = m_exchange->receivedAt;
    TokenResponseResult parsed = parseTokenResponse(body, m_profile.responsePaths(), receivedAt);
    if (parsed.grant && m_profile.dialect() == Profile::Dialect::OAuth2)
        parsed.error = bearerTypeProblem(body); // RFC 6749 section 7.1
    if (!parsed.grant || !parsed.error.isEmpty()) {
        // A sign-in that cannot be used is over; a refresh is tried again later.
        const bool signIn = m_exchange->purpose == Purpose::SignIn;
        return outcome(
                signIn && parsed.grant ? Kind::Rejected : Kind::Transient, Error::BadResponse,
                tr("The server answered with something unexpected: %1").arg(parsed.error), status);
    }
    if (m_profile.dialect() == Profile::Dialect::OAuth2 && parsed.grant->user.isEmpty())
        parsed.grant->user = idTokenUser(body); // OpenID Connect: for display only
    const std::optional<QDateTime> serverDate = parseHttpDate(reply->rawHeader("Date"));
    if (serverDate)
        correctForServerClock(&*parsed.grant, *serverDate, receivedAt);
    AuthOutcome result = outcome(Kind::Granted, Error::NoError, QString(), status);
    result.grant = std::move(parsed.grant);
    return result;
}

AuthOutcome AuthClient::classifyHttp(int status, const QByteArray &body, QNetworkReply *reply) const
{
    using Kind = AuthOutcome::Kind;
    using Error = AuthOutcome::Error;
    const Purpose purpose = m_exchange->purpose;
    QString code = parseErrorResponse(body).code;
    if (mentionsAny(code, m_exchange->secrets))
        code.clear();
    AuthOutcome result;

    if (status >= 200 && status < 300) {
        if (purpose == Purpose::SignOut)
            return outcome(Kind::Done, Error::NoError, QString(), status);
        if (purpose == Purpose::Fetch) {
            result = outcome(Kind::Done, Error::NoError, QString(), status);
            result.body = body;
            return result;
        }
        return classifyGrant(status, body, reply);
    }
    if (status == 429 || status == 408 || status >= 500) {
        const Error error = status == 429   ? Error::RateLimited
                            : status == 408 ? Error::Timeout
                                            : Error::ServerError;
        const QString text = status == 429 ? tr("The server asked to slow down")
                                           : tr("The server could not answer right now");
        result = outcome(Kind::Transient, error, withCode(text, status, code), status);
        result.retryAfter =
                Backoff::parseRetryAfter(reply->rawHeader("Retry-After"), m_clock->now());
        return result;
    }
    if (purpose == Purpose::SignOut) {
        // 401, or 400 with an OAuth code that says so: the server no longer takes these
        // tokens, so nothing is left to end. Anything else (a wrong path, a refused
        // revocation, a firewall's 403) may leave them alive there: the user must hear of it.
        if (status == 401 || (status == 400 && isTokenGoneCode(code)))
            return outcome(Kind::Done, Error::NoError, QString(), status);
        return outcome(Kind::Rejected, status == 403 ? Error::Forbidden : Error::BadResponse,
                       withCode(tr("The server refused to end the session, which may still "
                                   "be valid there"),
                                status, code),
                       status);
    }
    if (purpose == Purpose::Fetch) {
        return outcome(
                Kind::Rejected, Error::BadResponse,
                withCode(tr("The server refused the request; check the profile"), status, code),
                status);
    }
    if (status == 403) {
        // On refresh, a 403 that the token API itself explains (an error code in its own
        // format) refuses this session for good; one without (a proxy's or firewall's page)
        // is retried with backoff.
        const bool final = purpose == Purpose::SignIn || !code.isEmpty();
        return outcome(final ? Kind::Rejected : Kind::Transient, Error::Forbidden,
                       withCode(tr("The server refused access"), status, code), status);
    }
    if (status == 400 || status == 401) {
        if (isClientConfigurationError(code)) {
            return outcome(
                    Kind::Rejected, Error::BadResponse,
                    withCode(tr("The server refused the request; check the profile"), status, code),
                    status);
        }
        if (purpose == Purpose::SignIn || purpose == Purpose::Renewal) {
            return outcome(Kind::Rejected, Error::InvalidCredentials,
                           withCode(tr("The server rejected the credentials"), status, code),
                           status);
        }
        return outcome(
                Kind::Rejected, Error::SessionExpired,
                withCode(tr("The session expired or was revoked; sign in again"), status, code),
                status);
    }
    return outcome(
            purpose == Purpose::SignIn ? Kind::Rejected : Kind::Transient, Error::BadResponse,
            withCode(tr("The server answered unexpectedly; check the profile"), status, code),
            status);
}

} // namespace Tessera
