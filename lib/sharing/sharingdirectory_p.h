// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QString>

namespace Tessera::SharingDirectory {

/*!
 * \brief Where the processes of one user meet: the directory of the refresh locks and change
 * notices, or why there is none.
 */
struct Location
{
    QString path; //!< empty: no usable directory; the session stays private to the process
    QString problem; //!< why there is none; never contains secret data
    bool isUsable() const { return !path.isEmpty(); }
};

/*!
 * \brief Picks the directory, the same one whatever the process's environment as far as
 * possible: `$XDG_RUNTIME_DIR/tessera` if that variable names a private directory (owned by
 * this user, no access for group or others), else `/run/user/<uid>/tessera` if that is one
 * (where a systemd login puts XDG_RUNTIME_DIR, so a process started without the variable —
 * cron, ssh, sudo — still meets the desktop's processes), else `/tmp/tessera-<uid>`. The
 * directory is created with mode 0700; one that is owned by someone else, is a symbolic link
 * or is open to group or others is refused, never repaired or used.
 */
TESSERACORE_AUTOTEST_EXPORT Location locate();

/*!
 * \brief Checks that \a path is a real directory (not a symbolic link) owned by \a uid, with
 * no permissions for group or others. Returns an empty string if so, else the problem.
 */
TESSERACORE_AUTOTEST_EXPORT QString checkPrivate(const QString &path, uint uid);

/*!
 * \brief Creates \a path (and missing parents) with mode 0700 if it does not exist, then
 * checkPrivate()s it. Returns an empty string on success, else the problem.
 */
TESSERACORE_AUTOTEST_EXPORT QString ensurePrivate(const QString &path, uint uid);

/*! \brief This process's real user id. */
TESSERACORE_AUTOTEST_EXPORT uint currentUser();

} // namespace Tessera::SharingDirectory
