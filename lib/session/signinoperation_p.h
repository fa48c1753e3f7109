// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "endpointdiscovery_p.h"
#include "sessionoperation_p.h"

#include <Tessera/profile.h>
#include <Tessera/secret.h>
#include <Tessera/session.h>

namespace Tessera {

struct AccountPointer;

/*!
 * \brief What every sign-in does around the way it gets its grant: the SigningIn state, the
 * endpoints (looked up once, EndpointDiscovery), and everything after the server granted it.
 * The ways are subclasses, one file each: CredentialSignInOperation (a password or an API key),
 * BrowserSignInOperation (authorization code with PKCE), DeviceSignInOperation (RFC 8628).
 *
 * - run(): input a subclass refuses (inputProblem()) fails the sign-in before anything is sent;
 *   then the endpoints are looked up if the profile needs it, then authorize() asks for the
 *   grant. The session it replaces stops its alarms at once.
 * - Once the server grants the sign-in (granted()), the operation is StoreSignIn: it cannot be
 *   cancelled or replaced, and stores the sign-in through SessionVault::storeSignIn(), ends the
 *   leftovers the vault names (the replaced account among them), announces it, and only then
 *   reports signedIn(). A store that cannot keep it: the session goes on in memory, or, without
 *   the in-memory fallback, the tokens are revoked and the sign-in fails.
 * - Endpoints that came from discovery (the token and revocation endpoints) are stored with the
 *   session, so that a refresh or a sign-out, in this process or another, needs no look-up.
 *
 * States: SigningIn, then Active; on failure, back to the session held before (if it is still
 * valid), ReauthenticationRequired (if that is what came before) or SignedOut.
 */
class SignInOperation : public SessionOperation
{
    Q_OBJECT
public:
    Kind kind() const override { return m_granted ? Kind::StoreSignIn : Kind::SignIn; }

protected:
    /*! \brief A sign-in of \a flow: which endpoints it needs looked up. */
    SignInOperation(SessionPrivate *d, Profile::LoginKind flow);

    /*! \brief Why the input cannot be used (a message for the user); empty if it can. */
    virtual QString inputProblem() const { return {}; }
    /*! \brief Asks for the grant, once the endpoints are known. */
    virtual void authorize() = 0;

    /*! \brief The endpoints of this sign-in (the profile's, the rest discovered). */
    const ProviderEndpoints &endpoints() const { return m_endpoints; }
    /*! \brief The profile with this sign-in's token and revocation endpoints. */
    Profile tokenProfile() const;
    /*! \brief The answer to the token request: granted (stored as \a account, else the server's
     *  user name, else \a fallbackAccount, keeping \a keptKey), or failed. */
    void onOutcome(const AuthOutcome &outcome, const QString &account,
                   const QString &fallbackAccount, const Secret &keptKey = Secret());
    void failed(Session::Error error, const QString &text);
    /*! \brief failed(), from the event loop: for what authorize() finds before it sends anything,
     *  so that no sign-in ends inside the call that asked for it. */
    void failSoon(Session::Error error, const QString &text);

private:
    void run() final;
    void onStored(const StoredSession &next, const TokenStore::Result &result,
                  const AccountPointer &pointer);
    void notStored(const StoredSession &next, const TokenStore::Result &result);
    void undo(const StoredSession &next, const TokenStore::Result &result);
    void activate();

    const Profile::LoginKind m_flow;
    ProviderEndpoints m_endpoints;
    bool m_granted = false; //!< the server granted it: too late to cancel
};

} // namespace Tessera
