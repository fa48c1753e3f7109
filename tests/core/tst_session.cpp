// SPDX-License-Identifier: BSD-3-Clause
// Session's lifecycle against the real dev server: sign-in, proactive refresh and rotation,
// restore, re-authentication and sign-out, in both dialects, with a hand-driven clock.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QJsonArray>
#include <QMetaEnum>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Dialect = Profile::Dialect;

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void signIn_data();
    void signIn();
    void wrongPasswordStoresNothing_data();
    void wrongPasswordStoresNothing();
    void proactiveRefreshRotates_data();
    void proactiveRefreshRotates();
    void tokenIsNoLongerFreshOnceItsRefreshIsDue();
    void shortLivedTokenIsRefreshedAheadWithoutStorm();
    void restoreActiveSession_data();
    void restoreActiveSession();
    void restoreExpiredAccessTokenRefreshes();
    void restoreExpiredRefreshTokenRequiresSignIn();
    void reuseDetectionRequiresSignIn_data();
    void reuseDetectionRequiresSignIn();
    void revokedSessionRequiresSignInAndKeepsUser();
    void theServersNameIsShownTheLoginNameKept();
    void withNoNameAtAllTheAccountIsCalledApiKey();
    void missingRefreshTokenKeepsTheOldOne();
    void jwtExpiryUsedWhenTheApiSendsNone();
    void signOutRevokesOnTheServer_data();
    void signOutRevokesOnTheServer();
    void cancelledSignInLeavesNothing();
    void refreshWithoutSessionIsAnError();
    void realClockRefreshesBeforeExpiry();

private:
    Profile profileFor(Dialect dialect) const { return m_server.profile(dialect); }
    void signInAlice(SessionHarness &h);
    void recordReadiness(SessionHarness &h);

    DevServerProcess m_server;
    std::shared_ptr<QStringList> m_events = std::make_shared<QStringList>();
};

// Records the session's states and readiness, in the order they are announced.
void tst_Session::recordReadiness(SessionHarness &h)
{
    m_events = std::make_shared<QStringList>();
    const auto events = m_events;
    connect(h.session.get(), &Session::readyChanged, h.session.get(), [events](bool ready) {
        events->append(ready ? QStringLiteral("ready true") : QStringLiteral("ready false"));
    });
    connect(h.session.get(), &Session::stateChanged, h.session.get(),
            [events](Session::State state) {
                events->append(QString::fromLatin1(
                        QMetaEnum::fromType<Session::State>().valueToKey(int(state))));
            });
}

void tst_Session::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_Session::init()
{
    m_server.clearFaults();
    m_server.configure({{QStringLiteral("access_lifetime"), 300},
                        {QStringLiteral("refresh_lifetime"), 3600},
                        {QStringLiteral("omit"), QJsonArray()},
                        {QStringLiteral("expiry_format"), QStringLiteral("iso")},
                        {QStringLiteral("display_names"), QJsonObject()}});
    m_server.resetStats();
}

void tst_Session::signInAlice(SessionHarness &h)
{
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
}

static void addDialects()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("json login API") << Dialect::Json;
    QTest::newRow("oauth2 token endpoint") << Dialect::OAuth2;
}

void tst_Session::signIn_data()
{
    addDialects();
}

void tst_Session::signIn()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    signInAlice(h);

    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    QCOMPARE(signedIn.count(), 1);
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(h.session->isSignedIn());
    QVERIFY(h.session->isPersistent());
    QCOMPARE(h.session->error(), Session::Error::NoError);
    const qint64 lifetime = h.clock.now().secsTo(h.session->accessExpiresAt());
    QVERIFY2(lifetime > 295 && lifetime <= 301, QByteArray::number(lifetime));
    // 300 s tokens: the lead is scaled to a fifth of the lifetime, 60 s.
    QCOMPARE(h.session->nextRefreshAt().secsTo(h.session->accessExpiresAt()), 60);
    const std::optional<StoredSession> stored = h.stored(Accounts::alice);
    QVERIFY(stored);
    QVERIFY(!stored->refreshToken.isEmpty());
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 1);
}

void tst_Session::wrongPasswordStoresNothing_data()
{
    addDialects();
}

void tst_Session::wrongPasswordStoresNothing()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    QSignalSpy errors(h.session.get(), &Session::errorOccurred);
    h.session->signIn(Accounts::alice, Secret("not-the-password"));
    QTRY_COMPARE(h.session->state(), State::SignedOut);

    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::SignedOut}));
    QCOMPARE(h.session->error(), Session::Error::InvalidCredentials);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(h.store.count(), 0);
    QVERIFY(!h.session->hasValidAccessToken());
}

void tst_Session::proactiveRefreshRotates_data()
{
    addDialects();
}

void tst_Session::proactiveRefreshRotates()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    signInAlice(h);
    const QByteArray firstRefreshToken = h.stored(Accounts::alice)->refreshToken.reveal();
    const QDateTime firstExpiry = h.session->accessExpiresAt();
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);

    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);

    QCOMPARE(h.states,
             (QList<State> {State::SigningIn, State::Active, State::Refreshing, State::Active}));
    QVERIFY(h.session->accessExpiresAt() >= firstExpiry);
    const QByteArray secondRefreshToken = h.stored(Accounts::alice)->refreshToken.reveal();
    QVERIFY(secondRefreshToken != firstRefreshToken);
    QCOMPARE(m_server.refreshTokenState(firstRefreshToken), QStringLiteral("rotated"));
    QCOMPARE(m_server.refreshTokenState(secondRefreshToken), QStringLiteral("active"));
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QVERIFY(h.session->nextRefreshAt() > h.clock.now());
}

void tst_Session::tokenIsNoLongerFreshOnceItsRefreshIsDue()
{
    SessionHarness h(profileFor(Dialect::Json));
    QVERIFY(!h.session->hasFreshAccessToken());
    signInAlice(h);
    QVERIFY(h.session->hasFreshAccessToken());
    const QDateTime due = h.session->nextRefreshAt();
    h.advanceTo(due.addMSecs(-1));
    QVERIFY(h.session->hasFreshAccessToken());
    QCOMPARE(h.session->state(), State::Active);

    // The alarm fires from the event loop; until the refresh is through, the token is stale.
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(due);
    QVERIFY(h.session->hasValidAccessToken());
    QVERIFY(!h.session->hasFreshAccessToken());
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(h.states.contains(State::Refreshing));
    QVERIFY(h.session->hasFreshAccessToken());
}

void tst_Session::shortLivedTokenIsRefreshedAheadWithoutStorm()
{
    m_server.configure({{QStringLiteral("access_lifetime"), 10}});
    SessionHarness h(profileFor(Dialect::OAuth2));
    signInAlice(h);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    for (int round = 1; round <= 3; ++round) {
        // A 10 s token is refreshed 2 s before it expires, however long the profile's lead.
        QCOMPARE(h.session->nextRefreshAt().msecsTo(h.session->accessExpiresAt()), 2000);
        QVERIFY(h.session->nextRefreshAt() > h.clock.now().addSecs(7));
        h.advanceTo(h.session->nextRefreshAt());
        QTRY_COMPARE(refreshed.count(), round);
        QCOMPARE(h.session->state(), State::Active);
    }
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 3);
}

void tst_Session::restoreActiveSession_data()
{
    addDialects();
}

void tst_Session::restoreActiveSession()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    signInAlice(h);
    const QDateTime expiry = h.session->accessExpiresAt();

    h.session = h.makeSession(profileFor(dialect));
    QVERIFY(h.session->isReady());
    recordReadiness(h);
    h.session->restore();
    QVERIFY(!h.session->isReady());
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.states, (QList<State> {State::Restoring, State::Active}));
    QVERIFY(h.session->isReady());
    QCOMPARE(*m_events, (QStringList {QStringLiteral("ready false"), QStringLiteral("Restoring"),
                                      QStringLiteral("Active"), QStringLiteral("ready true")}));
    QCOMPARE(h.session->user(), Accounts::alice);
    QCOMPARE(h.session->accessExpiresAt(), expiry);
    QVERIFY(h.session->nextRefreshAt().isValid());
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);
}

void tst_Session::restoreExpiredAccessTokenRefreshes()
{
    SessionHarness h(profileFor(Dialect::Json));
    signInAlice(h);
    const QDateTime expiry = h.session->accessExpiresAt();
    h.session.reset();
    h.advanceTo(expiry.addSecs(30));

    h.session = h.makeSession(profileFor(Dialect::Json));
    recordReadiness(h);
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.states, (QList<State> {State::Restoring, State::Refreshing, State::Active}));
    QVERIFY(h.session->hasValidAccessToken());
    // Ready only once the expired token was refreshed: authorize() works from then on.
    QCOMPARE(*m_events, (QStringList {QStringLiteral("ready false"), QStringLiteral("Restoring"),
                                      QStringLiteral("Refreshing"), QStringLiteral("Active"),
                                      QStringLiteral("ready true")}));
}

void tst_Session::restoreExpiredRefreshTokenRequiresSignIn()
{
    SessionHarness h(profileFor(Dialect::Json));
    signInAlice(h);
    const QDateTime sessionEnd = h.session->refreshExpiresAt();
    QVERIFY(sessionEnd.isValid());
    h.session.reset();
    h.advanceTo(sessionEnd.addSecs(1));

    h.session = h.makeSession(profileFor(Dialect::Json));
    recordReadiness(h);
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(m_events->last(), QStringLiteral("ready true")); // whatever the outcome
    QCOMPARE(h.states, (QList<State> {State::Restoring, State::ReauthenticationRequired}));
    QCOMPARE(h.session->user(), Accounts::alice);
    QCOMPARE(h.session->error(), Session::Error::SessionExpired);
    QTRY_VERIFY(!h.stored(Accounts::alice));
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);
}

void tst_Session::reuseDetectionRequiresSignIn_data()
{
    addDialects();
}

void tst_Session::reuseDetectionRequiresSignIn()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    signInAlice(h);
    const QByteArray stolen = h.stored(Accounts::alice)->refreshToken.reveal();
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.session->refresh();
    QTRY_COMPARE(refreshed.count(), 1);

    // Someone replays the rotated refresh token: the server revokes the whole family.
    QCOMPARE(m_server.post(QStringLiteral("/auth/refresh"),
                           {{QStringLiteral("refresh_token"), QString::fromLatin1(stolen)}})
                     .status,
             401);
    QCOMPARE(m_server.stats().value(QStringLiteral("reuse_detections")).toInt(), 1);

    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(h.session->error(), Session::Error::SessionExpired);
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(!h.session->hasValidAccessToken());
    QTRY_VERIFY(!h.stored(Accounts::alice));
}

void tst_Session::revokedSessionRequiresSignInAndKeepsUser()
{
    SessionHarness h(profileFor(Dialect::OAuth2));
    signInAlice(h);
    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);

    // A new process finds the account, not the tokens, and asks for a new sign-in.
    h.session = h.makeSession(profileFor(Dialect::OAuth2));
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(h.session->user(), Accounts::alice);

    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
}

// The typed login name names the account (the store's entry, the next sign-in's prompt); the
// server's name for the user is what people see.
void tst_Session::theServersNameIsShownTheLoginNameKept()
{
    m_server.configure({{QStringLiteral("display_names"),
                         QJsonObject {{Accounts::alice, QStringLiteral("Alice Liddell")}}}});
    SessionHarness h(profileFor(Dialect::Json));
    QStringList names;
    const auto record = [&](Session *session) {
        connect(session, &Session::userChanged, this,
                [&](const QString &user) { names.append(QStringLiteral("user ") + user); });
        connect(session, &Session::displayNameChanged, this,
                [&](const QString &name) { names.append(QStringLiteral("shown ") + name); });
    };
    record(h.session.get());
    signInAlice(h);
    QCOMPARE(names,
             (QStringList {QStringLiteral("user alice"), QStringLiteral("shown Alice Liddell")}));
    QCOMPARE(h.session->user(), Accounts::alice);
    QCOMPARE(h.session->displayName(), QStringLiteral("Alice Liddell"));
    QCOMPARE(h.stored(Accounts::alice)->displayName, QStringLiteral("Alice Liddell"));

    // Another process restores both: the account first (from the store's pointer to it),
    // then its tokens and the server's name for it.
    h.session = h.makeSession(profileFor(Dialect::Json));
    names.clear();
    record(h.session.get());
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(names, (QStringList {QStringLiteral("user alice"), QStringLiteral("shown alice"),
                                  QStringLiteral("shown Alice Liddell")}));

    // The session ends on the server: the prompt offers the login name, and says whose
    // session it was by the server's name.
    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(h.session->user(), Accounts::alice);
    QCOMPARE(h.session->displayName(), QStringLiteral("Alice Liddell"));

    // Signed out: no name at all.
    names.clear();
    h.session->signOut();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(names, (QStringList {QStringLiteral("user "), QStringLiteral("shown ")}));
    QVERIFY(h.session->displayName().isEmpty());
}

// Neither a typed name (an API key) nor one from the server: the account is "api-key".
void tst_Session::withNoNameAtAllTheAccountIsCalledApiKey()
{
    m_server.configure({{QStringLiteral("omit"), QJsonArray {QStringLiteral("user")}}});
    SessionHarness h(m_server.profile(Dialect::Json, Profile::LoginKind::ApiKey));
    h.session->signInWithApiKey(QString(), Secret(Accounts::aliceApiKey), false);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), QStringLiteral("api-key"));
    QCOMPARE(h.session->displayName(), QStringLiteral("api-key"));
    QVERIFY(h.stored(QStringLiteral("api-key")));
}

void tst_Session::missingRefreshTokenKeepsTheOldOne()
{
    SessionHarness h(profileFor(Dialect::Json));
    signInAlice(h);
    const Secret before = h.stored(Accounts::alice)->refreshToken;
    m_server.configure({{QStringLiteral("omit"), QJsonArray {QStringLiteral("refresh_token")}}});
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.session->refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(h.stored(Accounts::alice)->refreshToken == before);
}

void tst_Session::jwtExpiryUsedWhenTheApiSendsNone()
{
    m_server.configure({{QStringLiteral("omit"), QJsonArray {QStringLiteral("access_expires_at")}},
                        {QStringLiteral("access_lifetime"), 120}});
    SessionHarness h(profileFor(Dialect::Json));
    signInAlice(h);
    const qint64 lifetime = h.clock.now().secsTo(h.session->accessExpiresAt());
    QVERIFY2(lifetime > 115 && lifetime <= 121, QByteArray::number(lifetime));
}

void tst_Session::signOutRevokesOnTheServer_data()
{
    addDialects();
}

void tst_Session::signOutRevokesOnTheServer()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(profileFor(dialect));
    signInAlice(h);
    const StoredSession stored = *h.stored(Accounts::alice);
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.states.clear();

    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::SigningOut, State::SignedOut}));
    QCOMPARE(h.session->error(), Session::Error::NoError);
    QVERIFY(h.session->user().isEmpty());
    QCOMPARE(h.store.count(), 0);
    QCOMPARE(m_server.refreshTokenState(stored.refreshToken.reveal()), QStringLiteral("revoked"));
    QCOMPARE(m_server.accessTokenState(stored.accessToken.reveal()), QStringLiteral("revoked"));
    const QJsonObject stats = m_server.stats();
    if (dialect == Dialect::OAuth2) {
        // RFC 7009, as the profile promises: the refresh token first, then the access token.
        QCOMPARE(m_server.get(QStringLiteral("/_dev/revoke-requests"))
                         .body.value(QStringLiteral("requests"))
                         .toArray(),
                 (QJsonArray {QStringLiteral("refresh_token"), QStringLiteral("access_token")}));
    } else {
        QCOMPARE(stats.value(QStringLiteral("logouts")).toInt(), 1);
    }
}

void tst_Session::cancelledSignInLeavesNothing()
{
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("delay_ms"), 3000}});
    SessionHarness h(profileFor(Dialect::Json));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QCOMPARE(h.session->state(), State::SigningIn);
    QVERIFY(h.session->cancel());
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::SignedOut}));
    QCOMPARE(h.session->error(), Session::Error::NoError);
    QCOMPARE(h.store.count(), 0);
}

void tst_Session::refreshWithoutSessionIsAnError()
{
    SessionHarness h(profileFor(Dialect::Json));
    QSignalSpy errors(h.session.get(), &Session::errorOccurred);
    h.session->refresh();
    QCOMPARE(errors.count(), 1);
    QCOMPARE(h.session->error(), Session::Error::NotSignedIn);
    QCOMPARE(h.session->state(), State::SignedOut);
}

void tst_Session::realClockRefreshesBeforeExpiry()
{
    // The one test on the real clock: a 3 s token must be refreshed before it runs out.
    m_server.configure({{QStringLiteral("access_lifetime"), 3}});
    MemoryTokenStore store;
    QNetworkAccessManager manager;
    Session session(profileFor(Dialect::OAuth2));
    session.setTokenStore(&store);
    session.setNetworkAccessManager(&manager);
    session.signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(session.state(), State::Active);
    const QDateTime firstExpiry = session.accessExpiresAt();
    QSignalSpy refreshed(&session, &Session::refreshed);
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 5000);
    QVERIFY(QDateTime::currentDateTimeUtc() < firstExpiry);
    QVERIFY(session.accessExpiresAt() > firstExpiry);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
