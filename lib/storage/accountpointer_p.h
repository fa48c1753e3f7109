// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QString>
#include <QStringList>

namespace Tessera {

/*!
 * \brief The profile's account pointer (stored under currentAccountKey()): the account signed
 * in, and the accounts whose session entries a sign-in may leave behind.
 *
 * A sign-in writes, one after another: this pointer, naming the new account as a leftover
 * ("about to be written"); the new account's session entry; this pointer again, naming the new
 * account as current and the one it replaces as a leftover. Only once a leftover is ended
 * (revoked on the server, best effort, and removed) does the pointer stop naming it. A process
 * killed anywhere in between leaves every entry it wrote findable: the next restore or sign-in
 * ends the leftovers of a writer that no longer runs before anything else, so that no live
 * tokens stay in the store with nothing pointing to them. A restore leaves the leftovers of a
 * writer that still runs alone (they are being written); a sign-in, the newer, ends them too.
 *
 * Stored as the plain UTF-8 user name when there are no leftovers (as it always was), else as
 * a JSON object `{"current":…,"leftovers":[…],"pid":…}`.
 */
struct TESSERACORE_AUTOTEST_EXPORT AccountPointer
{
    QString current; //!< empty: no account is signed in
    QStringList leftovers; //!< never holds current, an empty name, or a name twice
    qint64 writer = 0; //!< the process that wrote the leftovers; 0: unknown

    /*! \brief Lists \a account as a leftover of this process, unless it is current, empty or
     *  listed already. */
    void addLeftover(const QString &account);
    /*! \brief The leftovers are another process's, being written: that process still runs. */
    bool leftoversInProgressElsewhere() const;
    /*! \brief Lists \a account as a leftover, unless it is current, empty or listed already;
     *  the writer stays as it is (for a pointer read back). */
    void keepLeftover(const QString &account);
    bool operator==(const AccountPointer &other) const
    {
        return current == other.current && leftovers == other.leftovers && writer == other.writer;
    }
};

/*! \brief The pointer in \a data; an unreadable one names no account, and a name no sign-in
 *  could have stored (TokenSyntax::userProblem(), or not UTF-8) is no account either. */
TESSERACORE_AUTOTEST_EXPORT AccountPointer parseAccountPointer(const Secret &data);
TESSERACORE_AUTOTEST_EXPORT Secret serializeAccountPointer(const AccountPointer &pointer);

} // namespace Tessera
