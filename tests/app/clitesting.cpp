// SPDX-License-Identifier: BSD-3-Clause
#include "clitesting.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include <cstdio>

namespace Tessera::Test {

QJsonObject parseJson(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QString Cli::writeProfile(Profile::Dialect dialect, Profile::LoginKind kind)
{
    // Named after the test program too: the CLI tests share one keyring and run side by side.
    const QString id =
            QStringLiteral("%1-%2").arg(QCoreApplication::applicationName()).arg(++m_profiles);
    return m_server.writeProfile(m_dir.path(), id, dialect, kind);
}

QString Cli::idOf(const QString &profile)
{
    return QFileInfo(profile).completeBaseName();
}

void Cli::resetServer(int accessLifetime, int refreshLifetime)
{
    m_server.reset();
    m_server.configure({{QStringLiteral("access_lifetime"), accessLifetime},
                        {QStringLiteral("refresh_lifetime"), refreshLifetime}});
}

void Cli::addDialectRows()
{
    QTest::addColumn<Profile::Dialect>("dialect");
    QTest::newRow("json login API") << Profile::Dialect::Json;
    QTest::newRow("oauth2 token endpoint") << Profile::Dialect::OAuth2;
}

CliRun Cli::run(const QString &profile, const QStringList &arguments, const QByteArray &input,
                const QString &loggingRules) const
{
    QProcess process;
    if (!loggingRules.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), loggingRules);
        process.setProcessEnvironment(environment);
    }
    process.start(QStringLiteral(TESSERA_CLI_PATH),
                  QStringList {QStringLiteral("--profile"), profile} + arguments);
    process.write(input);
    process.closeWriteChannel();
    CliRun result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        qWarning("tessera %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    } else {
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    // Everything the CLI logged goes to this test's output too, so that the secret scan sees
    // it (tests/expected-log-lines.txt checks that it really arrives).
    std::fwrite(result.err.constData(), 1, size_t(result.err.size()), stderr);
    std::fflush(stderr);
    return result;
}

CliRun Cli::login(const QString &profile) const
{
    return run(profile,
               {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                QStringLiteral("--password-stdin")},
               Accounts::alicePassword + '\n');
}

QJsonObject Cli::storedSession(const QString &profileId) const
{
    // QtKeychain's libsecret backend files entries under server=<service>, user=<key>.
    QProcess lookup;
    lookup.start(QStringLiteral("secret-tool"),
                 {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("tessera"),
                  QStringLiteral("user"), profileId + QStringLiteral("/alice")});
    lookup.waitForFinished(10000);
    const QByteArray stored = lookup.readAllStandardOutput().trimmed();
    // QtKeychain keeps binary data base64-encoded.
    const QByteArray decoded = QByteArray::fromBase64(stored);
    return parseJson(decoded.startsWith('{') ? decoded : stored);
}

int Cli::keychainEntries(const QString &profileId) const
{
    QProcess search;
    search.start(QStringLiteral("secret-tool"),
                 {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                  QStringLiteral("tessera")});
    search.waitForFinished(10000);
    // Count the entries whose account attribute belongs to this profile; print nothing else.
    const QList<QByteArray> lines =
            search.readAllStandardError().split('\n') + search.readAllStandardOutput().split('\n');
    int count = 0;
    for (const QByteArray &line : lines) {
        const QByteArray prefix = "attribute.user = " + profileId.toUtf8();
        if (line == prefix || line.startsWith(prefix + '/'))
            ++count;
    }
    return count;
}

} // namespace Tessera::Test
