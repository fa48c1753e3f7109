// SPDX-License-Identifier: BSD-3-Clause
// ExpiryWatch on a hand-moved clock with real sessions against the dev server: each warning
// time once, for every session, for lifetimes far beyond what a QTimer can wait.
#include "devserverprocess.h"
#include "expirywatch.h"
#include "sessionharness.h"

#include <QSignalSpy>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using namespace Tessera::Tray;
using State = Session::State;

class tst_ExpiryWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eachWarningTimeOnceForASessionOfSixtyDays();
    void everySessionIsWarned();
    void aLateStartGivesOnlyTheNearestWarning();
    void aNewSignInStartsOver();
    void aRefreshThatKeepsTheEndNearDoesNotWarnAgain();

private:
    bool signIn(SessionHarness &h, Session *session);

    DevServerProcess m_server;
};

void tst_ExpiryWatch::initTestCase()
{
    qRegisterMetaType<Tessera::Session *>();
    QVERIFY(m_server.start());
    // 60 days: past the 24.8 days (and 49.7) at which a millisecond int overflows.
    m_server.configure({{QStringLiteral("access_lifetime"), 60 * 86400},
                        {QStringLiteral("refresh_lifetime"), 60 * 86400}});
}

bool tst_ExpiryWatch::signIn(SessionHarness &, Session *session)
{
    session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    return QTest::qWaitFor([&] { return session->state() == State::Active; })
           && session->refreshExpiresAt().isValid();
}

void tst_ExpiryWatch::eachWarningTimeOnceForASessionOfSixtyDays()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    ExpiryWatch watch(&h.clock, {10min, 60min});
    QCOMPARE(watch.lookAhead(), std::chrono::seconds(60min));
    watch.watch(h.session.get());
    QSignalSpy warnings(&watch, &ExpiryWatch::warningDue);
    QSignalSpy endingSoon(&watch, &ExpiryWatch::endingSoon);
    QVERIFY(signIn(h, h.session.get()));
    const QDateTime end = h.session->refreshExpiresAt();
    QVERIFY(h.clock.now().secsTo(end) > 59 * 86400);

    h.advanceTo(end.addSecs(-3600 - 60));
    QCoreApplication::processEvents();
    QCOMPARE(warnings.count(), 0);
    h.advanceTo(end.addSecs(-3600 + 1));
    QTRY_COMPARE(warnings.count(), 1);
    QCOMPARE(warnings.at(0).at(1).toLongLong(), 3599);
    QCOMPARE(warnings.at(0).at(2).toLongLong(), 3600);
    QCOMPARE(endingSoon.count(), 1);
    h.advanceTo(end.addSecs(-600 + 1));
    QTRY_COMPARE(warnings.count(), 2);
    QCOMPARE(warnings.at(1).at(2).toLongLong(), 600);
    h.advanceTo(end.addSecs(-60));
    QCoreApplication::processEvents();
    QCOMPARE(warnings.count(), 2); // each once
    QCOMPARE(endingSoon.count(), 1);
}

void tst_ExpiryWatch::everySessionIsWarned()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    auto second =
            h.makeSession(m_server.profile(Profile::Dialect::Json, Profile::LoginKind::Password,
                                           {{QStringLiteral("id"), QStringLiteral("other")}}));
    ExpiryWatch watch(&h.clock, {10min});
    watch.watch(h.session.get());
    watch.watch(second.get());
    QSignalSpy warnings(&watch, &ExpiryWatch::warningDue);
    QVERIFY(signIn(h, h.session.get()));
    QVERIFY(signIn(h, second.get()));
    const QDateTime later = std::max(h.session->refreshExpiresAt(), second->refreshExpiresAt());
    h.advanceTo(later.addSecs(-300));
    QTRY_COMPARE(warnings.count(), 2);
    QSet<Session *> warned {warnings.at(0).at(0).value<Session *>(),
                            warnings.at(1).at(0).value<Session *>()};
    QCOMPARE(warned, (QSet<Session *> {h.session.get(), second.get()}));
}

void tst_ExpiryWatch::aLateStartGivesOnlyTheNearestWarning()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    QVERIFY(signIn(h, h.session.get()));
    h.advanceTo(h.session->refreshExpiresAt().addSecs(-300));
    // Watching starts when both warning times have passed: one notice, the nearer one.
    ExpiryWatch watch(&h.clock, {10min, 60min});
    QSignalSpy warnings(&watch, &ExpiryWatch::warningDue);
    watch.watch(h.session.get());
    QCOMPARE(warnings.count(), 1);
    QCOMPARE(warnings.at(0).at(2).toLongLong(), 600);
}

void tst_ExpiryWatch::aNewSignInStartsOver()
{
    // A day first, then sixty: the second sign-in's end is far beyond the first's, as the
    // server (on real time) sees it.
    m_server.configure({{QStringLiteral("refresh_lifetime"), 86400}});
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    ExpiryWatch watch(&h.clock, {10min});
    watch.watch(h.session.get());
    QSignalSpy warnings(&watch, &ExpiryWatch::warningDue);
    QVERIFY(signIn(h, h.session.get()));
    h.advanceTo(h.session->refreshExpiresAt().addSecs(-300));
    QTRY_COMPARE(warnings.count(), 1);
    // Signed in again: a new end, warned again when its time comes.
    m_server.configure({{QStringLiteral("refresh_lifetime"), 60 * 86400}});
    QVERIFY(signIn(h, h.session.get()));
    const QDateTime end = h.session->refreshExpiresAt();
    QVERIFY(h.clock.now().secsTo(end) > 86400);
    QCOMPARE(warnings.count(), 1);
    h.advanceTo(end.addSecs(-300));
    QTRY_COMPARE(warnings.count(), 2);
}

void tst_ExpiryWatch::aRefreshThatKeepsTheEndNearDoesNotWarnAgain()
{
    // A server that slides the session's end at every refresh, or whose clock is off so that
    // each answer places the end a little differently: one warning for the end in sight, not
    // one per refresh.
    m_server.configure({{QStringLiteral("refresh_lifetime"), 3600}});
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    ExpiryWatch watch(&h.clock, {10min});
    watch.watch(h.session.get());
    QSignalSpy warnings(&watch, &ExpiryWatch::warningDue);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    QVERIFY(signIn(h, h.session.get()));
    h.advanceTo(h.session->refreshExpiresAt().addSecs(-300));
    QTRY_COMPARE(warnings.count(), 1);
    const QDateTime first = h.session->refreshExpiresAt();

    m_server.configure({{QStringLiteral("refresh_lifetime"), 240}}); // slides to 4 min ahead
    h.session->refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(h.session->refreshExpiresAt() != first);
    QVERIFY(h.clock.now().secsTo(h.session->refreshExpiresAt()) < 600);
    QCoreApplication::processEvents();
    QCOMPARE(warnings.count(), 1);

    // A refresh that moves the end out of sight again: its warning comes when it is near.
    m_server.configure({{QStringLiteral("refresh_lifetime"), 7200}});
    h.session->refresh();
    QTRY_COMPARE(refreshed.count(), 2);
    QCOMPARE(warnings.count(), 1);
    h.advanceTo(h.session->refreshExpiresAt().addSecs(-300));
    QTRY_COMPARE(warnings.count(), 2);
}

QTEST_GUILESS_MAIN(tst_ExpiryWatch)
#include "tst_expirywatch.moc"
