// SPDX-License-Identifier: BSD-3-Clause
// Session with an api_key profile whose key the user chose to keep: a revoked or expired
// refresh token is answered by a silent new sign-in with the key, never by a prompt.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Dialect = Profile::Dialect;

class tst_SessionApiKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }
    void init()
    {
        m_server.clearFaults();
        m_server.configure({{QStringLiteral("access_lifetime"), 300},
                            {QStringLiteral("refresh_lifetime"), 3600}});
        m_server.resetStats();
    }

    void rememberedApiKeySignsInAgainSilently();
    void rememberedApiKeyOutlivesTheRefreshToken();
    void proxyAnswerToTheSilentSignInKeepsTheKey_data();
    void proxyAnswerToTheSilentSignInKeepsTheKey();

private:
    DevServerProcess m_server;
};

void tst_SessionApiKey::rememberedApiKeySignsInAgainSilently()
{
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::ApiKey));
    h.session->signInWithApiKey(QString(), Secret(Accounts::aliceApiKey), true);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), Accounts::alice);

    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(!h.states.contains(State::ReauthenticationRequired));
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 2);
}

void tst_SessionApiKey::rememberedApiKeyOutlivesTheRefreshToken()
{
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::ApiKey));
    h.session->signInWithApiKey(QString(), Secret(Accounts::aliceApiKey), true);
    QTRY_COMPARE(h.session->state(), State::Active);
    QVERIFY(h.session->refreshExpiresAt().isValid());
    QVERIFY(h.stored(Accounts::alice)->apiKey == Secret(Accounts::aliceApiKey));

    // Waking up after the whole session ended: a silent new sign-in with the kept key, not
    // a refresh with the dead token and not a prompt.
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.clock.jump(h.session->refreshExpiresAt().addSecs(60));
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.session->state(), State::Active);
    QVERIFY(!h.states.contains(State::ReauthenticationRequired));
    QVERIFY(h.session->refreshExpiresAt() > h.clock.now());
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("logins")).toInt(), 2);
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 0);
    QVERIFY(h.stored(Accounts::alice)->apiKey == Secret(Accounts::aliceApiKey));
}

void tst_SessionApiKey::proxyAnswerToTheSilentSignInKeepsTheKey_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("403 page from a proxy") << 403;
    QTest::newRow("302 to a captive portal") << 302;
    QTest::newRow("404 page") << 404;
}

void tst_SessionApiKey::proxyAnswerToTheSilentSignInKeepsTheKey()
{
    // The silent sign-in stands in for a refresh, and is judged as one: only the token API
    // refusing the key ends the session. A page from something in between is tried again.
    QFETCH(int, status);
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::ApiKey));
    h.session->signInWithApiKey(QString(), Secret(Accounts::aliceApiKey), true);
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("body"), QStringLiteral("html")}});

    h.clock.jump(h.session->refreshExpiresAt().addSecs(60));
    // The access token is long expired too: waiting, with the next attempt scheduled.
    QTRY_COMPARE(h.session->state(), State::WaitingForNetwork);
    QVERIFY(h.session->nextRefreshAt().isValid());
    QVERIFY(!h.states.contains(State::ReauthenticationRequired));
    QVERIFY(h.stored(Accounts::alice));
    QVERIFY(h.stored(Accounts::alice)->apiKey == Secret(Accounts::aliceApiKey));

    // The page is gone: the next attempt signs in with the kept key.
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_SessionApiKey)
#include "tst_session_apikey.moc"
