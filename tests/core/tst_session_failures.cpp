// SPDX-License-Identifier: BSD-3-Clause
// Session under failure: Retry-After, expiry while retrying, a failing token store, corrupt
// stored data, a clock jump, a network access manager destroyed mid-request and an oauth2
// token of the wrong type (the injected faults per dialect are in tst_session_faults).
// Nothing may be lost and nobody may be signed out by accident.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QJsonArray>
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

    void retryAfterIsHonoured();
    void expiryWhileRetryingWaitsForNetwork();
    void clockJumpRetriesAtOnce();
    void managerDestroyedMidRefreshIsANetworkError();
    void oauth2TokenOfAnotherTypeIsRefused();
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
    m_server.configure({{QStringLiteral("access_lifetime"), 300},
                        {QStringLiteral("refresh_lifetime"), 3600},
                        {QStringLiteral("token_type"), QStringLiteral("Bearer")}});
    m_server.resetStats();
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
    m_server.addFault(fault("/auth/refresh", {{QStringLiteral("status"), 503}}));
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);

    // The machine wakes up: the retry happens now, not at the backoff time. (A time the server
    // asked for with Retry-After stands: tst_session_clock.)
    h.clock.jump(h.clock.now().addSecs(5));
    QTRY_COMPARE(h.session->state(), State::Active);
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

void tst_SessionFailures::managerDestroyedMidRefreshIsANetworkError()
{
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::Password,
                                      {{QStringLiteral("timeout_seconds"), 1}}));
    auto *manager = new QNetworkAccessManager;
    h.session->setNetworkAccessManager(manager);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.addFault(fault("/auth/refresh", {{QStringLiteral("delay_ms"), 3000}}));
    h.session->refresh();
    QCOMPARE(h.session->state(), State::Refreshing);
    // The request is at the server (which took the fault) when the manager goes.
    QTRY_COMPARE(m_server.get(QStringLiteral("/_dev/faults"))
                         .body.value(QStringLiteral("faults"))
                         .toArray()
                         .size(),
                 0);
    delete manager; // its replies go with it, without finished()

    // Not stuck in Refreshing, and no crash when the request timeout comes round.
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), State::RefreshRetrying, 900);
    QCOMPARE(h.session->error(), Error::NetworkError);
    QVERIFY(h.session->hasValidAccessToken());
    QTest::qWait(1200);
    QCOMPARE(h.session->state(), State::RefreshRetrying);

    // The next attempt uses a manager of the session's own.
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_SessionFailures::oauth2TokenOfAnotherTypeIsRefused()
{
    m_server.configure({{QStringLiteral("token_type"), QStringLiteral("mac")}});
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::BadResponse);
    QVERIFY2(h.session->errorString().contains(QLatin1String("bearer")),
             qPrintable(h.session->errorString()));
    QCOMPARE(h.store.count(), 0);

    // The json dialect has no such rule, and lower-case bearer is bearer.
    m_server.configure({{QStringLiteral("token_type"), QStringLiteral("bearer")}});
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    SessionHarness json(m_server.profile(Dialect::Json));
    m_server.configure({{QStringLiteral("token_type"), QStringLiteral("mac")}});
    json.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(json.session->state(), State::Active);
    m_server.configure({{QStringLiteral("token_type"), QStringLiteral("Bearer")}});
}

QTEST_GUILESS_MAIN(tst_SessionFailures)
#include "tst_session_failures.moc"
