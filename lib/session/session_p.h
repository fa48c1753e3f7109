// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authclient_p.h"
#include "operationpolicy_p.h"
#include "refreshcoordinator_p.h"
#include "refreshschedule_p.h"
#include "requestsecrets_p.h"
#include "sessionoperation_p.h"
#include "sessionvault_p.h"
#include "storedsession_p.h"

#include <Tessera/session.h>
#include <Tessera/signinprompt.h>

#include <QNetworkAccessManager>
#include <QPointer>

#include <functional>
#include <memory>

namespace Tessera {

class Clock;

/*!
 * \brief What a Session is now, and the one place that decides which of its operations runs.
 *
 * SessionPrivate keeps the observable state (every transition goes through setState(), every
 * token change through adopt()); when the next refresh falls due is RefreshSchedule's to say. The
 * work is done by operations, one at a time (SessionOperation: RestoreOperation, SignInOperation,
 * RefreshOperation, SignOutOperation, FollowOperation, ExpireOperation), each in its own file; what
 * reaches the store goes through the vault (SessionVault), and what is shared with other processes
 * through the coordinator (RefreshCoordinator).
 *
 * Session's public calls, and the alarms and notices that start work, go through request(),
 * which applies OperationPolicy::admit() to the operation running: start (replacing it), wait
 * for it to end, ignore the call, or refuse it.
 */
class SessionPrivate
{
public:
    using State = Session::State;
    using Error = Session::Error;
    using Call = OperationPolicy::Call;

    SessionPrivate(Session *q, const Profile &profile);
    ~SessionPrivate();

    // wiring
    QNetworkAccessManager *networkAccessManager();
    /*! \brief An operation is in flight: restoring, signing in or out, refreshing. */
    bool isBusy() const;
    void attachClock(Clock *clock);
    void setTokenStore(TokenStore *store);
    /*! \brief The coordinator of everyone who shares this session (RefreshCoordinator::create());
     *  nullptr while the store does not outlive the process, or the session cannot be shared. */
    RefreshCoordinator *coordinator();
    void resetCoordinator();

    /*! \brief What the session reports for an exchange that failed with \a error. */
    static Error errorOf(AuthOutcome::Error error);

    // observable state
    void setState(State state);
    /*! \brief Another account (the server's name for the user is dropped with the old one). */
    void setUser(const QString &user);
    /*! \brief The account and the server's name for the user (StoredSession::displayName),
     *  at once: userChanged(), then displayNameChanged() for what changed. */
    void setNames(const QString &account, const QString &nameOnServer);
    void setNextRefreshAt(const QDateTime &at);
    void setPersistent(bool persistent);
    void setPrompt(const SignInPrompt &prompt);
    void setError(Error error, const QString &text);
    void clearError();
    void fail(Error error, const QString &text);

    // tokens
    bool hasTokens() const { return !tokens.accessToken.isEmpty(); }
    bool accessTokenValid() const;
    bool canRenew() const { return !tokens.refreshToken.isEmpty() || !tokens.apiKey.isEmpty(); }
    void adopt(const StoredSession &next);
    void forgetTokens();
    /*! \brief The profile as \a stored talks to it: with the endpoints found when it signed in. */
    Profile profileFor(const StoredSession &stored) const;
    StoredSession fromGrant(const TokenGrant &grant, const StoredSession &previous) const;
    /*! \brief The session a sign-in (or a renewal with a kept API key) starts: a new line of
     *  tokens for \a account (else the server's user name, else "api-key"), keeping \a apiKey. */
    StoredSession fromSignIn(const TokenGrant &grant, const QString &account,
                             const Secret &apiKey) const;
    /*! \brief \a next is kept in memory only: the store refused it. Returns what to report. */
    QString keepInMemoryOnly(const StoredSession &next, const TokenStore::Result &result);
    void announce(RefreshCoordinator::Change change);

    // operations, one at a time
    /*! \brief Does \a action, which starts \a call's operation, as OperationPolicy says;
     *  returns the answer. */
    OperationPolicy::Answer request(Call call, std::function<void()> action);
    /*! \brief Makes \a operation the one running (the one before is destroyed) and starts
     *  it. */
    void start(std::unique_ptr<SessionOperation> operation);
    /*! \brief \a operation has ended: what waited for it is done now. */
    void operationFinished(SessionOperation *operation);
    void restore(const QString &account);
    void signOut();
    bool cancel();

    // the schedule
    void schedule();
    void cancelAlarms();
    void startRefresh();

    // where operations lead
    /*! \brief What the tokens held allow now: Active (scheduled), a refresh, or expiry. */
    void evaluate();
    /*! \brief A sign-in or renewal was stored: Active, and signedIn() or refreshed(). */
    void activated(bool signedIn);
    /*! \brief A transient failure: RefreshRetrying or WaitingForNetwork, and a retry planned. */
    void retryLater(const AuthOutcome &outcome);
    void retryLater(Error error, const QString &text,
                    std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);
    /*! \brief A sign-in that failed or was cancelled: back to the session held before it. */
    void signInFailed(Error error, const QString &text);
    /*! \brief Ends the session as expired (ExpireOperation). */
    void expire(Error reason, const QString &text);
    /*! \brief Takes the tokens another process stored. */
    void adoptStoredElsewhere(const StoredSession &stored);
    /*! \brief Another process signed out, or its session expired. */
    void endedElsewhere(RefreshCoordinator::Change change);

    Session *const q;
    Profile profile;
    Clock *clock = nullptr;
    SessionVault vault;
    RefreshSchedule refreshSchedule;
    RequestSecrets requestSecrets; //!< read once, for every operation's requests

    StoredSession tokens;
    State state = State::SignedOut;
    State stateBeforeSignIn = State::SignedOut;
    Error error = Error::NoError;
    QString errorString;
    QString user;
    QString serverName; //!< the server's name for the user; empty: none
    QDateTime nextRefreshAt;
    SignInPrompt prompt;
    bool persistent = true;
    bool restoring = false; //!< a restore() has not settled yet: see Session::isReady()
    bool restoreStarted = false; //!< ... and it has started (it may wait for a sign-in first)
    bool inMemoryFallback = true; //!< see Session::setInMemoryFallback()

private:
    QDateTime plausibleExpiry(const QDateTime &expiresAt) const;
    void onRefreshDue();
    void onAccessExpired();
    void retryNow();
    void onChangedElsewhere(RefreshCoordinator::Change change, const QString &account);
    void endOperation();

    struct Retire
    {
        void operator()(SessionOperation *operation) const { operation->retire(); }
    };

    QPointer<QNetworkAccessManager> manager;
    std::unique_ptr<QNetworkAccessManager> ownManager;
    std::unique_ptr<RefreshCoordinator> shared;
    bool sharingChecked = false;
    std::unique_ptr<SessionOperation, Retire> operation; //!< the one running, if any
    std::function<void()> waitingCall; //!< a call that waits for the operation (last wins)
    std::function<void()> waitingNotice; //!< a change made elsewhere, heard meanwhile (last wins)

    friend class Session;
};

} // namespace Tessera
