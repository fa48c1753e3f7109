// SPDX-License-Identifier: BSD-3-Clause
#include "fleetmachineprocess.h"

#include <QDir>
#include <QFile>

#include <chrono>

namespace Tessera::Test {

namespace {

// A machine's private directories, under its own temporary home.
QProcessEnvironment machineEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // No D-Bus session: no keyring, no Secret Service, nothing shared through one.
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    environment.insert(QStringLiteral("HOME"), home);
    const QList<std::pair<QString, QString>> directories {
            {QStringLiteral("XDG_RUNTIME_DIR"), QStringLiteral("/runtime")},
            {QStringLiteral("XDG_DATA_HOME"), QStringLiteral("/data")},
            {QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("/config")},
            {QStringLiteral("XDG_CACHE_HOME"), QStringLiteral("/cache")}};
    for (const auto &[variable, name] : directories) {
        const QString path = home + name;
        QDir().mkpath(path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                            | QFileDevice::ExeOwner);
        environment.insert(variable, path);
    }
    return environment;
}

} // namespace

FleetMachineProcess::FleetMachineProcess(const QString &profilePath, int number, QObject *parent)
    : QObject(parent)
    , m_number(number)
    , m_profilePath(profilePath)
    // Its log's lines prefixed with its number, so that the logs of several machines stay
    // readable when they interleave in the test's output.
    , m_lines(m_process, "machine " + QByteArray::number(number) + ": ",
              [this](const QByteArray &line) { readLine(line); })
{
    m_process.setProcessEnvironment(machineEnvironment(m_home.path()));
}

FleetMachineProcess::~FleetMachineProcess()
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

qint64 FleetMachineProcess::now()
{
    const auto since = std::chrono::steady_clock::now().time_since_epoch();
    return qint64(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

bool FleetMachineProcess::start()
{
    if (!m_home.isValid())
        return false;
    m_process.start(QStringLiteral(TESSERA_FLEET_MACHINE_PATH), {m_profilePath});
    return m_process.waitForStarted(10000);
}

void FleetMachineProcess::send(const QByteArray &line)
{
    m_process.write(line + '\n');
}

void FleetMachineProcess::signIn(const QString &user, const QByteArray &password)
{
    send("signin " + user.toUtf8() + ' ' + password);
}

void FleetMachineProcess::killHard()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

int FleetMachineProcess::count(const QByteArray &kind) const
{
    return int(std::count_if(m_events.begin(), m_events.end(),
                             [&kind](const Event &event) { return event.kind == kind; }));
}

QByteArray FleetMachineProcess::describe() const
{
    return "machine " + QByteArray::number(m_number) + ": " + (m_state.isEmpty() ? "-" : m_state)
           + " token " + m_token + " user " + (m_user.isEmpty() ? "-" : m_user) + " states "
           + m_states.join(',') + " errors " + m_errors.join(" | ");
}

void FleetMachineProcess::readLine(const QByteArray &line)
{
    const QByteArrayList words = line.split(' ');
    const QByteArray &kind = words.front();
    const qint64 at = words.size() >= 2 && words.at(words.size() - 2) == "at"
                              ? words.back().toLongLong()
                              : now();
    if (kind == "state" && words.size() == 8) {
        if (m_state != words.at(1)) {
            m_states.append(words.at(1));
            m_enteredAt.insert(words.at(1), at);
        }
        m_state = words.at(1);
        m_user = words.at(5) == "-" ? QByteArray() : words.at(5);
    } else if (kind == "ready" && words.size() == 6) {
        m_ready = true;
    } else if (kind == "token" && words.size() == 4) {
        m_token = words.at(1);
        m_tokens.append(m_token);
        if (!m_heldSince.contains(m_token))
            m_heldSince.insert(m_token, at);
    } else if ((kind == "refreshed" || kind == "adopted") && words.size() == 4) {
        m_events.append({kind, words.at(1), at});
    } else if (kind == "signedin" && words.size() == 4) {
        m_events.append({kind, m_token, at});
    } else if (kind == "signedout" && words.size() == 3) {
        m_events.append({kind, m_token, at});
    } else if (kind == "error" && words.size() >= 2) {
        m_errors.append(line.mid(6));
    }
}

} // namespace Tessera::Test
