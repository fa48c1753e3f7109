// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sessionoperation_p.h"

namespace Tessera {

struct LockedRead;
struct StoredSession;

/*!
 * \brief Signs out: revokes the session on the server (if the profile can) and wipes it.
 *
 * The local tokens and the stored session go at once, so that a sign-out killed while it waits
 * for the lock leaves no tokens behind. Then, under the coordinator's lock, the stored session is
 * wiped again and the server told, so that a refresh that was in flight in another process
 * cannot leave the session written back, and the freshest tokens are the ones revoked.
 *
 * States: SigningOut, then SignedOut (signedOut()), whatever the server or the store answered;
 * what failed is reported with the sign-out.
 */
class SignOutOperation : public SessionOperation
{
    Q_OBJECT
public:
    explicit SignOutOperation(SessionPrivate *d);
    Kind kind() const override { return Kind::SignOut; }

private:
    void run() override;
    void readFreshest(const StoredSession &held, std::function<void(const StoredSession &)> then);
    void wipeAndRevoke(const StoredSession &old);
};

} // namespace Tessera
