// SPDX-License-Identifier: BSD-3-Clause
#include "networkbridge_p.h"

#include <Tessera/session.h>

#include <QMutexLocker>

namespace Tessera::QmlBridge {

namespace {
int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}

/*! \brief Runs \a f with the caller's reply, on the caller's thread, if the reply still is. */
template<typename F>
void toCaller(const std::shared_ptr<Pipe> &pipe, F f)
{
    QMutexLocker lock(&pipe->mutex);
    ForwardedReply *reply = pipe->reply;
    if (!reply)
        return;
    // Queued on the reply's thread; ~ForwardedReply clears pipe->reply under this mutex
    // before ~QObject drops the events still posted to it.
    QMetaObject::invokeMethod(
            reply, [reply, f = std::move(f)] { f(reply); }, Qt::QueuedConnection);
}
} // namespace

bool Bridge::isApiOrigin(const QUrl &url) const
{
    const QString scheme = url.scheme().toLower();
    const QString host = url.host();
    const int port = url.port(defaultPort(url));
    QMutexLocker lock(&mutex);
    for (const Origin &origin : origins) {
        if (origin.scheme == scheme && origin.host.compare(host, Qt::CaseInsensitive) == 0
            && origin.port == port)
            return true;
    }
    return false;
}

MetaData MetaData::of(const QNetworkReply &reply)
{
    MetaData meta;
    meta.url = reply.url();
    meta.headers = reply.rawHeaderPairs();
    // Every standard attribute a reply may carry (status, reason phrase, redirect target,
    // encryption, cache, HTTP/2, …).
    for (int a = 0; a < 64; ++a) {
        const auto attribute = QNetworkRequest::Attribute(a);
        const QVariant value = reply.attribute(attribute);
        if (value.isValid())
            meta.attributes.append({attribute, value});
    }
    return meta;
}

// --- Hub: the factory's thread -----------------------------------------------------------------

Hub::Hub(std::shared_ptr<Bridge> bridge)
    : m_bridge(std::move(bridge))
{ }

Hub::~Hub()
{
    const std::set<std::shared_ptr<Pipe>> pipes = std::exchange(m_pipes, {});
    for (const std::shared_ptr<Pipe> &pipe : pipes) {
        if (pipe->upstream)
            disconnect(pipe->upstream, nullptr, this, nullptr);
        toCaller(pipe, [](ForwardedReply *reply) {
            reply->finish(QNetworkReply::OperationCanceledError,
                          QNetworkReply::tr("Operation canceled"));
        });
    }
}

void Hub::setSession(Session *session)
{
    if (m_manager && m_manager->session() == session)
        return;
    // Requests running through the old session's manager end with it.
    for (auto it = m_pipes.begin(); it != m_pipes.end();) {
        const std::shared_ptr<Pipe> pipe = *it;
        it = m_pipes.erase(it);
        if (pipe->upstream) {
            disconnect(pipe->upstream, nullptr, this, nullptr);
            pipe->upstream->abort();
        }
        toCaller(pipe, [](ForwardedReply *reply) {
            reply->finish(QNetworkReply::OperationCanceledError,
                          QNetworkReply::tr("Operation canceled"));
        });
    }
    m_manager.reset();
    QList<Bridge::Origin> origins;
    if (session) {
        m_manager = std::make_unique<NetworkAccessManager>(session);
        for (const QUrl &origin : session->profile().apiOrigins())
            origins.append(
                    {origin.scheme().toLower(), origin.host(), origin.port(defaultPort(origin))});
        // Once the session is gone, requests to its origins are plain ones again, sent where
        // they are made (as Tessera::NetworkAccessManager does with a destroyed session).
        connect(session, &QObject::destroyed, m_manager.get(), [this] {
            QMutexLocker lock(&m_bridge->mutex);
            m_bridge->origins.clear();
        });
    }
    QMutexLocker lock(&m_bridge->mutex);
    m_bridge->origins = origins;
}

Session *Hub::session() const
{
    return m_manager ? m_manager->session() : nullptr;
}

void Hub::send(const std::shared_ptr<Pipe> &pipe, const Outgoing &outgoing)
{
    {
        QMutexLocker lock(&pipe->mutex);
        if (!pipe->reply)
            return; // the caller gave up before it was sent
    }
    if (!m_manager) {
        toCaller(pipe, [](ForwardedReply *reply) {
            reply->finish(QNetworkReply::AuthenticationRequiredError,
                          NetworkAccessManager::tr("No session is bound to the QML engine"));
        });
        return;
    }
    const QNetworkRequest &request = outgoing.request;
    QNetworkReply *upstream = nullptr;
    switch (outgoing.operation) {
    case QNetworkAccessManager::HeadOperation:
        upstream = m_manager->head(request);
        break;
    case QNetworkAccessManager::GetOperation:
        upstream = m_manager->get(request);
        break;
    case QNetworkAccessManager::PutOperation:
        upstream = m_manager->put(request, outgoing.body);
        break;
    case QNetworkAccessManager::PostOperation:
        upstream = m_manager->post(request, outgoing.body);
        break;
    case QNetworkAccessManager::DeleteOperation:
        upstream = m_manager->deleteResource(request);
        break;
    case QNetworkAccessManager::CustomOperation: {
        const QByteArray verb =
                request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        upstream = outgoing.hasBody ? m_manager->sendCustomRequest(request, verb, outgoing.body)
                                    : m_manager->sendCustomRequest(request, verb);
        break;
    }
    case QNetworkAccessManager::UnknownOperation:
        break;
    }
    if (!upstream) {
        toCaller(pipe, [](ForwardedReply *reply) {
            reply->finish(QNetworkReply::ProtocolUnknownError,
                          QNetworkReply::tr("Unknown network operation"));
        });
        return;
    }
    pipe->upstream = upstream;
    m_pipes.insert(pipe);

    connect(upstream, &QNetworkReply::metaDataChanged, this, [pipe, upstream] {
        toCaller(pipe, [meta = MetaData::of(*upstream)](ForwardedReply *reply) {
            reply->applyMetaData(meta);
        });
    });
    connect(upstream, &QNetworkReply::readyRead, this, [pipe, upstream] {
        toCaller(pipe,
                 [data = upstream->readAll()](ForwardedReply *reply) { reply->appendData(data); });
    });
    connect(upstream, &QNetworkReply::downloadProgress, this,
            [pipe](qint64 received, qint64 total) {
                toCaller(pipe, [received, total](ForwardedReply *reply) {
                    reply->relayDownloadProgress(received, total);
                });
            });
    connect(upstream, &QNetworkReply::uploadProgress, this, [pipe](qint64 sent, qint64 total) {
        toCaller(pipe,
                 [sent, total](ForwardedReply *reply) { reply->relayUploadProgress(sent, total); });
    });
    connect(upstream, &QNetworkReply::redirected, this, [pipe](const QUrl &url) {
        toCaller(pipe, [url](ForwardedReply *reply) { reply->relayRedirected(url); });
    });
    connect(upstream, &QNetworkReply::finished, this, [this, pipe, upstream] {
        toCaller(pipe, [meta = MetaData::of(*upstream), data = upstream->readAll(),
                        error = upstream->error(),
                        text = upstream->errorString()](ForwardedReply *reply) {
            reply->applyMetaData(meta, false);
            if (!data.isEmpty())
                reply->appendData(data);
            reply->finish(error, text);
        });
        done(pipe);
    });
}

void Hub::cancel(const std::shared_ptr<Pipe> &pipe)
{
    if (m_pipes.erase(pipe) == 0 || !pipe->upstream)
        return;
    QNetworkReply *upstream = pipe->upstream;
    disconnect(upstream, nullptr, this, nullptr);
    upstream->abort();
    upstream->deleteLater();
}

void Hub::allowRedirect(const std::shared_ptr<Pipe> &pipe)
{
    if (pipe->upstream)
        Q_EMIT pipe->upstream->redirectAllowed();
}

void Hub::done(const std::shared_ptr<Pipe> &pipe)
{
    if (QNetworkReply *upstream = pipe->upstream) {
        disconnect(upstream, nullptr, this, nullptr);
        upstream->deleteLater();
    }
    m_pipes.erase(pipe);
}

// --- ForwardingManager: any thread -------------------------------------------------------------

ForwardingManager::ForwardingManager(std::shared_ptr<Bridge> bridge, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_bridge(std::move(bridge))
{ }

QNetworkReply *ForwardingManager::createRequest(Operation operation, const QNetworkRequest &request,
                                                QIODevice *outgoingData)
{
    if (request.attribute(NetworkAccessManager::NoAuthorizationAttribute).toBool()
        || !m_bridge->isApiOrigin(request.url()))
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);

    // What this manager would have applied, made explicit for the manager that sends it.
    Hub::Outgoing outgoing {operation, request, {}, false};
    if (!request.attribute(QNetworkRequest::RedirectPolicyAttribute).isValid())
        outgoing.request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, redirectPolicy());
    if (request.transferTimeout() == 0 && transferTimeout() > 0)
        outgoing.request.setTransferTimeout(transferTimeout());

    auto pipe = std::make_shared<Pipe>();
    auto *reply = new ForwardedReply(m_bridge, pipe, operation, request, this);
    if (outgoingData) {
        if (outgoingData->isSequential()) {
            reply->failLater(QNetworkReply::ProtocolInvalidOperationError,
                             NetworkAccessManager::tr("A streamed request body cannot be sent "
                                                      "to the API from this thread"));
            return reply;
        }
        outgoing.body = outgoingData->readAll();
        outgoing.hasBody = true;
    }
    QMutexLocker lock(&m_bridge->mutex);
    if (Hub *hub = m_bridge->hub) {
        QMetaObject::invokeMethod(
                hub, [hub, pipe, outgoing] { hub->send(pipe, outgoing); }, Qt::QueuedConnection);
    } else {
        lock.unlock();
        reply->failLater(QNetworkReply::OperationCanceledError,
                         QNetworkReply::tr("Operation canceled"));
    }
    return reply;
}

// --- ForwardedReply: the caller's thread -------------------------------------------------------

ForwardedReply::ForwardedReply(std::shared_ptr<Bridge> bridge, std::shared_ptr<Pipe> pipe,
                               QNetworkAccessManager::Operation operation,
                               const QNetworkRequest &request, QObject *parent)
    : QNetworkReply(parent)
    , m_bridge(std::move(bridge))
    , m_pipe(std::move(pipe))
{
    m_pipe->reply = this;
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    connect(this, &QNetworkReply::redirectAllowed, this, [this] { toHub(&Hub::allowRedirect); });
}

ForwardedReply::~ForwardedReply()
{
    {
        QMutexLocker lock(&m_pipe->mutex);
        m_pipe->reply = nullptr;
    }
    if (!isFinished())
        toHub(&Hub::cancel);
}

void ForwardedReply::toHub(void (Hub::*call)(const std::shared_ptr<Pipe> &))
{
    QMutexLocker lock(&m_bridge->mutex);
    if (Hub *hub = m_bridge->hub) {
        QMetaObject::invokeMethod(
                hub, [hub, call, pipe = m_pipe] { (hub->*call)(pipe); }, Qt::QueuedConnection);
    }
}

void ForwardedReply::applyMetaData(const MetaData &meta, bool announce)
{
    if (isFinished())
        return;
    setUrl(meta.url);
    for (const RawHeaderPair &header : meta.headers)
        setRawHeader(header.first, header.second);
    for (const auto &[attribute, value] : meta.attributes)
        setAttribute(attribute, value);
    // At the end the final values are taken silently, unless no metadata was announced yet.
    if (announce || !m_metaDataAnnounced) {
        m_metaDataAnnounced = true;
        Q_EMIT metaDataChanged();
    }
}

void ForwardedReply::appendData(const QByteArray &data)
{
    if (isFinished())
        return;
    m_buffer.append(data);
    Q_EMIT readyRead();
}

void ForwardedReply::relayRedirected(const QUrl &url)
{
    if (!isFinished())
        Q_EMIT redirected(url);
}

void ForwardedReply::relayDownloadProgress(qint64 received, qint64 total)
{
    if (!isFinished())
        Q_EMIT downloadProgress(received, total);
}

void ForwardedReply::relayUploadProgress(qint64 sent, qint64 total)
{
    if (!isFinished())
        Q_EMIT uploadProgress(sent, total);
}

void ForwardedReply::finish(QNetworkReply::NetworkError error, const QString &text)
{
    if (isFinished())
        return;
    if (error != NoError) {
        setError(error, text);
        Q_EMIT errorOccurred(error);
    }
    setFinished(true);
    Q_EMIT finished();
}

void ForwardedReply::failLater(QNetworkReply::NetworkError error, const QString &text)
{
    QMetaObject::invokeMethod(
            this, [this, error, text] { finish(error, text); }, Qt::QueuedConnection);
}

void ForwardedReply::abort()
{
    if (isFinished())
        return;
    toHub(&Hub::cancel);
    finish(OperationCanceledError, tr("Operation canceled"));
}

qint64 ForwardedReply::bytesAvailable() const
{
    return m_buffer.size() + QNetworkReply::bytesAvailable();
}

qint64 ForwardedReply::readData(char *data, qint64 maxSize)
{
    if (m_buffer.isEmpty())
        return isFinished() ? -1 : 0;
    const qint64 n = std::min<qint64>(maxSize, m_buffer.size());
    memcpy(data, m_buffer.constData(), size_t(n));
    m_buffer.remove(0, n);
    return n;
}

} // namespace Tessera::QmlBridge
