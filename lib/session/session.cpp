// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/session.h>

#include "browsersigninoperation_p.h"
#include "credentialsigninoperation_p.h"
#include "devicesigninoperation_p.h"
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
}

void Session::setTokenStore(TokenStore *store)
{
    if (d->isBusy()) {
        // The operation in flight holds the refresh lock and waits for this store's answers.
        qCWarning(lcSession) << d->profile.id() << "setTokenStore() ignored: the session is"
                             << d->state << "; replace the store only while it is idle";
        return;
    }
    d->setTokenStore(store);
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

QString Session::displayName() const
{
    if (d->user.isEmpty())
        return QString();
    return d->serverName.isEmpty() ? d->user : d->serverName;
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
    // Qt 6's default policy (NoLessSafeRedirectPolicy) follows a redirect to another origin
    // with every header of the request: the bearer token with it. Unless the caller chose.
    if (!request.attribute(QNetworkRequest::RedirectPolicyAttribute).isValid())
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::SameOriginRedirectPolicy);
    return true;
}

SignInPrompt Session::signInPrompt() const
{
    return d->prompt;
}

Secret Session::exportAccessToken() const
{
    return hasValidAccessToken() ? d->tokens.accessToken : Secret();
}

bool Session::isReady() const
{
    return !d->restoring;
}

void Session::restore(const QString &user)
{
    if (!d->restoring) {
        d->restoring = true;
        Q_EMIT readyChanged(false);
    }
    d->request(SessionPrivate::Call::Restore, [this, user] { d->restore(user); });
}

void Session::signIn(const QString &user, const Secret &password)
{
    d->request(SessionPrivate::Call::SignIn, [this, user, password] {
        d->start(std::make_unique<CredentialSignInOperation>(
                d.get(), CredentialSignInOperation::Credential::Password, user, password));
    });
}

void Session::signInWithApiKey(const QString &user, const Secret &apiKey, bool rememberKey)
{
    d->request(SessionPrivate::Call::SignIn, [this, user, apiKey, rememberKey] {
        d->start(std::make_unique<CredentialSignInOperation>(
                d.get(), CredentialSignInOperation::Credential::ApiKey, user, apiKey, rememberKey));
    });
}

void Session::signInWithBrowser(const QString &loginHint)
{
    d->request(SessionPrivate::Call::SignIn, [this, loginHint] {
        d->start(std::make_unique<BrowserSignInOperation>(d.get(), loginHint));
    });
}

void Session::signInWithDeviceCode()
{
    d->request(SessionPrivate::Call::SignIn,
               [this] { d->start(std::make_unique<DeviceSignInOperation>(d.get())); });
}

void Session::refresh()
{
    // Started only where a session is held; refused by the policy, or with none, it is an error.
    bool started = false;
    const auto answer = d->request(SessionPrivate::Call::Refresh, [this, &started] {
        switch (d->state) {
        case State::Active:
        case State::RefreshRetrying:
        case State::WaitingForNetwork:
            started = true;
            d->refreshSchedule.resetBackoff();
            d->startRefresh();
            return;
        default:
            return;
        }
    });
    if (!started && answer != OperationPolicy::Answer::Ignore)
        d->fail(Error::NotSignedIn, tr("There is no session to refresh; sign in first"));
}

void Session::signOut()
{
    d->request(SessionPrivate::Call::SignOut, [this] { d->signOut(); });
}

bool Session::cancel()
{
    return d->cancel();
}

} // namespace Tessera
