// SPDX-License-Identifier: BSD-3-Clause
#include "stdinlines.h"

#include <QCoreApplication>

#include <unistd.h>

namespace Tessera::Test {

StdinLines::StdinLines(Handler handler)
    : m_handler(std::move(handler))
    , m_notifier(STDIN_FILENO, QSocketNotifier::Read)
{
    QObject::connect(&m_notifier, &QSocketNotifier::activated, &m_notifier,
                     [this] { readAvailable(); });
}

void StdinLines::readAvailable()
{
    char chunk[4096];
    const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (got <= 0) {
        m_notifier.setEnabled(false);
        QCoreApplication::quit();
        return;
    }
    m_buffered.append(chunk, got);
    qsizetype end;
    while ((end = m_buffered.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffered.left(end);
        m_buffered.remove(0, end + 1);
        m_handler(line);
    }
}

} // namespace Tessera::Test
