// SPDX-License-Identifier: BSD-3-Clause
#include "redisreplyreader_p.h"

#include <QTest>

using namespace Tessera;
using Status = RedisReplyReader::Status;

Q_DECLARE_METATYPE(Tessera::RedisReply)

class TestRedisReplyReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEachKind_data();
    void readsEachKind();
    void readsByteByByte();
    void readsPipelinedReplies();
    void keepsNulBytes();
    void readsAStringOfExactlyTheLimit();
    void refusesAStringOverTheLimit();
    void refusesAnAnnouncedHugeArrayAtOnce();
    void refusesManySmallElements();
    void refusesALineThatNeverEnds();
    void countsEachReplyOnItsOwn();
    void refusesWhatIsNotResp_data();
    void refusesWhatIsNotResp();
    void staysFailedUntilReset();
    void describesRepliesWithoutPayload();
};

namespace {

constexpr qint64 kLimit = 64 * 1024;

RedisReply readOne(const QByteArray &bytes, qint64 limit = kLimit)
{
    RedisReplyReader reader(limit);
    QList<RedisReply> replies;
    if (reader.feed(bytes, &replies) != Status::Ok || replies.size() != 1)
        return RedisReply::fromFailure(RedisReply::Failure::Refused, QStringLiteral("unread"));
    return replies.first();
}

QByteArray bulk(const QByteArray &bytes)
{
    return '$' + QByteArray::number(bytes.size()) + "\r\n" + bytes + "\r\n";
}

} // namespace

void TestRedisReplyReader::readsEachKind_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<RedisReply>("expected");

    QTest::newRow("status") << QByteArray("+OK\r\n") << RedisReply::fromStatus("OK");
    QTest::newRow("error") << QByteArray("-WRONGPASS invalid username-password pair\r\n")
                           << RedisReply::fromError("WRONGPASS invalid username-password pair");
    QTest::newRow("integer") << QByteArray(":-42\r\n") << RedisReply::fromInteger(-42);
    QTest::newRow("bulk string") << QByteArray("$5\r\nhello\r\n")
                                 << RedisReply::fromString("hello");
    QTest::newRow("empty bulk string") << QByteArray("$0\r\n\r\n") << RedisReply::fromString("");
    QTest::newRow("nil bulk string") << QByteArray("$-1\r\n") << RedisReply();
    QTest::newRow("nil array") << QByteArray("*-1\r\n") << RedisReply();
    QTest::newRow("empty array") << QByteArray("*0\r\n") << RedisReply::fromArray({});
    QTest::newRow("array of every kind")
            << QByteArray("*5\r\n+QUEUED\r\n:7\r\n$-1\r\n$2\r\nab\r\n-ERR no\r\n")
            << RedisReply::fromArray({RedisReply::fromStatus("QUEUED"), RedisReply::fromInteger(7),
                                      RedisReply(), RedisReply::fromString("ab"),
                                      RedisReply::fromError("ERR no")});
    QTest::newRow("nested arrays")
            << QByteArray("*2\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n:2\r\n")
            << RedisReply::fromArray(
                       {RedisReply::fromArray(
                                {RedisReply::fromInteger(1),
                                 RedisReply::fromArray({RedisReply::fromString("x")})}),
                        RedisReply::fromInteger(2)});
    QTest::newRow("pub/sub message")
            << QByteArray("*3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$3\r\nhey\r\n")
            << RedisReply::fromArray({RedisReply::fromString("message"),
                                      RedisReply::fromString("chan"),
                                      RedisReply::fromString("hey")});
}

void TestRedisReplyReader::readsEachKind()
{
    QFETCH(QByteArray, bytes);
    QFETCH(RedisReply, expected);
    const RedisReply reply = readOne(bytes);
    QCOMPARE(reply.kind(), expected.kind());
    QCOMPARE(reply.failure(), RedisReply::Failure::None);
    QVERIFY(reply == expected);
}

void TestRedisReplyReader::readsByteByByte()
{
    const QByteArray bytes = "*3\r\n$3\r\nabc\r\n:12\r\n*1\r\n+OK\r\n";
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        QCOMPARE(reader.feed(bytes.mid(i, 1), &replies), Status::Ok);
        QCOMPARE(replies.size(), i + 1 == bytes.size() ? 1 : 0);
    }
    QVERIFY(replies.first()
            == RedisReply::fromArray({RedisReply::fromString("abc"), RedisReply::fromInteger(12),
                                      RedisReply::fromArray({RedisReply::fromStatus("OK")})}));
    QCOMPARE(reader.pendingBytes(), 0);
}

void TestRedisReplyReader::readsPipelinedReplies()
{
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed("+OK\r\n:1\r\n$3\r\nfoo\r\n$2\r\nb", &replies), Status::Ok);
    QCOMPARE(replies.size(), 3);
    QVERIFY(replies.at(0).isOk());
    QCOMPARE(replies.at(1).toInteger(), 1);
    QCOMPARE(replies.at(2).bytes(), QByteArray("foo"));
    QVERIFY(reader.pendingBytes() > 0);
    QCOMPARE(reader.feed("a\r\n", &replies), Status::Ok);
    QCOMPARE(replies.size(), 4);
    QCOMPARE(replies.at(3).bytes(), QByteArray("ba"));
}

void TestRedisReplyReader::keepsNulBytes()
{
    const QByteArray value("a\0b\r\n\0", 6);
    const RedisReply reply = readOne(bulk(value));
    QVERIFY(reply.isString());
    QCOMPARE(reply.bytes().size(), 6);
    QCOMPARE(reply.bytes(), value);
}

void TestRedisReplyReader::readsAStringOfExactlyTheLimit()
{
    const QByteArray value(kLimit, 'x');
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed(bulk(value), &replies), Status::Ok);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies.first().bytes(), value);
}

void TestRedisReplyReader::refusesAStringOverTheLimit()
{
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    // Everything but the last CRLF: hiredis waits for it, and the limit is not passed yet.
    const QByteArray wire = bulk(QByteArray(kLimit + 1, 'x'));
    QCOMPARE(reader.feed(wire.chopped(2), &replies), Status::Ok);
    QCOMPARE(reader.feed("\r\n", &replies), Status::TooLarge);
    QVERIFY(replies.isEmpty());

    // Announced as larger, and sent on and on: refused before it is all there.
    RedisReplyReader streaming(kLimit);
    QCOMPARE(streaming.feed("$100000000\r\n", &replies), Status::Ok);
    Status status = Status::Ok;
    qint64 fed = 0;
    while (status == Status::Ok && fed < 4 * kLimit) {
        status = streaming.feed(QByteArray(4096, 'y'), &replies);
        fed += 4096;
    }
    QCOMPARE(status, Status::TooLarge);
    QVERIFY2(fed <= kLimit + 4096, qPrintable(QString::number(fed)));
}

void TestRedisReplyReader::refusesAnAnnouncedHugeArrayAtOnce()
{
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    // 100 million elements would be 6 GB of RedisReply: refused on reading the length.
    QCOMPARE(reader.feed("*100000000\r\n", &replies), Status::TooLarge);
    RedisReplyReader nested(kLimit);
    QCOMPARE(nested.feed("*1\r\n*2000000000\r\n", &replies), Status::TooLarge);
    QVERIFY(replies.isEmpty());
}

void TestRedisReplyReader::refusesManySmallElements()
{
    // Each element costs sizeof(RedisReply) however few bytes it came in.
    const qint64 fits = kLimit / qint64(sizeof(RedisReply));
    QByteArray many = "*" + QByteArray::number(fits + 1) + "\r\n";
    for (qint64 i = 0; i <= fits; ++i)
        many += ":1\r\n";
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed(many, &replies), Status::TooLarge);

    QByteArray enough = "*" + QByteArray::number(fits) + "\r\n";
    for (qint64 i = 0; i < fits; ++i)
        enough += ":1\r\n";
    RedisReplyReader other(kLimit);
    QCOMPARE(other.feed(enough, &replies), Status::Ok);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies.first().elements().size(), fits);
}

void TestRedisReplyReader::refusesALineThatNeverEnds()
{
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed("+", &replies), Status::Ok);
    QCOMPARE(reader.feed(QByteArray(kLimit + 64, 'a'), &replies), Status::TooLarge);
}

void TestRedisReplyReader::countsEachReplyOnItsOwn()
{
    // Twenty replies of 3/4 of the limit each, in one feed: each is within the limit.
    const QByteArray one = bulk(QByteArray(kLimit * 3 / 4, 'z'));
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed(one.repeated(20), &replies), Status::Ok);
    QCOMPARE(replies.size(), 20);
    QCOMPARE(reader.pendingBytes(), 0);
}

void TestRedisReplyReader::refusesWhatIsNotResp_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("an HTTP answer") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n");
    QTest::newRow("a RESP3 map") << QByteArray("%1\r\n+a\r\n:1\r\n");
    QTest::newRow("bad integer") << QByteArray("*1\r\n!!\r\n");
    // hiredis 0.14 reads arrays at most 7 deep; deeper is an error, not a crash.
    QTest::newRow("arrays nested 10 deep")
            << QByteArray("*1\r\n").repeated(10) + QByteArray(":1\r\n");
}

void TestRedisReplyReader::refusesWhatIsNotResp()
{
    QFETCH(QByteArray, bytes);
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed(bytes, &replies), Status::ProtocolError);
    QVERIFY(replies.isEmpty());
}

void TestRedisReplyReader::staysFailedUntilReset()
{
    RedisReplyReader reader(kLimit);
    QList<RedisReply> replies;
    QCOMPARE(reader.feed("+OK\r\n?\r\n", &replies), Status::ProtocolError);
    QCOMPARE(replies.size(), 1); // what came before the failure
    QCOMPARE(reader.feed("+OK\r\n", &replies), Status::ProtocolError);
    QCOMPARE(replies.size(), 1);
    reader.reset();
    QCOMPARE(reader.feed("+OK\r\n", &replies), Status::Ok);
    QCOMPARE(replies.size(), 2);
}

void TestRedisReplyReader::describesRepliesWithoutPayload()
{
    const auto describe = [](const RedisReply &reply) {
        QString text;
        QDebug(&text) << reply;
        return text;
    };
    QCOMPARE(describe(RedisReply::fromString("hunter2-token")),
             QStringLiteral("RedisReply(String, 13 bytes) "));
    QCOMPARE(describe(RedisReply::fromError("ERR unknown command 'hunter2-token'")),
             QStringLiteral("RedisReply(Error ERR) "));
    QCOMPARE(describe(RedisReply::fromError("lower case hunter2-token")),
             QStringLiteral("RedisReply(Error ) "));
    QCOMPARE(describe(RedisReply::fromFailure(RedisReply::Failure::Timeout,
                                              QStringLiteral("Timed out"))),
             QStringLiteral("RedisReply(Error TIMEOUT) "));
    QCOMPARE(describe(RedisReply::fromInteger(1234567)), QStringLiteral("RedisReply(Integer) "));
    QCOMPARE(describe(RedisReply::fromArray({RedisReply(), RedisReply()})),
             QStringLiteral("RedisReply(Array, 2 elements) "));
}

QTEST_GUILESS_MAIN(TestRedisReplyReader)
#include "tst_redisreplyreader.moc"
