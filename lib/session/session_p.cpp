// SPDX-License-Identifier: BSD-3-Clause
#include "session_p.h"

#include "expireoperation_p.h"
#include "followoperation_p.h"
#include "logging_p.h"
#include "profile_p.h"
#include "refreshoperation_p.h"
#include "refreshpolicy_p.h"
#include "restoreoperation_p.h"
#include "signoutoperation_p.h"

#include <Tessera/clock.h>

#include <QNetworkAccessManager>

namespace Tessera {

namespace {
// A fresh token that claims to expire within this margin (after correcting for the server's
// clock, see correctForServerClock()) is taken to have an unknown expiry: refreshing on it would
// loop (a skewed clock without a Date header, or a server that answers nonsense). With the
// refresh lead at most a fifth of the lifetime, proactive refreshes are then at least 2 s apart.
constexpr auto implausibleLifetime = std::chrono::milliseconds(2500);
} // namespace

SessionPrivate::SessionPrivate(Session *q, const Profile &profile)
    : q(q)
    , profile(profile)
    , vault(profile,
            [this] {
                // Not at once: this may run inside the refresh lock's own callback, and the
                // operation in flight releases that lock when it ends.
                QMetaObject::invokeMethod(
                        this->q, [this] { resetCoordinator(); }, Qt::QueuedConnection);
            })
    , refreshSchedule(profile)
    , requestSecrets(profile)
{
    QObject::connect(&refreshSchedule, &RefreshSchedule::refreshDue, q, [this] { onRefreshDue(); });
    QObject::connect(&refreshSchedule, &RefreshSchedule::accessExpired, q,
                     [this] { onAccessExpired(); });
    QObject::connect(&refreshSchedule, &RefreshSchedule::worthRetryingNow, q,
                     [this] { retryNow(); });
    attachClock(Clock::system());
}

// The operation goes first, before the coordinator and the store it may be waiting on (the
// members' order would do the same; this says so).
SessionPrivate::~SessionPrivate()
{
    operation.reset();
}

QNetworkAccessManager *SessionPrivate::networkAccessManager()
{
    if (!manager) {
        ownManager = std::make_unique<QNetworkAccessManager>();
        manager = ownManager.get();
    }
    return manager;
}

bool SessionPrivate::isBusy() const
{
    switch (state) {
    case State::Restoring:
    case State::SigningIn:
    case State::Refreshing:
    case State::SigningOut:
        return true;
    default:
        return false;
    }
}

void SessionPrivate::attachClock(Clock *newClock)
{
    if (clock == newClock)
        return;
    clock = newClock;
    refreshSchedule.setClock(clock);
    if (hasTokens())
        schedule();
}

void SessionPrivate::setTokenStore(TokenStore *store)
{
    vault.setStore(store);
    resetCoordinator();
}

RefreshCoordinator *SessionPrivate::coordinator()
{
    if (sharingChecked)
        return shared.get();
    sharingChecked = true;
    shared = RefreshCoordinator::create(profile, &vault);
    if (shared) {
        QObject::connect(shared.get(), &RefreshCoordinator::changedElsewhere, q,
                         [this](RefreshCoordinator::Change change, const QString &account) {
                             // Unsaved: nothing new in the store; looked at under the lock
                             // before the next refresh.
                             if (change != RefreshCoordinator::Change::Unsaved)
                                 request(Call::ChangeElsewhere, [this, change, account] {
                                     onChangedElsewhere(change, account);
                                 });
                         });
    }
    return shared.get();
}

void SessionPrivate::resetCoordinator()
{
    shared.reset();
    sharingChecked = false;
}

Session::Error SessionPrivate::errorOf(AuthOutcome::Error error)
{
    using From = AuthOutcome::Error;
    switch (error) {
    case From::NoError:
        return Error::NoError;
    case From::NetworkError:
        return Error::NetworkError;
    case From::Timeout:
        return Error::Timeout;
    case From::ServerError:
        return Error::ServerError;
    case From::RateLimited:
        return Error::RateLimited;
    case From::Forbidden:
        return Error::Forbidden;
    case From::InvalidCredentials:
        return Error::InvalidCredentials;
    case From::SessionExpired:
        return Error::SessionExpired;
    case From::BadResponse:
        return Error::BadResponse;
    case From::SecretUnavailable:
        return Error::StorageError;
    case From::Cancelled:
        return Error::Cancelled;
    }
    return Error::BadResponse;
}

// --- observable state --------------------------------------------------------------------------

void SessionPrivate::setState(State next)
{
    if (state == next)
        return;
    qCDebug(lcSession) << profile.id() << "state" << state << "->" << next;
    // The refresh lock is held from the start of a refresh or sign-out until its outcome is
    // stored.
    if ((state == State::Refreshing || state == State::SigningOut) && shared)
        shared->release();
    state = next;
    Q_EMIT q->stateChanged(state);
    // Ready once a restore has settled: read, and any refresh of an expired token done.
    if (restoring && restoreStarted && state != State::Restoring
        && !(state == State::Refreshing && !accessTokenValid())) {
        restoring = restoreStarted = false;
        Q_EMIT q->readyChanged(true);
    }
}

void SessionPrivate::setUser(const QString &next)
{
    setNames(next, next == user ? serverName : QString());
}

void SessionPrivate::setNames(const QString &account, const QString &nameOnServer)
{
    const QString shownBefore = q->displayName();
    const bool accountChanged = user != account;
    user = account;
    serverName = nameOnServer;
    if (accountChanged)
        Q_EMIT q->userChanged(user);
    if (q->displayName() != shownBefore)
        Q_EMIT q->displayNameChanged(q->displayName());
}

void SessionPrivate::setNextRefreshAt(const QDateTime &at)
{
    if (nextRefreshAt == at)
        return;
    nextRefreshAt = at;
    Q_EMIT q->nextRefreshAtChanged(at);
}

void SessionPrivate::setPersistent(bool next)
{
    if (persistent == next)
        return;
    persistent = next;
    Q_EMIT q->persistentChanged(persistent);
}

void SessionPrivate::setPrompt(const SignInPrompt &next)
{
    if (prompt == next)
        return;
    prompt = next;
    Q_EMIT q->signInPromptChanged(prompt);
}

void SessionPrivate::setError(Error next, const QString &text)
{
    if (error == next && errorString == text)
        return;
    error = next;
    errorString = text;
    Q_EMIT q->errorChanged(error);
}

void SessionPrivate::clearError()
{
    setError(Error::NoError, QString());
}

void SessionPrivate::fail(Error next, const QString &text)
{
    qCInfo(lcSession) << profile.id() << next << text;
    setError(next, text);
    Q_EMIT q->errorOccurred(next, text);
}

// --- tokens ------------------------------------------------------------------------------------

bool SessionPrivate::accessTokenValid() const
{
    if (!hasTokens())
        return false;
    return !tokens.accessExpiresAt.isValid() || clock->now() < tokens.accessExpiresAt;
}

void SessionPrivate::adopt(const StoredSession &next)
{
    const QDateTime oldAccess = tokens.accessExpiresAt;
    const QDateTime oldRefresh = tokens.refreshExpiresAt;
    tokens = next;
    setNames(next.user, next.displayName);
    if (oldAccess != next.accessExpiresAt)
        Q_EMIT q->accessExpiresAtChanged(next.accessExpiresAt);
    if (oldRefresh != next.refreshExpiresAt)
        Q_EMIT q->refreshExpiresAtChanged(next.refreshExpiresAt);
}

void SessionPrivate::forgetTokens()
{
    cancelAlarms();
    StoredSession empty;
    empty.user = user;
    empty.displayName = tokens.displayName; // for a prompt to sign in again
    adopt(empty);
}

QDateTime SessionPrivate::plausibleExpiry(const QDateTime &expiresAt) const
{
    if (expiresAt.isValid() && expiresAt < clock->now().addMSecs(implausibleLifetime.count())) {
        qCWarning(lcSession) << profile.id()
                             << "the server sent an expiry in the past; is the clock right?"
                                " Treating the expiry as unknown";
        return QDateTime();
    }
    return expiresAt;
}

StoredSession SessionPrivate::fromGrant(const TokenGrant &grant,
                                        const StoredSession &previous) const
{
    StoredSession next;
    next.user = previous.user.isEmpty() ? grant.user : previous.user;
    // A refresh may bring the user's name anew (renamed on the server), or not at all.
    next.displayName = grant.user.isEmpty() ? previous.displayName : grant.user;
    next.accessToken = grant.accessToken;
    next.accessExpiresAt = plausibleExpiry(grant.accessExpiresAt);
    next.obtainedAt = clock->now();
    const bool rotated = !grant.refreshToken.isEmpty();
    next.refreshToken = rotated ? grant.refreshToken : previous.refreshToken;
    next.refreshExpiresAt = grant.refreshExpiresAt.isValid() || rotated ? grant.refreshExpiresAt
                                                                        : previous.refreshExpiresAt;
    next.apiKey = previous.apiKey;
    next.generation = previous.generation + 1;
    next.tokenEndpoint = previous.tokenEndpoint;
    next.revocationEndpoint = previous.revocationEndpoint;
    return next;
}

Profile SessionPrivate::profileFor(const StoredSession &stored) const
{
    return withEndpoints(profile, stored.tokenEndpoint, stored.revocationEndpoint);
}

// A new sign-in starts a new line of tokens. Its generation is the time in milliseconds, so
// that it outranks every session signed in before it (whose generations grew by one per
// refresh), in every process: only a wall clock set back by more than the time between the two
// sign-ins could make a new sign-in look older than the one it replaces.
StoredSession SessionPrivate::fromSignIn(const TokenGrant &grant, const QString &account,
                                         const Secret &apiKey) const
{
    StoredSession fresh;
    // The typed login name names the account, for the next sign-in too; the server's name for
    // the user is what people see (displayName()).
    fresh.user = account.isEmpty() ? grant.user : account;
    if (fresh.user.isEmpty())
        fresh.user = QStringLiteral("api-key");
    fresh.displayName = grant.user;
    fresh.apiKey = apiKey;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    fresh.generation = std::max(tokens.generation, quint64(std::max<qint64>(now, 0)));
    return fromGrant(grant, fresh);
}

QString SessionPrivate::keepInMemoryOnly(const StoredSession &next,
                                         const TokenStore::Result &result)
{
    adopt(next);
    setPersistent(false);
    return Session::tr("Could not save the session in %1 (%2); it will last only while this "
                       "program runs")
            .arg(vault.description(), result.errorString);
}

void SessionPrivate::announce(RefreshCoordinator::Change change)
{
    if (RefreshCoordinator *share = coordinator())
        share->announce(change, user, tokens.generation);
}

// --- operations, one at a time -----------------------------------------------------------------

OperationPolicy::Answer SessionPrivate::request(Call call, std::function<void()> action)
{
    using Answer = OperationPolicy::Answer;
    const std::optional<SessionOperation::Kind> running =
            operation ? std::optional(operation->kind()) : std::nullopt;
    const Answer answer = OperationPolicy::admit(running, call);
    switch (answer) {
    case Answer::Start:
        action();
        break;
    case Answer::Wait:
        // Asked again once the operation has ended: another may be running by then.
        (call == Call::ChangeElsewhere ? waitingNotice
                                       : waitingCall) = [this, call, action = std::move(action)] {
            request(call, action);
        };
        break;
    case Answer::Ignore:
    case Answer::Refuse:
        qCDebug(lcSession) << profile.id() << "call" << int(call)
                           << (answer == Answer::Ignore ? "ignored" : "refused") << "while"
                           << (running ? operation->metaObject()->className() : "idle");
        break;
    }
    return answer;
}

void SessionPrivate::start(std::unique_ptr<SessionOperation> next)
{
    // What the operation replaced asked the user to do in a browser is over.
    setPrompt(SignInPrompt());
    SessionOperation *started = next.get();
    operation.reset(next.release());
    started->start();
}

void SessionPrivate::operationFinished(SessionOperation *finished)
{
    if (operation.get() == finished)
        endOperation();
}

// What waited for the operation is done now. Queued: the state change that ended the operation
// is still being announced, and a storage error of a sign-in is reported to that sign-in first.
void SessionPrivate::endOperation()
{
    operation.reset();
    if (std::function<void()> call = std::exchange(waitingCall, nullptr))
        QMetaObject::invokeMethod(q, std::move(call), Qt::QueuedConnection);
    if (std::function<void()> notice = std::exchange(waitingNotice, nullptr))
        QMetaObject::invokeMethod(q, std::move(notice), Qt::QueuedConnection);
}

void SessionPrivate::restore(const QString &account)
{
    coordinator(); // from now on, hear what other processes do with this profile's session
    restoreStarted = true;
    start(std::make_unique<RestoreOperation>(this, account));
}

void SessionPrivate::signOut()
{
    start(std::make_unique<SignOutOperation>(this));
}

bool SessionPrivate::cancel()
{
    return request(Call::Cancel,
                   [this] {
                       endOperation();
                       signInFailed(Error::Cancelled, QString());
                   })
           == OperationPolicy::Answer::Start;
}

void SessionPrivate::expire(Error reason, const QString &text)
{
    start(std::make_unique<ExpireOperation>(this, reason, text));
}

// --- the schedule ------------------------------------------------------------------------------

void SessionPrivate::evaluate()
{
    const QDateTime now = clock->now();
    if (tokens.refreshExpiresAt.isValid() && tokens.refreshExpiresAt <= now
        && tokens.apiKey.isEmpty()) {
        expire(Error::SessionExpired, Session::tr("The session expired; sign in again"));
        return;
    }
    if (!accessTokenValid()) {
        if (canRenew())
            startRefresh();
        else
            expire(Error::SessionExpired,
                   Session::tr("The access token expired and cannot be renewed; sign in again"));
        return;
    }
    const QDateTime due = RefreshPolicy::refreshAt(tokens.obtainedAt, tokens.accessExpiresAt,
                                                   profile.refreshLead());
    if (canRenew() && due.isValid() && due <= now) {
        startRefresh();
        return;
    }
    schedule();
    setState(State::Active);
}

void SessionPrivate::schedule()
{
    setNextRefreshAt(refreshSchedule.plan(tokens, canRenew()));
}

void SessionPrivate::cancelAlarms()
{
    refreshSchedule.cancel();
    setNextRefreshAt(QDateTime());
}

void SessionPrivate::startRefresh()
{
    if (!hasTokens() && tokens.apiKey.isEmpty())
        return;
    refreshSchedule.cancelRefresh();
    setNextRefreshAt(QDateTime());
    start(std::make_unique<RefreshOperation>(this));
}

void SessionPrivate::onRefreshDue()
{
    switch (state) {
    case State::Active:
    case State::RefreshRetrying:
    case State::WaitingForNetwork:
        request(Call::Refresh, [this] {
            setNextRefreshAt(QDateTime());
            startRefresh();
        });
        return;
    default:
        // Belonged to a session that another operation has replaced or is replacing.
        qCDebug(lcSession) << profile.id() << "refresh alarm ignored while" << state;
        return;
    }
}

void SessionPrivate::retryLater(const AuthOutcome &outcome)
{
    retryLater(errorOf(outcome.error), outcome.errorString, outcome.retryAfter);
}

void SessionPrivate::retryLater(Error failure, const QString &text,
                                std::optional<std::chrono::milliseconds> retryAfter)
{
    setNextRefreshAt(refreshSchedule.planRetry(retryAfter, failure == Error::NetworkError
                                                                   || failure == Error::Timeout));
    fail(failure, text);
    setState(accessTokenValid() ? State::RefreshRetrying : State::WaitingForNetwork);
}

// A retry is due now (the network is back, the clock jumped): unless none is pending.
void SessionPrivate::retryNow()
{
    if (state == State::RefreshRetrying || state == State::WaitingForNetwork) {
        request(Call::Refresh, [this] {
            refreshSchedule.resetBackoff();
            startRefresh();
        });
    }
}

void SessionPrivate::onAccessExpired()
{
    switch (state) {
    case State::Active:
        evaluate();
        return;
    case State::RefreshRetrying:
        setState(State::WaitingForNetwork);
        return;
    default:
        return;
    }
}

// A cancelled sign-in (Error::Cancelled) is no error to report.
void SessionPrivate::signInFailed(Error failure, const QString &text)
{
    setPrompt(SignInPrompt());
    if (failure != Error::Cancelled)
        fail(failure, text);
    if (hasTokens())
        evaluate();
    else if (stateBeforeSignIn == State::ReauthenticationRequired)
        setState(State::ReauthenticationRequired);
    else
        setState(State::SignedOut);
}

void SessionPrivate::activated(bool signedIn)
{
    refreshSchedule.resetBackoff();
    clearError();
    schedule();
    setState(State::Active);
    Q_EMIT signedIn ? q->signedIn() : q->refreshed();
}

// --- what other processes did ------------------------------------------------------------------

void SessionPrivate::onChangedElsewhere(RefreshCoordinator::Change change, const QString &account)
{
    if (!user.isEmpty() && hasTokens() && account != user)
        return; // another account of the same profile; this session stays with its own
    const QString follow = user.isEmpty() || !hasTokens() ? account : user;
    if (follow.isEmpty())
        return;
    start(std::make_unique<FollowOperation>(this, change, follow));
}

void SessionPrivate::adoptStoredElsewhere(const StoredSession &stored)
{
    const bool wasSignedIn = hasTokens();
    adopt(stored);
    refreshSchedule.resetBackoff();
    clearError();
    setPersistent(true);
    evaluate();
    if (state == State::Active)
        Q_EMIT wasSignedIn ? q->refreshed() : q->signedIn();
}

void SessionPrivate::endedElsewhere(RefreshCoordinator::Change change)
{
    const bool wasSignedIn = hasTokens() || state == State::Refreshing;
    forgetTokens();
    if (change == RefreshCoordinator::Change::SignedOut) {
        setUser(QString());
        clearError();
        setState(State::SignedOut);
        if (wasSignedIn)
            Q_EMIT q->signedOut();
        return;
    }
    fail(Error::SessionExpired, Session::tr("The session ended in another program; sign in again"));
    setState(State::ReauthenticationRequired);
}

} // namespace Tessera
