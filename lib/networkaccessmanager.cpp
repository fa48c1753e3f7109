// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/networkaccessmanager.h>

#include "authenticatedreply_p.h"
#include "logging_p.h"
#include "networkaccessmanager_p.h"

#include <QNetworkReply>

namespace Tessera {

namespace {
bool inFlux(Session::State state)
{
    switch (state) {
    case Session::State::Restoring:
    case Session::State::SigningIn:
    case Session::State::Refreshing:
        return true;
    default:
        return false;
    }
}

bool canRefresh(Session::State state)
{
    return state == Session::State::Active || state == Session::State::RefreshRetrying;
}
} // namespace

NetworkAccessManagerPrivate::NetworkAccessManagerPrivate(NetworkAccessManager *q, Session *session)
    : q(q)
    , session(session)
{
    QObject::connect(session, &Session::stateChanged, q, [this] { onSessionStateChanged(); });
}

void NetworkAccessManagerPrivate::admit(AuthenticatedReply *reply)
{
    if (!session) {
        reply->refuse();
        return;
    }
    const Session::State state = session->state();
    if (inFlux(state)) {
        park(reply);
    } else if (session->hasFreshAccessToken()) {
        reply->send();
    } else if (canRefresh(state)) {
        // Due for its refresh (the alarm has not fired yet): wait for the new token.
        park(reply);
        session->refresh();
    } else {
        reply->refuse();
    }
}

void NetworkAccessManagerPrivate::refreshAfterUnauthorized(AuthenticatedReply *reply)
{
    const Session::State state = session ? session->state() : Session::State::SignedOut;
    if (inFlux(state)) {
        park(reply);
    } else if (canRefresh(state)) {
        park(reply);
        // Every request that saw the 401 lands here; the first call starts the refresh, the
        // others find the session Refreshing and only wait.
        session->refresh();
    } else {
        reply->deliverHeld();
    }
}

void NetworkAccessManagerPrivate::forget(AuthenticatedReply *reply)
{
    m_parked.removeAll(reply);
}

void NetworkAccessManagerPrivate::park(AuthenticatedReply *reply)
{
    if (!m_parked.contains(reply))
        m_parked.append(reply);
}

void NetworkAccessManagerPrivate::onSessionStateChanged()
{
    if (!session || inFlux(session->state()) || m_parked.isEmpty())
        return;
    qCDebug(lcNet) << "releasing" << m_parked.size() << "waiting request(s); session"
                   << session->state();
    const QList<QPointer<AuthenticatedReply>> released = std::exchange(m_parked, {});
    for (const QPointer<AuthenticatedReply> &reply : released) {
        if (reply)
            reply->sessionSettled();
    }
}

QByteArray NetworkAccessManagerPrivate::authorizationFor(const QUrl &url) const
{
    if (!session)
        return {};
    QNetworkRequest probe(url);
    session->authorize(probe);
    return probe.rawHeader("Authorization");
}

std::pair<QNetworkReply::NetworkError, QString> NetworkAccessManagerPrivate::refusal() const
{
    if (!session)
        return {QNetworkReply::AuthenticationRequiredError,
                NetworkAccessManager::tr("The session is gone")};
    const QString service = session->profile().name();
    switch (session->state()) {
    case Session::State::WaitingForNetwork:
        return {QNetworkReply::TemporaryNetworkFailureError,
                NetworkAccessManager::tr("The session with %1 could not be renewed (%2); it is "
                                         "retried automatically")
                        .arg(service, session->errorString())};
    case Session::State::ReauthenticationRequired:
        return {QNetworkReply::AuthenticationRequiredError,
                NetworkAccessManager::tr("The session with %1 has ended; sign in again")
                        .arg(service)};
    default:
        return {QNetworkReply::AuthenticationRequiredError,
                NetworkAccessManager::tr("Not signed in to %1; sign in first").arg(service)};
    }
}

NetworkAccessManager::NetworkAccessManager(Session *session, QObject *parent)
    : QNetworkAccessManager(parent)
    , d(std::make_unique<NetworkAccessManagerPrivate>(this, session))
{
    // The base class's createRequest() is protected: only this class can reach it.
    d->attemptFactory = [this](Operation operation, const QNetworkRequest &request,
                               QIODevice *outgoingData) {
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    };
}

NetworkAccessManager::~NetworkAccessManager()
{
    // Replies still around are this manager's children and talk to d as they go: they go
    // first.
    qDeleteAll(findChildren<AuthenticatedReply *>(Qt::FindDirectChildrenOnly));
}

Session *NetworkAccessManager::session() const
{
    return d->session;
}

QNetworkReply *NetworkAccessManager::createRequest(Operation operation,
                                                   const QNetworkRequest &request,
                                                   QIODevice *outgoingData)
{
    const bool optedOut = request.attribute(NoAuthorizationAttribute).toBool();
    if (optedOut || !d->session || !d->session->profile().isApiOrigin(request.url()))
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    auto *reply = new AuthenticatedReply(this, d.get(), operation, request, outgoingData);
    d->admit(reply);
    return reply;
}

} // namespace Tessera
