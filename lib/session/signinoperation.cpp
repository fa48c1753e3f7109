// SPDX-License-Identifier: BSD-3-Clause
#include "signinoperation_p.h"

#include "logging_p.h"
#include "session_p.h"
#include "tokensyntax_p.h"

namespace Tessera {

using State = Session::State;
using Error = Session::Error;

SignInOperation::SignInOperation(SessionPrivate *d, Credential credential, const QString &account,
                                 const Secret &secret, bool rememberKey)
    : SessionOperation(d)
    , m_credential(credential)
    , m_account(account)
    , m_secret(secret)
    , m_rememberKey(rememberKey)
{ }

void SignInOperation::run()
{
    if (d->state != State::SigningIn)
        d->stateBeforeSignIn = d->state;
    d->cancelAlarms();
    d->clearError();
    if (refuseInput())
        return;
    d->setState(State::SigningIn);
    const AuthRequest request =
            m_credential == Credential::Password
                    ? AuthRequests::passwordLogin(d->profile, m_account, m_secret)
                    : AuthRequests::apiKeyLogin(d->profile, m_secret);
    client()->send(request, AuthClient::Purpose::SignIn,
                   live([this](const AuthOutcome &outcome) { onOutcome(outcome); }));
}

// A user name or API key that could not be stored and read back (TokenSyntax) is refused before
// anything is sent, from the event loop like any other answer to a sign-in.
bool SignInOperation::refuseInput()
{
    QString text;
    if (const QString problem = TokenSyntax::userProblem(m_account); !problem.isEmpty())
        text = Session::tr("This user name cannot be used: %1").arg(problem);
    else if (const QString keyProblem = TokenSyntax::apiKeyProblem(m_secret.reveal());
             m_credential == Credential::ApiKey && !m_secret.isEmpty() && !keyProblem.isEmpty())
        text = Session::tr("This API key cannot be used: %1").arg(keyProblem);
    if (text.isEmpty())
        return false;
    d->setState(State::SigningIn);
    QMetaObject::invokeMethod(this, live([this, text] { failed(Error::InvalidCredentials, text); }),
                              Qt::QueuedConnection);
    return true;
}

void SignInOperation::onOutcome(const AuthOutcome &outcome)
{
    if (outcome.kind != AuthOutcome::Kind::Granted) {
        failed(SessionPrivate::errorOf(outcome.error), outcome.errorString);
        return;
    }
    m_granted = true;
    const StoredSession next =
            d->fromSignIn(*outcome.grant, m_account, m_rememberKey ? m_secret : Secret());
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
            AuthRequests::signOut(d->profile, next.accessToken, next.refreshToken);
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

void SignInOperation::failed(Error error, const QString &text)
{
    finish();
    d->signInFailed(error, text);
}

} // namespace Tessera
