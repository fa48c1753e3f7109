// SPDX-License-Identifier: BSD-3-Clause
#include "redispipeline_p.h"

#include <QTest>

using namespace Tessera;
using Entry = RedisPipeline::Entry;
using Role = RedisPipeline::Role;
using Failure = RedisReply::Failure;

class TestRedisPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersFromTheEventLoopInOrder();
    void keepsARefusedCommandInLine();
    void answersARefusedCommandAtOnceWhenNothingWaits();
    void skipsHandlersWhoseContextIsGone();
    void answersNoOpeningOrSubscription();
    void failsEverythingWaitingAndHeld();
    void stopsWhenAHandlerDestroysIt();
    void waitsForOneAnswerPerChannel();
};

namespace {

// Entries whose handlers write their name into \a log.
struct Log
{
    QList<QByteArray> names;
    QList<RedisReply> replies;
    QObject context;
    Entry entry(const QByteArray &name, Role role = Role::User)
    {
        Entry result;
        result.role = role;
        result.name = name;
        result.context = &context;
        result.handler = [this, name](const RedisReply &reply) {
            names.append(name);
            replies.append(reply);
        };
        return result;
    }
    Entry refused(const QByteArray &name)
    {
        Entry result = entry(name);
        result.localAnswer = RedisReply::fromFailure(Failure::Refused, QStringLiteral("no"));
        return result;
    }
};

} // namespace

void TestRedisPipeline::answersFromTheEventLoopInOrder()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.entry("A"));
    pipeline.await(log.entry("B"));
    QCOMPARE(pipeline.head()->name, QByteArray("A"));
    pipeline.answerHead(RedisReply::fromInteger(1));
    pipeline.answerHead(RedisReply::fromInteger(2));
    QVERIFY(!pipeline.head());
    QVERIFY(log.names.isEmpty()); // not from inside answerHead()
    QTRY_COMPARE(log.names, QList<QByteArray>({"A", "B"}));
    QCOMPARE(log.replies.at(1), RedisReply::fromInteger(2));
}

void TestRedisPipeline::keepsARefusedCommandInLine()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.entry("A"));
    pipeline.await(log.refused("R1"));
    pipeline.await(log.refused("R2"));
    pipeline.await(log.entry("B"));
    QCOMPARE(pipeline.head()->name, QByteArray("A"));
    pipeline.answerHead(RedisReply::fromStatus("OK"));
    QCOMPARE(pipeline.head()->name, QByteArray("B"));
    pipeline.answerHead(RedisReply::fromStatus("OK"));
    QTRY_COMPARE(log.names, QList<QByteArray>({"A", "R1", "R2", "B"}));
    QCOMPARE(log.replies.at(1).failure(), Failure::Refused);
}

void TestRedisPipeline::answersARefusedCommandAtOnceWhenNothingWaits()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.refused("R"));
    QVERIFY(!pipeline.head());
    QVERIFY(log.names.isEmpty());
    QTRY_COMPARE(log.names, QList<QByteArray>({"R"}));
}

void TestRedisPipeline::skipsHandlersWhoseContextIsGone()
{
    RedisPipeline pipeline;
    Log log;
    bool goneCalled = false;
    Entry gone = log.entry("gone");
    auto *context = new QObject;
    gone.context = context;
    gone.handler = [&goneCalled](const RedisReply &) {
        goneCalled = true;
    };
    pipeline.await(std::move(gone));
    pipeline.await(log.entry("kept"));
    pipeline.answerHead(RedisReply());
    delete context; // after the answer came, before the handler runs
    pipeline.answerHead(RedisReply());
    QTRY_COMPARE(log.names, QList<QByteArray>({"kept"}));
    QVERIFY(!goneCalled);
}

void TestRedisPipeline::answersNoOpeningOrSubscription()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.entry("AUTH", Role::Opening));
    pipeline.await(log.refused("R"));
    QCOMPARE(pipeline.takeHead().name, QByteArray("AUTH"));
    pipeline.answer(log.entry("SUBSCRIBE", Role::Subscription), RedisReply());
    QTRY_COMPARE(log.names, QList<QByteArray>({"R"}));
}

void TestRedisPipeline::failsEverythingWaitingAndHeld()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.entry("big"));
    pipeline.await(log.refused("R"));
    pipeline.await(log.entry("after"));
    Entry held = log.entry("held");
    held.wire = "*1\r\n$4\r\nPING\r\n";
    pipeline.hold(std::move(held));
    pipeline.failAll(Failure::TooLarge, Failure::ConnectionLost, QStringLiteral("closed"));
    QVERIFY(!pipeline.head());
    QVERIFY(pipeline.takeHeld().empty());
    QTRY_COMPARE(log.names, QList<QByteArray>({"big", "R", "after", "held"}));
    QCOMPARE(log.replies.at(0).failure(), Failure::TooLarge);
    QCOMPARE(log.replies.at(1).failure(), Failure::Refused);
    QCOMPARE(log.replies.at(2).failure(), Failure::ConnectionLost);
    QCOMPARE(log.replies.at(3).failure(), Failure::ConnectionLost);
    QCOMPARE(log.replies.at(3).bytes(), QByteArray("closed"));
}

void TestRedisPipeline::stopsWhenAHandlerDestroysIt()
{
    auto *pipeline = new RedisPipeline;
    QPointer<RedisPipeline> watch(pipeline);
    Log log;
    Entry first = log.entry("first");
    first.handler = [&](const RedisReply &) {
        log.names.append("first");
        delete pipeline;
    };
    pipeline->await(std::move(first));
    pipeline->await(log.entry("second"));
    pipeline->answerHead(RedisReply());
    pipeline->answerHead(RedisReply());
    QTRY_VERIFY(!watch);
    QCoreApplication::processEvents();
    QCOMPARE(log.names, QList<QByteArray>({"first"}));
}

void TestRedisPipeline::waitsForOneAnswerPerChannel()
{
    RedisPipeline pipeline;
    Log log;
    pipeline.await(log.entry("SUBSCRIBE", Role::Subscription), 3);
    pipeline.await(log.entry("after"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(pipeline.takeHead().role, Role::Subscription);
    QCOMPARE(pipeline.head()->name, QByteArray("after"));
}

QTEST_GUILESS_MAIN(TestRedisPipeline)
#include "tst_redispipeline.moc"
