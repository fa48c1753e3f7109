// SPDX-License-Identifier: BSD-3-Clause
// Sessions whose profile keeps them in Redis, against the real dev server and a real
// redis-server: two sessions (two machines' worth) share one sign-in, a refresh on one is
// adopted by the other, and with Redis down nobody refreshes, the token stays in use, and a
// sign-out still revokes at the server and says the others could not be told.
#include "devserverprocess.h"
#include "redistesting.h"
#include "sealkeysource_p.h"

#include <Tessera/manualclock.h>
#include <Tessera/session.h>

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

class tst_RedisSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void twoMachinesShareOneSession();
    void withRedisDownNobodyRefreshesAndSignOutStillRevokes();

private:
    struct Machine
    {
        ManualClock clock {QDateTime::currentDateTimeUtc()};
        QNetworkAccessManager manager;
        std::unique_ptr<Session> session;
    };
    std::unique_ptr<Machine> machine();

    QTemporaryDir m_dir;
    Profile m_profile;
    RedisServerProcess m_redis;
    DevServerProcess m_server;
};

void tst_RedisSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString key = m_dir.filePath(QStringLiteral("fleet.key"));
    QCOMPARE(SealKeySource::generateKeyFile(key), QString());
    QVERIFY(m_redis.start());
    QVERIFY(m_server.start());
    m_profile = m_server.profile(Profile::Dialect::Json, Profile::LoginKind::Password,
                                 {{QStringLiteral("id"), QStringLiteral("fleet-session")},
                                  {QStringLiteral("store"),
                                   QJsonObject {{QStringLiteral("kind"), QStringLiteral("redis")},
                                                {QStringLiteral("url"), m_redis.url().toString()},
                                                {QStringLiteral("key_file"), key}}}});
    QCOMPARE(m_profile.storeKind(), Profile::StoreKind::Redis);
}

void tst_RedisSession::init()
{
    m_server.reset();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    if (!m_redis.isRunning())
        QVERIFY(m_redis.restart());
}

std::unique_ptr<tst_RedisSession::Machine> tst_RedisSession::machine()
{
    auto made = std::make_unique<Machine>();
    made->session = std::make_unique<Session>(m_profile);
    made->session->setClock(&made->clock);
    made->session->setNetworkAccessManager(&made->manager);
    return made;
}

void tst_RedisSession::twoMachinesShareOneSession()
{
    std::unique_ptr<Machine> a = machine();
    a->session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(a->session->state(), State::Active);
    QVERIFY(a->session->isPersistent());

    std::unique_ptr<Machine> b = machine();
    b->session->restore();
    QTRY_COMPARE(b->session->state(), State::Active);
    QCOMPARE(b->session->user(), Accounts::alice);
    QVERIFY(b->session->exportAccessToken() == a->session->exportAccessToken());

    // A refreshes; B adopts it from the notice, without refreshing itself.
    QSignalSpy adopted(b->session.get(), &Session::accessExpiresAtChanged);
    a->session->refresh();
    QTRY_COMPARE(a->session->state(), State::Active);
    QTRY_VERIFY_WITH_TIMEOUT(b->session->exportAccessToken() == a->session->exportAccessToken(),
                             1000);
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);

    // A signs out; B follows within a second.
    QSignalSpy signedOut(b->session.get(), &Session::signedOut);
    a->session->signOut();
    QTRY_VERIFY_WITH_TIMEOUT(b->session->state() == State::SignedOut, 1000);
    QCOMPARE(m_server.stats().value(QStringLiteral("reuse_detections")).toInt(), 0);
}

void tst_RedisSession::withRedisDownNobodyRefreshesAndSignOutStillRevokes()
{
    std::unique_ptr<Machine> a = machine();
    a->session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(a->session->state(), State::Active);
    const QDateTime expires = a->session->accessExpiresAt();
    m_redis.stop();

    // The refresh falls due: held back, the token stays in use, the reason is given.
    a->clock.advance(
            std::chrono::milliseconds(a->clock.now().msecsTo(a->session->nextRefreshAt())));
    QTRY_COMPARE(a->session->state(), State::RefreshRetrying);
    QVERIFY(a->session->hasValidAccessToken());
    QCOMPARE(a->session->accessExpiresAt(), expires);
    QVERIFY2(a->session->errorString().contains(QLatin1String("cannot be shared")),
             qPrintable(a->session->errorString()));
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);

    // Sign-out revokes at the server all the same, and says the others were not told.
    const QByteArray token = a->session->exportAccessToken().reveal();
    QSignalSpy signedOut(a->session.get(), &Session::signedOut);
    a->session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(m_server.accessTokenState(token), QStringLiteral("revoked"));
    QVERIFY2(a->session->errorString().contains(QLatin1String("could not be told")),
             qPrintable(a->session->errorString()));
}

QTEST_GUILESS_MAIN(tst_RedisSession)
#include "tst_redis_session.moc"
