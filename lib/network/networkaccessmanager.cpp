// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/networkaccessmanager.h>

#include "authenticatedreply_p.h"
#include "logging_p.h"
#include "networkaccessmanager_p.h"

namespace Tessera {

static_assert(NetworkAccessManager::NoAuthorizationAttribute >= QNetworkRequest::User
              && NetworkAccessManager::NoAuthorizationAttribute <= QNetworkRequest::UserMax);

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

int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}
} // namespace

NetworkAccessManagerPrivate::NetworkAccessManagerPrivate(NetworkAccessManager *q, Session *session)
    : q(q)
    , session(session)
{
    if (!session)
        return;
    for (const QUrl &origin : session->profile().apiOrigins())
        m_origins.append(
                {origin.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment
                                 | QUrl::RemoveUserInfo | QUrl::RemovePort),
                 origin.port(defaultPort(origin))});
    QObject::connect(session, &Session::stateChanged, q, [this] { onSessionStateChanged(); });
    // ~Session says nothing: what waits for it hears of its end here (QPointer is null by now),
    // from the event loop rather than from inside the session's destructor.
    QObject::connect(session, &QObject::destroyed, q, [this] {
        QMetaObject::invokeMethod(
                this->q, [this] { releaseParked(); }, Qt::QueuedConnection);
    });
}

NetworkAccessManagerPrivate::~NetworkAccessManagerPrivate() = default;

bool NetworkAccessManagerPrivate::isApiOrigin(const QUrl &url) const
{
    constexpr QUrl::FormattingOptions originOnly = QUrl::RemovePath | QUrl::RemoveQuery
                                                   | QUrl::RemoveFragment | QUrl::RemoveUserInfo
                                                   | QUrl::RemovePort;
    for (const Origin &origin : m_origins) {
        if (url.matches(origin.url, originOnly) && url.port(defaultPort(url)) == origin.port)
            return true;
    }
    return false;
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
        reply->dispatch();
    } else if (state == Session::State::Active) {
        // Due for its refresh (the alarm has not fired yet): wait for the new token.
        park(reply);
        session->refresh();
    } else {
        // Signed out, re-authentication required, or the refresh is failing and the session
        // retries on its own schedule (a refresh from here would skip its backoff).
        reply->refuse();
    }
}

void NetworkAccessManagerPrivate::refreshAfterUnauthorized(AuthenticatedReply *reply)
{
    const Session::State state = session ? session->state() : Session::State::SignedOut;
    if (inFlux(state)) {
        park(reply);
    } else if (state == Session::State::Active) {
        park(reply);
        // Every request that saw the 401 lands here; the first call starts the refresh, the
        // others find the session Refreshing and only wait.
        session->refresh();
    } else {
        // In RefreshRetrying the server is refusing refreshes for now (429, 5xx, no network):
        // the session retries on its backoff and Retry-After schedule, and a request's 401
        // must not cut that short. The 401 is the caller's.
        reply->deliverHeld();
    }
}

void NetworkAccessManagerPrivate::forget(AuthenticatedReply *reply)
{
    m_parked.removeOne(reply);
}

void NetworkAccessManagerPrivate::park(AuthenticatedReply *reply)
{
    if (!m_parked.contains(reply))
        m_parked.append(reply);
    reply->startWaiting();
}

void NetworkAccessManagerPrivate::onSessionStateChanged()
{
    if (session && inFlux(session->state()))
        return;
    releaseParked();
}

void NetworkAccessManagerPrivate::releaseParked()
{
    if (m_parked.isEmpty())
        return;
    qCDebug(lcNet) << "releasing" << m_parked.size() << "waiting request(s); session"
                   << (session ? session->state() : Session::State::SignedOut);
    const QList<QPointer<AuthenticatedReply>> released = std::exchange(m_parked, {});
    for (const QPointer<AuthenticatedReply> &reply : released) {
        if (reply)
            reply->sessionSettled();
    }
}

void NetworkAccessManagerPrivate::enlist(AuthenticatedReply *reply)
{
    reply->m_nextLive = m_live;
    if (m_live)
        m_live->m_previousLive = reply;
    m_live = reply;
}

void NetworkAccessManagerPrivate::delist(AuthenticatedReply *reply)
{
    if (reply->m_previousLive)
        reply->m_previousLive->m_nextLive = reply->m_nextLive;
    else if (m_live == reply)
        m_live = reply->m_nextLive;
    if (reply->m_nextLive)
        reply->m_nextLive->m_previousLive = reply->m_previousLive;
    reply->m_previousLive = reply->m_nextLive = nullptr;
}

void NetworkAccessManagerPrivate::releaseAll()
{
    m_parked.clear();
    while (AuthenticatedReply *reply = m_live) {
        delist(reply);
        if (reply->parent() == q)
            delete reply; // as QNetworkAccessManager does with the replies it still owns
        else
            reply->detach(); // reparented by the caller: it outlives the manager
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
    case Session::State::RefreshRetrying:
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
    // The base class's createRequest() is protected: only this class can reach it (and so can
    // a lambda written here).
    d->attemptFactory = [](NetworkAccessManager *manager, Operation operation,
                           const QNetworkRequest &request, QIODevice *outgoingData) {
        return manager->QNetworkAccessManager::createRequest(operation, request, outgoingData);
    };
}

NetworkAccessManager::~NetworkAccessManager()
{
    // Replies still around talk to d as they go, and their attempts belong to the base class:
    // they are finished first, whoever their parent is.
    d->releaseAll();
}

Session *NetworkAccessManager::session() const
{
    return d->session;
}

QNetworkReply *NetworkAccessManager::createRequest(Operation operation,
                                                   const QNetworkRequest &request,
                                                   QIODevice *outgoingData)
{
    if (!d->session || !d->isApiOrigin(request.url())
        || request.attribute(NoAuthorizationAttribute).toBool())
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    auto *reply = new AuthenticatedReply(d.get(), operation, request, outgoingData);
    d->admit(reply);
    return reply;
}

} // namespace Tessera
