// SPDX-License-Identifier: BSD-3-Clause
// Session under failure: every fault the dev server can inject, a failing token store, corrupt
// stored data and clock jumps. Nothing may be lost and nobody may be signed out by accident.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;
using Dialect = Profile::Dialect;

class tst_SessionFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void transientRefreshFailureKeepsSession_data();
    void transientRefreshFailureKeepsSession();
    void retryAfterIsHonoured();
    void expiryWhileRetryingWaitsForNetwork();
    void clockJumpRetriesAtOnce();
    void failedSignIn_data();
    void failedSignIn();
    void signOutWithServerDownStillWipes();
    void storeFailureKeepsSessionInMemory();
    void storeUnavailableAtRestore();
    void corruptStoredSessionCountsAsSignedOut();

private:
    DevServerProcess m_server;
};

static QJsonObject fault(const char *path, const QJsonObject &fields)
{
    QJsonObject result = fields;
    result.insert(QStringLiteral("path"), QLatin1String(path));
    return result;
}

void tst_SessionFailures::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_SessionFailures::init()
{
    m_server.clearFaults();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    m_server.resetStats();
}

void tst_SessionFailures::transientRefreshFailureKeepsSession_data()
{
    QTest::addColumn<QJsonObject>("injected");
    QTest::addColumn<Error>("expected");
    const auto k = [](const char *key) {
        return QLatin1String(key);
    };
    QTest::newRow("503 from the server") << QJsonObject {{k("status"), 503}} << Error::ServerError;
    QTest::newRow("429 rate limited") << QJsonObject {{k("status"), 429}} << Error::RateLimited;
    QTest::newRow("connection closed")
            << QJsonObject {{k("close"), true}, {k("count"), 2}} << Error::NetworkError;
    QTest::newRow("502 html page from a proxy")
            << QJsonObject {{k("status"), 502}, {k("body"), k("html")}} << Error::ServerError;
    QTest::newRow("200 with html page")
            << QJsonObject {{k("status"), 200}, {k("body"), k("html")}} << Error::BadResponse;
    QTest::newRow("200 with malformed json")
            << QJsonObject {{k("body"), k("malformed")}} << Error::BadResponse;
    QTest::newRow("200 with truncated body")
            << QJsonObject {{k("body"), k("truncated")}} << Error::NetworkError;
    QTest::newRow("200 with empty body")
            << QJsonObject {{k("body"), k("empty")}} << Error::BadResponse;
    QTest::newRow("200 with wrong types")
            << QJsonObject {{k("body"), k("wrong_types")}} << Error::BadResponse;
    QTest::newRow("200 with a json array")
            << QJsonObject {{k("body"), k("not_object")}} << Error::BadResponse;
    QTest::newRow("200 with missing fields")
            << QJsonObject {{k("body"), k("missing_fields")}} << Error::BadResponse;
    QTest::newRow("5 MiB body") << QJsonObject {{k("body"), k("huge")}} << Error::BadResponse;
    QTest::newRow("server hangs past the timeout")
            << QJsonObject {{k("delay_ms"), 2500}} << Error::Timeout;
}

void tst_SessionFailures::transientRefreshFailureKeepsSession()
{
    QFETCH(QJsonObject, injected);
    QFETCH(Error, expected);
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::Password,
                                      {{QStringLiteral("timeout_seconds"), 1}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    const StoredSession before = *h.stored(Accounts::alice);
    m_server.addFault(fault("/auth/refresh", injected));

    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->error(), expected);
    QVERIFY(h.session->hasValidAccessToken());
    QVERIFY(h.session->nextRefreshAt() > h.clock.now());
    QVERIFY(h.stored(Accounts::alice)->refreshToken == before.refreshToken);

    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->error(), Error::NoError);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active, State::Refreshing,
                                      State::RefreshRetrying, State::Refreshing, State::Active}));
}

void tst_SessionFailures::retryAfterIsHonoured()
{
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault(fault("/oauth/token", {{QStringLiteral("status"), 429},
                                             {QStringLiteral("retry_after"), 40}}));
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->error(), Error::RateLimited);
    QVERIFY(h.clock.now().secsTo(h.session->nextRefreshAt()) >= 40);
}

void tst_SessionFailures::expiryWhileRetryingWaitsForNetwork()
{
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault(fault("/oauth/token",
                            {{QStringLiteral("close"), true}, {QStringLiteral("count"), -1}}));
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);

    h.advanceTo(h.session->accessExpiresAt());
    QTRY_COMPARE(h.session->state(), State::WaitingForNetwork);
    QVERIFY(!h.session->hasValidAccessToken());
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(h.stored(Accounts::alice).has_value()); // never signed out by a network outage

    m_server.clearFaults();
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::Active);
    QVERIFY(h.session->hasValidAccessToken());
}

void tst_SessionFailures::clockJumpRetriesAtOnce()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault(fault("/auth/refresh", {{QStringLiteral("status"), 503},
                                              {QStringLiteral("retry_after"), 600}}));
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);

    // The machine wakes up: the retry happens now, not ten minutes later.
    h.clock.jump(h.clock.now().addSecs(5));
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_SessionFailures::failedSignIn_data()
{
    QTest::addColumn<QJsonObject>("injected");
    QTest::addColumn<Error>("expected");
    const auto k = [](const char *key) {
        return QLatin1String(key);
    };
    QTest::newRow("server unreachable")
            << QJsonObject {{k("close"), true}, {k("count"), 2}} << Error::NetworkError;
    QTest::newRow("html error page")
            << QJsonObject {{k("status"), 502}, {k("body"), k("html")}} << Error::ServerError;
    QTest::newRow("5 MiB body") << QJsonObject {{k("body"), k("huge")}} << Error::BadResponse;
    QTest::newRow("forbidden") << QJsonObject {{k("status"), 403}} << Error::Forbidden;
    QTest::newRow("not found") << QJsonObject {{k("status"), 404}} << Error::BadResponse;
}

void tst_SessionFailures::failedSignIn()
{
    QFETCH(QJsonObject, injected);
    QFETCH(Error, expected);
    m_server.addFault(fault("/auth/login", injected));
    SessionHarness h(m_server.profile(Dialect::Json));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), expected);
    QVERIFY(!h.session->errorString().isEmpty());
    QCOMPARE(h.store.count(), 0);
}

void tst_SessionFailures::signOutWithServerDownStillWipes()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault(
            fault("/auth/logout", {{QStringLiteral("close"), true}, {QStringLiteral("count"), 2}}));
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::NetworkError);
    QCOMPARE(h.store.count(), 0);
}

void tst_SessionFailures::storeFailureKeepsSessionInMemory()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    h.store.setFailure(TokenStore::Status::Unavailable);
    QSignalSpy persistent(h.session.get(), &Session::persistentChanged);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    QTRY_COMPARE(h.session->error(), Error::StorageError);
    QVERIFY(!h.session->isPersistent());
    QCOMPARE(persistent.count(), 1);
    QVERIFY(h.session->hasValidAccessToken());
}

void tst_SessionFailures::storeUnavailableAtRestore()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    h.store.setFailure(TokenStore::Status::Timeout);
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::StorageError);
    QVERIFY(!h.session->isPersistent());
}

void tst_SessionFailures::corruptStoredSessionCountsAsSignedOut()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    const QString id = h.session->profile().id();
    bool written = false;
    h.store.write(currentAccountKey(id), Secret("alice"), &h.store,
                  [](const TokenStore::Result &) {});
    h.store.write(storedSessionKey(id, Accounts::alice), Secret("{\"version\":1,\"user\":["),
                  &h.store, [&](const TokenStore::Result &) { written = true; });
    QTRY_VERIFY(written);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
                                               "ignoring an unreadable stored session")));
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.states, (QList<State> {State::Restoring, State::SignedOut}));
}

QTEST_GUILESS_MAIN(tst_SessionFailures)
#include "tst_session_failures.moc"
