// SPDX-License-Identifier: BSD-3-Clause
#include "refreshoperation_p.h"

#include "logging_p.h"
#include "session_p.h"

#include <Tessera/clock.h>

namespace Tessera {

using State = Session::State;
using Error = Session::Error;
using Change = RefreshCoordinator::Change;

RefreshOperation::RefreshOperation(SessionPrivate *d)
    : SessionOperation(d)
{ }

void RefreshOperation::run()
{
    d->setState(State::Refreshing);
    RefreshCoordinator *coordinator = d->coordinator();
    if (!coordinator) {
        renew();
        return;
    }
    // Under the lock, the store is the truth: another process may have renewed the session
    // while this one waited, and its refresh token is the only valid one now.
    coordinator->lockForRefresh(d->tokens, d->persistent, this,
                                live([this](RefreshDecision::Action action,
                                            const LockedRead &read) { onDecision(action, read); }));
}

void RefreshOperation::onDecision(RefreshDecision::Action action, const LockedRead &read)
{
    using Action = RefreshDecision::Action;
    switch (action) {
    case Action::Proceed:
        renew();
        return;
    case Action::Adopt:
        qCInfo(lcShare) << d->profile.id()
                        << "another process renewed the session; using its tokens";
        finish();
        d->adoptStoredElsewhere(*read.stored);
        return;
    case Action::Ended:
        endedWhileWaiting();
        return;
    case Action::SaveFirst:
        saveHeldThenRenew();
        return;
    case Action::HoldBack:
        holdBack(read);
        return;
    }
}

// This process holds newer tokens than the store (its last write failed): it stores them
// before it refreshes, so that the others can have them even if the refresh fails.
void RefreshOperation::saveHeldThenRenew()
{
    qCInfo(lcShare) << d->profile.id()
                    << "the stored session is older than this process's; storing this one first";
    d->vault.writeAccount(d->tokens, this, live([this](const TokenStore::Result &result) {
                              if (result.isOk()) {
                                  d->setPersistent(true);
                                  d->announce(Change::Renewed);
                              } else {
                                  qCWarning(lcShare)
                                          << d->profile.id()
                                          << "still cannot store it:" << result.errorString;
                              }
                              renew();
                          }));
}

// Refreshing now could send a refresh token that another process has already used, and the
// server would revoke the whole session: wait and try again (with backoff), keeping the session.
void RefreshOperation::holdBack(const LockedRead &read)
{
    QString text;
    if (!read.locked && !read.problem.isEmpty()) {
        // Redis down: a refresh the others could not see would fork the token family.
        text = Session::tr("Not refreshing while the session cannot be shared (%1); the access "
                           "token stays in use, trying again later")
                       .arg(read.problem);
    } else if (!read.locked) {
        text = Session::tr("Could not take the lock that programs sharing this session renew it "
                           "under; trying again later");
    } else if (!read.answered) {
        text = Session::tr("Could not read the session shared with other programs from %1 (%2); "
                           "trying again later")
                       .arg(d->vault.description(), read.problem);
    } else {
        text = Session::tr("Another program renewed the session but could not save it; waiting "
                           "for it to try again");
    }
    qCWarning(lcShare).noquote() << d->profile.id() << ": not refreshing:" << text;
    finish();
    d->retryLater(Error::StorageError, text);
}

// The stored session vanished while this process waited for the lock: signed out elsewhere if
// the account pointer went with it, expired (or rejected) elsewhere if not.
void RefreshOperation::endedWhileWaiting()
{
    d->vault.readPointer(
            this, live([this](const TokenStore::Result &result, const AccountPointer &) {
                finish();
                d->endedElsewhere(result.status == TokenStore::Status::NotFound ? Change::SignedOut
                                                                                : Change::Expired);
            }));
}

void RefreshOperation::renew()
{
    const StoredSession &tokens = d->tokens;
    const bool refreshTokenExpired =
            tokens.refreshExpiresAt.isValid() && tokens.refreshExpiresAt <= d->clock->now();
    if (tokens.refreshToken.isEmpty() || refreshTokenExpired) {
        if (!tokens.apiKey.isEmpty())
            renewWithApiKey();
        else
            d->expire(Error::SessionExpired, Session::tr("The session expired; sign in again"));
        return;
    }
    client()->send(
            AuthRequests::refresh(d->profileFor(tokens), tokens.refreshToken, tokens.accessToken),
            AuthClient::Purpose::Refresh,
            live([this](const AuthOutcome &outcome) { onRefreshOutcome(outcome); }));
}

// A sign-in with the kept API key stands in for a refresh.
void RefreshOperation::renewWithApiKey()
{
    client()->send(AuthRequests::apiKeyLogin(d->profile, d->tokens.apiKey),
                   AuthClient::Purpose::Renewal,
                   live([this](const AuthOutcome &outcome) { onRenewalOutcome(outcome); }));
}

void RefreshOperation::onRefreshOutcome(const AuthOutcome &outcome)
{
    switch (outcome.kind) {
    case AuthOutcome::Kind::Granted:
        store(d->fromGrant(*outcome.grant, d->tokens));
        return;
    case AuthOutcome::Kind::Rejected:
        if (!d->tokens.apiKey.isEmpty())
            renewWithApiKey();
        else
            d->expire(SessionPrivate::errorOf(outcome.error), outcome.errorString);
        return;
    case AuthOutcome::Kind::Transient:
        retryLater(outcome);
        return;
    case AuthOutcome::Kind::Done:
    case AuthOutcome::Kind::Cancelled:
        return;
    }
}

void RefreshOperation::onRenewalOutcome(const AuthOutcome &outcome)
{
    if (outcome.kind == AuthOutcome::Kind::Transient) {
        retryLater(outcome);
        return;
    }
    if (outcome.kind != AuthOutcome::Kind::Granted) {
        d->expire(SessionPrivate::errorOf(outcome.error), outcome.errorString);
        return;
    }
    store(d->fromSignIn(*outcome.grant, d->tokens.user, d->tokens.apiKey));
}

// The rotated refresh token reaches the store before the new access token is used.
void RefreshOperation::store(const StoredSession &next)
{
    d->vault.writeAccount(next, this, live([this, next](const TokenStore::Result &result) {
                              finish();
                              if (!result.isOk()) {
                                  const QString text = d->keepInMemoryOnly(next, result);
                                  // What is stored is stale now: the others must not refresh
                                  // with it.
                                  d->announce(Change::Unsaved);
                                  d->activated(false);
                                  d->fail(Error::StorageError, text);
                                  return;
                              }
                              d->adopt(next);
                              d->setPersistent(true);
                              d->announce(Change::Renewed);
                              d->activated(false);
                          }));
}

void RefreshOperation::retryLater(const AuthOutcome &outcome)
{
    finish();
    d->retryLater(outcome);
}

} // namespace Tessera
