// SPDX-License-Identifier: BSD-3-Clause
#include "redistesting.h"

#include <QSignalSpy>

using namespace Tessera;
using namespace Tessera::Test;
using State = RedisConnection::State;
using Failure = RedisReply::Failure;

// Commands, replies and the order of handlers, and opening with a password, an ACL user and a
// database, against a real redis-server. TLS: tst_redisconnection_tls; failures:
// tst_redisconnection_failures; pub/sub: tst_redisconnection_pubsub.
class TestRedisConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void opensAndRoundTrips();
    void keepsValuesBinarySafe_data();
    void keepsValuesBinarySafe();
    void pipelinesInOrder();
    void answersServerErrorsAsReplies();
    void sendsWhatWasGivenWhileConnecting();
    void failsCommandsWhileNotConnected();
    void dropsHandlersOfDestroyedContexts();
    void refusesCommandsInTurn();
    void closeFailsWhatIsPending();
    void survivesDeletionInAHandler();

    void asksForAPasswordWhenNoneIsGiven();
    void refusesAWrongPassword();
    void authenticatesWithAPassword();
    void authenticatesAnAclUser();
    void refusesAWrongAclPassword();
    void selectsTheDatabase();
    void refusesADatabaseOutOfRange();

private:
    std::optional<RedisServerProcess> m_server;
};

namespace {

QList<State> states(const QSignalSpy &spy)
{
    QList<State> result;
    for (const QList<QVariant> &arguments : spy)
        result.append(arguments.at(0).value<State>());
    return result;
}

} // namespace

void TestRedisConnection::initTestCase()
{
    LogCapture::install();
}

void TestRedisConnection::cleanupTestCase()
{
    m_server.reset();
    QCOMPARE(LogCapture::lineWithAnyOf(allRedisSecrets()), QString());
    // The capture works: the connection's own debug lines are there.
    QVERIFY(LogCapture::lines().filter(QStringLiteral("tessera.redis: sent SET")).size() > 0);
}

void TestRedisConnection::init()
{
    m_server.emplace();
    QVERIFY(m_server->start());
}

void TestRedisConnection::opensAndRoundTrips()
{
    RedisConnection connection(optionsFor(*m_server));
    QSignalSpy stateSpy(&connection, &RedisConnection::stateChanged);
    QSignalSpy readySpy(&connection, &RedisConnection::ready);
    QCOMPARE(connection.state(), State::Disconnected);
    QVERIFY(openAndWait(connection));
    QCOMPARE(states(stateSpy), QList<State>({State::Connecting, State::Ready}));
    QCOMPARE(readySpy.size(), 1);
    QCOMPARE(connection.error(), RedisConnection::Error::NoError);

    QCOMPARE(run(connection, {"PING"}), RedisReply::fromStatus("PONG"));
    QCOMPARE(run(connection, {"SET", "token", RedisValues::secretValue}),
             RedisReply::fromStatus("OK"));
    QCOMPARE(run(connection, {"GET", "token"}), RedisReply::fromString(RedisValues::secretValue));
    QCOMPARE(run(connection, {"GET", "no-such-key"}), RedisReply());
    QCOMPARE(run(connection, {"DEL", "token"}), RedisReply::fromInteger(1));
    QCOMPARE(run(connection, {"MGET", "token", "token"}),
             RedisReply::fromArray({RedisReply(), RedisReply()}));
}

void TestRedisConnection::keepsValuesBinarySafe_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("NUL bytes and CRLF") << QByteArray("\0a\r\n\0$3\r\n*", 11);
    QTest::newRow("empty") << QByteArray("");
    QByteArray everyByte(1024 * 1024, '\0');
    for (qsizetype i = 0; i < everyByte.size(); ++i)
        everyByte[i] = char(i * 7 % 256);
    QTest::newRow("1 MiB of every byte value, exactly the reply limit") << everyByte;
}

void TestRedisConnection::keepsValuesBinarySafe()
{
    QFETCH(QByteArray, value);
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    const QByteArray key("k\0\r\ney", 6);
    QCOMPARE(run(connection, {"SET", key, value}), RedisReply::fromStatus("OK"));
    QCOMPARE(run(connection, {"STRLEN", key}), RedisReply::fromInteger(value.size()));
    const RedisReply got = run(connection, {"GET", key});
    QCOMPARE(got.kind(), RedisReply::Kind::String);
    QCOMPARE(got.bytes().size(), value.size());
    QVERIFY(got.bytes() == value);
}

void TestRedisConnection::pipelinesInOrder()
{
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    QList<qint64> answers;
    QObject context;
    for (int i = 0; i < 200; ++i) {
        connection.command({"INCR", "counter"}, &context, [&answers](const RedisReply &reply) {
            answers.append(reply.toInteger());
        });
    }
    // Never from inside command(): all 200 are on their way, none answered yet.
    QCOMPARE(answers.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 200, 10000);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(answers.at(i), i + 1);
}

void TestRedisConnection::answersServerErrorsAsReplies()
{
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    QCOMPARE(run(connection, {"SET", "text", "x"}), RedisReply::fromStatus("OK"));
    const RedisReply wrongType = run(connection, {"LPUSH", "text", "y"});
    QVERIFY(wrongType.isError());
    QCOMPARE(wrongType.failure(), Failure::None);
    QCOMPARE(wrongType.errorCode(), QByteArray("WRONGTYPE"));
    QCOMPARE(run(connection, {"NOSUCHCOMMAND"}).errorCode(), QByteArray("ERR"));

    // A transaction with a malformed command in it is aborted as a whole.
    QList<RedisReply> replies;
    QObject context;
    const auto collect = [&replies](const RedisReply &reply) {
        replies.append(reply);
    };
    connection.command({"MULTI"}, &context, collect);
    connection.command({"SET", "only-a-key"}, &context, collect);
    connection.command({"EXEC"}, &context, collect);
    QTRY_COMPARE(replies.size(), 3);
    QVERIFY(replies.at(0).isOk());
    QCOMPARE(replies.at(1).errorCode(), QByteArray("ERR"));
    QCOMPARE(replies.at(2).errorCode(), QByteArray("EXECABORT"));
    QCOMPARE(connection.state(), State::Ready);
}

void TestRedisConnection::sendsWhatWasGivenWhileConnecting()
{
    RedisConnection connection(optionsFor(*m_server));
    QList<QByteArray> answers;
    QObject context;
    connection.open();
    QCOMPARE(connection.state(), State::Connecting);
    connection.command({"SET", "a", "1"}, &context,
                       [&](const RedisReply &reply) { answers.append(reply.bytes()); });
    connection.command({"GET", "a"}, &context,
                       [&](const RedisReply &reply) { answers.append(reply.bytes()); });
    // And one given when Ready is announced comes after them.
    connect(&connection, &RedisConnection::ready, &context, [&] {
        connection.command({"APPEND", "a", "2"}, &context, [&](const RedisReply &reply) {
            answers.append(QByteArray::number(reply.toInteger()));
        });
    });
    QTRY_COMPARE(answers.size(), 3);
    QCOMPARE(answers, QList<QByteArray>({"OK", "1", "2"}));
}

void TestRedisConnection::failsCommandsWhileNotConnected()
{
    RedisConnection connection(optionsFor(*m_server));
    std::optional<RedisReply> answer;
    QObject context;
    connection.command({"PING"}, &context, [&](const RedisReply &reply) { answer = reply; });
    QVERIFY(!answer); // from the event loop, not from inside command()
    QTRY_VERIFY(answer);
    QCOMPARE(answer->failure(), Failure::NotConnected);
    QCOMPARE(connection.state(), State::Disconnected);

    QVERIFY(openAndWait(connection));
    connection.close();
    QCOMPARE(run(connection, {"PING"}).failure(), Failure::NotConnected);
}

void TestRedisConnection::dropsHandlersOfDestroyedContexts()
{
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    bool goneCalled = false;
    bool keptCalled = false;
    auto *gone = new QObject;
    QObject kept;
    connection.command({"PING"}, gone, [&](const RedisReply &) { goneCalled = true; });
    connection.command({"PING"}, &kept, [&](const RedisReply &) { keptCalled = true; });
    delete gone;
    QTRY_VERIFY(keptCalled);
    QVERIFY(!goneCalled);
}

void TestRedisConnection::refusesCommandsInTurn()
{
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    QList<RedisReply> replies;
    QObject context;
    const auto collect = [&replies](const RedisReply &reply) {
        replies.append(reply);
    };
    QTest::ignoreMessage(QtWarningMsg,
                         "refused: SUBSCRIBE: use RedisConnection::subscribe(), on a connection "
                         "of its own");
    QTest::ignoreMessage(QtWarningMsg, "refused: SELECT: the database is the URL's");
    connection.command({"ECHO", "first"}, &context, collect);
    connection.command({"SUBSCRIBE", "channel"}, &context, collect);
    connection.command({"SELECT", "1"}, &context, collect);
    connection.command({"ECHO", "last"}, &context, collect);
    QTRY_COMPARE(replies.size(), 4);
    QCOMPARE(replies.at(0), RedisReply::fromString("first"));
    QCOMPARE(replies.at(1).failure(), Failure::Refused);
    QVERIFY(replies.at(1).bytes().startsWith("SUBSCRIBE: use RedisConnection::subscribe()"));
    QCOMPARE(replies.at(2).failure(), Failure::Refused);
    QCOMPARE(replies.at(3), RedisReply::fromString("last"));
    QCOMPARE(connection.state(), State::Ready);
}

void TestRedisConnection::closeFailsWhatIsPending()
{
    RedisConnection connection(optionsFor(*m_server));
    QVERIFY(openAndWait(connection));
    QSignalSpy disconnectedSpy(&connection, &RedisConnection::disconnected);
    QList<RedisReply> replies;
    QObject context;
    const auto collect = [&replies](const RedisReply &reply) {
        replies.append(reply);
    };
    connection.command({"BLPOP", "empty-list", "0"}, &context, collect); // never answers
    connection.command({"PING"}, &context, collect);
    connection.close();
    QCOMPARE(connection.state(), State::Disconnected);
    QCOMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).toString(), QStringLiteral("Connection closed"));
    QCOMPARE(replies.size(), 0); // not from inside close()
    QTRY_COMPARE(replies.size(), 2);
    for (const RedisReply &reply : std::as_const(replies)) {
        QCOMPARE(reply.failure(), Failure::ConnectionLost);
        QCOMPARE(reply.bytes(), QByteArray("Connection closed"));
    }
    QCOMPARE(connection.error(), RedisConnection::Error::NoError);
}

void TestRedisConnection::survivesDeletionInAHandler()
{
    auto *connection = new RedisConnection(optionsFor(*m_server));
    QVERIFY(openAndWait(*connection));
    QPointer<RedisConnection> watch(connection);
    int calls = 0;
    QObject context;
    connection->command({"PING"}, &context, [&](const RedisReply &) {
        ++calls;
        delete connection;
    });
    connection->command({"PING"}, &context, [&](const RedisReply &) { ++calls; });
    QTRY_VERIFY(!watch);
    // The second handler went with the connection, uncalled.
    QCoreApplication::processEvents();
    QCOMPARE(calls, 1);
}

void TestRedisConnection::asksForAPasswordWhenNoneIsGiven()
{
    m_server.emplace(RedisServerProcess::Options {RedisAccounts::password, {}, {}, false});
    QVERIFY(m_server->start());
    RedisConnection connection(optionsFor(*m_server));
    QSignalSpy disconnectedSpy(&connection, &RedisConnection::disconnected);
    std::optional<RedisReply> queued;
    QObject context;
    connection.open();
    connection.command({"GET", "k"}, &context, [&](const RedisReply &reply) { queued = reply; });
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.state(), State::Failed);
    QCOMPARE(connection.error(), RedisConnection::Error::Refused);
    QVERIFY2(connection.errorString().contains(QLatin1String("NOAUTH")),
             qPrintable(connection.errorString()));
    QCOMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).toString(), connection.errorString());
    QTRY_VERIFY(queued);
    QCOMPARE(queued->failure(), Failure::ConnectionLost);
}

void TestRedisConnection::refusesAWrongPassword()
{
    m_server.emplace(RedisServerProcess::Options {RedisAccounts::password, {}, {}, false});
    QVERIFY(m_server->start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.password = Secret(RedisAccounts::wrongPassword);
    RedisConnection connection(options);
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.error(), RedisConnection::Error::Refused);
    QCOMPARE(connection.errorString(),
             QStringLiteral("%1 refused the user name or password (WRONGPASS)")
                     .arg(m_server->url().toString()));
    QVERIFY(!connection.errorString().contains(QString::fromLatin1(RedisAccounts::wrongPassword)));
}

void TestRedisConnection::authenticatesWithAPassword()
{
    m_server.emplace(RedisServerProcess::Options {RedisAccounts::password, {}, {}, false});
    QVERIFY(m_server->start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.password = Secret(RedisAccounts::password);
    RedisConnection connection(options);
    QVERIFY2(openAndWait(connection), qPrintable(connection.errorString()));
    QCOMPARE(run(connection, {"SET", "k", RedisValues::secretValue}), RedisReply::fromStatus("OK"));
    QCOMPARE(run(connection, {"ACL", "WHOAMI"}), RedisReply::fromString("default"));
}

void TestRedisConnection::authenticatesAnAclUser()
{
    m_server.emplace(RedisServerProcess::Options {RedisAccounts::password, RedisAccounts::aclUser,
                                                  RedisAccounts::aclPassword, false});
    QVERIFY(m_server->start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.user = RedisAccounts::aclUser;
    options.password = Secret(RedisAccounts::aclPassword);
    RedisConnection connection(options);
    QVERIFY2(openAndWait(connection), qPrintable(connection.errorString()));
    QCOMPARE(run(connection, {"ACL", "WHOAMI"}), RedisReply::fromString(RedisAccounts::aclUser));
    QCOMPARE(run(connection, {"PUBLISH", "anything", "x"}), RedisReply::fromInteger(0));
}

void TestRedisConnection::refusesAWrongAclPassword()
{
    m_server.emplace(RedisServerProcess::Options {
            {}, RedisAccounts::aclUser, RedisAccounts::aclPassword, false});
    QVERIFY(m_server->start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.user = RedisAccounts::aclUser;
    options.password = Secret(RedisAccounts::password); // the wrong one for this user
    RedisConnection connection(options);
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.error(), RedisConnection::Error::Refused);
    QVERIFY(connection.errorString().endsWith(QLatin1String("(WRONGPASS)")));
    QVERIFY(!connection.errorString().contains(QString::fromLatin1(RedisAccounts::password)));
}

void TestRedisConnection::selectsTheDatabase()
{
    RedisConnection five(optionsFor(*m_server, 5));
    RedisConnection zero(optionsFor(*m_server, 0));
    QVERIFY(openAndWait(five));
    QVERIFY(openAndWait(zero));
    QCOMPARE(run(five, {"SET", "where", "five"}), RedisReply::fromStatus("OK"));
    QCOMPARE(run(zero, {"GET", "where"}), RedisReply());
    QCOMPARE(run(five, {"GET", "where"}), RedisReply::fromString("five"));
    QVERIFY(run(five, {"CLIENT", "INFO"}).bytes().contains(" db=5 "));
}

void TestRedisConnection::refusesADatabaseOutOfRange()
{
    RedisConnection connection(optionsFor(*m_server, 99)); // 16 databases by default
    QVERIFY(!openAndWait(connection));
    QCOMPARE(connection.error(), RedisConnection::Error::Refused);
    QCOMPARE(connection.errorString(),
             QStringLiteral("%1 refused SELECT (ERR)").arg(m_server->url(99).toString()));
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
