// SPDX-License-Identifier: BSD-3-Clause
// What a sign-in that does not run to its end leaves in Session's TokenStore, and who ends it: a
// sign-out, sign-in or restore while a granted sign-in is being stored, a process killed at
// each step of a sign-in (the next restore ends what it left, on the server and in the store),
// the leftovers of a process that still runs (left alone until it has gone), and signing in as
// another account (the previous account's session is ended). The store holds its operations
// (MemoryTokenStore::setHeld()) so that each test can stop a sign-in between two writes. The
// order of the writes and what a store failure does: tst_session_storage.
#include "accountpointer_p.h"
#include "sessionstoragetest.h"

#include <QProcess>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Dialect = Profile::Dialect;

class tst_SessionLeftovers : public SessionStorageTest
{
    Q_OBJECT

private Q_SLOTS:
    void signOutWhileTheSignInIsStoredLeavesNothing();
    void signInWhileTheSignInIsStoredEndsTheFirst();
    void restoreWhileTheSignInIsStoredFindsIt();
    void aSignInCutShortIsEndedByTheNextRestore_data();
    void aSignInCutShortIsEndedByTheNextRestore();
    void leftoversOfARunningProcessAreLeftAlone();
    void signingInAsAnotherAccountEndsThePrevious_data();
    void signingInAsAnotherAccountEndsThePrevious();

private:
    // Signs alice in and stops with the sign-in granted and its session entry on its way to
    // the store (a slow keychain): what a sign-out, sign-in or restore now must not cut short.
    void holdAliceSignInWhileStored(SessionHarness &h)
    {
        h.store.setHeld(true);
        h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
        QTRY_COMPARE(h.store.heldCount(), 1); // the server answered: the pointer is read
        h.store.releaseHeld(1);
        QTRY_COMPARE(h.store.heldCount(), 1); // alice is named as about to be written
        h.store.releaseHeld(1);
        QTRY_COMPARE(h.store.heldCount(), 1); // alice's entry is on its way
    }
};

void tst_SessionLeftovers::signOutWhileTheSignInIsStoredLeavesNothing()
{
    // The server granted the sign-in; the store is slow (a keychain waiting to be unlocked).
    // A sign-out now must not leave the new tokens stored and valid with nobody to end them.
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    holdAliceSignInWhileStored(h);
    if (QTest::currentTestFailed())
        return;
    h.session->signOut();
    h.store.setHeld(false);
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.states.last(), State::SignedOut);
    QCOMPARE(h.store.count(), 0);
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("logins")).toInt(), 1);
    QVERIFY(stats.value(QStringLiteral("revocations")).toInt() >= 1); // the server was told
}

void tst_SessionLeftovers::signInWhileTheSignInIsStoredEndsTheFirst()
{
    // Signing in as bob while alice's granted sign-in is being stored: alice's sign-in is
    // stored, then bob's replaces it and ends it. Abandoned half-way, it would leave alice's
    // tokens stored and valid, with no pointer to them and nobody to revoke them.
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    holdAliceSignInWhileStored(h);
    if (QTest::currentTestFailed())
        return;
    h.session->signIn(Accounts::bob, Secret(Accounts::bobPassword));
    h.store.setHeld(false);
    QTRY_COMPARE(signedIn.count(), 2);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), Accounts::bob);
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(), Accounts::bob.toUtf8());
    QVERIFY(h.stored(Accounts::bob).has_value());
    QVERIFY(!h.store.contains(entryKey(h, Accounts::alice)));
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("logins")).toInt(), 2);
    QVERIFY(stats.value(QStringLiteral("revocations")).toInt() >= 1); // alice's, on the server
}

void tst_SessionLeftovers::restoreWhileTheSignInIsStoredFindsIt()
{
    // restore() while a granted sign-in is being stored reads the store once it is stored: it
    // finds that session instead of a half-written store (no pointer yet: "signed out").
    SessionHarness h(m_server.profile(Dialect::Json));
    holdAliceSignInWhileStored(h);
    if (QTest::currentTestFailed())
        return;
    h.session->restore();
    h.store.setHeld(false);
    QTRY_COMPARE(h.states.last(), State::Active);
    QVERIFY(h.states.contains(State::Restoring)); // the restore did run, after the storing
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(h.session->hasValidAccessToken());
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(), Accounts::alice.toUtf8());
}

// A process killed at each step of a sign-in (the store's next operation never happens, the
// session is gone): the next restore ends what it left, on the server and in the store, and
// what the pointer named before stays.
void tst_SessionLeftovers::aSignInCutShortIsEndedByTheNextRestore_data()
{
    QTest::addColumn<int>("completed"); // store operations carried out before the kill
    QTest::addColumn<bool>("entryWritten");
    QTest::newRow("after the pointer names alice") << 2 << false;
    QTest::newRow("after alice's entry is written") << 3 << true;
    QTest::newRow("after the pointer names alice as current, bob as leftover") << 4 << true;
}

void tst_SessionLeftovers::aSignInCutShortIsEndedByTheNextRestore()
{
    QFETCH(int, completed);
    QFETCH(bool, entryWritten);
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    signIn(h, Accounts::bob, Accounts::bobPassword);
    const StoredSession bob = *h.stored(Accounts::bob);

    h.store.setHeld(true);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    for (int i = 0; i < completed; ++i) {
        QTRY_COMPARE(h.store.heldCount(), 1);
        h.store.releaseHeld(1);
    }
    QTRY_COMPARE(h.store.heldCount(), 1);
    const std::optional<StoredSession> alice =
            parseStoredSession(h.store.peek(entryKey(h, Accounts::alice))).session;
    QCOMPARE(alice.has_value(), entryWritten);
    h.session.reset(); // killed: the held operation never reaches the store
    h.store.dropHeld();
    h.store.setHeld(false);
    const bool bobIsCurrent = completed < 4;

    h.session = h.makeSession(m_server.profile(Dialect::OAuth2));
    h.session->restore();
    QTRY_VERIFY(h.session->state() == State::Active || h.session->state() == State::SignedOut);
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(h.session->user(), bobIsCurrent ? Accounts::bob : Accounts::alice);
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(),
             (bobIsCurrent ? Accounts::bob : Accounts::alice).toUtf8());
    QCOMPARE(h.store.count(), 2); // the pointer and the one session it names
    const StoredSession &ended = bobIsCurrent ? *alice : bob;
    if (entryWritten || !bobIsCurrent)
        QCOMPARE(m_server.refreshTokenState(ended.refreshToken.reveal()),
                 QStringLiteral("revoked"));
    if (bobIsCurrent)
        QCOMPARE(m_server.refreshTokenState(bob.refreshToken.reveal()), QStringLiteral("active"));
}

// The leftovers of a sign-in that another process is still storing are that process's own: a
// restore meanwhile leaves them alone.
void tst_SessionLeftovers::leftoversOfARunningProcessAreLeftAlone()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h, Accounts::bob, Accounts::bobPassword);
    const StoredSession bob = *h.stored(Accounts::bob);
    QProcess running; // a live process that is not this one
    running.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(running.waitForStarted());
    AccountPointer pointer;
    pointer.leftovers = {Accounts::bob};
    pointer.writer = running.processId();
    h.store.write(pointerKey(h), serializeAccountPointer(pointer), &h.store,
                  [](const TokenStore::Result &) {});

    h.session = h.makeSession(m_server.profile(Dialect::Json)); // the same profile id
    h.session->restore();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QVERIFY(h.store.contains(entryKey(h, Accounts::bob)));
    QCOMPARE(m_server.refreshTokenState(bob.refreshToken.reveal()), QStringLiteral("active"));
    running.kill();
    running.waitForFinished();

    // Once it is gone, they are ended.
    h.session = h.makeSession(m_server.profile(Dialect::Json));
    h.session->restore();
    QTRY_COMPARE(h.store.count(), 0);
    QCOMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(m_server.refreshTokenState(bob.refreshToken.reveal()), QStringLiteral("revoked"));
}

void tst_SessionLeftovers::signingInAsAnotherAccountEndsThePrevious_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<bool>("freshProcess");
    QTest::newRow("json, same process") << Dialect::Json << false;
    QTest::newRow("oauth2, same process") << Dialect::OAuth2 << false;
    QTest::newRow("json, a new process that never restored") << Dialect::Json << true;
}

void tst_SessionLeftovers::signingInAsAnotherAccountEndsThePrevious()
{
    QFETCH(Dialect, dialect);
    QFETCH(bool, freshProcess);
    SessionHarness h(m_server.profile(dialect));
    signIn(h, Accounts::alice, Accounts::alicePassword);
    h.session->refresh(); // alice's stored tokens are the rotated ones
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(h.session->state(), State::Active);
    const StoredSession alice = *h.stored(Accounts::alice);
    if (freshProcess)
        h.session = h.makeSession(m_server.profile(dialect)); // like `tessera login` as bob

    signIn(h, Accounts::bob, Accounts::bobPassword);
    QCOMPARE(h.session->user(), Accounts::bob);
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(), Accounts::bob.toUtf8());
    QVERIFY(h.stored(Accounts::bob).has_value());
    QVERIFY(!h.store.contains(entryKey(h, Accounts::alice)));
    QCOMPARE(h.store.count(), 2);
    QCOMPARE(m_server.refreshTokenState(alice.refreshToken.reveal()), QStringLiteral("revoked"));
    QCOMPARE(m_server.accessTokenState(alice.accessToken.reveal()), QStringLiteral("revoked"));
}

QTEST_GUILESS_MAIN(tst_SessionLeftovers)
#include "tst_session_leftovers.moc"
