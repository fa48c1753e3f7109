// SPDX-License-Identifier: BSD-3-Clause
// The token lifecycle of SessionPrivate: restoring, scheduling and running refreshes, and what
// each outcome of a sign-in or refresh leads to.
#include "session_p.h"

#include "accountpointer_p.h"
#include "logging_p.h"
#include "refreshpolicy_p.h"
#include "tokensyntax_p.h"

#include <Tessera/clock.h>

#include <QNetworkInformation>

namespace Tessera {

namespace {
// Proactive refreshes of one grant are never closer together than this (see schedule()).
constexpr qint64 minRefreshIntervalMs = 2000;
} // namespace

// Everything a new sign-in replaces: the exchange in flight, the callbacks it would have got,
// and the alarms of the session it may replace, which must not fire into the sign-in.
void SessionPrivate::beginSignIn()
{
    client.abort();
    ++generation;
    if (state != State::SigningIn)
        stateBeforeSignIn = state;
    signInAccepted = false;
    whenStored = nullptr;
    cancelAlarms();
    clearError();
}

// While a sign-in the server granted is being stored, what would replace it (a sign-out,
// another sign-in, a restore) waits until it is: abandoned half-way, it would leave its tokens in
// the store, valid, with nothing pointing to them and nobody to revoke them. The last request
// wins.
bool SessionPrivate::deferUntilStored(std::function<void()> request)
{
    if (state != State::SigningIn || !signInAccepted)
        return false;
    whenStored = std::move(request);
    return true;
}

void SessionPrivate::cancelAlarms()
{
    refreshAlarm->cancel();
    expiryAlarm->cancel();
    setNextRefreshAt(QDateTime());
}

void SessionPrivate::onRefreshDue()
{
    switch (state) {
    case State::Active:
    case State::RefreshRetrying:
    case State::WaitingForNetwork:
        setNextRefreshAt(QDateTime());
        startRefresh();
        return;
    default:
        // Belonged to a session that another operation has replaced or is replacing.
        qCDebug(lcSession) << profile.id() << "refresh alarm ignored while" << state;
        return;
    }
}

// What a sign-in cut short left behind (AccountPointer) is ended first, unless the process
// writing it still runs; then the account the pointer names is restored.
void SessionPrivate::restoreFromPointer(const AccountPointer &pointer)
{
    const auto restoreCurrent = [this, current = pointer.current] {
        if (current.isEmpty())
            setState(State::SignedOut);
        else
            restoreAccount(current, true);
    };
    if (pointer.leftoversInProgressElsewhere()) {
        restoreCurrent();
        return;
    }
    endLeftovers(generation, pointer, restoreCurrent);
}

void SessionPrivate::restoreAccount(const QString &account, bool fromAccountPointer)
{
    const quint64 expected = generation;
    tokenStore()->read(storedSessionKey(profile.id(), account), q,
                       [this, expected, account,
                        fromAccountPointer](const TokenStore::Result &result, const Secret &data) {
                           if (expected != generation)
                               return;
                           setUser(account);
                           if (result.status == TokenStore::Status::NotFound) {
                               // The account pointer outlives the tokens only when the session
                               // expired.
                               setState(fromAccountPointer ? State::ReauthenticationRequired
                                                           : State::SignedOut);
                               return;
                           }
                           if (!result.isOk()) {
                               setPersistent(false);
                               fail(Error::StorageError, result.errorString);
                               setState(State::SignedOut);
                               return;
                           }
                           const StoredSessionResult parsed = parseStoredSession(data);
                           if (!parsed.session) {
                               qCWarning(lcStore)
                                       << profile.id()
                                       << "ignoring an unreadable stored session:" << parsed.error;
                               setState(State::SignedOut);
                               return;
                           }
                           adopt(*parsed.session);
                           evaluate();
                       });
}

void SessionPrivate::evaluate()
{
    const QDateTime now = clock->now();
    if (tokens.refreshExpiresAt.isValid() && tokens.refreshExpiresAt <= now
        && tokens.apiKey.isEmpty()) {
        sessionExpired(Error::SessionExpired, Session::tr("The session expired; sign in again"));
        return;
    }
    if (!accessTokenValid()) {
        if (canRenew())
            startRefresh();
        else
            sessionExpired(Error::SessionExpired,
                           Session::tr("The access token expired and cannot be renewed; sign in "
                                       "again"));
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
    retryNotBefore = QDateTime(); // a fresh schedule: no retry pending
    QDateTime due = canRenew() ? RefreshPolicy::refreshAt(tokens.obtainedAt, tokens.accessExpiresAt,
                                                          profile.refreshLead())
                               : QDateTime();
    if (due.isValid() && tokens.obtainedAt.isValid())
        due = std::max(due, tokens.obtainedAt.addMSecs(minRefreshIntervalMs));
    setNextRefreshAt(due);
    if (due.isValid())
        refreshAlarm->setDeadline(due);
    else
        refreshAlarm->cancel();
    if (tokens.accessExpiresAt.isValid())
        expiryAlarm->setDeadline(tokens.accessExpiresAt);
    else
        expiryAlarm->cancel();
}

void SessionPrivate::startRefresh()
{
    if (!hasTokens() && tokens.apiKey.isEmpty())
        return;
    refreshAlarm->cancel();
    setNextRefreshAt(QDateTime());
    const quint64 expected = ++generation;
    setState(State::Refreshing);
    lockForRefresh(expected, [this] { renew(); });
}

void SessionPrivate::renew()
{
    const bool refreshTokenExpired =
            tokens.refreshExpiresAt.isValid() && tokens.refreshExpiresAt <= clock->now();
    if (tokens.refreshToken.isEmpty() || refreshTokenExpired) {
        if (!tokens.apiKey.isEmpty())
            startApiKeyLogin(tokens.user, tokens.apiKey, true, true);
        else
            sessionExpired(Error::SessionExpired,
                           Session::tr("The session expired; sign in again"));
        return;
    }
    const quint64 expected = generation;
    client.setNetworkAccessManager(networkAccessManager());
    client.send(AuthRequests::refresh(profile, tokens.refreshToken), AuthClient::Purpose::Refresh,
                [this, expected](const AuthOutcome &outcome) {
                    if (expected == generation)
                        onRefreshOutcome(outcome);
                });
}

void SessionPrivate::startApiKeyLogin(const QString &account, const Secret &apiKey, bool remember,
                                      bool silent)
{
    ++generation;
    const quint64 expected = generation;
    setState(silent ? State::Refreshing : State::SigningIn);
    client.setNetworkAccessManager(networkAccessManager());
    const Secret kept = remember ? apiKey : Secret();
    client.send(AuthRequests::apiKeyLogin(profile, apiKey),
                silent ? AuthClient::Purpose::Renewal : AuthClient::Purpose::SignIn,
                [this, expected, account, kept, silent](const AuthOutcome &outcome) {
                    if (expected == generation)
                        onSignInOutcome(outcome, account, kept, silent);
                });
}

void SessionPrivate::onSignInOutcome(const AuthOutcome &outcome, const QString &account,
                                     const Secret &apiKey, bool silent)
{
    if (outcome.kind != AuthOutcome::Kind::Granted) {
        if (!silent)
            signInFailed(errorOf(outcome.error), outcome.errorString);
        else if (outcome.kind == AuthOutcome::Kind::Transient)
            retryLater(outcome);
        else
            sessionExpired(errorOf(outcome.error), outcome.errorString);
        return;
    }
    StoredSession fresh;
    fresh.user = account.isEmpty() ? outcome.grant->user : account;
    if (fresh.user.isEmpty())
        fresh.user = QStringLiteral("api-key");
    fresh.apiKey = apiKey;
    fresh.generation = signInGeneration();
    const StoredSession next = fromGrant(*outcome.grant, fresh);
    const auto activate = [this, silent] {
        backoff.reset();
        clearError();
        schedule();
        setState(State::Active);
        Q_EMIT silent ? q->refreshed() : q->signedIn();
        // Queued: a storage error of this sign-in is reported first, to this sign-in.
        if (std::function<void()> request = std::exchange(whenStored, nullptr))
            QMetaObject::invokeMethod(q, std::move(request), Qt::QueuedConnection);
    };
    if (silent) {
        persist(next, activate);
        return;
    }
    signInAccepted = true;
    persistSignIn(next, activate);
}

void SessionPrivate::onRefreshOutcome(const AuthOutcome &outcome)
{
    switch (outcome.kind) {
    case AuthOutcome::Kind::Granted:
        // The rotated refresh token reaches the store before the new access token is used.
        persist(fromGrant(*outcome.grant, tokens), [this] {
            backoff.reset();
            clearError();
            schedule();
            setState(State::Active);
            Q_EMIT q->refreshed();
        });
        return;
    case AuthOutcome::Kind::Rejected:
        if (!tokens.apiKey.isEmpty())
            startApiKeyLogin(tokens.user, tokens.apiKey, true, true);
        else
            sessionExpired(errorOf(outcome.error), outcome.errorString);
        return;
    case AuthOutcome::Kind::Transient:
        retryLater(outcome);
        return;
    case AuthOutcome::Kind::Done:
    case AuthOutcome::Kind::Cancelled:
        return;
    }
}

void SessionPrivate::retryLater(const AuthOutcome &outcome)
{
    retryLater(errorOf(outcome.error), outcome.errorString, outcome.retryAfter);
}

void SessionPrivate::retryLater(Error error, const QString &text,
                                std::optional<std::chrono::milliseconds> retryAfter)
{
    const std::chrono::milliseconds delay =
            std::max(retryAfter.value_or(std::chrono::milliseconds(0)), backoff.next());
    QDateTime at = clock->now().addMSecs(delay.count());
    // A time the server asked for (Retry-After) stands even if the clock jumps; a backoff of
    // this session's own does not.
    retryNotBefore = retryAfter ? at : QDateTime();
    setNextRefreshAt(at);
    refreshAlarm->setDeadline(at);
    fail(error, text);
    setState(accessTokenValid() ? State::RefreshRetrying : State::WaitingForNetwork);
    if (error == Error::NetworkError || error == Error::Timeout)
        watchNetwork();
}

void SessionPrivate::watchNetwork()
{
    if (networkWatched)
        return;
    networkWatched = true;
    // The glib backend works without a system bus (NetworkManager's needs one).
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadBackendByName(u"glib")
        && !QNetworkInformation::loadDefaultBackend()) {
        qCDebug(lcNet) << "no network information backend: retrying on the backoff schedule";
        return;
    }
    QObject::connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, q,
                     [this](QNetworkInformation::Reachability reachability) {
                         // The network is back: try now rather than at the backoff time, unless
                         // the server asked for patience.
                         if (reachability == QNetworkInformation::Reachability::Online)
                             retryNowIfTheNetworkFailed();
                     });
}

void SessionPrivate::retryNowIfTheNetworkFailed()
{
    // A server that answered (429, 5xx) is asked again on its schedule.
    if (error == Error::NetworkError || error == Error::Timeout)
        retryNow();
}

void SessionPrivate::retryNow()
{
    if (state == State::RefreshRetrying || state == State::WaitingForNetwork) {
        backoff.reset();
        startRefresh();
    }
}

void SessionPrivate::sessionExpired(Error reason, const QString &text)
{
    const quint64 expected = ++generation;
    const QString key = sessionKey();
    forgetTokens();
    // The state is announced once the dead tokens are gone from the store too, so that a
    // process that exits on the announcement (the CLI) leaves nothing stale behind.
    const auto report = [this, expected, reason, text] {
        if (expected != generation)
            return;
        fail(reason, text);
        setState(State::ReauthenticationRequired);
    };
    if (key.isEmpty()) {
        report();
        return;
    }
    tokenStore()->remove(key, q, [this, report](const TokenStore::Result &result) {
        if (result.isOk())
            announce(ChangeNotifier::Change::Expired);
        report();
    });
}

// A user name or API key that could not be stored and read back (TokenSyntax) is refused before
// anything is sent, from the event loop like any other answer to a sign-in.
bool SessionPrivate::refuseSignInInput(const QString &account, const Secret &apiKey)
{
    QString text;
    if (const QString problem = TokenSyntax::userProblem(account); !problem.isEmpty())
        text = Session::tr("This user name cannot be used: %1").arg(problem);
    else if (const QString keyProblem = TokenSyntax::apiKeyProblem(apiKey.reveal());
             !apiKey.isEmpty() && !keyProblem.isEmpty())
        text = Session::tr("This API key cannot be used: %1").arg(keyProblem);
    if (text.isEmpty())
        return false;
    setState(State::SigningIn);
    const quint64 expected = generation;
    QMetaObject::invokeMethod(
            q,
            [this, expected, text] {
                if (expected == generation)
                    signInFailed(Error::InvalidCredentials, text);
            },
            Qt::QueuedConnection);
    return true;
}

// A cancelled sign-in (Error::Cancelled) is no error to report.
void SessionPrivate::signInFailed(Error error, const QString &text)
{
    if (error != Error::Cancelled)
        fail(error, text);
    if (hasTokens())
        evaluate();
    else if (stateBeforeSignIn == State::ReauthenticationRequired)
        setState(State::ReauthenticationRequired);
    else
        setState(State::SignedOut);
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

void SessionPrivate::onClockJumped()
{
    // After a resume the network is often back: try again now rather than at the backoff time;
    // but not before a time the server asked for (its alarm, on the wall clock, fires by itself
    // once a jump has carried the clock past it).
    if (!retryNotBefore.isValid() || clock->now() >= retryNotBefore)
        retryNow();
}

} // namespace Tessera
