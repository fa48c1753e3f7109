// SPDX-License-Identifier: BSD-3-Clause
#include "peerprocess.h"

#include <cstdio>

namespace Tessera::Test {

namespace {
constexpr qsizetype keptDiagnostics = 8000;
}

PeerProcess::PeerProcess(const QString &profilePath, QObject *parent,
                         const QProcessEnvironment &environment)
    : QObject(parent)
    , m_profilePath(profilePath)
{
    if (!environment.isEmpty()) {
        QProcessEnvironment merged = QProcessEnvironment::systemEnvironment();
        merged.insert(environment);
        m_process.setProcessEnvironment(merged);
    }
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &PeerProcess::readLines);
    connect(&m_process, &QProcess::readyReadStandardError, this, &PeerProcess::forwardErrors);
}

PeerProcess::~PeerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        send("quit");
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    forwardErrors();
    if (!m_errBuffer.isEmpty()) {
        m_errBuffer += '\n';
        forwardErrors();
    }
}

qint64 PeerProcess::now()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

bool PeerProcess::start()
{
    m_process.start(QStringLiteral(TESSERA_SESSION_PEER_PATH), {m_profilePath});
    const bool started = m_process.waitForStarted(10000);
    m_pid = m_process.processId();
    return started;
}

void PeerProcess::send(const QByteArray &line)
{
    m_process.write(line + '\n');
}

void PeerProcess::signIn(const QString &user, const QByteArray &password)
{
    send("signin " + user.toUtf8() + '\n' + password);
}

void PeerProcess::killHard()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

// Whole lines, each prefixed with the peer's PID, so that the peers' logs stay readable when
// they interleave in the test's output.
void PeerProcess::forwardErrors()
{
    const QByteArray chunk = m_process.readAllStandardError();
    m_stderr = (m_stderr + chunk).right(keptDiagnostics);
    m_errBuffer += chunk;
    const QByteArray prefix = "peer " + QByteArray::number(m_pid) + ": ";
    qsizetype end;
    while ((end = m_errBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = prefix + m_errBuffer.left(end + 1);
        m_errBuffer.remove(0, end + 1);
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    }
    std::fflush(stderr);
}

void PeerProcess::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype end;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        const QByteArrayList words = line.split(' ');
        if (words.size() == 6 && words.at(0) == "state") {
            if (m_state != words.at(1)) {
                m_states.append(words.at(1));
                m_enteredAt.insert(words.at(1), now());
            }
            m_state = words.at(1);
            m_token = words.at(3);
            m_user = words.at(5);
        } else if (words.size() == 2 && words.at(0) == "event") {
            m_events.append(words.at(1));
        } else if (words.size() == 2 && words.at(0) == "error") {
            m_errors.append(words.at(1));
        } else if (words.size() == 3 && words.at(0) == "requests") {
            m_succeeded = words.at(1).toInt();
            m_failed = words.at(2).toInt();
        } else if (words.size() == 3 && words.at(0) == "reply") {
            m_errors.append("reply:" + words.at(1) + ':' + words.at(2));
        }
    }
}

} // namespace Tessera::Test
