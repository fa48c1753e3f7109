// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/networkaccessmanager.h>

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <set>

namespace Tessera {

class Session;

namespace QmlBridge {

class Hub;
class ForwardedReply;

/*! \brief What the factory and every manager it made share, whatever their thread. */
struct Bridge
{
    struct Origin
    {
        QString scheme;
        QString host;
        int port;
    };

    /*! \brief Whether a request for \a url goes to the session (one of its API origins). */
    bool isApiOrigin(const QUrl &url) const;

    mutable QMutex mutex;
    Hub *hub = nullptr; //!< on the factory's thread; null once the factory is gone
    QList<Origin> origins; //!< the bound session's API origins
};

/*! \brief One forwarded request: the caller's reply (its thread) and the attempt made for it
 *  on the hub's thread. */
struct Pipe
{
    QMutex mutex;
    ForwardedReply *reply = nullptr; //!< cleared by ~ForwardedReply, under the mutex
    QPointer<QNetworkReply> upstream; //!< the hub's thread only
};

/*! \brief A snapshot of a reply's metadata, copied across threads. */
struct MetaData
{
    QUrl url;
    QList<QNetworkReply::RawHeaderPair> headers;
    QList<std::pair<QNetworkRequest::Attribute, QVariant>> attributes;

    static MetaData of(const QNetworkReply &reply);
};

/*!
 * \brief Lives on the factory's (the session's) thread and owns the one
 * Tessera::NetworkAccessManager that sends every forwarded request.
 */
class Hub : public QObject
{
    Q_OBJECT
public:
    explicit Hub(std::shared_ptr<Bridge> bridge);
    ~Hub() override;

    void setSession(Session *session);
    Session *session() const;

    struct Outgoing
    {
        QNetworkAccessManager::Operation operation;
        QNetworkRequest request;
        QByteArray body;
        bool hasBody = false;
    };
    // on the hub's thread, called through queued calls
    void send(const std::shared_ptr<Pipe> &pipe, const Outgoing &outgoing);
    void cancel(const std::shared_ptr<Pipe> &pipe);
    void allowRedirect(const std::shared_ptr<Pipe> &pipe);

private:
    void done(const std::shared_ptr<Pipe> &pipe);

    std::shared_ptr<Bridge> m_bridge;
    std::unique_ptr<NetworkAccessManager> m_manager;
    std::set<std::shared_ptr<Pipe>> m_pipes;
};

/*! \brief The manager QML gets, on its thread: API requests are forwarded to the hub. */
class ForwardingManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    ForwardingManager(std::shared_ptr<Bridge> bridge, QObject *parent);

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    std::shared_ptr<Bridge> m_bridge;
};

/*! \brief The reply the caller holds, on its thread, fed by the hub's attempt. */
class ForwardedReply : public QNetworkReply
{
    Q_OBJECT
public:
    ForwardedReply(std::shared_ptr<Bridge> bridge, std::shared_ptr<Pipe> pipe,
                   QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                   QObject *parent);
    ~ForwardedReply() override;

    // from the hub, through queued calls
    void applyMetaData(const MetaData &meta, bool announce = true);
    void appendData(const QByteArray &data);
    void relayRedirected(const QUrl &url);
    void relayDownloadProgress(qint64 received, qint64 total);
    void relayUploadProgress(qint64 sent, qint64 total);
    void finish(QNetworkReply::NetworkError error, const QString &text);
    /*! \brief Ends it from the event loop, without an attempt. */
    void failLater(QNetworkReply::NetworkError error, const QString &text);

    // QNetworkReply
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void toHub(void (Hub::*call)(const std::shared_ptr<Pipe> &));

    std::shared_ptr<Bridge> m_bridge;
    std::shared_ptr<Pipe> m_pipe;
    QByteArray m_buffer;
    bool m_metaDataAnnounced = false;
};

} // namespace QmlBridge
} // namespace Tessera
