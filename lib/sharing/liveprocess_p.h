// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QtGlobal>

#include <cerrno>
#include <csignal>

namespace Tessera {

/*!
 * \brief True if a process with id \a pid runs on this machine: what tells a notice or a half-done
 * write of a live process from one that a dead process left behind. EPERM means one runs, as
 * another user (so the id was reused; not ours to judge): it counts as running.
 */
inline bool isProcessRunning(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace Tessera
