// SPDX-License-Identifier: BSD-3-Clause
// Session::signInWithDeviceCode() against the real dev server (RFC 8628): the prompt, polling on
// the session's clock at the server's interval, slow_down, denial, expiry and cancel. The test
// moves the injected clock; the dev server's stats count the polls.
#include "browserdriver.h"
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;

class tst_SessionDevice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }
    void init()
    {
        m_server.reset();
        m_server.configure({{QStringLiteral("access_lifetime"), 300},
                            {QStringLiteral("refresh_lifetime"), 3600},
                            {QStringLiteral("device_interval"), 5},
                            {QStringLiteral("device_slow_down"), QStringLiteral("never")}});
    }

    void pendingThenApproved();
    void slowDownAddsFiveSecondsForGood();
    void deniedEndsWithAClearMessage();
    void expiredEndsWithAClearMessage();
    void theCodeLifetimeEndsPollingOnTheClock();
    void cancelStopsPolling();
    void aServerThatIsBrieflyDownIsPolledAgain();
    void aBrowserProfileSignsInWithADeviceCodeToo();
    void theSessionRefreshesAndSignsOutLikeAnyOther();

private:
    Profile deviceProfile(const QString &kind = QStringLiteral("device")) const;
    /*! \brief Starts a device sign-in and waits for its prompt. */
    SignInPrompt startSignIn(SessionHarness &h);
    /*! \brief Moves the clock by \a seconds and lets the poll that falls due be answered. */
    void advance(SessionHarness &h, int seconds);
    int polls() { return m_server.stats().value(QStringLiteral("device_polls")).toInt(); }

    DevServerProcess m_server;
    BrowserDriver m_browser;
};

Profile tst_SessionDevice::deviceProfile(const QString &kind) const
{
    return m_server.issuerProfile(
            kind, {{QStringLiteral("id"), QStringLiteral("device")},
                   {QStringLiteral("name"), QStringLiteral("Dev Server (device)")}});
}

SignInPrompt tst_SessionDevice::startSignIn(SessionHarness &h)
{
    h.session->signInWithDeviceCode();
    if (!QTest::qWaitFor(
                [&] {
                    return !h.session->signInPrompt().isNone()
                           || h.session->state() != State::SigningIn;
                },
                10000))
        qWarning("no prompt came");
    return h.session->signInPrompt();
}

void tst_SessionDevice::advance(SessionHarness &h, int seconds)
{
    const int before = polls();
    h.clock.advance(std::chrono::seconds(seconds));
    // A poll that fell due reaches the server; give its answer time to come back.
    [[maybe_unused]] const bool polled = QTest::qWaitFor([&] { return polls() > before; }, 500);
    QTest::qWait(50);
}

void tst_SessionDevice::pendingThenApproved()
{
    SessionHarness h(deviceProfile());
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    const SignInPrompt prompt = startSignIn(h);
    QCOMPARE(prompt.kind(), SignInPrompt::Kind::EnterCode);
    QCOMPARE(prompt.url(), m_server.url(QStringLiteral("/device")));
    QVERIFY(prompt.urlWithCode()
                    .toString(QUrl::FullyEncoded)
                    .toLatin1()
                    .contains(QUrl::toPercentEncoding(prompt.userCode())));
    QCOMPARE(prompt.userCode().size(), 9);
    QCOMPARE(prompt.expiresAt(), h.clock.now().addSecs(300)); // the sign-in timeout, < 600 s
    QCOMPARE(polls(), 0);

    advance(h, 5);
    QCOMPARE(polls(), 1); // authorization_pending
    QCOMPARE(h.session->state(), State::SigningIn);
    advance(h, 4);
    QCOMPARE(polls(), 1);
    advance(h, 1);
    QCOMPARE(polls(), 2);

    QCOMPARE(m_browser
                     .enterCode(prompt.url(), prompt.userCode(), Accounts::alice,
                                Accounts::alicePassword)
                     .status,
             200);
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(signedIn.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(h.session->signInPrompt().isNone());
    QCOMPARE(polls(), 3);
}

void tst_SessionDevice::slowDownAddsFiveSecondsForGood()
{
    SessionHarness h(deviceProfile());
    startSignIn(h);
    m_server.configure({{QStringLiteral("device_slow_down"), QStringLiteral("next")}});
    advance(h, 5);
    QCOMPARE(polls(), 1); // slow_down
    advance(h, 5);
    QCOMPARE(polls(), 1); // not at the old interval
    advance(h, 5);
    QCOMPARE(polls(), 2); // 10 s after the slow_down
    advance(h, 9);
    QCOMPARE(polls(), 2); // and the new interval stays
    advance(h, 1);
    QCOMPARE(polls(), 3);
    QCOMPARE(h.session->state(), State::SigningIn);
}

void tst_SessionDevice::deniedEndsWithAClearMessage()
{
    SessionHarness h(deviceProfile());
    const SignInPrompt prompt = startSignIn(h);
    m_browser.enterCode(prompt.url(), prompt.userCode(), Accounts::alice, Accounts::alicePassword,
                        QStringLiteral("deny"));
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::InvalidCredentials);
    QVERIFY(!h.session->errorString().isEmpty());
    QVERIFY(h.session->signInPrompt().isNone());
    const int after = polls();
    h.clock.advance(std::chrono::seconds(60));
    QTest::qWait(100);
    QCOMPARE(polls(), after);
}

void tst_SessionDevice::expiredEndsWithAClearMessage()
{
    SessionHarness h(deviceProfile());
    const SignInPrompt prompt = startSignIn(h);
    m_server.post(QStringLiteral("/_dev/device/expire"),
                  {{QStringLiteral("user_code"), prompt.userCode()}});
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::Timeout);
    QVERIFY(!h.session->errorString().isEmpty());
}

void tst_SessionDevice::theCodeLifetimeEndsPollingOnTheClock()
{
    m_server.configure({{QStringLiteral("device_code_lifetime"), 30}});
    SessionHarness h(deviceProfile());
    const SignInPrompt prompt = startSignIn(h);
    QCOMPARE(prompt.expiresAt(), h.clock.now().addSecs(30));
    for (int i = 0; i < 5; ++i)
        advance(h, 5);
    QCOMPARE(h.session->state(), State::SigningIn);
    h.clock.advance(std::chrono::seconds(5)); // 30 s: no poll, it is over
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::Timeout);
    QCOMPARE(polls(), 5);
}

void tst_SessionDevice::cancelStopsPolling()
{
    SessionHarness h(deviceProfile());
    startSignIn(h);
    advance(h, 5);
    QCOMPARE(polls(), 1);
    QVERIFY(h.session->cancel());
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(h.session->signInPrompt().isNone());
    h.clock.advance(std::chrono::seconds(60));
    QTest::qWait(100);
    QCOMPARE(polls(), 1);
}

void tst_SessionDevice::aServerThatIsBrieflyDownIsPolledAgain()
{
    SessionHarness h(deviceProfile());
    const SignInPrompt prompt = startSignIn(h);
    // A 503 with OAuth's temporarily_unavailable: no reason to give up on the code.
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/oauth/token")},
                       {QStringLiteral("status"), 503},
                       {QStringLiteral("count"), 1}});
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(m_server.get(QStringLiteral("/_dev/faults"))
                         .body.value(QStringLiteral("faults"))
                         .toArray()
                         .size(),
                 0);
    QTest::qWait(50);
    QCOMPARE(h.session->state(), State::SigningIn);
    m_browser.enterCode(prompt.url(), prompt.userCode(), Accounts::alice, Accounts::alicePassword);
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_SessionDevice::aBrowserProfileSignsInWithADeviceCodeToo()
{
    SessionHarness h(deviceProfile(QStringLiteral("browser")));
    QVERIFY(h.session->profile().offersDeviceSignIn());
    const SignInPrompt prompt = startSignIn(h);
    QCOMPARE(prompt.kind(), SignInPrompt::Kind::EnterCode);
    m_browser.enterCode(prompt.url(), prompt.userCode(), Accounts::alice, Accounts::alicePassword);
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_SessionDevice::theSessionRefreshesAndSignsOutLikeAnyOther()
{
    SessionHarness h(deviceProfile());
    const SignInPrompt prompt = startSignIn(h);
    m_browser.enterCode(prompt.url(), prompt.userCode(), Accounts::alice, Accounts::alicePassword);
    h.clock.advance(std::chrono::seconds(5));
    QTRY_COMPARE(h.session->state(), State::Active);
    const Secret first = h.stored(Accounts::alice)->refreshToken;
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);
    const Secret second = h.stored(Accounts::alice)->refreshToken;
    QCOMPARE(m_server.refreshTokenState(first.reveal()), QStringLiteral("rotated"));
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(m_server.refreshTokenState(second.reveal()), QStringLiteral("revoked"));
}

QTEST_GUILESS_MAIN(tst_SessionDevice)
#include "tst_session_device.moc"
