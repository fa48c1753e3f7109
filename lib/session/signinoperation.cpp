// SPDX-License-Identifier: BSD-3-Clause
#include "signinoperation_p.h"

#include "logging_p.h"
#include "profile_p.h"
#include "session_p.h"

namespace Tessera {

using State = Session::State;
using Error = Session::Error;

SignInOperation::SignInOperation(SessionPrivate *d, Profile::LoginKind flow)
    : SessionOperation(d)
    , m_flow(flow)
    , m_endpoints(EndpointDiscovery::ofProfile(d->profile))
{ }

void SignInOperation::run()
{
    if (d->state != State::SigningIn)
        d->stateBeforeSignIn = d->state;
    d->cancelAlarms();
    d->clearError();
    d->setState(State::SigningIn);
    // Refused input fails from the event loop like any other answer to a sign-in.
    if (const QString problem = inputProblem(); !problem.isEmpty()) {
        failSoon(Error::InvalidCredentials, problem);
        return;
    }
    if (!EndpointDiscovery::isNeeded(d->profile, m_flow)) {
        authorize();
        return;
    }
    EndpointDiscovery::run(
            client(), d->profile, live([this](const EndpointDiscovery::Result &result) {
                if (!result.endpoints)
                    return failed(SessionPrivate::errorOf(result.error), result.errorString);
                m_endpoints = *result.endpoints;
                authorize();
            }));
}

Profile SignInOperation::tokenProfile() const
{
    return withEndpoints(d->profile, m_endpoints.token, m_endpoints.revocation);
}

void SignInOperation::onOutcome(const AuthOutcome &outcome, const QString &account,
                                const QString &fallbackAccount, const Secret &keptKey)
{
    if (outcome.kind != AuthOutcome::Kind::Granted) {
        failed(SessionPrivate::errorOf(outcome.error), outcome.errorString);
        return;
    }
    m_granted = true;
    d->setPrompt(SignInPrompt());
    const QString name =
            account.isEmpty() && outcome.grant->user.isEmpty() ? fallbackAccount : account;
    StoredSession next = d->fromSignIn(*outcome.grant, name, keptKey);
    // Endpoints the profile does not name go with the session, for its refreshes and sign-out.
    if (d->profile.loginUrl().isEmpty())
        next.tokenEndpoint = m_endpoints.token;
    if (d->profile.logoutUrl().isEmpty())
        next.revocationEndpoint = m_endpoints.revocation;
    d->vault.storeSignIn(
            next, d->hasTokens() ? d->tokens.user : QString(), this,
            live([this, next](const TokenStore::Result &result, const AccountPointer &pointer) {
                onStored(next, result, pointer);
            }));
}

void SignInOperation::onStored(const StoredSession &next, const TokenStore::Result &result,
                               const AccountPointer &pointer)
{
    if (!result.isOk()) {
        notStored(next, result);
        return;
    }
    d->adopt(next);
    d->setPersistent(true);
    d->vault.endLeftovers(pointer, this, revoker(), live([this] {
                              d->announce(RefreshCoordinator::Change::SignedIn);
                              activate();
                          }));
}

// The store could not keep the sign-in \a next: it goes on in memory, or, without the in-memory
// fallback, it is undone.
void SignInOperation::notStored(const StoredSession &next, const TokenStore::Result &result)
{
    if (!d->inMemoryFallback) {
        undo(next, result);
        return;
    }
    const QString text = d->keepInMemoryOnly(next, result);
    activate();
    d->fail(Error::StorageError, text);
}

// Revokes the tokens of \a next, which no store holds, so that no session is left alive on the
// server that nobody can sign out of; then the sign-in fails with the store's error.
void SignInOperation::undo(const StoredSession &next, const TokenStore::Result &result)
{
    qCInfo(lcSession) << d->profile.id() << "the sign-in could not be stored; revoking it";
    const QList<AuthRequest> revocations =
            AuthRequests::signOut(d->profileFor(next), next.accessToken, next.refreshToken);
    const bool revocable = !revocations.isEmpty();
    client()->sendAll(
            revocations, live([this, result, revocable](const AuthOutcome &revocation) {
                const QString where = d->vault.description();
                QString text;
                if (!revocable)
                    text = Session::tr(
                                   "Could not save the session in %1 (%2); the profile names no "
                                   "endpoint to end it on the server")
                                   .arg(where, result.errorString);
                else if (revocation.kind == AuthOutcome::Kind::Done)
                    text = Session::tr(
                                   "Could not save the session in %1 (%2); the sign-in was undone "
                                   "on the server")
                                   .arg(where, result.errorString);
                else
                    text = Session::tr(
                                   "Could not save the session in %1 (%2), nor undo the sign-in on "
                                   "the server (%3)")
                                   .arg(where, result.errorString, revocation.errorString);
                failed(Error::StorageError, text);
            }));
}

void SignInOperation::activate()
{
    finish();
    d->activated(true);
}

void SignInOperation::failSoon(Error error, const QString &text)
{
    QMetaObject::invokeMethod(this, live([this, error, text] { failed(error, text); }),
                              Qt::QueuedConnection);
}

void SignInOperation::failed(Error error, const QString &text)
{
    finish();
    d->signInFailed(error, text);
}

} // namespace Tessera
