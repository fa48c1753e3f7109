// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>

#include <functional>

namespace Tessera::Test {

/*!
 * \brief The lines of a child process, as the test helpers that run one (FleetMachineProcess,
 * PeerProcess) read them: each whole line of its stdout, without the '\n', handed to a callback;
 * each whole line of its stderr copied to this process's stderr behind a prefix (so that the
 * logs of several children stay readable when they interleave in the test's output, and the
 * secret scan sees them), and the last bytes of its stderr kept for failure messages.
 *
 * Lines are read as the process announces them (readyReadStandardOutput,
 * readyReadStandardError). finish() forwards what is left of stderr once the process is gone.
 */
class ChildLines : public QObject
{
public:
    using LineHandler = std::function<void(const QByteArray &line)>;

    /*! \brief \a onLine: called with each stdout line; \a kept: the bytes of stderr kept. */
    ChildLines(QProcess &process, const QByteArray &prefix, LineHandler onLine,
               qsizetype kept = 8000);

    /*! \brief What each forwarded stderr line starts with (e.g. "peer 1234: "). */
    void setPrefix(const QByteArray &prefix) { m_prefix = prefix; }
    /*! \brief The last bytes the process wrote to stderr. */
    QByteArray diagnostics() const { return m_stderr; }
    /*! \brief Forwards the rest of stderr, an unfinished last line with a '\n' added. */
    void finish();

private:
    void readLines();
    void forwardErrors();

    QProcess &m_process;
    QByteArray m_prefix;
    LineHandler m_onLine;
    const qsizetype m_kept;
    QByteArray m_buffer;
    QByteArray m_errBuffer;
    QByteArray m_stderr;
};

} // namespace Tessera::Test
