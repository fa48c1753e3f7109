// SPDX-License-Identifier: BSD-3-Clause
// Session against every fault the dev server can inject, in both dialects: refresh faults keep
// the session and its stored tokens, sign-in faults store nothing, an answer lost after the
// server rotated ends in a clear re-authentication, an echoed secret never reaches an error
// string, and a sign-out against a hanging server is bounded and wipes regardless.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;
using Dialect = Profile::Dialect;

namespace {

QLatin1String k(const char *key)
{
    return QLatin1String(key);
}

QString tokenPath(Dialect dialect, bool signIn)
{
    if (dialect == Dialect::OAuth2)
        return QStringLiteral("/oauth/token");
    return signIn ? QStringLiteral("/auth/login") : QStringLiteral("/auth/refresh");
}

// Every row once per dialect.
void addRows(const std::function<void(const char *, Dialect)> &rows)
{
    rows("json", Dialect::Json);
    rows("oauth2", Dialect::OAuth2);
}

} // namespace

class tst_SessionFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void transientRefreshFailureKeepsSession_data();
    void transientRefreshFailureKeepsSession();
    void failedSignInStoresNothing_data();
    void failedSignInStoresNothing();
    void lostRefreshAnswerEndsInReauthentication_data();
    void lostRefreshAnswerEndsInReauthentication();
    void echoedRefreshTokenNeverReachesTheError_data();
    void echoedRefreshTokenNeverReachesTheError();
    void hangingSignOutIsBoundedAndWipes_data();
    void hangingSignOutIsBoundedAndWipes();

private:
    Profile profile(Dialect dialect, int timeoutSeconds = 1)
    {
        return m_server.profile(dialect, Profile::LoginKind::Password,
                                {{QStringLiteral("timeout_seconds"), timeoutSeconds}});
    }
    void signIn(SessionHarness &h)
    {
        h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
        QTRY_COMPARE(h.session->state(), State::Active);
    }

    DevServerProcess m_server;
};

void tst_SessionFaults::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_SessionFaults::init()
{
    m_server.clearFaults();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    m_server.resetStats();
}

void tst_SessionFaults::transientRefreshFailureKeepsSession_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QJsonObject>("injected");
    QTest::addColumn<Error>("expected");
    addRows([](const char *d, Dialect dialect) {
        const auto row = [&](const char *name, const QJsonObject &fault, Error error) {
            QTest::addRow("%s: %s", d, name) << dialect << fault << error;
        };
        row("503", {{k("status"), 503}}, Error::ServerError);
        row("429 + Retry-After", {{k("status"), 429}, {k("retry_after"), 1}}, Error::RateLimited);
        row("connection closed", {{k("close"), true}, {k("count"), 2}}, Error::NetworkError);
        row("502 html page from a proxy", {{k("status"), 502}, {k("body"), k("html")}},
            Error::ServerError);
        row("200 with an html page", {{k("status"), 200}, {k("body"), k("html")}},
            Error::BadResponse);
        row("malformed json", {{k("body"), k("malformed")}}, Error::BadResponse);
        row("truncated body", {{k("body"), k("truncated")}}, Error::NetworkError);
        row("empty body", {{k("body"), k("empty")}}, Error::BadResponse);
        row("wrong types", {{k("body"), k("wrong_types")}}, Error::BadResponse);
        row("a json array", {{k("body"), k("not_object")}}, Error::BadResponse);
        row("missing fields", {{k("body"), k("missing_fields")}}, Error::BadResponse);
        row("5 MiB body", {{k("body"), k("huge")}}, Error::BadResponse);
        row("server hangs past the timeout", {{k("delay_ms"), 2500}}, Error::Timeout);
    });
}

void tst_SessionFaults::transientRefreshFailureKeepsSession()
{
    QFETCH(Dialect, dialect);
    QFETCH(QJsonObject, injected);
    QFETCH(Error, expected);
    SessionHarness h(profile(dialect));
    signIn(h);
    const StoredSession before = *h.stored(Accounts::alice);
    injected.insert(k("path"), tokenPath(dialect, false));
    m_server.addFault(injected);
    const QDeadlineTimer delayOver(injected.value(k("delay_ms")).toInt() + 200);

    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->error(), expected);
    QVERIFY(!h.session->errorString().isEmpty());
    QVERIFY(h.session->hasValidAccessToken());
    QVERIFY(h.session->nextRefreshAt() > h.clock.now());
    QVERIFY(*h.stored(Accounts::alice) == before); // nothing lost, nothing half-written

    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->error(), Error::NoError);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active, State::Refreshing,
                                      State::RefreshRetrying, State::Refreshing, State::Active}));
    const QByteArray current = h.stored(Accounts::alice)->refreshToken.reveal();
    QVERIFY(current != before.refreshToken.reveal());

    // A request the client gave up on must not be carried out later: had the server rotated
    // the old refresh token after the delay, reuse detection would have killed the session.
    while (!delayOver.hasExpired())
        QTest::qWait(int(std::min<qint64>(100, delayOver.remainingTime())));
    QCOMPARE(m_server.stats().value(k("reuse_detections")).toInt(), 0);
    QCOMPARE(m_server.refreshTokenState(current), QStringLiteral("active"));
}

void tst_SessionFaults::failedSignInStoresNothing_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QJsonObject>("injected");
    QTest::addColumn<Error>("expected");
    addRows([](const char *d, Dialect dialect) {
        const auto row = [&](const char *name, const QJsonObject &fault, Error error) {
            QTest::addRow("%s: %s", d, name) << dialect << fault << error;
        };
        row("server unreachable", {{k("close"), true}, {k("count"), 2}}, Error::NetworkError);
        row("html error page", {{k("status"), 502}, {k("body"), k("html")}}, Error::ServerError);
        row("malformed json", {{k("body"), k("malformed")}}, Error::BadResponse);
        row("truncated body", {{k("body"), k("truncated")}}, Error::NetworkError);
        row("5 MiB body", {{k("body"), k("huge")}}, Error::BadResponse);
        row("wrong types", {{k("body"), k("wrong_types")}}, Error::BadResponse);
        row("503", {{k("status"), 503}}, Error::ServerError);
        row("429 + Retry-After", {{k("status"), 429}, {k("retry_after"), 30}}, Error::RateLimited);
        row("forbidden", {{k("status"), 403}}, Error::Forbidden);
        row("not found", {{k("status"), 404}}, Error::BadResponse);
        row("server hangs past the timeout", {{k("delay_ms"), 2500}}, Error::Timeout);
    });
}

void tst_SessionFaults::failedSignInStoresNothing()
{
    QFETCH(Dialect, dialect);
    QFETCH(QJsonObject, injected);
    QFETCH(Error, expected);
    injected.insert(k("path"), tokenPath(dialect, true));
    m_server.addFault(injected);
    SessionHarness h(profile(dialect));
    QSignalSpy errors(h.session.get(), &Session::errorOccurred);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::SignedOut}));
    QCOMPARE(h.session->error(), expected);
    QCOMPARE(errors.count(), 1);
    QVERIFY(!h.session->errorString().isEmpty());
    QVERIFY(!h.session->nextRefreshAt().isValid());
    QCOMPARE(h.store.count(), 0);
    QCOMPARE(h.store.heldCount(), 0);
}

void tst_SessionFaults::lostRefreshAnswerEndsInReauthentication_data()
{
    QTest::addColumn<Dialect>("dialect");
    addRows([](const char *d, Dialect dialect) { QTest::newRow(d) << dialect; });
}

void tst_SessionFaults::lostRefreshAnswerEndsInReauthentication()
{
    // The real rotation hazard: the server rotated, the answer never arrived. The session only
    // has the old refresh token; sending it again trips reuse detection, which revokes the
    // family. The honest outcome is a clear request to sign in again, with nothing left behind.
    QFETCH(Dialect, dialect);
    SessionHarness h(profile(dialect));
    signIn(h);
    const QByteArray old = h.stored(Accounts::alice)->refreshToken.reveal();
    m_server.addFault({{k("path"), tokenPath(dialect, false)}, {k("lose_answer"), true}});
    QSignalSpy errors(h.session.get(), &Session::errorOccurred);

    h.session->refresh();
    // Qt resends a request whose connection closed before any answer; if it did not, the
    // session retries on its own schedule.
    QTRY_VERIFY(h.session->state() == State::ReauthenticationRequired
                || h.session->state() == State::RefreshRetrying);
    if (h.session->state() == State::RefreshRetrying)
        h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(h.session->error(), Error::SessionExpired);
    QVERIFY(!h.session->errorString().isEmpty());
    QCOMPARE(errors.last().at(0).value<Error>(), Error::SessionExpired);
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(!h.session->hasValidAccessToken());
    QVERIFY(!h.session->nextRefreshAt().isValid());
    QTRY_COMPARE(h.store.count(), 1); // only the account pointer, for the sign-in prompt
    QVERIFY(!h.stored(Accounts::alice));
    QCOMPARE(m_server.refreshTokenState(old), QStringLiteral("revoked")); // the whole family
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(k("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(k("reuse_detections")).toInt(), 1);
}

void tst_SessionFaults::echoedRefreshTokenNeverReachesTheError_data()
{
    QTest::addColumn<Dialect>("dialect");
    addRows([](const char *d, Dialect dialect) { QTest::newRow(d) << dialect; });
}

void tst_SessionFaults::echoedRefreshTokenNeverReachesTheError()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profile(dialect));
    signIn(h);
    const QByteArray sent = h.stored(Accounts::alice)->refreshToken.reveal();
    m_server.addFault({{k("path"), tokenPath(dialect, false)},
                       {k("status"), 400},
                       {k("body"), k("echo_refresh_token")}});
    QSignalSpy errors(h.session.get(), &Session::errorOccurred);
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(errors.count(), 1);
    const QString text = errors.first().at(1).toString();
    QVERIFY(!text.isEmpty());
    QVERIFY2(!text.toUtf8().contains(sent.left(16)), "the refresh token reached the error");
    QVERIFY(!h.session->errorString().toUtf8().contains(sent.left(16)));
}

void tst_SessionFaults::hangingSignOutIsBoundedAndWipes_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("path");
    QTest::newRow("json: hanging logout") << Dialect::Json << QStringLiteral("/auth/logout");
    QTest::newRow("oauth2: hanging revocation endpoint")
            << Dialect::OAuth2 << QStringLiteral("/oauth/revoke");
}

void tst_SessionFaults::hangingSignOutIsBoundedAndWipes()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, path);
    SessionHarness h(profile(dialect, 1));
    signIn(h);
    m_server.addFault({{k("path"), path}, {k("delay_ms"), 10000}, {k("count"), -1}});
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    QElapsedTimer elapsed;
    elapsed.start();
    h.session->signOut();
    QTRY_COMPARE_WITH_TIMEOUT(signedOut.count(), 1, 5000);
    // One request timeout (1 s): after a revocation the server does not answer, the next one
    // is not sent.
    QVERIFY2(elapsed.elapsed() < 2500, QByteArray::number(elapsed.elapsed()));
    QCOMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::Timeout);
    QVERIFY(h.session->errorString().contains(QLatin1String("server could not be told")));
    QCOMPARE(h.store.count(), 0);
    m_server.clearFaults();
}

QTEST_GUILESS_MAIN(tst_SessionFaults)
#include "tst_session_faults.moc"
