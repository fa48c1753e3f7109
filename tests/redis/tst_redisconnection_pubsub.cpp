// SPDX-License-Identifier: BSD-3-Clause
#include "redistesting.h"

#include <QSignalSpy>

using namespace Tessera;
using namespace Tessera::Test;
using State = RedisConnection::State;

// Pub/sub on a subscriber connection of its own (RESP2), against a real redis-server, and the
// subscriptions made again after the server restarted and the owner opened again.
class TestRedisConnectionPubSub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void receivesWhatIsPublished();
    void subscribesWhenAlreadyReady();
    void refusesCommandsOnASubscriberConnection();
    void stopsListeningOnUnsubscribe();
    void subscribesAgainAfterARestart();
    void subscribesAsAnAclUser();
    void failsWithoutChannelPermission();
    void answersPingWhileSubscribed();

private:
    std::optional<RedisServerProcess> m_server;
};

namespace {

const QByteArray kChannel = "tessera:profile:changed";

// PUBLISH through \a publisher; the number of subscribers that got it, or -1.
qint64 publish(RedisConnection &publisher, const QByteArray &channel, const QByteArray &payload)
{
    const RedisReply reply = run(publisher, {"PUBLISH", channel, payload});
    return reply.isInteger() ? reply.toInteger() : -1;
}

} // namespace

void TestRedisConnectionPubSub::initTestCase()
{
    LogCapture::install();
}

void TestRedisConnectionPubSub::cleanupTestCase()
{
    m_server.reset();
    QCOMPARE(LogCapture::lineWithAnyOf(allRedisSecrets()), QString());
    QVERIFY(LogCapture::lines().filter(QStringLiteral("tessera.redis: message:")).size() > 0);
}

void TestRedisConnectionPubSub::init()
{
    m_server.emplace();
    QVERIFY(m_server->start());
}

void TestRedisConnectionPubSub::receivesWhatIsPublished()
{
    RedisConnection subscriber(optionsFor(*m_server));
    RedisConnection publisher(optionsFor(*m_server));
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    QSignalSpy messageSpy(&subscriber, &RedisConnection::message);
    subscriber.subscribe(kChannel);
    subscriber.subscribe(kChannel); // once is enough
    QCOMPARE(subscriber.channels(), QList<QByteArray> {kChannel});
    QVERIFY(openAndWait(subscriber));
    QVERIFY(openAndWait(publisher));
    QTRY_COMPARE(subscribedSpy.size(), 1);
    QCOMPARE(subscribedSpy.at(0).at(0).toByteArray(), kChannel);

    const QByteArray payload = RedisValues::secretPayload + QByteArray("\0\r\n", 3);
    QCOMPARE(publish(publisher, kChannel, payload), 1);
    QTRY_COMPARE(messageSpy.size(), 1);
    QCOMPARE(messageSpy.at(0).at(0).toByteArray(), kChannel);
    QCOMPARE(messageSpy.at(0).at(1).toByteArray(), payload);
    QCOMPARE(publish(publisher, "another-channel", "x"), 0);
    QCOMPARE(publish(publisher, kChannel, "second"), 1);
    QTRY_COMPARE(messageSpy.size(), 2);
    QCOMPARE(messageSpy.at(1).at(1).toByteArray(), QByteArray("second"));
}

void TestRedisConnectionPubSub::subscribesWhenAlreadyReady()
{
    RedisConnection subscriber(optionsFor(*m_server));
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    QVERIFY(openAndWait(subscriber));
    subscriber.subscribe("first");
    subscriber.subscribe("second");
    QTRY_COMPARE(subscribedSpy.size(), 2);
    QCOMPARE(subscribedSpy.at(0).at(0).toByteArray(), QByteArray("first"));
    QCOMPARE(subscribedSpy.at(1).at(0).toByteArray(), QByteArray("second"));
    RedisConnection publisher(optionsFor(*m_server));
    QVERIFY(openAndWait(publisher));
    QCOMPARE(run(publisher, {"PUBSUB", "NUMSUB", "first", "second"}),
             RedisReply::fromArray({RedisReply::fromString("first"), RedisReply::fromInteger(1),
                                    RedisReply::fromString("second"), RedisReply::fromInteger(1)}));
}

void TestRedisConnectionPubSub::refusesCommandsOnASubscriberConnection()
{
    RedisConnection subscriber(optionsFor(*m_server));
    subscriber.subscribe(kChannel);
    QVERIFY(openAndWait(subscriber));
    QTest::ignoreMessage(QtWarningMsg,
                         "refused: GET: this is a subscriber connection; give commands to "
                         "another one");
    const RedisReply reply = run(subscriber, {"GET", "k"});
    QCOMPARE(reply.failure(), RedisReply::Failure::Refused);
    QCOMPARE(reply.bytes(), QByteArray("GET: this is a subscriber connection; give commands to "
                                       "another one"));
    QCOMPARE(subscriber.state(), State::Ready);
}

void TestRedisConnectionPubSub::stopsListeningOnUnsubscribe()
{
    RedisConnection subscriber(optionsFor(*m_server));
    RedisConnection publisher(optionsFor(*m_server));
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    subscriber.subscribe(kChannel);
    QVERIFY(openAndWait(subscriber));
    QVERIFY(openAndWait(publisher));
    QTRY_COMPARE(subscribedSpy.size(), 1);
    subscriber.unsubscribe(kChannel);
    QCOMPARE(subscriber.channels(), QList<QByteArray>());
    QTRY_COMPARE(publish(publisher, kChannel, "nobody"), 0);
    QCOMPARE(subscriber.state(), State::Ready);
}

void TestRedisConnectionPubSub::subscribesAgainAfterARestart()
{
    RedisConnection subscriber(optionsFor(*m_server));
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    QSignalSpy messageSpy(&subscriber, &RedisConnection::message);
    QSignalSpy disconnectedSpy(&subscriber, &RedisConnection::disconnected);
    subscriber.subscribe(kChannel);
    QVERIFY(openAndWait(subscriber));
    QTRY_COMPARE(subscribedSpy.size(), 1);

    QVERIFY(m_server->restart());
    QTRY_COMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(subscriber.state(), State::Failed);
    QCOMPARE(subscriber.error(), RedisConnection::Error::NetworkError);

    QVERIFY(openAndWait(subscriber));
    QTRY_COMPARE(subscribedSpy.size(), 2);
    RedisConnection publisher(optionsFor(*m_server));
    QVERIFY(openAndWait(publisher));
    QCOMPARE(publish(publisher, kChannel, "after the restart"), 1);
    QTRY_COMPARE(messageSpy.size(), 1);
    QCOMPARE(messageSpy.at(0).at(1).toByteArray(), QByteArray("after the restart"));
}

void TestRedisConnectionPubSub::subscribesAsAnAclUser()
{
    // Redis 7 grants a new ACL user no channel; the fixture's user has `&*`.
    m_server.emplace(RedisServerProcess::Options {
            {}, RedisAccounts::aclUser, RedisAccounts::aclPassword, false});
    QVERIFY(m_server->start());
    RedisConnection::Options options = optionsFor(*m_server);
    options.user = RedisAccounts::aclUser;
    options.password = Secret(RedisAccounts::aclPassword);
    RedisConnection subscriber(options);
    RedisConnection publisher(options);
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    QSignalSpy messageSpy(&subscriber, &RedisConnection::message);
    subscriber.subscribe(kChannel);
    QVERIFY2(openAndWait(subscriber), qPrintable(subscriber.errorString()));
    QVERIFY(openAndWait(publisher));
    QTRY_COMPARE(subscribedSpy.size(), 1);
    QCOMPARE(publish(publisher, kChannel, "hello"), 1);
    QTRY_COMPARE(messageSpy.size(), 1);
}

void TestRedisConnectionPubSub::failsWithoutChannelPermission()
{
    // A user like a new one in Redis 7: every command and key, no channel.
    RedisConnection admin(optionsFor(*m_server));
    QVERIFY(openAndWait(admin));
    QCOMPARE(run(admin, {"ACL", "SETUSER", "no-channels", "on", ">" + RedisAccounts::aclPassword,
                         "~*", "resetchannels", "+@all"}),
             RedisReply::fromStatus("OK"));
    RedisConnection::Options options = optionsFor(*m_server);
    options.user = "no-channels";
    options.password = Secret(RedisAccounts::aclPassword);
    RedisConnection subscriber(options);
    QSignalSpy disconnectedSpy(&subscriber, &RedisConnection::disconnected);
    subscriber.subscribe(kChannel);
    subscriber.open();
    QTRY_COMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(subscriber.error(), RedisConnection::Error::Refused);
    QCOMPARE(subscriber.errorString(),
             QStringLiteral("%1 refused SUBSCRIBE (NOPERM)").arg(m_server->url().toString()));
}

void TestRedisConnectionPubSub::answersPingWhileSubscribed()
{
    RedisConnection subscriber(optionsFor(*m_server));
    RedisConnection publisher(optionsFor(*m_server));
    QSignalSpy subscribedSpy(&subscriber, &RedisConnection::subscribed);
    QSignalSpy messageSpy(&subscriber, &RedisConnection::message);
    subscriber.subscribe(kChannel);
    QVERIFY(openAndWait(subscriber));
    QVERIFY(openAndWait(publisher));
    QTRY_COMPARE(subscribedSpy.size(), 1);
    // Messages and the answer to PING come on one connection; each goes where it belongs.
    QCOMPARE(publish(publisher, kChannel, "before"), 1);
    QCOMPARE(run(subscriber, {"PING"}),
             RedisReply::fromArray({RedisReply::fromString("pong"), RedisReply::fromString("")}));
    QCOMPARE(publish(publisher, kChannel, "after"), 1);
    QTRY_COMPARE(messageSpy.size(), 2);
    QCOMPARE(messageSpy.at(0).at(1).toByteArray(), QByteArray("before"));
    QCOMPARE(messageSpy.at(1).at(1).toByteArray(), QByteArray("after"));
    QCOMPARE(subscriber.state(), State::Ready);
}

QTEST_GUILESS_MAIN(TestRedisConnectionPubSub)
#include "tst_redisconnection_pubsub.moc"
