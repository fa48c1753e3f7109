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
 * holds the lock; it never blocks. A lock left behind by a process that died is recovered at
 * once (QLockFile checks the holder's PID and the OS lock on the file). A live holder keeps its
 * lock however long it takes, but a waiter gives up after staleAfter plus a margin and is told
 * so (acquired = false): a hung process cannot keep the others waiting for longer than that.
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
     * holder) or at all (the lock directory is not writable, say). A second acquire() while one is
     * pending replaces the pending handler; acquire() while the lock is held reports success at
     * once.
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
