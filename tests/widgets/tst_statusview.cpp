// SPDX-License-Identifier: BSD-3-Clause
// The session status view on a real X server, with a session against the real dev server and
// a hand-driven clock; whether the computer is on a network is set by the test.
#include "devserverprocess.h"
#include "networkreachability_p.h"
#include "sessionharness.h"

#include <Tessera/sessionstatusview.h>
#include <Tessera/sessiontext.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
QString text(QWidget &view, const QString &accessibleName)
{
    for (QLabel *label : view.findChildren<QLabel *>()) {
        if (label->accessibleName() == accessibleName)
            return label->text();
    }
    return QStringLiteral("<no such label>");
}

// What the view shows for the access token's expiry, on the harness's clock: "in 4:59 (14:05)".
QString accessExpiryText(const SessionHarness &h)
{
    const QDateTime at = h.session->accessExpiresAt();
    return SessionText::expiry(at, h.clock.now()) + QStringLiteral(" (")
           + SessionText::clockTime(at, h.clock.now()) + QLatin1Char(')');
}

QProgressBar *lifeBar(QWidget &view)
{
    for (QProgressBar *bar : view.findChildren<QProgressBar *>()) {
        if (bar->accessibleName() == QStringLiteral("Access token remaining life"))
            return bar;
    }
    return nullptr;
}

QPushButton *button(QWidget &view, const QString &label)
{
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == label)
            return b;
    }
    return nullptr;
}
} // namespace

class tst_StatusView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void showsTheSession();
    void aSessionKeptOnlyInMemorySaysSo();
    void theServersNameIsShownWithTheLoginName();
    void accessTokenLifeIsABarBesideItsCountdown();
    void aServerOutOfReachIsToldApartFromNoNetwork_data();
    void aServerOutOfReachIsToldApartFromNoNetwork();
    void countdownTicksOnlyWhileVisible();
    void nextRefreshLastRefreshAndLastError();
    void buttonsDriveTheSession();
    void aSignInInTheBrowserSaysWhatItWaitsFor();

private:
    DevServerProcess m_server;
};

void tst_StatusView::initTestCase()
{
    QVERIFY(m_server.start());
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
}

void tst_StatusView::cleanup()
{
    NetworkReachability::shared()->setOverride(std::nullopt);
}

void tst_StatusView::showsTheSession()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed out"));
    QCOMPARE(text(view, QStringLiteral("Access token expiry")), QStringLiteral("—"));
    // Signed out, nothing is kept: the row must not read as if something were.
    QCOMPARE(text(view, QStringLiteral("Storage")),
             QStringLiteral("Nothing saved — not signed in"));
    QElapsedTimer signingIn;
    signingIn.start();
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(text(view, QStringLiteral("User")), Accounts::alice);
    QCOMPARE(text(view, QStringLiteral("Service")), QStringLiteral("Dev Server"));
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed in"));
    // The 5-minute token's countdown on the view's clock. That clock stands still while the
    // server, on real time, issues the token and rounds its expiry up to a whole second (and
    // the Date header it corrects by has whole seconds): from 4:59 to 5:01 plus the seconds
    // the sign-in took.
    const QString expiry = text(view, QStringLiteral("Access token expiry"));
    QCOMPARE(expiry, accessExpiryText(h));
    const qint64 left = h.clock.now().secsTo(h.session->accessExpiresAt());
    QVERIFY2(left >= 299 && left <= 301 + (signingIn.elapsed() + 999) / 1000, qPrintable(expiry));
    QVERIFY(text(view, QStringLiteral("Refresh token expiry")).startsWith(QStringLiteral("in ")));
    QCOMPARE(text(view, QStringLiteral("Storage")),
             QStringLiteral("Saved — you stay signed in when Tessera restarts"));
    h.advanceTo(h.session->accessExpiresAt().addSecs(-90));
    QTRY_COMPARE(h.session->state(), State::Active); // the refresh it triggered is through
    h.session->signOut();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(text(view, QStringLiteral("Storage")),
             QStringLiteral("Nothing saved — not signed in"));
}

// The server's name for the user, as plain text, with the login name the next sign-in offers.
void tst_StatusView::theServersNameIsShownWithTheLoginName()
{
    m_server.configure({{QStringLiteral("display_names"),
                         QJsonObject {{Accounts::alice, QStringLiteral("<b>Alice</b> Liddell")}}}});
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), Session::State::Active);
    m_server.configure({{QStringLiteral("display_names"), QJsonObject()}});
    QCOMPARE(text(view, QStringLiteral("User")),
             QStringLiteral("<b>Alice</b> Liddell (signs in as alice)"));
    const auto labels = view.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->text().contains(QLatin1String("Liddell")))
            QCOMPARE(label->textFormat(), Qt::PlainText);
    }
    QVERIFY2(SessionText::summary(*h.session, h.clock.now())
                     .startsWith(QStringLiteral("<b>Alice</b> Liddell @ Dev Server — expires in ")),
             qPrintable(SessionText::summary(*h.session, h.clock.now())));
}

void tst_StatusView::aSessionKeptOnlyInMemorySaysSo()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    h.store.setFailure(TokenStore::Status::Unavailable);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    QVERIFY(!h.session->isPersistent());
    QCOMPARE(text(view, QStringLiteral("Storage")),
             QStringLiteral("Not saved — it lasts only while Tessera runs (the keychain could not "
                            "be used)"));
}

void tst_StatusView::accessTokenLifeIsABarBesideItsCountdown()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    QProgressBar *bar = lifeBar(view);
    QVERIFY(bar);
    QVERIFY(bar->isHidden()); // no token, no life to show
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(bar->isVisible());
    // Full when it arrives: its whole life (the harness's clock stood still meanwhile).
    const QDateTime obtained = h.clock.now();
    const int life = int(obtained.secsTo(h.session->accessExpiresAt()));
    QVERIFY2(life >= 299 && life <= 310, qPrintable(QString::number(life)));
    QCOMPARE(bar->minimum(), 0);
    QCOMPARE(bar->maximum(), life);
    QCOMPARE(bar->value(), life);
    // Beside the countdown, in one row: the numbers sit to its right, on its line.
    QLabel *countdown = nullptr;
    for (QLabel *label : view.findChildren<QLabel *>()) {
        if (label->accessibleName() == QStringLiteral("Access token expiry"))
            countdown = label;
    }
    QVERIFY(countdown);
    const QRect barAt(bar->mapTo(&view, QPoint(0, 0)), bar->size());
    const QRect countdownAt(countdown->mapTo(&view, QPoint(0, 0)), countdown->size());
    QVERIFY(barAt.right() < countdownAt.left());
    QVERIFY(barAt.center().y() >= countdownAt.top() && barAt.center().y() <= countdownAt.bottom());

    // It empties with the clock, ticking by itself while shown, and says so in words.
    h.clock.advance(std::chrono::seconds(100));
    QTRY_COMPARE(bar->value(), life - 100);
    QCOMPARE(bar->maximum(), life);
    QCOMPARE(bar->accessibleDescription(),
             QStringLiteral("%1 of %2 left")
                     .arg(SessionText::countdown(life - 100), SessionText::countdown(life)));
    QCOMPARE(text(view, QStringLiteral("Access token expiry")), accessExpiryText(h));

    // A view made later (the tray's status window) is told when the token came.
    SessionStatusView later(h.session.get());
    later.setClock(&h.clock);
    later.setAccessTokenObtainedAt(obtained);
    QCOMPARE(lifeBar(later)->maximum(), life);
    QCOMPARE(lifeBar(later)->value(), life - 100);

    // A refresh brings a fresh token: full again.
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::Active);
    QTRY_COMPARE(bar->value(), int(h.clock.now().secsTo(h.session->accessExpiresAt())));
    QCOMPARE(bar->value(), bar->maximum());
    h.session->signOut();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QVERIFY(bar->isHidden());
}

void tst_StatusView::aServerOutOfReachIsToldApartFromNoNetwork_data()
{
    QTest::addColumn<SessionText::Network>("network");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("waiting");
    QTest::newRow("the network is up, the server is down")
            << SessionText::Network::Online
            << QStringLiteral("The server is not responding — your network is fine")
            << QStringLiteral("Waiting for the server — retrying");
    QTest::newRow("no network at all")
            << SessionText::Network::Offline
            << QStringLiteral("You are offline — check your network connection")
            << QStringLiteral("Offline — waiting for the network");
}

void tst_StatusView::aServerOutOfReachIsToldApartFromNoNetwork()
{
    QFETCH(SessionText::Network, network);
    NetworkReachability::shared()->setOverride(network);
    DevServerProcess server;
    QVERIFY(server.start());
    SessionHarness h(server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    server.stop(); // nothing listens on its port any more
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(h.session->error(), Session::Error::NetworkError);
    QTEST(text(view, QStringLiteral("Last error")), "error");
    // The token expires meanwhile: the state says what it waits for.
    h.advanceTo(h.session->accessExpiresAt().addSecs(1));
    QTRY_COMPARE(h.session->state(), State::WaitingForNetwork);
    QTEST(text(view, QStringLiteral("State")), "waiting");
    QTEST(text(view, QStringLiteral("Last error")), "error");
}

void tst_StatusView::countdownTicksOnlyWhileVisible()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    const QString expiry = QStringLiteral("Access token expiry");
    const auto expected = [&h] {
        return accessExpiryText(h);
    };
    QVERIFY(!view.isTicking());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.isTicking());
    QCOMPARE(text(view, expiry), expected());
    const QString before = text(view, expiry);
    h.clock.advance(std::chrono::seconds(9));
    QTRY_COMPARE(text(view, expiry), expected()); // stepped with the clock, on its own
    QVERIFY(text(view, expiry) != before);

    view.hide();
    QVERIFY(!view.isTicking());
    const QString hidden = text(view, expiry);
    h.clock.advance(std::chrono::seconds(9));
    QTest::qWait(1200); // a ticking view would have stepped by now
    QCOMPARE(text(view, expiry), hidden);
}

void tst_StatusView::nextRefreshLastRefreshAndLastError()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    QCOMPARE(text(view, QStringLiteral("Next refresh")), QStringLiteral("—"));
    QCOMPARE(text(view, QStringLiteral("Last refresh")), QStringLiteral("—"));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    const QDateTime next = h.session->nextRefreshAt();
    QVERIFY(next.isValid());
    QCOMPARE(text(view, QStringLiteral("Next refresh")),
             QStringLiteral("%1 (%2)").arg(SessionText::expiry(next, h.clock.now()),
                                           SessionText::clockTime(next, h.clock.now())));
    QVERIFY(!view.findChildren<QLabel *>().isEmpty());

    // A refresh that fails for now: the error is shown in words, the session's end is still
    // known, and the retry is the next refresh.
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 503}});
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(text(view, QStringLiteral("Last error")),
             QStringLiteral("The server has a problem right now — try again later"));
    QVERIFY(text(view, QStringLiteral("Refresh token expiry")).startsWith(QStringLiteral("in ")));
    QCOMPARE(text(view, QStringLiteral("Next refresh")),
             QStringLiteral("%1 (%2)").arg(
                     SessionText::expiry(h.session->nextRefreshAt(), h.clock.now()),
                     SessionText::clockTime(h.session->nextRefreshAt(), h.clock.now())));
    QCOMPARE(text(view, QStringLiteral("Last refresh")), QStringLiteral("—"));

    // The retry goes through: the error goes, and the refresh is the last one.
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(text(view, QStringLiteral("Last error")), QString());
    h.clock.advance(std::chrono::seconds(12));
    view.show(); // showing brings it up to date
    QVERIFY(text(view, QStringLiteral("Last refresh")).startsWith(QStringLiteral("0:12 ago")));
}

void tst_StatusView::buttonsDriveTheSession()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    QSignalSpy reauthenticate(&view, &SessionStatusView::reauthenticateRequested);
    QVERIFY(!button(view, QStringLiteral("&Refresh now"))->isEnabled());
    QVERIFY(!button(view, QStringLiteral("Sign &out"))->isEnabled());
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.resetStats();

    QTest::mouseClick(button(view, QStringLiteral("&Refresh now")), Qt::LeftButton);
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(h.session->state(), State::Active);
    QVERIFY(!button(view, QStringLiteral("Sign &in…"))); // signed in: "Re-authenticate…"
    QTest::mouseClick(button(view, QStringLiteral("Re-&authenticate…")), Qt::LeftButton);
    QCOMPARE(reauthenticate.count(), 1);
    QTest::mouseClick(button(view, QStringLiteral("Sign &out")), Qt::LeftButton);
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed out"));
    QVERIFY(button(view, QStringLiteral("Sign &in…"))); // signed out: "Sign in…"
}

void tst_StatusView::aSignInInTheBrowserSaysWhatItWaitsFor()
{
    for (const QString &kind : {QStringLiteral("browser"), QStringLiteral("device")}) {
        const ProfileLoadResult loaded = Profile::fromJson(
                QJsonDocument(
                        QJsonObject {{QStringLiteral("id"), QStringLiteral("dev-") + kind},
                                     {QStringLiteral("name"), QStringLiteral("Dev Server")},
                                     {QStringLiteral("dialect"), QStringLiteral("oauth2")},
                                     {QStringLiteral("issuer"), m_server.baseUrl().toString()},
                                     {QStringLiteral("client_id"), QStringLiteral("tessera")},
                                     {QStringLiteral("login"),
                                      QJsonObject {{QStringLiteral("kind"), kind}}}})
                        .toJson(),
                QStringLiteral("dev.json"));
        QVERIFY2(loaded, qPrintable(loaded.errorString()));
        SessionHarness h(loaded.profile());
        SessionStatusView view(h.session.get());
        QSignalSpy reauthenticate(&view, &SessionStatusView::reauthenticateRequested);
        if (kind == QStringLiteral("browser"))
            h.session->signInWithBrowser();
        else
            h.session->signInWithDeviceCode();
        QTRY_VERIFY(!h.session->signInPrompt().isNone());
        const QString expected =
                kind == QStringLiteral("browser")
                        ? QStringLiteral("Signing in — waiting for you in the browser…")
                        : QStringLiteral("Signing in — waiting for the code %1 to be entered…")
                                  .arg(h.session->signInPrompt().userCode());
        QCOMPARE(text(view, QStringLiteral("State")), expected);
        // Minutes may pass: the way back to the dialog is open.
        QPushButton *show = button(view, QStringLiteral("Show &sign-in…"));
        QVERIFY(show && show->isEnabled());
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(reauthenticate.count(), 1);
        QVERIFY(h.session->cancel());
        QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed out"));
        QVERIFY(button(view, QStringLiteral("Sign &in…")));
    }
}

QTEST_MAIN(tst_StatusView)
#include "tst_statusview.moc"
