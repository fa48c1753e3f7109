// SPDX-License-Identifier: BSD-3-Clause
#include "redistesting.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using State = RedisConnection::State;
using Error = RedisConnection::Error;
using Failure = RedisReply::Failure;

// How a connection ends when something goes wrong: no server, a silent or foreign server, a
// slow command, a reply over the limit, a server that stops or dies. Each ending fails every
// command that waits, once, in order, and leaves the connection ready to be opened again.
class TestRedisConnectionFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void reportsARefusedConnection();
    void timesOutASilentServer();
    void refusesAServerThatIsNotRedis();
    void timesOutASlowCommand();
    void refusesAReplyOverTheLimit();
    void refusesRepliesNestedTooDeep();
    void failsEverythingWhenTheServerStops();
    void failsEverythingWhenTheServerDies();
    void opensAgainAfterARestart();
    void dropsHandlersWhenDestroyed();
};

namespace {

// Collects answers in order.
struct Answers
{
    QList<RedisReply> replies;
    QObject context;
    RedisConnection::Handler collect()
    {
        return [this](const RedisReply &reply) {
            replies.append(reply);
        };
    }
};

// Waits until \a server has \a count clients blocked (BLPOP), as a second client sees it.
bool waitForBlockedClients(const RedisServerProcess &server, int count)
{
    RedisConnection observer(optionsFor(server));
    if (!openAndWait(observer))
        return false;
    const QByteArray wanted = "blocked_clients:" + QByteArray::number(count) + "\r\n";
    return QTest::qWaitFor(
            [&] {
                return run(observer, {"INFO", "clients"}).bytes().contains(wanted);
            },
            5000);
}

} // namespace

void TestRedisConnectionFailures::initTestCase()
{
    LogCapture::install();
}

void TestRedisConnectionFailures::cleanupTestCase()
{
    QCOMPARE(LogCapture::lineWithAnyOf(allRedisSecrets()), QString());
    QVERIFY(LogCapture::lines().filter(QStringLiteral("tessera.redis: failed:")).size() > 0);
}

void TestRedisConnectionFailures::reportsARefusedConnection()
{
    RedisUrl url;
    {
        QTcpServer probe; // a port nobody listens on once it is closed
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        url.host = QStringLiteral("127.0.0.1");
        url.port = probe.serverPort();
    }
    RedisConnection connection({url, {}, {}, {}, 5000ms, 5000ms, 1024 * 1024});
    QSignalSpy disconnectedSpy(&connection, &RedisConnection::disconnected);
    Answers answers;
    connection.open();
    connection.command({"PING"}, &answers.context, answers.collect());
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.error(), Error::NetworkError);
    QVERIFY2(connection.errorString().startsWith(
                     QStringLiteral("Could not connect to %1: ").arg(url.toString())),
             qPrintable(connection.errorString()));
    QVERIFY2(connection.errorString().contains(QLatin1String("refused")),
             qPrintable(connection.errorString()));
    QCOMPARE(disconnectedSpy.size(), 1);
    QTRY_COMPARE(answers.replies.size(), 1);
    QCOMPARE(answers.replies.first().failure(), Failure::ConnectionLost);
}

void TestRedisConnectionFailures::timesOutASilentServer()
{
    QTcpServer silent; // accepts, and never says a word
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    RedisConnection::Options options;
    options.url.host = QStringLiteral("127.0.0.1");
    options.url.port = silent.serverPort();
    options.connectTimeout = 300ms;
    RedisConnection connection(options);
    Answers answers;
    QElapsedTimer elapsed;
    elapsed.start();
    connection.open();
    connection.command({"PING"}, &answers.context, answers.collect());
    QVERIFY(!openAndWait(connection));
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(connection.error(), Error::Timeout);
    QCOMPARE(connection.errorString(),
             QStringLiteral("Timed out: could not connect to %1 within 300 ms")
                     .arg(options.url.toString()));
    QTRY_COMPARE(answers.replies.size(), 1);
    QCOMPARE(answers.replies.first().failure(), Failure::Timeout);
}

void TestRedisConnectionFailures::refusesAServerThatIsNotRedis()
{
    QTcpServer web;
    QVERIFY(web.listen(QHostAddress::LocalHost, 0));
    connect(&web, &QTcpServer::newConnection, &web, [&web] {
        QTcpSocket *client = web.nextPendingConnection();
        client->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    RedisConnection::Options options;
    options.url.host = QStringLiteral("127.0.0.1");
    options.url.port = web.serverPort();
    RedisConnection connection(options);
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.error(), Error::ProtocolError);
    QCOMPARE(connection.errorString(),
             QStringLiteral("Connection to %1 closed: the server's answer is not the Redis "
                            "protocol (RESP2)")
                     .arg(options.url.toString()));
}

void TestRedisConnectionFailures::timesOutASlowCommand()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection::Options options = optionsFor(server);
    options.commandTimeout = 500ms;
    RedisConnection connection(options);
    QVERIFY(openAndWait(connection));
    QSignalSpy disconnectedSpy(&connection, &RedisConnection::disconnected);
    Answers answers;
    QElapsedTimer elapsed;
    elapsed.start();
    connection.command({"DEBUG", "SLEEP", "2"}, &answers.context, answers.collect());
    connection.command({"PING"}, &answers.context, answers.collect());
    QTRY_COMPARE_WITH_TIMEOUT(answers.replies.size(), 2, 5000);
    // Long before the server would have answered.
    QVERIFY2(elapsed.elapsed() >= 450 && elapsed.elapsed() < 1800,
             qPrintable(QString::number(elapsed.elapsed())));
    const QString reason = QStringLiteral("Timed out: %1 did not answer DEBUG within 500 ms")
                                   .arg(options.url.toString());
    for (const RedisReply &reply : std::as_const(answers.replies)) {
        QCOMPARE(reply.failure(), Failure::Timeout);
        QCOMPARE(QString::fromUtf8(reply.bytes()), reason);
    }
    QCOMPARE(connection.state(), State::Failed);
    QCOMPARE(connection.error(), Error::Timeout);
    QCOMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).toString(), reason);

    // The owner opens again; the server answers once its sleep is over.
    options.commandTimeout = 5000ms;
    RedisConnection again(options);
    QVERIFY(openAndWait(again));
    QCOMPARE(run(again, {"PING"}), RedisReply::fromStatus("PONG"));
}

void TestRedisConnectionFailures::refusesAReplyOverTheLimit()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection writer(optionsFor(server));
    QVERIFY(openAndWait(writer));
    const QByteArray large(2 * 1024 * 1024, 'L');
    QCOMPARE(run(writer, {"SET", "large", large}), RedisReply::fromStatus("OK"));
    QCOMPARE(run(writer, {"SET", "small", "s"}), RedisReply::fromStatus("OK"));

    RedisConnection::Options options = optionsFor(server);
    options.maxReplyBytes = 1024 * 1024;
    RedisConnection reader(options);
    QVERIFY(openAndWait(reader));
    Answers answers;
    reader.command({"GET", "large"}, &answers.context, answers.collect());
    reader.command({"GET", "small"}, &answers.context, answers.collect());
    QTRY_COMPARE(answers.replies.size(), 2);
    QCOMPARE(answers.replies.at(0).failure(), Failure::TooLarge);
    QCOMPARE(answers.replies.at(1).failure(), Failure::ConnectionLost);
    QCOMPARE(reader.state(), State::Failed);
    QCOMPARE(reader.error(), Error::ProtocolError);
    QCOMPARE(reader.errorString(),
             QStringLiteral("Connection to %1 closed: a reply was larger than 1048576 bytes")
                     .arg(options.url.toString()));

    QVERIFY(openAndWait(reader));
    QCOMPARE(run(reader, {"GET", "small"}), RedisReply::fromString("s"));
}

void TestRedisConnectionFailures::refusesRepliesNestedTooDeep()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection connection(optionsFor(server));
    QVERIFY(openAndWait(connection));
    QCOMPARE(run(connection, {"EVAL", "return {{{{{{1}}}}}}", "0"}).elements().size(), 1);
    const RedisReply deep = run(connection, {"EVAL", "return {{{{{{{{{{1}}}}}}}}}}", "0"});
    QCOMPARE(deep.failure(), Failure::ConnectionLost);
    QCOMPARE(connection.error(), Error::ProtocolError);
}

void TestRedisConnectionFailures::failsEverythingWhenTheServerStops()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection connection(optionsFor(server));
    QVERIFY(openAndWait(connection));
    QSignalSpy disconnectedSpy(&connection, &RedisConnection::disconnected);
    Answers answers;
    connection.command({"BLPOP", "empty-list", "0"}, &answers.context, answers.collect());
    connection.command({"GET", "k"}, &answers.context, answers.collect());
    connection.command({"PING"}, &answers.context, answers.collect());
    QVERIFY(waitForBlockedClients(server, 1)); // all three are at the server
    server.stop();
    QTRY_COMPARE(answers.replies.size(), 3);
    for (const RedisReply &reply : std::as_const(answers.replies))
        QCOMPARE(reply.failure(), Failure::ConnectionLost);
    QCOMPARE(connection.state(), State::Failed);
    QCOMPARE(connection.error(), Error::NetworkError);
    QCOMPARE(disconnectedSpy.size(), 1);
    QVERIFY2(connection.errorString().startsWith(
                     QStringLiteral("Connection to %1 lost: ").arg(server.url().toString())),
             qPrintable(connection.errorString()));
}

void TestRedisConnectionFailures::failsEverythingWhenTheServerDies()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection connection(optionsFor(server));
    QVERIFY(openAndWait(connection));
    Answers answers;
    connection.command({"BLPOP", "empty-list", "0"}, &answers.context, answers.collect());
    connection.command({"PING"}, &answers.context, answers.collect());
    QVERIFY(waitForBlockedClients(server, 1));
    server.kill();
    QTRY_COMPARE(answers.replies.size(), 2);
    QCOMPARE(answers.replies.at(0).failure(), Failure::ConnectionLost);
    QCOMPARE(answers.replies.at(1).failure(), Failure::ConnectionLost);
    QCOMPARE(connection.error(), Error::NetworkError);
}

void TestRedisConnectionFailures::opensAgainAfterARestart()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    RedisConnection connection(optionsFor(server));
    QVERIFY(openAndWait(connection));
    QCOMPARE(run(connection, {"SET", "k", "v"}), RedisReply::fromStatus("OK"));
    const quint16 port = server.port();
    QVERIFY(server.restart());
    QCOMPARE(server.port(), port);
    QTRY_COMPARE(connection.state(), State::Failed);
    QVERIFY(openAndWait(connection));
    QCOMPARE(run(connection, {"GET", "k"}), RedisReply()); // nothing was saved
}

void TestRedisConnectionFailures::dropsHandlersWhenDestroyed()
{
    RedisServerProcess server;
    QVERIFY(server.start());
    auto connection = std::make_unique<RedisConnection>(optionsFor(server));
    QVERIFY(openAndWait(*connection));
    Answers answers;
    connection->command({"BLPOP", "empty-list", "0"}, &answers.context, answers.collect());
    connection->command({"PING"}, &answers.context, answers.collect());
    connection.reset();
    // A command that still reaches the server proves the event loop ran past the deletion.
    RedisConnection other(optionsFor(server));
    QVERIFY(openAndWait(other));
    QCOMPARE(run(other, {"PING"}), RedisReply::fromStatus("PONG"));
    QVERIFY(answers.replies.isEmpty());
}

QTEST_GUILESS_MAIN(TestRedisConnectionFailures)
#include "tst_redisconnection_failures.moc"
