// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sessionoperation_p.h"

#include <Tessera/secret.h>
#include <Tessera/session.h>

namespace Tessera {

struct AccountPointer;

/*!
 * \brief Signs in with a user name and password, or with an API key; the session it replaces
 * (its alarms stop at once) is ended as part of it.
 *
 * Input that could not be stored and read back (TokenSyntax) is refused before anything is
 * sent. Once the server grants the sign-in, the operation is StoreSignIn: it cannot be
 * cancelled or replaced, and stores the sign-in through SessionVault::storeSignIn(), ends the
 * leftovers the vault names (the replaced account among them), announces it, and only then
 * reports signedIn(). A store that cannot keep it: the session goes on in memory, or, without
 * the in-memory fallback, the tokens are revoked and the sign-in fails.
 *
 * States: SigningIn, then Active; on failure, back to the session held before (if it is still
 * valid), ReauthenticationRequired (if that is what came before) or SignedOut.
 */
class SignInOperation : public SessionOperation
{
    Q_OBJECT
public:
    enum class Credential { Password, ApiKey };

    /*! \brief \a rememberKey: the API key is kept with the session (Credential::ApiKey). */
    SignInOperation(SessionPrivate *d, Credential credential, const QString &account,
                    const Secret &secret, bool rememberKey = false);
    Kind kind() const override { return m_granted ? Kind::StoreSignIn : Kind::SignIn; }

private:
    void run() override;
    bool refuseInput();
    void onOutcome(const AuthOutcome &outcome);
    void onStored(const StoredSession &next, const TokenStore::Result &result,
                  const AccountPointer &pointer);
    void notStored(const StoredSession &next, const TokenStore::Result &result);
    void undo(const StoredSession &next, const TokenStore::Result &result);
    void activate();
    void failed(Session::Error error, const QString &text);

    const Credential m_credential;
    const QString m_account;
    const Secret m_secret;
    const bool m_rememberKey;
    bool m_granted = false; //!< the server granted it: too late to cancel
};

} // namespace Tessera
