// SPDX-License-Identifier: BSD-3-Clause
// Session and time: waking from sleep (the clock jumps) past each deadline, the clock going
// backwards, alarms that must not fire into a new sign-in, and a server whose clock is off.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;
using Dialect = Profile::Dialect;

class tst_SessionClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void wakingPastTheRefreshTimeRefreshesAtOnce();
    void wakingPastTheAccessExpiryRefreshesWithoutSigningOut();
    void wakingPastTheSessionEndAsksForSignIn();
    void clockGoingBackReschedulesWithoutStorm();
    void wakingKeepsTheServersRetryAfter();
    void alarmsDoNotFireIntoANewSignIn_data();
    void alarmsDoNotFireIntoANewSignIn();
    void serverClockBehindIsCorrected_data();
    void serverClockBehindIsCorrected();

private:
    int refreshes() { return m_server.stats().value(QStringLiteral("refreshes")).toInt(); }
    void signIn(SessionHarness &h)
    {
        h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
        QTRY_COMPARE(h.session->state(), State::Active);
        h.states.clear();
    }

    DevServerProcess m_server;
};

void tst_SessionClock::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_SessionClock::init()
{
    m_server.clearFaults();
    m_server.configure({{QStringLiteral("access_lifetime"), 300},
                        {QStringLiteral("refresh_lifetime"), 3600},
                        {QStringLiteral("clock_offset"), 0}});
    m_server.resetStats();
}

void tst_SessionClock::wakingPastTheRefreshTimeRefreshesAtOnce()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.clock.jump(h.session->nextRefreshAt().addSecs(10));
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::Refreshing, State::Active}));
    QCOMPARE(refreshes(), 1);
    QVERIFY(h.session->nextRefreshAt() > h.clock.now());
}

void tst_SessionClock::wakingPastTheAccessExpiryRefreshesWithoutSigningOut()
{
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    signIn(h);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.clock.jump(h.session->accessExpiresAt().addSecs(600));
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::Refreshing, State::Active}));
    QCOMPARE(signedOut.count(), 0);
    QVERIFY(h.session->hasValidAccessToken());
    QCOMPARE(refreshes(), 1);
}

void tst_SessionClock::wakingPastTheSessionEndAsksForSignIn()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    QVERIFY(h.session->refreshExpiresAt().isValid());
    h.clock.jump(h.session->refreshExpiresAt().addSecs(1));
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(h.states, (QList<State> {State::Refreshing, State::ReauthenticationRequired}));
    QCOMPARE(h.session->error(), Error::SessionExpired);
    QCOMPARE(h.session->user(), Accounts::alice);
    QTRY_VERIFY(!h.stored(Accounts::alice));
    QCOMPARE(refreshes(), 0); // a refresh token known to be dead is not sent
}

void tst_SessionClock::wakingKeepsTheServersRetryAfter()
{
    // A 429 asked for an hour of patience. A resume (a clock jump) retries at once what
    // failed on the network or was put off by the session's own backoff, but a server that
    // said when to ask again is asked then, not before.
    m_server.configure({{QStringLiteral("access_lifetime"), 300},
                        {QStringLiteral("refresh_lifetime"), 86400}}); // outlives the wait
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("status"), 429},
                       {QStringLiteral("retry_after"), 3600}});
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->error(), Error::RateLimited);
    const QDateTime askedFor = h.session->nextRefreshAt();
    QVERIFY(h.clock.now().secsTo(askedFor) >= 3590);

    // Still well short of it. The session reacts to a jump at once (ManualClock tells it
    // synchronously), so a refresh started by the jump would show in the states already.
    h.states.clear();
    h.clock.jump(h.clock.now().addSecs(600));
    QVERIFY2(!h.states.contains(State::Refreshing), "refreshed before the server's Retry-After");
    QCOMPARE(h.session->nextRefreshAt(), askedFor);

    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.clock.jump(askedFor.addSecs(1));
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(refreshes(), 1);
}

void tst_SessionClock::clockGoingBackReschedulesWithoutStorm()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    const QDateTime due = h.session->nextRefreshAt();
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    QSignalSpy nextRefresh(h.session.get(), &Session::nextRefreshAtChanged);
    h.clock.jump(h.clock.now().addSecs(-3600));
    h.clock.jump(h.clock.now().addSecs(-60));
    // Let the event loop deliver whatever the jumps queued: nothing may be due now.
    QTest::qWait(100);
    QCOMPARE(refreshed.count(), 0);
    QCOMPARE(h.states, QList<State>());
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->nextRefreshAt(), due);
    QCOMPARE(nextRefresh.count(), 0);
    QCOMPARE(refreshes(), 0);

    // Time catches up again: exactly one refresh at the deadline.
    h.advanceTo(due);
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(refreshes(), 1);
}

void tst_SessionClock::alarmsDoNotFireIntoANewSignIn_data()
{
    QTest::addColumn<int>("before"); // 0 Active, 1 RefreshRetrying, 2 WaitingForNetwork
    QTest::newRow("re-authenticating an active session") << 0;
    QTest::newRow("re-authenticating while a refresh is retried") << 1;
    QTest::newRow("re-authenticating while waiting for the network") << 2;
}

void tst_SessionClock::alarmsDoNotFireIntoANewSignIn()
{
    QFETCH(int, before);
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    if (before > 0) {
        m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                           {QStringLiteral("close"), true},
                           {QStringLiteral("count"), -1}});
        h.session->refresh();
        QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
        if (before == 2) {
            h.advanceTo(h.session->accessExpiresAt());
            QTRY_COMPARE(h.session->state(), State::WaitingForNetwork);
        }
    }
    m_server.clearFaults();
    const int refreshesBefore = refreshes();
    const QDateTime alarm = h.session->nextRefreshAt();
    QVERIFY(alarm.isValid());

    // The tray's Re-authenticate…: a sign-in the server takes a moment to answer, while the old
    // session's refresh (and expiry) alarms come due.
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("delay_ms"), 400}});
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    h.states.clear();
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QVERIFY(!h.session->nextRefreshAt().isValid());
    h.advanceTo(std::max(alarm, h.session->accessExpiresAt()).addSecs(1));
    QTRY_COMPARE(signedIn.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    QCOMPARE(refreshes(), refreshesBefore);
    QCOMPARE(h.session->error(), Error::NoError);
}

void tst_SessionClock::serverClockBehindIsCorrected_data()
{
    QTest::addColumn<int>("offset");
    QTest::newRow("8 s behind") << -8;
    QTest::newRow("an hour behind") << -3600;
    QTest::newRow("an hour ahead") << 3600;
}

void tst_SessionClock::serverClockBehindIsCorrected()
{
    // A 10 s token from a server whose clock is off: its absolute expiry, read as it is, would
    // be 2 s away (or already past, or an hour too late).
    QFETCH(int, offset);
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 10}, {QStringLiteral("clock_offset"), offset}});
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h);
    const qint64 lifetime = h.clock.now().msecsTo(h.session->accessExpiresAt());
    QVERIFY2(lifetime > 8000 && lifetime <= 11500, QByteArray::number(lifetime));
    // A fifth of the lifetime (the server rounds its expiry up to a whole second).
    const qint64 lead = h.session->nextRefreshAt().msecsTo(h.session->accessExpiresAt());
    QVERIFY2(lead >= 1600 && lead <= 2300, QByteArray::number(lead));
    const qint64 sessionLeft = h.clock.now().secsTo(h.session->refreshExpiresAt());
    QVERIFY2(sessionLeft > 3590 && sessionLeft <= 3602, QByteArray::number(sessionLeft));

    // Refreshes stay a lifetime apart: no storm.
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    for (int round = 1; round <= 3; ++round) {
        const QDateTime due = h.session->nextRefreshAt();
        QVERIFY(due > h.clock.now().addSecs(6));
        h.advanceTo(due);
        QTRY_COMPARE(refreshed.count(), round);
    }
    QCOMPARE(refreshes(), 3);
}

QTEST_GUILESS_MAIN(tst_SessionClock)
#include "tst_session_clock.moc"
