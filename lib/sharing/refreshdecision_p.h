// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "storedsession_p.h"

#include <QString>

#include <optional>

namespace Tessera {

/*!
 * \brief What a process finds once it holds (or gave up waiting for) the refresh lock of a
 * session that processes share.
 */
struct LockedRead
{
    bool unshared = false; //!< the session is not (or no longer) shared: nothing to lock
    bool locked = false; //!< the lock is held; false: it could not be had
    bool answered = false; //!< the store answered: an entry (see stored) or none (removed)
    bool removed = false; //!< nothing is stored for this account
    std::optional<StoredSession> stored; //!< the stored entry, if there is a readable one
    QString problem; //!< why the store did not answer; never secret data
    quint64 unsavedElsewhere = 0; //!< a generation another process holds but could not store
};

/*!
 * \brief The decision a process takes under the refresh lock: refresh with its own tokens, take
 * the stored ones, stop, store its own first, or wait. Pure: the same inputs, the same answer.
 *
 * A refresh token may be sent only by the one process that knows it is the newest: never
 * without the lock, never when the store could not be read (unless this process's own tokens
 * never reached the store, so that nobody else can have them), never when another process
 * announced a rotation that the store does not have. In order, the first that applies:
 *
 * | what was found under the lock                                   | decision  |
 * |-----------------------------------------------------------------|-----------|
 * | the session is not shared                                       | Proceed   |
 * | the lock could not be had                                       | HoldBack  |
 * | nothing is stored for the account (signed out elsewhere)        | Ended     |
 * | the store did not answer, and the held tokens were never saved  | Proceed   |
 * | the store did not answer                                        | HoldBack  |
 * | the stored session supersedes the held one (supersedes())       | Adopt     |
 * | another process announced a newer rotation it could not store   | HoldBack  |
 * | the stored session is older than the held one                   | SaveFirst |
 * | otherwise (the store holds the held tokens)                     | Proceed   |
 */
namespace RefreshDecision {

enum class Action {
    Proceed, //!< refresh with the held tokens
    Adopt, //!< use the stored tokens instead: another process renewed the session
    Ended, //!< the session ended elsewhere
    SaveFirst, //!< store the held (newer) tokens, then refresh
    HoldBack, //!< neither refresh nor adopt now: retry later
};

/*!
 * \brief Whether \a stored should replace \a held (empty: no tokens held): it is of a later
 * generation, or of the same one with other tokens (only two sign-ins in the same millisecond
 * make that; the store, which everyone shares, then wins). An older stored session never
 * replaces newer tokens: its refresh token has been used already, and sending it again revokes
 * the session.
 */
TESSERACORE_AUTOTEST_EXPORT bool supersedes(const StoredSession &stored, const StoredSession &held);

/*!
 * \brief The decision for \a read, for a process holding \a held; \a heldSaved is false when
 * the held tokens never reached the store (its last write failed).
 */
TESSERACORE_AUTOTEST_EXPORT Action decide(const LockedRead &read, const StoredSession &held,
                                          bool heldSaved);

} // namespace RefreshDecision
} // namespace Tessera
