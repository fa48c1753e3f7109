// SPDX-License-Identifier: BSD-3-Clause
#include "fleetfixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <cstdio>

namespace Tessera::Test {

namespace {

constexpr int kCliTimeoutMs = 10000;

RedisServerProcess::Options redisOptions()
{
    RedisServerProcess::Options options;
    options.password = RedisAccounts::password;
    return options;
}

bool writePrivateFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
           && file.write(content) == content.size();
}

} // namespace

FleetFixture::FleetFixture()
    : redis(redisOptions())
{ }

FleetFixture::~FleetFixture()
{
    stopMonitor();
}

bool FleetFixture::setUp(RedisUser user)
{
    if (!m_dir.isValid()) {
        qWarning("no temporary directory");
        return false;
    }
    return writeKeyFile() && writeCredentialsFile(user) && redis.start()
           && (user == RedisUser::Default || restrictAclUser()) && server.start();
}

// docs/fleet.md's ACL rule, word for word but the password (sent on stdin, never on argv).
bool FleetFixture::restrictAclUser()
{
    const QByteArray rule = "ACL SETUSER " + RedisAccounts::aclUser + " reset on >"
                            + RedisAccounts::aclPassword
                            + " ~tessera:* &tessera:* -@all +ping +hmget +set +eval +publish"
                              " +subscribe +del +get +hget +hset\n";
    if (redisCli({}, rule) == "OK")
        return true;
    qWarning("could not set up the restricted ACL user");
    return false;
}

// As docs/fleet.md tells an administrator to: `openssl rand -base64 32 > fleet.key`.
bool FleetFixture::writeKeyFile()
{
    m_keyFile = m_dir.filePath(QStringLiteral("fleet.key"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("rand"), QStringLiteral("-base64"), QStringLiteral("32")});
    if (!openssl.waitForFinished(10000) || openssl.exitCode() != 0) {
        qWarning("openssl rand failed");
        return false;
    }
    return writePrivateFile(m_keyFile, openssl.readAllStandardOutput());
}

bool FleetFixture::writeCredentialsFile(RedisUser user)
{
    m_credentialsFile = m_dir.filePath(QStringLiteral("redis.json"));
    const QJsonObject credentials =
            user == RedisUser::Default
                    ? QJsonObject {{QStringLiteral("password"),
                                    QString::fromLatin1(RedisAccounts::password)}}
                    : QJsonObject {
                            {QStringLiteral("user"), QString::fromLatin1(RedisAccounts::aclUser)},
                            {QStringLiteral("password"),
                             QString::fromLatin1(RedisAccounts::aclPassword)}};
    return writePrivateFile(m_credentialsFile, QJsonDocument(credentials).toJson());
}

void FleetFixture::reset()
{
    server.reset();
}

QString FleetFixture::writeProfile(const QJsonObject &overrides)
{
    m_profileId = QStringLiteral("fleet-%1").arg(++m_profiles);
    const QJsonObject store {{QStringLiteral("kind"), QStringLiteral("redis")},
                             {QStringLiteral("url"), redis.url().toString()},
                             {QStringLiteral("key_file"), m_keyFile},
                             {QStringLiteral("credentials_file"), m_credentialsFile}};
    QJsonObject json = server.profileJson(
            Profile::Dialect::Json, Profile::LoginKind::Password,
            {{QStringLiteral("id"), m_profileId}, {QStringLiteral("store"), store}});
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        json.insert(it.key(), it.value());
    m_profilePath = m_dir.filePath(m_profileId + QStringLiteral(".json"));
    QFile file(m_profilePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(m_profilePath));
    return m_profilePath;
}

Machines FleetFixture::startMachines(const QString &profile, int count, int timeoutMs)
{
    Machines machines;
    for (int i = 0; i < count; ++i) {
        machines.push_back(std::make_unique<FleetMachineProcess>(profile, i));
        if (!machines.back()->start()) {
            qWarning("machine %d did not start", i);
            return {};
        }
    }
    const bool ready = QTest::qWaitFor(
            [&] {
                return std::all_of(machines.begin(), machines.end(),
                                   [](const auto &machine) { return machine->isReady(); });
            },
            timeoutMs);
    if (!ready) {
        qWarning("not every machine got ready");
        printMachines(machines);
        return {};
    }
    return machines;
}

Machines FleetFixture::signedInMachines(int count, const QJsonObject &overrides)
{
    Machines machines = startMachines(writeProfile(overrides), count);
    if (machines.empty())
        return {};
    machines.front()->signIn(Accounts::alice, Accounts::alicePassword);
    if (!waitForAll(machines, "Active"))
        return {};
    return machines;
}

bool FleetFixture::waitForAll(const Machines &machines, const QByteArray &state, int timeoutMs)
{
    return waitForNewToken(machines, {}, timeoutMs, state);
}

bool FleetFixture::waitForNewToken(const Machines &machines, const QByteArrayList &old,
                                   int timeoutMs, const QByteArray &state)
{
    // Machines killed by the test are left out; at least one must be running.
    const auto agree = [&] {
        QByteArray token;
        for (const auto &machine : machines) {
            if (!machine->isRunning())
                continue;
            if (machine->state() != state)
                return false;
            if (token.isEmpty())
                token = machine->token();
            if (machine->token() != token)
                return false;
        }
        if (old.contains(token))
            return false;
        const bool tokenless = state == "SignedOut" || state == "ReauthenticationRequired";
        return tokenless ? token == "-" : !token.isEmpty() && token != "-";
    };
    if (QTest::qWaitFor(agree, timeoutMs))
        return true;
    qWarning("the machines did not all reach %s with one new token within %d ms", state.constData(),
             timeoutMs);
    printMachines(machines);
    return false;
}

void FleetFixture::printMachines(const Machines &machines)
{
    for (const auto &machine : machines) {
        std::fprintf(stderr, "%s\n--- its log, last lines:\n%s\n", machine->describe().constData(),
                     machine->diagnostics().right(2000).constData());
    }
}

bool FleetFixture::refreshHeldAtServer(FleetMachineProcess &machine, QJsonObject fault)
{
    fault.insert(QStringLiteral("path"), QStringLiteral("/auth/refresh"));
    fault.insert(QStringLiteral("count"), 1);
    server.addFault(fault);
    machine.send("refresh");
    // The server takes the fault off its list when the request arrives.
    return server.waitUntilFaultsTaken(15000);
}

int FleetFixture::stat(const char *counter)
{
    return server.stats().value(QLatin1String(counter)).toInt(-1);
}

QByteArray FleetFixture::redisCli(const QStringList &arguments, const QByteArray &input)
{
    QProcess cli;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REDISCLI_AUTH"),
                       QString::fromLatin1(RedisAccounts::password));
    cli.setProcessEnvironment(environment);
    cli.start(QStringLiteral("redis-cli"),
              QStringList {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                           QString::number(redis.port())}
                      + arguments);
    cli.write(input);
    cli.closeWriteChannel();
    if (!cli.waitForFinished(kCliTimeoutMs)) {
        qWarning("redis-cli %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
        cli.kill();
        cli.waitForFinished();
        return {};
    }
    return cli.readAllStandardOutput().trimmed();
}

QHash<QByteArray, qint64> FleetFixture::commandCalls()
{
    QHash<QByteArray, qint64> calls;
    const QByteArrayList lines = redisCli({QStringLiteral("INFO"), QStringLiteral("stats"),
                                           QStringLiteral("commandstats")})
                                         .split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("total_commands_processed:"))
            calls.insert("total_commands_processed", line.mid(25).trimmed().toLongLong());
        // cmdstat_get:calls=3,usec=12,usec_per_call=4.00,rejected_calls=0,failed_calls=0
        if (!line.startsWith("cmdstat_"))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.mid(8, colon - 8);
        const QByteArray fields = line.mid(colon + 1).trimmed();
        for (const QByteArray &field : fields.split(',')) {
            if (field.startsWith("calls="))
                calls.insert(name, field.mid(6).toLongLong());
        }
    }
    return calls;
}

bool FleetFixture::startMonitor(const QString &path)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REDISCLI_AUTH"),
                       QString::fromLatin1(RedisAccounts::password));
    m_monitor.setProcessEnvironment(environment);
    m_monitor.setStandardOutputFile(path);
    m_monitor.start(QStringLiteral("redis-cli"),
                    {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(redis.port()), QStringLiteral("MONITOR")});
    if (!m_monitor.waitForStarted(kCliTimeoutMs))
        return false;
    // MONITOR answers OK once it listens.
    return QTest::qWaitFor(
            [&path] {
                QFile output(path);
                return output.open(QIODevice::ReadOnly) && output.read(2) == "OK";
            },
            kCliTimeoutMs);
}

void FleetFixture::stopMonitor()
{
    if (m_monitor.state() == QProcess::NotRunning)
        return;
    m_monitor.terminate();
    if (!m_monitor.waitForFinished(5000)) {
        m_monitor.kill();
        m_monitor.waitForFinished();
    }
}

QString FleetFixture::entryKey(const QString &account) const
{
    return QStringLiteral("tessera:{%1/%2}").arg(m_profileId, account);
}

QString FleetFixture::lockKey(const QString &account) const
{
    return entryKey(account) + QStringLiteral(":lock");
}

QString FleetFixture::channel() const
{
    return QStringLiteral("tessera:{%1}:changes").arg(m_profileId);
}

} // namespace Tessera::Test
