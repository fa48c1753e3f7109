// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authorizationcallback_p.h"
#include "signinoperation_p.h"

#include <memory>

namespace Tessera {

class Alarm;
class LoopbackReceiver;

/*!
 * \brief Signs in through the user's browser: the authorization code grant with PKCE (RFC 6749
 * section 4.1, RFC 7636 S256), a loopback redirect (RFC 8252 section 7.3), and the issuer check
 * of RFC 9207.
 *
 * 1. The endpoints (SignInOperation): an authorization and a token endpoint are needed; a server
 *    whose metadata lists PKCE methods without S256 is refused.
 * 2. A LoopbackReceiver listens on 127.0.0.1 (the profile's redirect_port, else a free port); a
 *    port in use fails the sign-in at once, naming the port.
 * 3. A fresh verifier and a fresh 128-bit state (Pkce); the authorization URL is the session's
 *    SignInPrompt (OpenBrowser) until the browser comes back: the caller opens it.
 * 4. The receiver's verdict: a code is redeemed at the token endpoint with the verifier (and then
 *    SignInOperation stores the grant); a failure (access_denied, a wrong iss, ...) fails the
 *    sign-in with AuthorizationCallback's message. Requests with another state or path are
 *    answered and ignored.
 * 5. The profile's sign-in timeout (an alarm on the session's clock) fails it with
 *    Error::Timeout. Cancel, replacement and every failure destroy the receiver: the port is
 *    free whichever way the sign-in ends.
 *
 * The verifier and the code live in Secrets, and only ever go to the token endpoint.
 */
class BrowserSignInOperation : public SignInOperation
{
    Q_OBJECT
public:
    /*! \brief \a loginHint: sent as \c login_hint (re-authenticating a known user). */
    BrowserSignInOperation(SessionPrivate *d, const QString &loginHint);
    ~BrowserSignInOperation() override;

private:
    void authorize() override;
    void onVerdict(const AuthorizationCallback::Verdict &verdict);
    void onTimeout();

    const QString m_loginHint;
    std::unique_ptr<LoopbackReceiver> m_receiver;
    Alarm *m_deadline = nullptr;
    Secret m_verifier;
    QUrl m_redirectUri;
};

} // namespace Tessera
