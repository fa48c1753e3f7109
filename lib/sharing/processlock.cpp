// SPDX-License-Identifier: BSD-3-Clause
#include "processlock_p.h"

#include "logging_p.h"
#include "sharingdirectory_p.h"

#include <QFileInfo>

namespace Tessera {

namespace {
constexpr std::chrono::milliseconds firstRetry {10};
constexpr std::chrono::milliseconds longestRetry {200};
// A lock file older than staleAfter whose holder is dead but whose PID was reused is taken over
// (see the class documentation); this margin covers the last retry step.
constexpr std::chrono::milliseconds giveUpMargin {2000};
} // namespace

ProcessLock::ProcessLock(const QString &path, std::chrono::milliseconds staleAfter, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_file(path)
    , m_staleAfter(staleAfter)
{
    m_file.setStaleLockTime(staleAfter);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ProcessLock::attempt);
}

ProcessLock::~ProcessLock()
{
    release();
}

void ProcessLock::acquire(Handler handler)
{
    m_handler = std::move(handler);
    m_delay = std::chrono::milliseconds(0);
    m_waited = std::chrono::milliseconds(0);
    // Always from the event loop, so that callers see the same order either way.
    m_retry.start(0);
}

void ProcessLock::release()
{
    m_retry.stop();
    m_handler = nullptr;
    if (!m_held)
        return;
    m_file.unlock();
    m_held = false;
    qCDebug(lcShare) << "released" << QFileInfo(m_path).fileName();
}

void ProcessLock::attempt()
{
    if (m_held) {
        finish(true);
        return;
    }
    const QString problem = SharingDirectory::ensurePrivate(QFileInfo(m_path).absolutePath(),
                                                            SharingDirectory::currentUser());
    if (!problem.isEmpty()) {
        qCWarning(lcShare).noquote() << "cannot take the lock:" << problem;
        finish(false);
        return;
    }
    if (m_file.tryLock(0)) {
        m_held = true;
        qCDebug(lcShare) << "acquired" << QFileInfo(m_path).fileName() << "after"
                         << m_waited.count() << "ms";
        finish(true);
        return;
    }
    if (m_file.error() != QLockFile::LockFailedError || m_waited > m_staleAfter + giveUpMargin) {
        qCWarning(lcShare) << "could not take the lock" << m_path << "error" << m_file.error()
                           << "after" << m_waited.count() << "ms";
        finish(false);
        return;
    }
    m_delay = std::min(longestRetry, std::max(firstRetry, m_delay * 2));
    m_waited += m_delay;
    m_retry.start(m_delay);
}

void ProcessLock::finish(bool acquired)
{
    Handler handler = std::move(m_handler);
    m_handler = nullptr;
    if (handler)
        handler(acquired);
}

} // namespace Tessera
