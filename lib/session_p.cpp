// SPDX-License-Identifier: BSD-3-Clause
#include "session_p.h"

#include "logging_p.h"
#include "refreshpolicy_p.h"

#include <Tessera/clock.h>
#include <Tessera/keychaintokenstore.h>

#include <QNetworkAccessManager>

namespace Tessera {

namespace {
// A fresh token that claims to expire within this margin is taken to have an unknown expiry:
// refreshing on it would loop (clock skew, or a server that answers nonsense).
constexpr auto implausibleLifetime = std::chrono::seconds(1);
} // namespace

SessionPrivate::SessionPrivate(Session *q, const Profile &profile)
    : q(q)
    , profile(profile)
    , client(profile, nullptr, q)
{
    attachClock(Clock::system());
}

QNetworkAccessManager *SessionPrivate::networkAccessManager()
{
    if (!manager) {
        ownManager = std::make_unique<QNetworkAccessManager>();
        manager = ownManager.get();
    }
    return manager;
}

TokenStore *SessionPrivate::tokenStore()
{
    if (!store) {
        ownStore = std::make_unique<KeychainTokenStore>();
        store = ownStore.get();
    }
    return store;
}

void SessionPrivate::attachClock(Clock *newClock)
{
    if (clock == newClock)
        return;
    if (clock)
        QObject::disconnect(clock, nullptr, q, nullptr);
    delete refreshAlarm;
    delete expiryAlarm;
    clock = newClock;
    client.setClock(clock);
    refreshAlarm = clock->createAlarm(q);
    expiryAlarm = clock->createAlarm(q);
    QObject::connect(refreshAlarm, &Alarm::fired, q, [this] {
        setNextRefreshAt(QDateTime());
        startRefresh();
    });
    QObject::connect(expiryAlarm, &Alarm::fired, q, [this] { onAccessExpired(); });
    QObject::connect(clock, &Clock::jumped, q, [this] { onClockJumped(); });
    if (hasTokens())
        schedule();
}

// --- observable state --------------------------------------------------------------------------

void SessionPrivate::setState(State next)
{
    if (state == next)
        return;
    qCDebug(lcSession) << profile.id() << "state" << state << "->" << next;
    // The refresh lock is held from the start of a refresh until its outcome is stored.
    if (state == State::Refreshing && shared)
        shared->lock->release();
    state = next;
    Q_EMIT q->stateChanged(state);
}

void SessionPrivate::setUser(const QString &next)
{
    if (user == next)
        return;
    user = next;
    Q_EMIT q->userChanged(user);
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
    setUser(next.user);
    if (oldAccess != next.accessExpiresAt)
        Q_EMIT q->accessExpiresAtChanged(next.accessExpiresAt);
    if (oldRefresh != next.refreshExpiresAt)
        Q_EMIT q->refreshExpiresAtChanged(next.refreshExpiresAt);
}

void SessionPrivate::forgetTokens()
{
    refreshAlarm->cancel();
    expiryAlarm->cancel();
    setNextRefreshAt(QDateTime());
    StoredSession empty;
    empty.user = user;
    adopt(empty);
}

QDateTime SessionPrivate::plausibleExpiry(const QDateTime &expiresAt) const
{
    if (expiresAt.isValid() && expiresAt < clock->now().addSecs(implausibleLifetime.count())) {
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
    next.accessToken = grant.accessToken;
    next.accessExpiresAt = plausibleExpiry(grant.accessExpiresAt);
    next.obtainedAt = clock->now();
    const bool rotated = !grant.refreshToken.isEmpty();
    next.refreshToken = rotated ? grant.refreshToken : previous.refreshToken;
    next.refreshExpiresAt = grant.refreshExpiresAt.isValid() || rotated ? grant.refreshExpiresAt
                                                                        : previous.refreshExpiresAt;
    next.apiKey = previous.apiKey;
    next.generation = previous.generation + 1;
    return next;
}

QString SessionPrivate::sessionKey() const
{
    return user.isEmpty() ? QString() : storedSessionKey(profile.id(), user);
}

void SessionPrivate::persist(const StoredSession &next, bool newAccount, std::function<void()> then)
{
    const quint64 expected = generation;
    TokenStore *target = tokenStore();
    // The store finishes operations in order, so when the session entry's write reports back,
    // the account pointer written before it is in place too.
    if (newAccount) {
        target->write(currentAccountKey(profile.id()), Secret(next.user.toUtf8()), q,
                      [](const TokenStore::Result &) {});
    }
    target->write(
            storedSessionKey(profile.id(), next.user), serializeStoredSession(next), q,
            [this, expected, next, newAccount, then, target](const TokenStore::Result &result) {
                if (expected != generation)
                    return;
                adopt(next);
                setPersistent(result.isOk());
                if (result.isOk())
                    announce(newAccount ? ChangeNotifier::Change::SignedIn
                                        : ChangeNotifier::Change::Renewed);
                then();
                if (!result.isOk()) {
                    fail(Error::StorageError,
                         Session::tr("Could not save the session in %1 (%2); it will last "
                                     "only while this program runs")
                                 .arg(target->description(), result.errorString));
                }
            });
}

// --- lifecycle ---------------------------------------------------------------------------------

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
    const QDateTime due = canRenew() ? RefreshPolicy::refreshAt(
                                  tokens.obtainedAt, tokens.accessExpiresAt, profile.refreshLead())
                                     : QDateTime();
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
    client.send(AuthRequests::apiKeyLogin(profile, apiKey), AuthClient::Purpose::SignIn,
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
            signInFailed(outcome);
        else if (outcome.kind == AuthOutcome::Kind::Transient)
            retryLater(outcome);
        else
            sessionExpired(outcome.error, outcome.errorString);
        return;
    }
    StoredSession fresh;
    fresh.user = account.isEmpty() ? outcome.grant->user : account;
    if (fresh.user.isEmpty())
        fresh.user = QStringLiteral("api-key");
    fresh.apiKey = apiKey;
    fresh.generation = tokens.generation;
    const StoredSession next = fromGrant(*outcome.grant, fresh);
    persist(next, !silent, [this, silent] {
        backoff.reset();
        clearError();
        schedule();
        setState(State::Active);
        Q_EMIT silent ? q->refreshed() : q->signedIn();
    });
}

void SessionPrivate::onRefreshOutcome(const AuthOutcome &outcome)
{
    switch (outcome.kind) {
    case AuthOutcome::Kind::Granted:
        // The rotated refresh token reaches the store before the new access token is used.
        persist(fromGrant(*outcome.grant, tokens), false, [this] {
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
            sessionExpired(outcome.error, outcome.errorString);
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
    const std::chrono::milliseconds delay =
            std::max(outcome.retryAfter.value_or(std::chrono::milliseconds(0)), backoff.next());
    QDateTime at = clock->now().addMSecs(delay.count());
    setNextRefreshAt(at);
    refreshAlarm->setDeadline(at);
    fail(outcome.error, outcome.errorString);
    setState(accessTokenValid() ? State::RefreshRetrying : State::WaitingForNetwork);
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

void SessionPrivate::signInFailed(const AuthOutcome &outcome)
{
    if (outcome.kind != AuthOutcome::Kind::Cancelled)
        fail(outcome.error, outcome.errorString);
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
    // After a resume the network is often back: try again now rather than at the backoff time.
    if (state == State::RefreshRetrying || state == State::WaitingForNetwork) {
        backoff.reset();
        startRefresh();
    }
}

} // namespace Tessera
