// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QSocketNotifier>

#include <functional>

namespace Tessera::Test {

/*!
 * \brief The commands a test's child process (a session peer, a fleet machine) reads from its
 * standard input: each line, without its '\n', to a handler, from the event loop. At the end of
 * the input (the test closed it, or went away) the application quits.
 */
class StdinLines
{
public:
    using Handler = std::function<void(const QByteArray &line)>;
    explicit StdinLines(Handler handler);

private:
    void readAvailable();

    Handler m_handler;
    QByteArray m_buffered; // an unfinished last line
    QSocketNotifier m_notifier;
};

} // namespace Tessera::Test
