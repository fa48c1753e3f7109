// SPDX-License-Identifier: BSD-3-Clause
#include "redisserverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>

#include <cstdio>

namespace Tessera::Test {

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 5000;
constexpr int kPortAttempts = 5;

// A port that was free a moment ago on 127.0.0.1.
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

bool runOpenssl(const QString &directory, const QStringList &arguments)
{
    QProcess openssl;
    openssl.setWorkingDirectory(directory);
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"), arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit
        || openssl.exitCode() != 0) {
        qWarning("openssl %s failed: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 openssl.readAll().constData());
        return false;
    }
    return true;
}

// A self-signed CA: <name>.key, <name>.crt.
bool makeAuthority(const QString &directory, const QString &name, const QString &subject)
{
    return runOpenssl(directory,
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                       QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                       QStringLiteral("-out"), name + QStringLiteral(".crt"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                       subject});
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

RedisServerProcess::RedisServerProcess()
    : RedisServerProcess(Options())
{ }

RedisServerProcess::RedisServerProcess(const Options &options)
    : m_options(options)
{
    // The server's log goes to this test's output, where the secret scan reads it too.
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                     [this] { forwardLog(); });
}

RedisServerProcess::~RedisServerProcess()
{
    stop();
}

void RedisServerProcess::forwardLog()
{
    const QByteArray output = m_process.readAllStandardOutput();
    m_log += output;
    std::fwrite(output.constData(), 1, size_t(output.size()), stderr);
    std::fflush(stderr);
}

bool RedisServerProcess::start()
{
    if (!m_directory.isValid()) {
        qWarning("no temporary directory for redis-server");
        return false;
    }
    if (m_options.tls && m_caPem.isEmpty() && !makeCertificates())
        return false;
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        m_port = freePort();
        if (m_port == 0 || !writeConfiguration())
            return false;
        switch (launch()) {
        case Launch::Started:
            return true;
        case Launch::PortTaken:
            continue;
        case Launch::Failed:
            return false;
        }
    }
    qWarning("redis-server found no free port in %d attempts", kPortAttempts);
    return false;
}

bool RedisServerProcess::restart()
{
    stop();
    return launch() == Launch::Started;
}

RedisServerProcess::Launch RedisServerProcess::launch()
{
    QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty())
        program = QStringLiteral("/usr/bin/redis-server");
    m_log.clear();
    m_process.start(program, {m_directory.filePath(QStringLiteral("redis.conf"))});
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        qWarning("redis-server did not start: %s", qPrintable(m_process.errorString()));
        return Launch::Failed;
    }
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running
           && !m_log.contains("Ready to accept connections")) {
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    if (m_log.contains("Ready to accept connections") && m_process.state() == QProcess::Running)
        return Launch::Started;
    kill();
    if (m_log.contains("Address already in use"))
        return Launch::PortTaken;
    qWarning("redis-server did not come up on port %u", unsigned(m_port));
    return Launch::Failed;
}

void RedisServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(kStopTimeoutMs))
        kill();
}

void RedisServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(kStopTimeoutMs);
}

bool RedisServerProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

RedisUrl RedisServerProcess::url(int database) const
{
    RedisUrl url;
    url.tls = m_options.tls;
    url.host = m_options.tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1");
    url.port = m_port;
    url.database = database;
    return url;
}

bool RedisServerProcess::makeCertificates()
{
    const QString directory = m_directory.path();
    const QString extensions = m_directory.filePath(QStringLiteral("server.ext"));
    QFile extFile(extensions);
    if (!extFile.open(QIODevice::WriteOnly)
        || extFile.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                         "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
                   < 0)
        return false;
    extFile.close();
    const bool made =
            makeAuthority(directory, QStringLiteral("ca"), QStringLiteral("/CN=Tessera Test CA"))
            && makeAuthority(directory, QStringLiteral("other-ca"),
                             QStringLiteral("/CN=Unrelated Test CA"))
            && runOpenssl(directory,
                          {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                           QStringLiteral("-pkeyopt"),
                           QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                           QStringLiteral("-keyout"), QStringLiteral("server.key"),
                           QStringLiteral("-out"), QStringLiteral("server.csr"),
                           QStringLiteral("-subj"), QStringLiteral("/CN=localhost")})
            && runOpenssl(directory, {QStringLiteral("x509"), QStringLiteral("-req"),
                                      QStringLiteral("-in"), QStringLiteral("server.csr"),
                                      QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                                      QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                                      QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                                      QStringLiteral("server.crt"), QStringLiteral("-days"),
                                      QStringLiteral("2"), QStringLiteral("-extfile"), extensions});
    if (!made)
        return false;
    m_caPem = readFile(m_directory.filePath(QStringLiteral("ca.crt")));
    m_otherCaPem = readFile(m_directory.filePath(QStringLiteral("other-ca.crt")));
    return !m_caPem.isEmpty() && !m_otherCaPem.isEmpty();
}

bool RedisServerProcess::writeConfiguration()
{
    const QByteArray directory = QFile::encodeName(m_directory.path());
    QByteArray config;
    config += "bind 127.0.0.1\n";
    if (m_options.tls) {
        config += "port 0\ntls-port " + QByteArray::number(m_port) + '\n';
        config += "tls-cert-file \"" + directory + "/server.crt\"\n";
        config += "tls-key-file \"" + directory + "/server.key\"\n";
        config += "tls-ca-cert-file \"" + directory + "/ca.crt\"\n";
        config += "tls-auth-clients no\n";
    } else {
        config += "port " + QByteArray::number(m_port) + '\n';
    }
    config += "save \"\"\nappendonly no\ndaemonize no\nlogfile \"\"\nloglevel notice\n";
    config += "dir \"" + directory + "\"\n";
    config += "enable-debug-command local\n";
    if (!m_options.password.isEmpty())
        config += "requirepass " + m_options.password + '\n';
    if (!m_options.aclUser.isEmpty()) {
        config += "user " + m_options.aclUser + " on >" + m_options.aclPassword + " ~* &* +@all\n";
    }

    QFile file(m_directory.filePath(QStringLiteral("redis.conf")));
    // Owner-only before a byte of it is written: it may hold passwords.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(config) != config.size()) {
        qWarning("could not write the redis-server configuration");
        return false;
    }
    return true;
}

} // namespace Tessera::Test
