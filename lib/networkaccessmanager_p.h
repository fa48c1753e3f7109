// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/networkaccessmanager.h>
#include <Tessera/session.h>

#include <QList>
#include <QPointer>

#include <functional>

namespace Tessera {

class AuthenticatedReply;

/*!
 * \brief Where NetworkAccessManager's requests wait for the Session: admit() sends a request
 * now, parks it until the session settles, or refuses it; requests parked after a 401 are
 * released together once the one refresh they share is through.
 */
class NetworkAccessManagerPrivate
{
public:
    NetworkAccessManagerPrivate(NetworkAccessManager *q, Session *session);

    /*! \brief Before a request's first attempt. */
    void admit(AuthenticatedReply *reply);
    /*! \brief After a 401 to a request that carried the session's current token. */
    void refreshAfterUnauthorized(AuthenticatedReply *reply);
    void forget(AuthenticatedReply *reply);

    /*! \brief The `Authorization` value the session would put on a request for \a url now
     *  (empty if none). Compared, never logged. */
    QByteArray authorizationFor(const QUrl &url) const;
    /*! \brief Why a request cannot have a token now, as a reply error and a plain message. */
    std::pair<QNetworkReply::NetworkError, QString> refusal() const;

    /*! \brief One attempt of an AuthenticatedReply: a plain reply of the base class, which
     *  QNetworkAccessManager does not announce (finished(), auto-delete); only the reply
     *  get()/post()/... return, the AuthenticatedReply, is announced. */
    using AttemptFactory = std::function<QNetworkReply *(QNetworkAccessManager::Operation,
                                                         const QNetworkRequest &, QIODevice *)>;
    QNetworkReply *sendAttempt(QNetworkAccessManager::Operation operation,
                               const QNetworkRequest &request, QIODevice *outgoingData) const
    {
        return attemptFactory(operation, request, outgoingData);
    }
    AttemptFactory attemptFactory; //!< set by NetworkAccessManager

    NetworkAccessManager *const q;
    QPointer<Session> session;

private:
    void park(AuthenticatedReply *reply);
    void onSessionStateChanged();

    QList<QPointer<AuthenticatedReply>> m_parked;
};

} // namespace Tessera
