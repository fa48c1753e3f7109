// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QString>

#include <optional>

/*!
 * \brief Files that hold a secret of the user's (a sealing key, a Redis password): read only
 * when nobody else could have read or written them, created so that nobody else ever can.
 *
 * The rule is ssh's for a private key. The file must be a regular file (a directory, a FIFO, a
 * socket or a device is refused), belong to the user who runs the process, and give no
 * permission at all to its group or to others: mode 0600 or 0400 (0700 and the like are
 * accepted too; only the group and other bits are looked at).
 *
 * A symbolic link is followed, and the rule applies to the file it leads to: that is the file
 * whose bytes are used, so its owner and mode are what matter (a key file kept in a secrets
 * directory and linked from `~/.config/tessera` works). The link itself and the directories on
 * the way are not checked.
 *
 * The checks are made on the open file (`fstat()` of the descriptor read from), so the file
 * cannot be swapped between the check and the read. It is opened non-blocking, so a FIFO is
 * refused at once instead of waiting for a writer.
 *
 * Every problem is a sentence that starts with the path and says what is wrong; none holds a
 * byte of the file.
 */
namespace Tessera::PrivateFile {

/*! \brief The bytes of a file, or what is wrong with it. */
struct Contents
{
    std::optional<Secret> bytes; //!< set when the file passed every check and was read
    QString problem; //!< `<path> is readable by others (mode 0644; ...)`, ...; never content
};

/*!
 * \brief Reads \a path if it follows the rule above for user \a uid and holds at most
 * \a maxBytes bytes.
 */
TESSERACORE_AUTOTEST_EXPORT Contents read(const QString &path, qsizetype maxBytes, uint uid);

/*!
 * \brief Creates \a path with mode 0600 holding \a bytes, all at once or not at all. An existing
 * \a path, even a dangling symbolic link, is never overwritten or followed.
 *
 * The bytes go to a new temporary file next to \a path (`O_CREAT | O_EXCL`, mode 0600), are
 * flushed to disk, and the file is then hard-linked to \a path, which fails if \a path exists;
 * so another process sees either no file or the whole one, and two creators cannot both win.
 * The directory must exist. Returns an empty string on success, else the problem (the path and
 * the system's reason).
 */
TESSERACORE_AUTOTEST_EXPORT QString create(const QString &path, const Secret &bytes);

/*! \brief This process's real user id. */
TESSERACORE_AUTOTEST_EXPORT uint currentUser();

} // namespace Tessera::PrivateFile
