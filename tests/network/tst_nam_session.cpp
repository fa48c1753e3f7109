// SPDX-License-Identifier: BSD-3-Clause
// How Tessera::NetworkAccessManager's requests wait for, share and give up on the Session:
// one refresh for any number of requests, a prompt error when there is no token to be had.
#include "namharness.h"

#include <QJsonArray>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

class tst_NamSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void forbiddenIsDeliveredWithoutRefresh();
    void unauthorizedAfterTheRefreshIsDelivered();
    void requestsDuringARefreshWaitForIt();
    void tokenDueForRefreshIsNotSent();
    void unauthorizedWhileRefreshRetryingIsDelivered();
    void waitIsBoundedByTheTransferTimeout_data();
    void waitIsBoundedByTheTransferTimeout();
    void signedOutFailsPromptlyWithoutTraffic();
    void reauthenticationRequiredFailsPromptly();
    void waitingForNetworkFailsPromptly();
    void burstWithExpiredTokenRefreshesOnce();
    void burstOfUnauthorizedRefreshesOnce();

private:
    std::vector<std::unique_ptr<QNetworkReply>> burst(NamHarness &h, int count);
    static int succeeded(const std::vector<std::unique_ptr<QNetworkReply>> &replies);
    DevServerProcess m_server;
};

void tst_NamSession::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_NamSession::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

std::vector<std::unique_ptr<QNetworkReply>> tst_NamSession::burst(NamHarness &h, int count)
{
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < count; ++i)
        replies.emplace_back(h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    return replies;
}

// How many of \a replies finished (within 30 s) with 200.
int tst_NamSession::succeeded(const std::vector<std::unique_ptr<QNetworkReply>> &replies)
{
    int ok = 0;
    for (const auto &reply : replies)
        ok += finishes(reply.get(), 30000) && status(reply.get()) == 200 ? 1 : 0;
    return ok;
}

void tst_NamSession::forbiddenIsDeliveredWithoutRefresh()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.resetStats();
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/forbidden")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 403);
    QCOMPARE(reply->error(), QNetworkReply::ContentAccessDenied);
    QCOMPARE(h.refreshes(), 0);
}

void tst_NamSession::unauthorizedAfterTheRefreshIsDelivered()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.resetStats();
    // The API refuses twice whatever the token: one refresh, one retry, then the 401 is theirs.
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                       {QStringLiteral("count"), 2},
                       {QStringLiteral("status"), 401}});
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(h.refreshes(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 2);
    QCOMPARE(h.session->state(), State::Active);
}

void tst_NamSession::requestsDuringARefreshWaitForIt()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeOnRefresh(); // a request sent with the old token after the refresh would get 401
    m_server.resetStats();
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 500}});
    const QString oldJti = h.currentJti();
    h.session->refresh();
    QCOMPARE(h.session->state(), State::Refreshing);
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < 5; ++i)
        replies.emplace_back(h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/echo")))));
    for (const auto &reply : replies) {
        QVERIFY(finishes(reply.get()));
        QCOMPARE(status(reply.get()), 200);
        // Each went out after the refresh, with the new token (the server names it).
        QCOMPARE(jsonBody(reply.get()).value(QStringLiteral("jti")).toString(), h.currentJti());
    }
    QVERIFY(h.currentJti() != oldJti);
    QCOMPARE(h.refreshes(), 1);
    QCOMPARE(h.unauthorizedAtServer(), 0);
}

void tst_NamSession::tokenDueForRefreshIsNotSent()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeOnRefresh();
    m_server.resetStats();
    const QString oldJti = h.currentJti();
    // Inside the refresh lead: still valid, but due; the alarm fires from the event loop.
    h.advanceTo(h.session->nextRefreshAt());
    QVERIFY(h.session->hasValidAccessToken());
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/echo")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    const QString sentJti = jsonBody(reply.get()).value(QStringLiteral("jti")).toString();
    QVERIFY(sentJti != oldJti);
    QCOMPARE(sentJti, h.currentJti());
    QCOMPARE(h.refreshes(), 1);
    QCOMPARE(h.unauthorizedAtServer(), 0);
}

// How many more refresh attempts the server's 429 fault will answer (each one uses one up).
static int refreshFaultsLeft(DevServerProcess &server)
{
    const QJsonArray faults = server.get(QStringLiteral("/_dev/faults"))
                                      .body.value(QStringLiteral("faults"))
                                      .toArray();
    for (const QJsonValue &fault : faults) {
        if (fault.toObject().value(QStringLiteral("path")).toString()
            == QLatin1String("/auth/refresh"))
            return fault.toObject().value(QStringLiteral("count")).toInt();
    }
    return 0;
}

void tst_NamSession::unauthorizedWhileRefreshRetryingIsDelivered()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    // The server turns refreshes away for a while (429, Retry-After: 60 s).
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1000},
                       {QStringLiteral("status"), 429},
                       {QStringLiteral("retry_after"), 60}});
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    const QDateTime retryAt = h.session->nextRefreshAt();
    QVERIFY(h.clock.now().secsTo(retryAt) >= 59);
    const int attemptsLeft = refreshFaultsLeft(m_server);
    QCOMPARE(attemptsLeft, 999); // the session's own attempt
    h.revokeAccessTokens(); // the still-valid token is refused: every request gets 401
    m_server.resetStats();
    auto replies = burst(h, 20);
    for (const auto &reply : replies) {
        QVERIFY(finishes(reply.get()));
        QCOMPARE(status(reply.get()), 401);
        QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    }
    // No request cut the session's schedule short: no refresh attempt reached the server.
    QCOMPARE(refreshFaultsLeft(m_server), attemptsLeft);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 20);
    QCOMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->nextRefreshAt(), retryAt);
    m_server.clearFaults();
}

void tst_NamSession::waitIsBoundedByTheTransferTimeout_data()
{
    QTest::addColumn<bool>("onTheManager");
    QTest::newRow("request's transfer timeout") << false;
    QTest::newRow("manager's transfer timeout") << true;
}

void tst_NamSession::waitIsBoundedByTheTransferTimeout()
{
    QFETCH(bool, onTheManager);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    // The refresh takes far longer than the request may wait.
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 8000}});
    h.session->refresh();
    QCOMPARE(h.session->state(), State::Refreshing);
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    if (onTheManager)
        h.nam.setTransferTimeout(300);
    else
        request.setTransferTimeout(300);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    ReplySpies spies(reply.get());
    QVERIFY(finishes(reply.get(), 6000));
    QCOMPARE(h.session->state(), State::Refreshing); // it gave up; the refresh goes on
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), State::Active, 15000);
    QCOMPARE(spies.finished.count(), 1);
}

void tst_NamSession::signedOutFailsPromptlyWithoutTraffic()
{
    NamHarness h(m_server);
    m_server.resetStats();
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QVERIFY(!reply->isFinished()); // never inside get()
    QSignalSpy errors(reply.get(), &QNetworkReply::errorOccurred);
    QVERIFY(finishes(reply.get(), 1000));
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(reply->errorString().contains(QStringLiteral("Dev Server")),
             qPrintable(reply->errorString()));
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
}

void tst_NamSession::reauthenticationRequiredFailsPromptly()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    m_server.resetStats();
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QVERIFY(finishes(reply.get(), 1000));
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QVERIFY(reply->errorString().contains(QStringLiteral("sign in again")));
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
    QCOMPARE(h.refreshes(), 0);
}

void tst_NamSession::waitingForNetworkFailsPromptly()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 100},
                       {QStringLiteral("status"), 503}});
    h.advanceTo(h.session->accessExpiresAt().addSecs(1));
    QTRY_COMPARE(h.session->state(), State::WaitingForNetwork);
    const int failedRefreshes = m_server.stats().value(QStringLiteral("refresh_failures")).toInt();
    auto replies = burst(h, 10);
    for (const auto &reply : replies) {
        QVERIFY(finishes(reply.get(), 1000));
        QCOMPARE(reply->error(), QNetworkReply::TemporaryNetworkFailureError);
    }
    // Nothing was retried because of the requests: the session keeps its own schedule.
    QCOMPARE(m_server.stats().value(QStringLiteral("refresh_failures")).toInt(), failedRefreshes);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
}

void tst_NamSession::burstWithExpiredTokenRefreshesOnce()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.resetStats();
    h.advanceTo(h.session->accessExpiresAt().addSecs(1));
    QCOMPARE(succeeded(burst(h, 1000)), 1000);
    QCOMPARE(h.refreshes(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_unauthorized")).toInt(), 0);
}

void tst_NamSession::burstOfUnauthorizedRefreshesOnce()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens(); // the session still believes in its token; the server does not
    m_server.resetStats();
    QCOMPARE(succeeded(burst(h, 1000)), 1000);
    QCOMPARE(h.refreshes(), 1);
    qInfo("1000 requests with a revoked token: %d saw a 401 and were retried once",
          m_server.stats().value(QStringLiteral("api_unauthorized")).toInt());
}

QTEST_GUILESS_MAIN(tst_NamSession)
#include "tst_nam_session.moc"
