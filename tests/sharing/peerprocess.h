// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArrayList>
#include <QProcess>

namespace Tessera::Test {

/*!
 * \brief One tessera-session-peer process, as tst_shared_session sees it: the last state it
 * reported, the fingerprint of its access token, and the events it announced.
 */
class PeerProcess : public QObject
{
    Q_OBJECT
public:
    explicit PeerProcess(const QString &profilePath, QObject *parent = nullptr);
    ~PeerProcess() override;

    bool start();
    void send(const QByteArray &line);
    void signIn(const QString &user, const QByteArray &password);
    /*! \brief Kills the process outright (SIGKILL): no clean-up of any kind. */
    void killHard();

    QByteArray state() const { return m_state; }
    QByteArray token() const { return m_token; }
    QByteArray user() const { return m_user; }
    int events(const QByteArray &name) const { return int(m_events.count(name)); }
    QByteArrayList errors() const { return m_errors; }
    QByteArray diagnostics() const { return m_stderr; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }

private:
    void readLines();

    QString m_profilePath;
    QProcess m_process;
    QByteArray m_buffer;
    QByteArray m_state;
    QByteArray m_token;
    QByteArray m_user;
    QByteArrayList m_events;
    QByteArrayList m_errors;
    QByteArray m_stderr;
};

} // namespace Tessera::Test
