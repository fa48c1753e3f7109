// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "refreshdecision_p.h"
#include "sessionoperation_p.h"

#include <Tessera/session.h>

namespace Tessera {

/*!
 * \brief Renews the access token: with the refresh token, or, when there is none left (or the
 * server rejected it) and an API key is kept, by a silent new sign-in with the key.
 *
 * When the session is shared, the refresh runs under the coordinator's lock, and only when
 * RefreshDecision says so: otherwise the operation adopts the tokens another process stored,
 * ends the session that ended elsewhere, stores its own newer tokens first, or holds back and
 * retries later. The rotated refresh token reaches the store before the new access token is
 * used.
 *
 * States: Refreshing, then Active (refreshed()); RefreshRetrying or WaitingForNetwork on a
 * transient failure (SessionPrivate::retryLater()); ReauthenticationRequired when the refresh
 * token is gone (SessionPrivate::expire()).
 */
class RefreshOperation : public SessionOperation
{
    Q_OBJECT
public:
    explicit RefreshOperation(SessionPrivate *d);
    Kind kind() const override { return Kind::Refresh; }

private:
    void run() override;
    void onDecision(RefreshDecision::Action action, const LockedRead &read);
    void saveHeldThenRenew();
    void holdBack(const LockedRead &read);
    void endedWhileWaiting();
    void renew();
    void renewWithApiKey();
    void onRefreshOutcome(const AuthOutcome &outcome);
    void onRenewalOutcome(const AuthOutcome &outcome);
    void store(const StoredSession &next);
    void retryLater(const AuthOutcome &outcome);
};

} // namespace Tessera
