// SPDX-License-Identifier: BSD-3-Clause
#include "peerprocess.h"

namespace Tessera::Test {

PeerProcess::PeerProcess(const QString &profilePath, QObject *parent)
    : QObject(parent)
    , m_profilePath(profilePath)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &PeerProcess::readLines);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process.readAllStandardError(); });
}

PeerProcess::~PeerProcess()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    send("quit");
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

bool PeerProcess::start()
{
    m_process.start(QStringLiteral(TESSERA_SESSION_PEER_PATH), {m_profilePath});
    return m_process.waitForStarted(10000);
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

void PeerProcess::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype end;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        const QByteArrayList words = line.split(' ');
        if (words.size() == 6 && words.at(0) == "state") {
            m_state = words.at(1);
            m_token = words.at(3);
            m_user = words.at(5);
        } else if (words.size() == 2 && words.at(0) == "event") {
            m_events.append(words.at(1));
        } else if (words.size() == 2 && words.at(0) == "error") {
            m_errors.append(words.at(1));
        }
    }
}

} // namespace Tessera::Test
