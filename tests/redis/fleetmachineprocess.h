// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "childlines.h"

#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QProcess>
#include <QTemporaryDir>

namespace Tessera::Test {

/*!
 * \brief One tessera-fleet-machine process, as the fleet tests and the benchmark see it: what it
 * last reported (state, token fingerprint, user), and every token, state and event with the time
 * the machine gave it.
 *
 * Each machine gets a home of its own (HOME, XDG_RUNTIME_DIR mode 0700, XDG_DATA_HOME,
 * XDG_CONFIG_HOME, XDG_CACHE_HOME in a temporary directory) and no D-Bus session bus, so that no
 * runtime directory, lock file, notice file or keyring is shared: Redis is the only thing two
 * machines have in common.
 *
 * What the machine writes to stderr (its log) is copied to this process's stderr line by line,
 * prefixed with "machine <n>:", so that the test's log holds it and the secret scan sees it.
 * Times are CLOCK_MONOTONIC in µs, the same clock as now().
 */
class FleetMachineProcess : public QObject
{
    Q_OBJECT
public:
    /*! \brief Something the machine reported, with its time. */
    struct Event
    {
        QByteArray kind; //!< refreshed, adopted, signedin, signedout
        QByteArray token; //!< the fingerprint it came with (refreshed, adopted)
        qint64 at = 0;
    };

    FleetMachineProcess(const QString &profilePath, int number, QObject *parent = nullptr);
    ~FleetMachineProcess() override;

    bool start();
    void send(const QByteArray &line);
    void signIn(const QString &user, const QByteArray &password);
    /*! \brief SIGKILL: no clean-up of any kind, no lock released. */
    void killHard();

    int number() const { return m_number; }
    bool isReady() const { return m_ready; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QByteArray state() const { return m_state; }
    QByteArray token() const { return m_token; }
    QByteArray user() const { return m_user; }
    /*! \brief The states it went through, in order. */
    QByteArrayList states() const { return m_states; }
    /*! \brief When it last entered \a state (µs), -1 if never. */
    qint64 enteredAt(const QByteArray &state) const { return m_enteredAt.value(state, -1); }
    /*! \brief The fingerprints of the tokens it held, in order ("-" for none). */
    QByteArrayList tokens() const { return m_tokens; }
    /*! \brief When it started holding the token \a fingerprint (µs), -1 if never. */
    qint64 heldSince(const QByteArray &fingerprint) const
    {
        return m_heldSince.value(fingerprint, -1);
    }
    QList<Event> events() const { return m_events; }
    int count(const QByteArray &kind) const;
    /*! \brief The errors it reported: "<Error> <text>", in order. */
    QByteArrayList errors() const { return m_errors; }
    /*! \brief The last lines of its log, for failure messages. */
    QByteArray diagnostics() const { return m_lines.diagnostics(); }
    /*! \brief "machine 3: Active token 1a2b3c4d5e6f7a8b user alice". */
    QByteArray describe() const;

    /*! \brief CLOCK_MONOTONIC in µs. */
    static qint64 now();

private:
    void readLine(const QByteArray &line);

    const int m_number;
    QString m_profilePath;
    QTemporaryDir m_home;
    QProcess m_process;
    ChildLines m_lines;
    bool m_ready = false;
    QByteArray m_state;
    QByteArray m_token = "-";
    QByteArray m_user;
    QByteArrayList m_states;
    QHash<QByteArray, qint64> m_enteredAt;
    QByteArrayList m_tokens;
    QHash<QByteArray, qint64> m_heldSince;
    QList<Event> m_events;
    QByteArrayList m_errors;
};

} // namespace Tessera::Test
