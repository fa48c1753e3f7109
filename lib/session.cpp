// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/session.h>

#include "accountpointer_p.h"
#include "logging_p.h"
#include "refreshpolicy_p.h"
#include "session_p.h"
#include "tokensyntax_p.h"

#include <Tessera/clock.h>

#include <QNetworkRequest>

namespace Tessera {

Session::Session(const Profile &profile, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<SessionPrivate>(this, profile))
{ }

Session::~Session() = default;

void Session::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    d->manager = manager;
    d->client.setNetworkAccessManager(manager);
}

void Session::setTokenStore(TokenStore *store)
{
    if (d->isBusy()) {
        // The operation in flight holds the refresh lock and waits for this store's answers.
        qCWarning(lcSession) << d->profile.id() << "setTokenStore() ignored: the session is"
                             << d->state << "; replace the store only while it is idle";
        return;
    }
    d->store = store;
    d->storeSupplied = store != nullptr;
    if (store)
        d->ownStore.reset();
    d->resetSharing();
}

void Session::setClock(Clock *clock)
{
    d->attachClock(clock ? clock : Clock::system());
}

void Session::setInMemoryFallback(bool allowed)
{
    d->inMemoryFallback = allowed;
}

bool Session::hasInMemoryFallback() const
{
    return d->inMemoryFallback;
}

Profile Session::profile() const
{
    return d->profile;
}

Session::State Session::state() const
{
    return d->state;
}

QString Session::user() const
{
    return d->user;
}

QDateTime Session::accessExpiresAt() const
{
    return d->tokens.accessExpiresAt;
}

QDateTime Session::refreshExpiresAt() const
{
    return d->tokens.refreshExpiresAt;
}

QDateTime Session::nextRefreshAt() const
{
    return d->nextRefreshAt;
}

Session::Error Session::error() const
{
    return d->error;
}

QString Session::errorString() const
{
    return d->errorString;
}

bool Session::isPersistent() const
{
    return d->persistent;
}

bool Session::isSignedIn() const
{
    switch (d->state) {
    case State::Active:
    case State::RefreshRetrying:
        return true;
    case State::Refreshing:
        return d->accessTokenValid();
    default:
        return false;
    }
}

bool Session::hasValidAccessToken() const
{
    return d->state != State::SigningOut && d->accessTokenValid();
}

bool Session::hasFreshAccessToken() const
{
    if (!hasValidAccessToken())
        return false;
    if (d->state == State::RefreshRetrying || !d->canRenew())
        return true;
    const QDateTime due = RefreshPolicy::refreshAt(d->tokens.obtainedAt, d->tokens.accessExpiresAt,
                                                   d->profile.refreshLead());
    return !due.isValid() || d->clock->now() < due;
}

bool Session::authorize(QNetworkRequest &request) const
{
    if (!hasValidAccessToken() || !d->profile.isApiOrigin(request.url()))
        return false;
    const std::optional<QByteArray> authorization =
            TokenSyntax::bearerAuthorization(d->tokens.accessToken);
    if (!authorization)
        return false;
    request.setRawHeader("Authorization", *authorization);
    return true;
}

Secret Session::exportAccessToken() const
{
    return hasValidAccessToken() ? d->tokens.accessToken : Secret();
}

void Session::restore(const QString &user)
{
    if (d->deferUntilStored([this, user] { restore(user); }))
        return;
    d->client.abort();
    ++d->generation;
    d->sharing(); // from now on, hear what other processes do with this profile's session
    d->setState(State::Restoring);
    if (!user.isEmpty()) {
        d->restoreAccount(user, false);
        return;
    }
    const quint64 generation = d->generation;
    d->tokenStore()->read(currentAccountKey(d->profile.id()), this,
                          [this, generation](const TokenStore::Result &result, const Secret &data) {
                              if (generation != d->generation)
                                  return;
                              if (!result.isOk() && result.status != TokenStore::Status::NotFound) {
                                  d->setPersistent(false);
                                  d->fail(Error::StorageError, result.errorString);
                                  d->setState(State::SignedOut);
                              } else if (result.status == TokenStore::Status::NotFound
                                         || data.isEmpty()) {
                                  d->setState(State::SignedOut);
                              } else {
                                  d->restoreFromPointer(parseAccountPointer(data));
                              }
                          });
}

void Session::signIn(const QString &user, const Secret &password)
{
    if (d->deferUntilStored([this, user, password] { signIn(user, password); }))
        return;
    d->beginSignIn();
    if (d->refuseSignInInput(user, Secret()))
        return;
    d->setState(State::SigningIn);
    d->client.setNetworkAccessManager(d->networkAccessManager());
    const quint64 generation = d->generation;
    d->client.send(AuthRequests::passwordLogin(d->profile, user, password),
                   AuthClient::Purpose::SignIn, [this, generation, user](const AuthOutcome &o) {
                       if (generation == d->generation)
                           d->onSignInOutcome(o, user, Secret(), false);
                   });
}

void Session::signInWithApiKey(const QString &user, const Secret &apiKey, bool rememberKey)
{
    if (d->deferUntilStored(
                [this, user, apiKey, rememberKey] { signInWithApiKey(user, apiKey, rememberKey); }))
        return;
    d->beginSignIn();
    if (d->refuseSignInInput(user, apiKey))
        return;
    d->startApiKeyLogin(user, apiKey, rememberKey, false);
}

void Session::refresh()
{
    switch (d->state) {
    case State::Active:
    case State::RefreshRetrying:
    case State::WaitingForNetwork:
        d->backoff.reset();
        d->startRefresh();
        return;
    case State::Refreshing:
        return;
    default:
        d->fail(Error::NotSignedIn, tr("There is no session to refresh; sign in first"));
    }
}

void Session::signOut()
{
    // A sign-in being stored finishes first, then is signed out like any other, so that
    // neither its tokens nor those of the account it replaces are left with nobody to end them.
    if (!d->deferUntilStored([this] { d->signOut(); }))
        d->signOut();
}

bool Session::cancel()
{
    // Once the server has accepted the sign-in, it is finished rather than left half-undone.
    if (d->state != State::SigningIn || d->signInAccepted)
        return false;
    d->client.abort();
    ++d->generation;
    d->signInFailed(Error::Cancelled, QString());
    return true;
}

} // namespace Tessera
