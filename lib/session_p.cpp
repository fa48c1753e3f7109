// SPDX-License-Identifier: BSD-3-Clause
#include "session_p.h"

#include "logging_p.h"

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
    // The refresh lock is held from the start of a refresh or sign-out until its outcome is
    // stored.
    if ((state == State::Refreshing || state == State::SigningOut) && shared)
        shared->lock->release();
    state = next;
    Q_EMIT q->stateChanged(state);
    switch (state) {
    case State::Restoring:
    case State::SigningIn:
    case State::Refreshing:
    case State::SigningOut:
        break;
    default:
        replayChangeElsewhere();
    }
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
                else if (!newAccount)
                    announce(ChangeNotifier::Change::Unsaved); // what is stored is stale now
                then();
                if (!result.isOk()) {
                    fail(Error::StorageError,
                         Session::tr("Could not save the session in %1 (%2); it will last "
                                     "only while this program runs")
                                 .arg(target->description(), result.errorString));
                }
            });
}

} // namespace Tessera
