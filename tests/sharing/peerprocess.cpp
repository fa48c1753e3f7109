// SPDX-License-Identifier: BSD-3-Clause
#include "peerprocess.h"

namespace Tessera::Test {

PeerProcess::PeerProcess(const QString &profilePath, QObject *parent,
                         const QProcessEnvironment &environment)
    : QObject(parent)
    , m_profilePath(profilePath)
    // Its log's lines prefixed with its PID (set by start()), so that the peers' logs stay
    // readable when they interleave in the test's output.
    , m_lines(m_process, "peer 0: ", [this](const QByteArray &line) { readLine(line); })
{
    if (!environment.isEmpty()) {
        QProcessEnvironment merged = QProcessEnvironment::systemEnvironment();
        merged.insert(environment);
        m_process.setProcessEnvironment(merged);
    }
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
    m_lines.finish();
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
    m_lines.setPrefix("peer " + QByteArray::number(m_pid) + ": ");
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

void PeerProcess::readLine(const QByteArray &line)
{
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

} // namespace Tessera::Test
