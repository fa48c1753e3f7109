// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "childlines.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>

namespace Tessera::Test {

/*!
 * \brief One tessera-session-peer process, as the sharing tests see it: the last state it
 * reported (and when it first reported each state), the fingerprint of its access token, and
 * the events, errors and request results it announced.
 *
 * Everything the peer writes to stderr (its log lines) is copied to this process's stderr as it
 * arrives, prefixed with "peer <pid>:", so that the test's log holds it and the secret scan
 * sees it; diagnostics() keeps the last of it for failure messages.
 */
class PeerProcess : public QObject
{
    Q_OBJECT
public:
    /*! \brief \a environment: variables to set for the peer (e.g. XDG_RUNTIME_DIR). */
    explicit PeerProcess(const QString &profilePath, QObject *parent = nullptr,
                         const QProcessEnvironment &environment = QProcessEnvironment());
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
    /*! \brief The states it went through, in order (repeated reports of one state once). */
    QByteArrayList states() const { return m_states; }
    /*! \brief When \a state was last entered, in ms on the shared clock (now()); -1 if never. */
    qint64 enteredAt(const QByteArray &state) const { return m_enteredAt.value(state, -1); }
    /*! \brief The result of the last `requests` command: succeeded, failed; -1 while running. */
    int requestsSucceeded() const { return m_succeeded; }
    int requestsFailed() const { return m_failed; }
    QByteArray diagnostics() const { return m_lines.diagnostics(); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_pid; }

    /*! \brief A monotonic clock shared by every PeerProcess of this test process, in ms. */
    static qint64 now();

private:
    void readLine(const QByteArray &line);

    QString m_profilePath;
    QProcess m_process;
    ChildLines m_lines;
    QByteArray m_state;
    QByteArray m_token;
    QByteArray m_user;
    QByteArrayList m_states;
    QHash<QByteArray, qint64> m_enteredAt;
    QByteArrayList m_events;
    QByteArrayList m_errors;
    qint64 m_pid = 0;
    int m_succeeded = -1;
    int m_failed = -1;
};

} // namespace Tessera::Test
