// SPDX-License-Identifier: BSD-3-Clause
// Session::signInWithBrowser() against the real dev server: discovery from an issuer, the
// loopback listener, PKCE, the issuer check, and every way out of the wait freeing the port. The
// test plays the browser (BrowserDriver).
#include "browserdriver.h"
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;

class tst_SessionBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }
    void init()
    {
        m_server.reset();
        m_server.configure({{QStringLiteral("access_lifetime"), 300},
                            {QStringLiteral("refresh_lifetime"), 3600}});
    }

    void profileWithOnlyAnIssuerSignsInThroughTheBrowser();
    void theSessionRefreshesRotatesAndSignsOutLikeAnyOther();
    void anotherStateIsAnsweredAndIgnored();
    void aCodeRedeemedWithAnotherVerifierIsRefused();
    void accessDeniedEndsTheSignInAndFreesThePort();
    void theUserNeverComingBackTimesOutAndFreesThePort();
    void cancelFreesThePort();
    void aNewSignInReplacesTheWaitingOneAndFreesItsPort();
    void signingOutWhileWaitingEndsTheWaitAndKeepsNothing();
    void aRedirectPortInUseIsAClearError();
    void discoveryProblemsNameTheProfile_data();
    void discoveryProblemsNameTheProfile();
    void aMissingIssParameterIsRefusedWhenPromised();
    void theUserComesFromTheIdTokenClaims_data();
    void theUserComesFromTheIdTokenClaims();

private:
    Profile browserProfile(const QJsonObject &overrides = {}) const;
    /*! \brief Starts a browser sign-in and waits for its prompt. */
    QUrl startSignIn(SessionHarness &h);
    static bool portIsFree(quint16 port);
    static QUrl redirectOf(const QUrl &authorizationUrl)
    {
        return QUrl(QUrlQuery(authorizationUrl)
                            .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    }
    int stat(const char *name) { return m_server.stats().value(QLatin1String(name)).toInt(); }

    DevServerProcess m_server;
    BrowserDriver m_browser;
};

// What the issue promises: an issuer and a client id are enough.
Profile tst_SessionBrowser::browserProfile(const QJsonObject &overrides) const
{
    QJsonObject changes {{QStringLiteral("id"), QStringLiteral("browser")},
                         {QStringLiteral("name"), QStringLiteral("Dev Server (browser)")},
                         {QStringLiteral("scope"), QStringLiteral("openid offline_access")}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        changes.insert(it.key(), it.value());
    return m_server.issuerProfile(QStringLiteral("browser"), changes);
}

QUrl tst_SessionBrowser::startSignIn(SessionHarness &h)
{
    h.session->signInWithBrowser();
    if (!QTest::qWaitFor(
                [&] {
                    return !h.session->signInPrompt().isNone()
                           || h.session->state() != State::SigningIn;
                },
                10000))
        qWarning("no prompt came");
    return h.session->signInPrompt().url();
}

bool tst_SessionBrowser::portIsFree(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    // A refused connection is the answer wanted; connected means someone still listens.
    return !socket.waitForConnected(2000);
}

void tst_SessionBrowser::profileWithOnlyAnIssuerSignsInThroughTheBrowser()
{
    SessionHarness h(browserProfile());
    QSignalSpy prompts(h.session.get(), &Session::signInPromptChanged);
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    const QUrl url = startSignIn(h);
    QCOMPARE(h.session->state(), State::SigningIn);
    QCOMPARE(h.session->signInPrompt().kind(), SignInPrompt::Kind::OpenBrowser);
    QCOMPARE(h.session->signInPrompt().expiresAt(), h.clock.now().addSecs(300));

    // The authorization request: the discovered endpoint, S256, a loopback redirect.
    QCOMPARE(url.adjusted(QUrl::RemoveQuery), m_server.url(QStringLiteral("/oauth/authorize")));
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
    QCOMPARE(query.queryItemValue(QStringLiteral("state")).size(), 22);
    QCOMPARE(query.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded),
             QStringLiteral("openid offline_access"));
    const QUrl redirect(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(redirect.path(), QStringLiteral("/callback"));
    QVERIFY(!portIsFree(quint16(redirect.port())));

    const BrowserDriver::Page page =
            m_browser.signIn(url, Accounts::alice, Accounts::alicePassword);
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("You can close this tab"));
    QTRY_COMPARE(signedIn.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    QCOMPARE(h.session->user(), Accounts::alice); // preferred_username of the ID token
    QVERIFY(h.session->signInPrompt().isNone());
    QCOMPARE(prompts.count(), 2); // the URL, then none
    QVERIFY(portIsFree(quint16(redirect.port())));

    // The discovered endpoints are kept with the session, for refreshes in any process.
    const std::optional<StoredSession> stored = h.stored(Accounts::alice);
    QVERIFY(stored);
    QCOMPARE(stored->tokenEndpoint, m_server.url(QStringLiteral("/oauth/token")));
    QCOMPARE(stored->revocationEndpoint, m_server.url(QStringLiteral("/oauth/revoke")));
    QCOMPARE(m_server.refreshTokenState(stored->refreshToken.reveal()), QStringLiteral("active"));
    QCOMPARE(stat("code_exchanges"), 1);
}

void tst_SessionBrowser::theSessionRefreshesRotatesAndSignsOutLikeAnyOther()
{
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    m_browser.signIn(url, Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(h.session->state(), State::Active);
    const Secret first = h.stored(Accounts::alice)->refreshToken;

    // A second session (a restart) refreshes with the stored endpoint: no discovery.
    m_server.resetStats();
    h.session = h.makeSession(browserProfile());
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::Active);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);
    const Secret second = h.stored(Accounts::alice)->refreshToken;
    QVERIFY(second != first);
    QCOMPARE(m_server.refreshTokenState(first.reveal()), QStringLiteral("rotated"));
    QCOMPARE(stat("refreshes"), 1);

    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(m_server.refreshTokenState(second.reveal()), QStringLiteral("revoked"));
    QVERIFY(!h.stored(Accounts::alice));
}

void tst_SessionBrowser::anotherStateIsAnsweredAndIgnored()
{
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    const BrowserDriver::Page submitted =
            m_browser.submit(url, Accounts::alice, Accounts::alicePassword);
    QCOMPARE(submitted.status, 302);

    // Any local process can reach the port: a callback with another state must not end it.
    QUrl forged = submitted.location;
    QUrlQuery query(forged);
    query.removeQueryItem(QStringLiteral("state"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("AAAAAAAAAAAAAAAAAAAAAA"));
    forged.setQuery(query);
    QCOMPARE(m_browser.get(forged).status, 404);
    QCOMPARE(
            m_browser.get(submitted.location.resolved(QUrl(QStringLiteral("/favicon.ico")))).status,
            404);
    QTest::qWait(0);
    QCOMPARE(h.session->state(), State::SigningIn);
    QCOMPARE(stat("code_exchanges"), 0);

    // The real answer still ends it.
    QCOMPARE(m_browser.get(submitted.location).status, 200);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(stat("code_exchanges"), 1);
}

void tst_SessionBrowser::aCodeRedeemedWithAnotherVerifierIsRefused()
{
    // Sign-in A gets a code; it is delivered to sign-in B (a code injection), which redeems it
    // with B's verifier: PKCE makes the server refuse it.
    SessionHarness a(browserProfile());
    const QUrl urlA = startSignIn(a);
    const BrowserDriver::Page approvedA =
            m_browser.submit(urlA, Accounts::alice, Accounts::alicePassword);
    QCOMPARE(approvedA.status, 302);
    const QString codeA = QUrlQuery(approvedA.location).queryItemValue(QStringLiteral("code"));
    a.session->cancel();

    SessionHarness b(browserProfile());
    const QUrl urlB = startSignIn(b);
    const BrowserDriver::Page approvedB =
            m_browser.submit(urlB, Accounts::alice, Accounts::alicePassword);
    QUrl injected = approvedB.location;
    QUrlQuery query(injected);
    query.removeQueryItem(QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("code"), codeA);
    injected.setQuery(query);
    QCOMPARE(m_browser.get(injected).status, 200);
    QTRY_COMPARE(b.session->state(), State::SignedOut);
    QCOMPARE(b.session->error(), Error::InvalidCredentials);
    QVERIFY2(b.session->errorString().contains(QLatin1String("invalid_grant")),
             qPrintable(b.session->errorString()));
    QCOMPARE(stat("code_exchanges"), 1);
}

void tst_SessionBrowser::accessDeniedEndsTheSignInAndFreesThePort()
{
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    const quint16 port = quint16(
            QUrl(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded))
                    .port());
    const BrowserDriver::Page page =
            m_browser.signIn(url, Accounts::alice, Accounts::alicePassword, QStringLiteral("deny"));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("You can close this tab"));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::InvalidCredentials);
    QVERIFY2(h.session->errorString().contains(QLatin1String("declined"))
                     || h.session->errorString().contains(QLatin1String("denied")),
             qPrintable(h.session->errorString()));
    QVERIFY(h.session->signInPrompt().isNone());
    QVERIFY(portIsFree(port));
    QCOMPARE(stat("code_exchanges"), 0);
}

void tst_SessionBrowser::theUserNeverComingBackTimesOutAndFreesThePort()
{
    SessionHarness h(
            browserProfile({{QStringLiteral("login"),
                             QJsonObject {{QStringLiteral("kind"), QStringLiteral("browser")},
                                          {QStringLiteral("timeout_seconds"), 120}}}}));
    const QUrl url = startSignIn(h);
    const quint16 port = quint16(
            QUrl(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded))
                    .port());
    h.clock.advance(std::chrono::seconds(119));
    QTest::qWait(0);
    QCOMPARE(h.session->state(), State::SigningIn);
    h.clock.advance(std::chrono::seconds(1));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::Timeout);
    QVERIFY2(h.session->errorString().contains(QLatin1String("2 minutes")),
             qPrintable(h.session->errorString()));
    QVERIFY(portIsFree(port));
}

void tst_SessionBrowser::cancelFreesThePort()
{
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    const quint16 port = quint16(
            QUrl(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded))
                    .port());
    QVERIFY(h.session->cancel());
    QCOMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Error::NoError);
    QVERIFY(h.session->signInPrompt().isNone());
    QVERIFY(portIsFree(port));
}

void tst_SessionBrowser::aNewSignInReplacesTheWaitingOneAndFreesItsPort()
{
    SessionHarness h(browserProfile());
    const QUrl first = startSignIn(h);
    const quint16 firstPort = quint16(redirectOf(first).port());
    h.session->signInWithBrowser();
    QTRY_VERIFY(!h.session->signInPrompt().isNone() && h.session->signInPrompt().url() != first);
    QVERIFY(portIsFree(firstPort));
    // The first sign-in's answer comes too late: its port is closed, and nothing changes.
    const BrowserDriver::Page late =
            m_browser.signIn(first, Accounts::alice, Accounts::alicePassword);
    QCOMPARE(late.status, 0);
    QCOMPARE(h.session->state(), State::SigningIn);
    m_browser.signIn(h.session->signInPrompt().url(), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(stat("code_exchanges"), 1);
}

void tst_SessionBrowser::signingOutWhileWaitingEndsTheWaitAndKeepsNothing()
{
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    const quint16 port = quint16(redirectOf(url).port());
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(h.session->signInPrompt().isNone());
    QVERIFY(portIsFree(port));
}

void tst_SessionBrowser::aRedirectPortInUseIsAClearError()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    SessionHarness h(browserProfile(
            {{QStringLiteral("redirect_port"), int(squatter.serverPort())},
             {QStringLiteral("token_endpoint"), QStringLiteral("/oauth/token")},
             {QStringLiteral("revocation_endpoint"), QStringLiteral("/oauth/revoke")},
             {QStringLiteral("authorization_endpoint"), QStringLiteral("/oauth/authorize")}}));
    h.session->signInWithBrowser();
    // Every endpoint named: no discovery, and still no sign-in ends inside the call.
    QCOMPARE(h.session->state(), State::SigningIn);
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::SignedOut}));
    QVERIFY2(h.session->errorString().contains(QString::number(squatter.serverPort())),
             qPrintable(h.session->errorString()));
    QVERIFY(h.session->errorString().contains(QLatin1String("in use")));
    QVERIFY(h.session->signInPrompt().isNone());
}

void tst_SessionBrowser::discoveryProblemsNameTheProfile_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QStringLiteral("missing")
                             << QStringLiteral("publishes no metadata");
    QTest::newRow("malformed") << QStringLiteral("malformed") << QStringLiteral("not usable");
    QTest::newRow("foreign issuer")
            << QStringLiteral("foreign_issuer") << QStringLiteral("another issuer");
}

void tst_SessionBrowser::discoveryProblemsNameTheProfile()
{
    QFETCH(QString, mode);
    QFETCH(QString, expected);
    m_server.configure({{QStringLiteral("discovery"), mode}});
    SessionHarness h(browserProfile());
    h.session->signInWithBrowser();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QVERIFY(h.session->signInPrompt().isNone());
    QCOMPARE(h.session->error(), Error::BadResponse);
    const QString text = h.session->errorString();
    QVERIFY2(text.contains(QLatin1String("Dev Server (browser)")), qPrintable(text));
    QVERIFY2(text.contains(expected), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("foreign.example")), qPrintable(text));
}

void tst_SessionBrowser::aMissingIssParameterIsRefusedWhenPromised()
{
    // The server promises iss, then a callback comes without it (a mix-up): refused.
    SessionHarness h(browserProfile());
    const QUrl url = startSignIn(h);
    const BrowserDriver::Page submitted =
            m_browser.submit(url, Accounts::alice, Accounts::alicePassword);
    QUrl stripped = submitted.location;
    QUrlQuery query(stripped);
    QVERIFY(query.hasQueryItem(QStringLiteral("iss")));
    query.removeQueryItem(QStringLiteral("iss"));
    stripped.setQuery(query);
    QCOMPARE(m_browser.get(stripped).status, 200);
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(stat("code_exchanges"), 0);
}

void tst_SessionBrowser::theUserComesFromTheIdTokenClaims_data()
{
    QTest::addColumn<QString>("claims");
    QTest::addColumn<QString>("user");
    QTest::newRow("preferred_username") << QStringLiteral("full") << QStringLiteral("alice");
    QTest::newRow("email") << QStringLiteral("email_only") << QStringLiteral("alice@example.test");
    QTest::newRow("sub") << QStringLiteral("sub_only") << QStringLiteral("alice");
    QTest::newRow("no ID token") << QStringLiteral("none") << QStringLiteral("account");
}

void tst_SessionBrowser::theUserComesFromTheIdTokenClaims()
{
    QFETCH(QString, claims);
    QFETCH(QString, user);
    m_server.configure({{QStringLiteral("id_token_claims"), claims}});
    SessionHarness h(browserProfile());
    m_browser.signIn(startSignIn(h), Accounts::alice, Accounts::alicePassword);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), user);
    QVERIFY(h.stored(user));
}

QTEST_GUILESS_MAIN(tst_SessionBrowser)
#include "tst_session_browser.moc"
