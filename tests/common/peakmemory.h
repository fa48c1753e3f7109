// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QFile>

#if defined(__GLIBC__)
#    include <malloc.h>
#endif

namespace Tessera::Test {

/*!
 * \brief The process's peak resident memory over a stretch of code, from Linux's
 * /proc/self/status (VmHWM, reset through /proc/self/clear_refs).
 *
 * start() hands the heap's free memory back to the system first (glibc's malloc_trim), so that
 * what the code measured allocates shows as growth even where an earlier allocation left free
 * memory behind. growth() is the peak since start() minus the resident memory at start().
 */
class PeakMemory
{
public:
    /*! \brief False where the peak cannot be reset (not Linux, or an old kernel). */
    bool start()
    {
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (!clear.open(QIODevice::WriteOnly) || clear.write("5") != 1)
            return false;
        clear.close();
        m_before = field("VmRSS:");
        return m_before > 0 && field("VmHWM:") >= m_before;
    }

    /*! \brief Bytes: the peak resident memory since start() above what was resident then. */
    qint64 growth() const
    {
        return field("VmHWM:") - m_before;
    }
    /*! \brief Bytes: the peak resident memory since start(). */
    static qint64 peak()
    {
        return field("VmHWM:");
    }
    static qint64 resident()
    {
        return field("VmRSS:");
    }

private:
    static qint64 field(const QByteArray &name)
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith(name))
                return line.mid(name.size()).trimmed().split(' ').value(0).toLongLong() * 1024;
        }
        return -1;
    }

    qint64 m_before = 0;
};

} // namespace Tessera::Test
