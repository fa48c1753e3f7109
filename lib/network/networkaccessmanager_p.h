// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/networkaccessmanager.h>
#include <Tessera/session.h>

#include <QList>
#include <QNetworkReply>
#include <QPointer>

namespace Tessera {

class AuthenticatedReply;

/*!
 * \brief Where NetworkAccessManager's requests wait for the Session: admit() sends an attempt
 * now, parks it until the session settles, or refuses it; requests parked after a 401 are
 * released together once the one refresh they share is through.
 *
 * It also keeps the list of every AuthenticatedReply alive, whatever its parent, so that the
 * manager can cut them loose when it goes (a reply may outlive it: Qt lets callers reparent
 * replies).
 */
class NetworkAccessManagerPrivate
{
public:
    NetworkAccessManagerPrivate(NetworkAccessManager *q, Session *session);
    ~NetworkAccessManagerPrivate();

    /*! \brief Before every attempt to an API origin: the first, and each redirect hop. */
    void admit(AuthenticatedReply *reply);
    /*! \brief After a 401 to a request that carried the session's current token. */
    void refreshAfterUnauthorized(AuthenticatedReply *reply);
    /*! \brief The reply no longer waits for the session. */
    void forget(AuthenticatedReply *reply);

    void enlist(AuthenticatedReply *reply);
    void delist(AuthenticatedReply *reply);
    /*! \brief The manager is going: every reply still alive is finished or deleted. */
    void releaseAll();

    /*! \brief Profile::isApiOrigin(), from origins read once, without building strings. */
    bool isApiOrigin(const QUrl &url) const;
    /*! \brief The `Authorization` value the session would put on a request for \a url now
     *  (empty if none). Compared, never logged; only asked after a 401. */
    QByteArray authorizationFor(const QUrl &url) const;
    /*! \brief Why a request cannot have a token now, as a reply error and a plain message. */
    std::pair<QNetworkReply::NetworkError, QString> refusal() const;

    /*! \brief One attempt of an AuthenticatedReply: a plain reply of the base class, which
     *  QNetworkAccessManager does not announce (finished(), auto-delete); only the reply
     *  get()/post()/... return, the AuthenticatedReply, is announced. */
    using AttemptFactory = QNetworkReply *(*)(NetworkAccessManager *,
                                              QNetworkAccessManager::Operation,
                                              const QNetworkRequest &, QIODevice *);
    QNetworkReply *sendAttempt(QNetworkAccessManager::Operation operation,
                               const QNetworkRequest &request, QIODevice *outgoingData) const
    {
        return attemptFactory(q, operation, request, outgoingData);
    }
    AttemptFactory attemptFactory = nullptr; //!< set by NetworkAccessManager

    NetworkAccessManager *const q;
    QPointer<Session> session;

private:
    struct Origin
    {
        QUrl url; //!< scheme and host
        int port;
    };

    void park(AuthenticatedReply *reply);
    void onSessionStateChanged();
    void releaseParked();

    QList<Origin> m_origins;
    QList<QPointer<AuthenticatedReply>> m_parked;
    AuthenticatedReply *m_live = nullptr; //!< head of the replies' intrusive list
};

} // namespace Tessera
