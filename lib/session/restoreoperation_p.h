// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sessionoperation_p.h"

namespace Tessera {

struct AccountPointer;

/*!
 * \brief Picks up the stored session: of the account given, or of the one the account pointer
 * names. What a sign-in cut short left behind (the pointer's leftovers) is ended first, unless
 * the process writing it still runs. State: Restoring, then whatever the tokens found allow
 * (SessionPrivate::evaluate()), SignedOut when there are none, or ReauthenticationRequired when
 * the pointer outlived them (the session expired).
 */
class RestoreOperation : public SessionOperation
{
    Q_OBJECT
public:
    /*! \brief \a account empty: the account the pointer names. */
    RestoreOperation(SessionPrivate *d, const QString &account);
    Kind kind() const override { return Kind::Restore; }

private:
    void run() override;
    void restoreFromPointer(const AccountPointer &pointer);
    void restoreAccount(const QString &account, bool fromAccountPointer);
    void signedOut();

    const QString m_account;
};

} // namespace Tessera
