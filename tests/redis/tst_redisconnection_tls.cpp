// SPDX-License-Identifier: BSD-3-Clause
#include "redistesting.h"

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using Error = RedisConnection::Error;

// rediss://: the server's certificate verified against the CA given (or the system's), and its
// name checked, against a real redis-server with TLS only.
class TestRedisConnectionTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void connectsWithTheRightCa();
    void carriesLargeValues();
    void authenticatesOverTls();
    void refusesAnUnrelatedCa();
    void refusesTheSystemCas();
    void refusesAnotherHostName();
    void refusesCaTextWithoutCertificate();
    void refusesAPlainServer();

private:
    std::optional<RedisServerProcess> m_server;
};

namespace {

// Runs \a connection's opening to its end; the error and the reason.
std::pair<Error, QString> openFailing(RedisConnection &connection)
{
    if (openAndWait(connection))
        return {Error::NoError, QStringLiteral("unexpectedly Ready")};
    return {connection.error(), connection.errorString()};
}

} // namespace

void TestRedisConnectionTls::initTestCase()
{
    LogCapture::install();
    m_server.emplace(RedisServerProcess::Options {RedisAccounts::password, {}, {}, true});
    QVERIFY(m_server->start());
}

void TestRedisConnectionTls::cleanupTestCase()
{
    m_server.reset();
    QCOMPARE(LogCapture::lineWithAnyOf(allRedisSecrets()), QString());
    QVERIFY(LogCapture::lines()
                    .filter(QStringLiteral("tessera.redis: connected with TLS to"))
                    .size()
            > 0);
}

void TestRedisConnectionTls::connectsWithTheRightCa()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.password = Secret(RedisAccounts::password);
    QCOMPARE(options.url.host, QStringLiteral("localhost"));
    RedisConnection connection(options);
    QVERIFY2(openAndWait(connection), qPrintable(connection.errorString()));
    QCOMPARE(run(connection, {"PING"}), RedisReply::fromStatus("PONG"));
}

void TestRedisConnectionTls::carriesLargeValues()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.password = Secret(RedisAccounts::password);
    RedisConnection connection(options);
    QVERIFY2(openAndWait(connection), qPrintable(connection.errorString()));
    QByteArray value(1024 * 1024, '\0');
    for (qsizetype i = 0; i < value.size(); ++i)
        value[i] = char(i * 13 % 256);
    QCOMPARE(run(connection, {"SET", "large", value}), RedisReply::fromStatus("OK"));
    // Pipelined, so that TLS records of several replies come in one read.
    QList<RedisReply> replies;
    QObject context;
    for (int i = 0; i < 3; ++i) {
        connection.command({"GET", "large"}, &context,
                           [&replies](const RedisReply &reply) { replies.append(reply); });
    }
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 3, 10000);
    for (const RedisReply &reply : std::as_const(replies))
        QVERIFY(reply.bytes() == value);
}

void TestRedisConnectionTls::authenticatesOverTls()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.password = Secret(RedisAccounts::wrongPassword);
    RedisConnection connection(options);
    const auto [error, reason] = openFailing(connection);
    QCOMPARE(error, Error::Refused);
    QVERIFY2(reason.endsWith(QLatin1String("(WRONGPASS)")), qPrintable(reason));
}

void TestRedisConnectionTls::refusesAnUnrelatedCa()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.caCertificatesPem = m_server->otherCaCertificatePem();
    options.password = Secret(RedisAccounts::password);
    RedisConnection connection(options);
    const auto [error, reason] = openFailing(connection);
    QCOMPARE(error, Error::TlsError);
    QVERIFY2(reason.startsWith(QStringLiteral("The TLS handshake with %1 failed: ")
                                       .arg(options.url.toString())),
             qPrintable(reason));
    qInfo("%s", qPrintable(reason));
}

void TestRedisConnectionTls::refusesTheSystemCas()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.caCertificatesPem.clear(); // the test CA is not among the system's
    RedisConnection connection(options);
    QCOMPARE(openFailing(connection).first, Error::TlsError);
}

void TestRedisConnectionTls::refusesAnotherHostName()
{
    // The certificate names "localhost" only; the server is the same.
    RedisConnection::Options options = optionsFor(*m_server);
    options.url.host = QStringLiteral("127.0.0.1");
    RedisConnection connection(options);
    const auto [error, reason] = openFailing(connection);
    QCOMPARE(error, Error::TlsError);
    QVERIFY2(reason.contains(QLatin1String("host name")), qPrintable(reason));
}

void TestRedisConnectionTls::refusesCaTextWithoutCertificate()
{
    RedisConnection::Options options = optionsFor(*m_server);
    options.caCertificatesPem = "not a certificate";
    RedisConnection connection(options);
    const auto [error, reason] = openFailing(connection);
    QCOMPARE(error, Error::TlsError);
    QCOMPARE(reason, QStringLiteral("Could not connect to %1: the CA certificates given hold no "
                                    "PEM certificate")
                             .arg(options.url.toString()));
}

void TestRedisConnectionTls::refusesAPlainServer()
{
    // TLS spoken to a server without: the opening ends at its timeout; nothing hangs.
    RedisServerProcess plain;
    QVERIFY(plain.start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.url.port = plain.port();
    options.connectTimeout = 1000ms;
    RedisConnection connection(options);
    // Redis waits for the end of a line that never comes, the client for the server's hello.
    const auto [error, reason] = openFailing(connection);
    QCOMPARE(error, Error::Timeout);
    QCOMPARE(reason, QStringLiteral("Timed out: could not connect to %1 within 1000 ms")
                             .arg(options.url.toString()));
}

QTEST_GUILESS_MAIN(TestRedisConnectionTls)
#include "tst_redisconnection_tls.moc"
