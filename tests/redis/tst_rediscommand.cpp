// SPDX-License-Identifier: BSD-3-Clause
#include "rediscommand_p.h"

#include <QTest>

using namespace Tessera;

class TestRedisCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsBinarySafe();
    void formatsNothingFromNothing();
    void namesOnlyTheCommand_data();
    void namesOnlyTheCommand();
    void refuses_data();
    void refuses();
    void sendsTheRest_data();
    void sendsTheRest();
};

void TestRedisCommand::formatsBinarySafe()
{
    const QByteArray value("a\0b\r\n", 5);
    QCOMPARE(RedisCommand::format({"SET", "k", value}),
             QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\0b\r\n\r\n", 31));
    QCOMPARE(RedisCommand::format({"GET", ""}), QByteArray("*2\r\n$3\r\nGET\r\n$0\r\n\r\n"));
    const QByteArray large(1024 * 1024, '\0');
    QCOMPARE(RedisCommand::format({"SET", "k", large}).size(),
             qsizetype(4 + 9 + 7 + 10 + 1024 * 1024 + 2));
}

void TestRedisCommand::formatsNothingFromNothing()
{
    QCOMPARE(RedisCommand::format({}), QByteArray());
}

void TestRedisCommand::namesOnlyTheCommand_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("upper case") << QList<QByteArray> {"SET", "key", "value"} << QByteArray("SET");
    QTest::newRow("lower case") << QList<QByteArray> {"get", "key"} << QByteArray("GET");
    QTest::newRow("sub-command is not named")
            << QList<QByteArray> {"ACL", "SETUSER", "u", ">secret"} << QByteArray("ACL");
    QTest::newRow("a secret in place of the command")
            << QList<QByteArray> {"tok en:secret"} << QByteArray("?");
    QTest::newRow("too long for a command")
            << QList<QByteArray> {QByteArray(33, 'A')} << QByteArray("?");
    QTest::newRow("nothing") << QList<QByteArray>() << QByteArray("?");
}

void TestRedisCommand::namesOnlyTheCommand()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(QByteArray, name);
    QCOMPARE(RedisCommand::name(args), name);
}

void TestRedisCommand::refuses_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<QString>("why");
    QTest::newRow("nothing") << QList<QByteArray>()
                             << QStringLiteral("a command needs at least its name");
    QTest::newRow("AUTH") << QList<QByteArray> {"auth", "pw"}
                          << QStringLiteral("AUTH: the connection authenticates itself "
                                            "(RedisConnection::Options)");
    QTest::newRow("HELLO 3 would switch to RESP3")
            << QList<QByteArray> {"HELLO", "3"}
            << QStringLiteral("HELLO: the connection authenticates itself "
                              "(RedisConnection::Options)");
    QTest::newRow("SELECT") << QList<QByteArray> {"SELECT", "2"}
                            << QStringLiteral("SELECT: the database is the URL's");
    for (const char *command :
         {"SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"}) {
        QTest::newRow(command) << QList<QByteArray> {command, "c"}
                               << QStringLiteral("%1: use RedisConnection::subscribe(), on a "
                                                 "connection of its own")
                                          .arg(QLatin1String(command));
    }
    for (const char *command : {"MONITOR", "SYNC", "PSYNC", "RESET", "QUIT"}) {
        QTest::newRow(command) << QList<QByteArray> {command}
                               << QStringLiteral("%1: it would break the pairing of commands "
                                                 "and replies")
                                          .arg(QLatin1String(command));
    }
    QTest::newRow("CLIENT REPLY OFF")
            << QList<QByteArray> {"client", "reply", "off"}
            << QStringLiteral("CLIENT REPLY: it would break the pairing of commands and replies");
}

void TestRedisCommand::refuses()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(QString, why);
    QCOMPARE(RedisCommand::refusal(args), why);
}

void TestRedisCommand::sendsTheRest_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::newRow("GET") << QList<QByteArray> {"GET", "k"};
    QTest::newRow("CLIENT SETNAME") << QList<QByteArray> {"CLIENT", "SETNAME", "x"};
    QTest::newRow("PUBLISH") << QList<QByteArray> {"PUBLISH", "c", "m"};
    QTest::newRow("MULTI") << QList<QByteArray> {"MULTI"};
    QTest::newRow("EVAL") << QList<QByteArray> {"EVAL", "return 1", "0"};
}

void TestRedisCommand::sendsTheRest()
{
    QFETCH(QList<QByteArray>, args);
    QCOMPARE(RedisCommand::refusal(args), QString());
}

QTEST_GUILESS_MAIN(TestRedisCommand)
#include "tst_rediscommand.moc"
