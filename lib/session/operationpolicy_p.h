// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "sessionoperation_p.h"

#include <optional>

namespace Tessera {

/*!
 * \brief What a call to a Session does while one of its operations runs: the one answer to
 * "what if this comes while that is still going on". Pure: the same inputs, the same answer.
 * SessionPrivate::request() is the one place that applies it.
 *
 * | running \ call | restore | signIn | signOut | refresh | cancel | change elsewhere |
 * |----------------|---------|--------|---------|---------|--------|------------------|
 * | nothing        | Start   | Start  | Start   | Start¹  | Refuse | Start            |
 * | Restore        | Start   | Start  | Wait    | Refuse  | Refuse | Wait             |
 * | SignIn         | Start   | Start  | Start   | Refuse  | Start  | Wait             |
 * | StoreSignIn    | Wait    | Wait   | Wait    | Refuse  | Refuse | Wait             |
 * | Refresh        | Start   | Start  | Start   | Ignore  | Refuse | Wait             |
 * | SignOut        | Wait    | Wait   | Ignore  | Refuse  | Refuse | Wait             |
 * | Follow         | Start   | Start  | Start   | Start   | Refuse | Start            |
 * | Expire         | Start   | Start  | Start   | Ignore  | Refuse | Wait             |
 *
 * - **Start**: the call starts its operation now; the one running is destroyed (its exchange
 *   aborted, its callbacks dropped). A cancel() ends the sign-in as cancelled.
 * - **Wait**: the call is done once the running operation has ended. Of several calls that
 *   wait, the last is the one done; a change announced elsewhere waits beside it.
 * - **Ignore**: the running operation does what the call asks already.
 * - **Refuse**: the call does nothing: refresh() reports Error::NotSignedIn, cancel() returns
 *   false.
 *
 * Why: what would leave live tokens that nobody can end is never abandoned half-way. A sign-in
 * the server has granted is stored to the end (StoreSignIn): abandoned, it would leave tokens in
 * the store that nothing points to. A sign-out is finished (SignOut): it wipes the store before
 * it revokes, so abandoned it would leave tokens valid at the server that no store holds. A
 * sign-out during a restore waits for it: until the restore has read the account pointer,
 * nobody knows which account's entry to end. Everything else a user asks for replaces what
 * runs: the newest request is what the user wants, and every other operation leaves the store
 * consistent at each of its steps. A change made
 * by another process is looked at only between operations, because each operation reads the
 * store itself (a refresh under the lock) and would otherwise race the follow-up read.
 *
 * ¹ With nothing running, refresh() starts only in a state that holds a session (Active,
 * RefreshRetrying, WaitingForNetwork); that is the session's state, not this policy.
 */
namespace OperationPolicy {

enum class Call {
    Restore,
    SignIn, //!< with a password or an API key
    SignOut,
    Refresh, //!< refresh(), or a refresh that falls due
    Cancel,
    ChangeElsewhere, //!< another process announced a change of the stored session
};

enum class Answer {
    Start,
    Wait,
    Ignore,
    Refuse,
};

/*! \brief The answer to \a call while \a running runs (nullopt: nothing runs). */
TESSERACORE_AUTOTEST_EXPORT Answer admit(std::optional<SessionOperation::Kind> running, Call call);

} // namespace OperationPolicy
} // namespace Tessera
