// SPDX-License-Identifier: BSD-3-Clause
#include "childlines.h"

#include <cstdio>
#include <utility>

namespace Tessera::Test {

ChildLines::ChildLines(QProcess &process, const QByteArray &prefix, LineHandler onLine,
                       qsizetype kept)
    : m_process(process)
    , m_prefix(prefix)
    , m_onLine(std::move(onLine))
    , m_kept(kept)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &ChildLines::readLines);
    connect(&m_process, &QProcess::readyReadStandardError, this, &ChildLines::forwardErrors);
}

void ChildLines::finish()
{
    forwardErrors();
    if (!m_errBuffer.isEmpty()) {
        m_errBuffer += '\n';
        forwardErrors();
    }
}

// Whole lines only, each behind the prefix.
void ChildLines::forwardErrors()
{
    const QByteArray chunk = m_process.readAllStandardError();
    m_stderr = (m_stderr + chunk).right(m_kept);
    m_errBuffer += chunk;
    qsizetype end;
    while ((end = m_errBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_prefix + m_errBuffer.left(end + 1);
        m_errBuffer.remove(0, end + 1);
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    }
    std::fflush(stderr);
}

void ChildLines::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype end;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        m_onLine(line);
    }
}

} // namespace Tessera::Test
