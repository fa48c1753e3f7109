// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QLockFile>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Tessera {

/*!
 * \brief An inter-process lock (a QLockFile) taken without blocking the event loop.
 *
 * acquire() tries at once and then again on a short, growing interval while another process
 * holds the lock; it never blocks. The lock's directory is created with mode 0700 and must be
 * private to this user (SharingDirectory::ensurePrivate()); otherwise acquire() fails.
 *
 * How a lock left behind is recovered (this is QLockFile's doing): the lock file records the
 * holder's PID, the file name of its executable, the host name and the machine and boot ids,
 * and the holder keeps an flock() on the file for as long as it holds the lock. A waiter that
 * finds the file deems it stale when, on this host, the boot id is not the current one, or no
 * process has that PID, or the process that has it runs a different executable (the PID was
 * reused); or else when the file is older than staleAfter — the only way out when the PID was
 * reused by a process running the same executable (another tessera-tray, say). A stale file
 * is removed only if the waiter can flock() it, and that succeeds only once the holder's file
 * descriptor is closed: the kernel drops a dead process's flock() (the file itself stays until
 * a waiter removes it), so the next attempt after a holder died takes the lock, while a live
 * holder, however slow or hung and however old its lock file, is never displaced.
 *
 * A waiter therefore gives up after staleAfter plus a margin and is told so (acquired =
 * false); what it does then is up to it (Session does not refresh without the lock).
 */
class TESSERACORE_AUTOTEST_EXPORT ProcessLock : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(bool acquired)>;

    ProcessLock(const QString &path, std::chrono::milliseconds staleAfter,
                QObject *parent = nullptr);
    ~ProcessLock() override;

    /*!
     * \brief Calls \a handler (from the event loop, never from inside this call) once the lock
     * is held, with false if it could not be had within staleAfter plus a margin (a hung
     * holder) or at all (the lock directory is not writable or not private, say). A second
     * acquire() while one is pending replaces the pending handler; acquire() while the lock is held
     * reports success at once.
     */
    void acquire(Handler handler);
    /*! \brief Releases the lock if held, and drops a pending acquire(). */
    void release();
    bool isHeld() const { return m_held; }
    QString path() const { return m_path; }

private:
    void attempt();
    void finish(bool acquired);

    QString m_path;
    QLockFile m_file;
    QTimer m_retry;
    Handler m_handler;
    std::chrono::milliseconds m_staleAfter;
    std::chrono::milliseconds m_delay {0};
    std::chrono::milliseconds m_waited {0};
    bool m_held = false;
};

} // namespace Tessera
