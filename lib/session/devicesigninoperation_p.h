// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "deviceauthorization_p.h"
#include "signinoperation_p.h"

namespace Tessera {

class Alarm;

/*!
 * \brief Signs in with a device code (RFC 8628): the user opens a URL on any device and types
 * a code there, while this one polls the token endpoint.
 *
 * 1. The endpoints (SignInOperation): a device authorization and a token endpoint are needed.
 * 2. The device authorization request; its answer is read by parseDeviceAuthorization(). The
 *    verification URL and the user code become the session's SignInPrompt (EnterCode).
 * 3. Polls, each one interval after the answer to the last (an alarm on the session's clock, so
 *    no busy timer, and tests move time by hand): decidePoll() says what an answer means.
 *    authorization_pending polls again; slow_down adds 5 s to the interval for good; a grant is
 *    stored by SignInOperation; access_denied, expired_token and other errors fail the sign-in
 *    with a message. A transient failure (the network, 5xx, 429) is polled again at the
 *    interval: the code's lifetime bounds it.
 * 4. The code's expiry, or the profile's sign-in timeout if sooner (decideLifetime()), fails it
 *    with Error::Timeout. Cancel and replacement stop the polling at once.
 *
 * The device code lives in a Secret and only ever goes to the token endpoint.
 */
class DeviceSignInOperation : public SignInOperation
{
    Q_OBJECT
public:
    explicit DeviceSignInOperation(SessionPrivate *d);

private:
    void authorize() override;
    void onAuthorization(const AuthOutcome &outcome);
    void poll();
    void onPoll(const AuthOutcome &outcome);
    void pollLater();

    Alarm *m_alarm = nullptr;
    DeviceAuthorization m_authorization;
    QDateTime m_stopAt; //!< the code's expiry, or the sign-in timeout if sooner
};

} // namespace Tessera
