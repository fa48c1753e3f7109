// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseraqml_export.h>

#include <QQmlNetworkAccessManagerFactory>

#include <memory>

namespace Tessera {

class Session;

namespace QmlBridge {
struct Bridge;
class Hub;
} // namespace QmlBridge

/*!
 * \brief Makes a QML engine's network loads (XMLHttpRequest, Image sources, remote QML) carry
 * a Session's bearer token, through a Tessera::NetworkAccessManager.
 *
 * \code
 * Tessera::QmlNetworkAccessManagerFactory factory;      // outlives the engine
 * engine.setNetworkAccessManagerFactory(&factory);      // before anything is loaded
 * \endcode
 *
 * A \c TesseraSession made in that engine (QML: \c import Tessera) binds itself to the factory
 * when its profile is loaded; a Session made in C++ is bound with setSession().
 *
 * \b Threads. QML asks create() for a manager on every thread that loads something: the main
 * thread (XMLHttpRequest), the type loader's thread and the image reader's thread. A Session
 * and its Tessera::NetworkAccessManager are used on the session's thread only. So every
 * manager this factory makes, whatever its thread, is a thin one: a request to one of the
 * session's API origins is handed (as a queued call, never a blocking one) to one
 * Tessera::NetworkAccessManager that lives on the factory's thread, and its answer (headers,
 * data, progress, redirects, the error) comes back the same way into the reply the caller
 * holds, on the caller's thread. Origin rules, waiting for the session, refresh and retry
 * after a 401, and redirects are those of Tessera::NetworkAccessManager, because it is the one
 * doing them. A request to any other origin, or with
 * NetworkAccessManager::NoAuthorizationAttribute, is sent by the thin manager itself as a
 * plain QNetworkAccessManager would, and never touches the session.
 *
 * A request body is read when the request is made; a sequential device (a socket, a pipe)
 * cannot be handed over and fails with QNetworkReply::ProtocolInvalidOperationError. (QML's
 * own loads send no body except XMLHttpRequest's, which is a buffer.)
 *
 * Construct the factory on the session's thread (the main thread) and keep it until the
 * engine is gone; the engine does not own it. Replies still running when it goes finish with
 * QNetworkReply::OperationCanceledError, and the managers it made send every request
 * plainly, without a token.
 */
class TESSERAQML_EXPORT QmlNetworkAccessManagerFactory : public QQmlNetworkAccessManagerFactory
{
public:
    explicit QmlNetworkAccessManagerFactory(Session *session = nullptr);
    ~QmlNetworkAccessManagerFactory() override;
    QmlNetworkAccessManagerFactory(const QmlNetworkAccessManagerFactory &) = delete;
    QmlNetworkAccessManagerFactory &operator=(const QmlNetworkAccessManagerFactory &) = delete;

    /*!
     * \brief The session whose tokens authorize requests from now on (null: none). Called on
     * the factory's thread. Requests already running keep the session they started with.
     */
    void setSession(Session *session);
    Session *session() const;

    /*! \brief Called by the QML engine, on any thread. */
    QNetworkAccessManager *create(QObject *parent) override;

private:
    std::shared_ptr<QmlBridge::Bridge> m_bridge;
    QmlBridge::Hub *m_hub;
};

} // namespace Tessera
