// SPDX-License-Identifier: BSD-3-Clause
#include "session_p.h"

#include "logging_p.h"

#include <Tessera/clock.h>
#include <Tessera/keychaintokenstore.h>

#include "tokenstore_p.h"

#include <QNetworkAccessManager>

namespace Tessera {

namespace {
// A fresh token that claims to expire within this margin (after correcting for the server's
// clock, see correctForServerClock()) is taken to have an unknown expiry: refreshing on it would
// loop (a skewed clock without a Date header, or a server that answers nonsense). With the
// refresh lead at most a fifth of the lifetime, proactive refreshes are then at least 2 s apart.
constexpr auto implausibleLifetime = std::chrono::milliseconds(2500);

// What a session whose caller-supplied store was destroyed gets instead: every operation fails,
// so the session reports a storage error and works in memory, never silently in another store.
class LostTokenStore : public TokenStore
{
public:
    void read(const QString &, QObject *context, ReadHandler handler) override
    {
        deliverRead(context ? context : this, std::move(handler), lost(), Secret());
    }
    void write(const QString &, const Secret &, QObject *context, WriteHandler handler) override
    {
        deliverWrite(context ? context : this, std::move(handler), lost());
    }
    void remove(const QString &, QObject *context, WriteHandler handler) override
    {
        deliverWrite(context ? context : this, std::move(handler), lost());
    }
    bool isPersistent() const override { return false; }
    QString description() const override { return Session::tr("the destroyed token store"); }

private:
    static Result lost()
    {
        return {Status::Unavailable,
                Session::tr("The token store given to the session was destroyed.")};
    }
};
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
        if (storeSupplied) {
            qCWarning(lcStore) << profile.id()
                               << "the token store given to the session was "
                                  "destroyed; the session now lives in memory";
            ownStore = std::make_unique<LostTokenStore>();
            storeSupplied = false;
            // Not at once: this may run inside the refresh lock's own callback, and the
            // operation in flight releases that lock when it ends.
            QMetaObject::invokeMethod(
                    q, [this] { resetSharing(); }, Qt::QueuedConnection);
        } else {
            ownStore = std::make_unique<KeychainTokenStore>();
        }
        store = ownStore.get();
    }
    return store;
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
    if (clock)
        QObject::disconnect(clock, nullptr, q, nullptr);
    delete refreshAlarm;
    delete expiryAlarm;
    clock = newClock;
    client.setClock(clock);
    refreshAlarm = clock->createAlarm(q);
    expiryAlarm = clock->createAlarm(q);
    QObject::connect(refreshAlarm, &Alarm::fired, q, [this] { onRefreshDue(); });
    QObject::connect(expiryAlarm, &Alarm::fired, q, [this] { onAccessExpired(); });
    QObject::connect(clock, &Clock::jumped, q, [this] { onClockJumped(); });
    if (hasTokens())
        schedule();
}

// --- observable state --------------------------------------------------------------------------

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
    case From::Cancelled:
        return Error::Cancelled;
    }
    return Error::BadResponse;
}

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

void SessionPrivate::persist(const StoredSession &next, std::function<void()> then)
{
    const quint64 expected = generation;
    tokenStore()->write(storedSessionKey(profile.id(), next.user), serializeStoredSession(next), q,
                        [this, expected, next, then](const TokenStore::Result &result) {
                            // Superseded (a sign-in, sign-out or restore since): that operation
                            // reads or replaces what is stored, so memory and store agree again.
                            if (expected != generation)
                                return;
                            if (!result.isOk()) {
                                const QString text = keepInMemoryOnly(next, result);
                                // What is stored is stale now: the others must not refresh
                                // with it.
                                announce(ChangeNotifier::Change::Unsaved);
                                then();
                                fail(Error::StorageError, text);
                                return;
                            }
                            adopt(next);
                            setPersistent(true);
                            announce(ChangeNotifier::Change::Renewed);
                            then();
                        });
}

// The store refused \a next: the session goes on with it in memory. Returns what to report.
QString SessionPrivate::keepInMemoryOnly(const StoredSession &next,
                                         const TokenStore::Result &result)
{
    adopt(next);
    setPersistent(false);
    return Session::tr("Could not save the session in %1 (%2); it will last only while this "
                       "program runs")
            .arg(tokenStore()->description(), result.errorString);
}

} // namespace Tessera
