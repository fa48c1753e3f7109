// SPDX-License-Identifier: BSD-3-Clause
// What someone who can read Redis sees of a fleet's session: a MONITOR capture taken while
// machines sign in, refresh and sign out, a dump of the data (redis-cli --rdb) and INFO hold no
// access token, no refresh token, no password and no sealing key. The capture is written to the
// suite's log directory, so that tst_no_secrets_in_logs scans it again with everything else.
#include "fleetfixture.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The first of \a secrets that \a text holds, by its number in the list (-1: none); never the
// secret itself, so that a failure message does not leak it.
int firstSecretIn(const QByteArray &text, const QByteArrayList &secrets)
{
    for (int i = 0; i < secrets.size(); ++i) {
        if (text.contains(secrets.at(i)))
            return i;
    }
    return -1;
}

// Every token the dev server issued (the suite's issued-tokens file).
QByteArrayList issuedTokens()
{
    QByteArrayList tokens;
    const QByteArrayList lines = readAll(QStringLiteral(TESSERA_ISSUED_TOKENS_FILE)).split('\n');
    for (const QByteArray &line : lines) {
        if (!line.trimmed().isEmpty())
            tokens.append(line.trimmed());
    }
    return tokens;
}

// Whether one of \a tokens has the fingerprint \a fingerprint (tessera-fleet-machine's).
bool holdsFingerprint(const QByteArrayList &tokens, const QByteArray &fingerprint)
{
    return std::any_of(tokens.begin(), tokens.end(), [&fingerprint](const QByteArray &token) {
        return QCryptographicHash::hash(token, QCryptographicHash::Sha256)
                .toHex()
                .startsWith(fingerprint);
    });
}

} // namespace

class tst_FleetSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void redisSeesNoSecret();

private:
    FleetFixture m_fixture;
};

void tst_FleetSecrets::initTestCase()
{
    // As docs/fleet.md says to: an ACL user allowed only what the fleet needs.
    QVERIFY(m_fixture.setUp(FleetFixture::RedisUser::Restricted));
}

void tst_FleetSecrets::redisSeesNoSecret()
{
    const QString monitorPath =
            QStringLiteral(TESSERA_TEST_LOG_DIR "/tst_fleet_secrets-monitor.log");
    QFile::remove(monitorPath);
    QVERIFY(m_fixture.startMonitor(monitorPath));

    // Sign in, refresh, sign out, sign in again: every kind of write, lock and notice.
    Machines machines = m_fixture.signedInMachines(3);
    QVERIFY(!machines.empty());
    QByteArrayList held {machines.front()->token()};
    machines.at(1)->send("refresh");
    QVERIFY(m_fixture.waitForNewToken(machines, held));
    held.append(machines.front()->token());
    machines.at(2)->send("signout");
    QVERIFY(m_fixture.waitForAll(machines, "SignedOut"));
    machines.at(0)->signIn(Accounts::alice, Accounts::alicePassword);
    QVERIFY(m_fixture.waitForAll(machines, "Active"));
    held.append(machines.front()->token());
    m_fixture.stopMonitor();

    const QString dumpPath = m_fixture.directory() + QStringLiteral("/dump.rdb");
    m_fixture.redisCli({QStringLiteral("--rdb"), dumpPath});
    const QByteArray monitor = readAll(monitorPath);
    const QByteArray dump = readAll(dumpPath);
    const QByteArray info =
            m_fixture.redisCli({QStringLiteral("INFO"), QStringLiteral("everything")});

    // What was captured is real: every kind of command, and the fleet's entry in the dump.
    for (const char *command :
         {"\"EVAL\"", "\"HMGET\"", "\"SET\"", "\"NX\"", "\"PUBLISH\"", "\"DEL\"", "\"SUBSCRIBE\""})
        QVERIFY2(monitor.contains(command), command);
    QVERIFY2(dump.startsWith("REDIS"), "redis-cli --rdb wrote no dump");
    QVERIFY(dump.contains(m_fixture.entryKey(Accounts::alice).toUtf8()));
    QVERIFY(info.contains("redis_version"));

    // The issued-tokens file holds every token the dev server issued, those held here included.
    QByteArrayList secrets = issuedTokens();
    for (const QByteArray &fingerprint : held) {
        QVERIFY2(holdsFingerprint(secrets, fingerprint),
                 "a token a machine held is missing from the issued-tokens file");
    }
    const QByteArray key = readAll(m_fixture.directory() + QStringLiteral("/fleet.key")).trimmed();
    secrets << RedisAccounts::password << RedisAccounts::aclPassword << Accounts::alicePassword
            << key << QByteArray::fromBase64(key);
    qInfo("MONITOR captured %lld bytes, the dump is %lld bytes; looking for %lld secrets",
          qint64(monitor.size()), qint64(dump.size()), qint64(secrets.size()));

    QCOMPARE(firstSecretIn(monitor, secrets), -1);
    QCOMPARE(firstSecretIn(dump, secrets), -1);
    QCOMPARE(firstSecretIn(info, secrets), -1);
}

QTEST_GUILESS_MAIN(tst_FleetSecrets)
#include "tst_fleet_secrets.moc"
