// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authclient_p.h"
#include "backoff_p.h"
#include "changenotifier_p.h"
#include "processlock_p.h"
#include "refreshdecision_p.h"
#include "storedsession_p.h"

#include <Tessera/session.h>
#include <Tessera/tokenstore.h>

#include <QNetworkAccessManager>
#include <QPointer>

#include <functional>
#include <memory>

namespace Tessera {

class Alarm;
class Clock;
struct AccountPointer;

/*!
 * \brief What lets the processes that share a profile share its session: a lock that makes at
 * most one of them refresh at a time, and a notifier that tells the others when the stored
 * session changed. Only for stores that outlive the process (the keychain).
 */
struct SessionSharing
{
    std::unique_ptr<ProcessLock> lock;
    std::unique_ptr<ChangeNotifier> notifier;
};

/*!
 * \brief The token lifecycle behind Session: every transition goes through setState(), every
 * token change through adopt(), every store write through persist().
 */
class SessionPrivate
{
public:
    using State = Session::State;
    using Error = Session::Error;

    SessionPrivate(Session *q, const Profile &profile);

    // wiring
    QNetworkAccessManager *networkAccessManager();
    TokenStore *tokenStore();
    /*! \brief An operation is in flight: restoring, signing in or out, refreshing. */
    bool isBusy() const;
    void attachClock(Clock *clock);

    /*! \brief What the session reports for an exchange that failed with \a error. */
    static Error errorOf(AuthOutcome::Error error);

    // observable state
    void setState(State state);
    void setUser(const QString &user);
    void setNextRefreshAt(const QDateTime &at);
    void setPersistent(bool persistent);
    void setError(Error error, const QString &text);
    void clearError();
    void fail(Error error, const QString &text);

    // tokens
    bool hasTokens() const { return !tokens.accessToken.isEmpty(); }
    bool accessTokenValid() const;
    bool canRenew() const { return !tokens.refreshToken.isEmpty() || !tokens.apiKey.isEmpty(); }
    void adopt(const StoredSession &next);
    void forgetTokens();
    StoredSession fromGrant(const TokenGrant &grant, const StoredSession &previous) const;
    QDateTime plausibleExpiry(const QDateTime &expiresAt) const;
    QString sessionKey() const;

    // lifecycle
    void beginSignIn();
    bool deferUntilStored(std::function<void()> request);
    void cancelAlarms();
    void onRefreshDue();
    void restoreFromPointer(const AccountPointer &pointer);
    void restoreAccount(const QString &user, bool fromAccountPointer);
    void evaluate();
    void schedule();
    void startRefresh();
    void renew();
    void startApiKeyLogin(const QString &user, const Secret &apiKey, bool remember, bool silent);
    void onSignInOutcome(const AuthOutcome &outcome, const QString &user, const Secret &apiKey,
                         bool silent);
    void onRefreshOutcome(const AuthOutcome &outcome);
    void retryLater(const AuthOutcome &outcome);
    void retryLater(Error error, const QString &text,
                    std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);
    void sessionExpired(Error error, const QString &text);
    bool refuseSignInInput(const QString &account, const Secret &apiKey);
    void signInFailed(Error error, const QString &text);
    void persist(const StoredSession &next, std::function<void()> then);
    QString keepInMemoryOnly(const StoredSession &next, const TokenStore::Result &result);

    // signing in as an account (sessionaccounts.cpp)
    void persistSignIn(const StoredSession &next, std::function<void()> then);
    void writeIntent(quint64 expected, const StoredSession &next, const AccountPointer &found,
                     std::function<void()> then);
    void writeSignIn(quint64 expected, const StoredSession &next, const AccountPointer &found,
                     std::function<void()> then);
    void writeAccountPointer(quint64 expected, const StoredSession &next,
                             const AccountPointer &found, std::function<void()> then);
    void signInNotStored(quint64 expected, const StoredSession &next,
                         const TokenStore::Result &result, std::function<void()> then);
    void undoSignIn(quint64 expected, const StoredSession &next, const TokenStore::Result &result);
    void endLeftovers(quint64 expected, const AccountPointer &pointer, std::function<void()> then);
    void revokeAndWipe(quint64 expected, const QString &account,
                       const std::optional<StoredSession> &stored, std::function<void()> then);
    void onAccessExpired();
    void onClockJumped();
    void watchNetwork();
    void retryNow();
    void retryNowIfTheNetworkFailed();
    void signOut();
    void readFreshest(quint64 expected, const StoredSession &held,
                      std::function<void(const StoredSession &)> then);
    void wipeStored(const QString &account);
    void finishSignOut(quint64 expected, const StoredSession &old);

    // sharing with other processes (sessionsharing.cpp)
    SessionSharing *sharing();
    void resetSharing();
    /*! \brief Takes the refresh lock (giving up on a hung holder), then reads this account's
     *  stored session. Without sharing: at once, with nothing read. */
    void readUnderLock(quint64 expected, std::function<void(const LockedRead &)> then);
    /*! \brief Refreshes (\a proceed) only when RefreshDecision::decide() says so under the
     *  lock; otherwise adopts, ends, saves first or holds back. */
    void lockForRefresh(quint64 expected, std::function<void()> proceed);
    void saveHeldThen(quint64 expected, std::function<void()> proceed);
    void holdBack(const LockedRead &read);
    quint64 signInGeneration() const;
    void announce(ChangeNotifier::Change change);
    void onChangedElsewhere(ChangeNotifier::Change change, const QString &account);
    void replayChangeElsewhere();
    void adoptStoredElsewhere(const StoredSession &stored);
    void endedElsewhere(ChangeNotifier::Change change);
    void endedWhileWaiting(quint64 expected);

    Session *const q;
    Profile profile;
    Clock *clock = nullptr;
    QPointer<QNetworkAccessManager> manager;
    std::unique_ptr<QNetworkAccessManager> ownManager;
    QPointer<TokenStore> store;
    bool storeSupplied = false; //!< by setTokenStore(): if it is destroyed, no silent fallback
    std::unique_ptr<TokenStore> ownStore;
    std::unique_ptr<SessionSharing> shared;
    bool sharingChecked = false;
    bool networkWatched = false;
    //! a change announced by another process while this one was busy
    std::optional<std::pair<ChangeNotifier::Change, QString>> pendingChange;
    AuthClient client;
    Alarm *refreshAlarm = nullptr;
    Alarm *expiryAlarm = nullptr;
    Backoff backoff;

    StoredSession tokens;
    State state = State::SignedOut;
    State stateBeforeSignIn = State::SignedOut;
    bool signInAccepted = false; //!< the server granted the sign-in in flight: too late to cancel
    //! What came (signOut(), signIn(), restore()) while that sign-in was being stored: done
    //! once it is.
    std::function<void()> whenStored;
    QDateTime retryNotBefore; //!< the server's Retry-After for the retry scheduled, if it gave one
    Error error = Error::NoError;
    QString errorString;
    QString user;
    QDateTime nextRefreshAt;
    bool persistent = true;
    bool inMemoryFallback = true; //!< see Session::setInMemoryFallback()
    quint64 generation = 0; //!< bumped by every operation that makes earlier callbacks stale
};

} // namespace Tessera
