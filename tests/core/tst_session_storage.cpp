// SPDX-License-Identifier: BSD-3-Clause
// What Session keeps in its TokenStore and when: the rotated token is stored before it is used
// or announced, a sign-in names its entry in the account pointer before it writes it and points
// to it after, a failure at each write leaves the pointer naming an intact session (or takes
// the entry back), a cancel() that comes after the server accepted is too late, the store can
// only be replaced while the session is idle, a destroyed store is a storage error, and tokens
// another process could not store hold this one back only while that process runs. The store
// holds its operations (MemoryTokenStore::setHeld()) so that each test can look at the session
// while a write is still on its way. What a sign-in cut short leaves behind, and who ends it:
// tst_session_leftovers.
#include "accountpointer_p.h"
#include "sessionstoragetest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;
using Dialect = Profile::Dialect;

namespace {

// A store that says it outlives the process, as the keychain does: sessions on it share through
// the runtime directory (the refresh lock, the change notices).
class PersistentMemoryStore : public MemoryTokenStore
{
public:
    bool isPersistent() const override { return true; }
};

} // namespace

class tst_SessionStorage : public SessionStorageTest
{
    Q_OBJECT

private Q_SLOTS:
    void rotatedTokenIsUsedOnlyOnceStored_data();
    void rotatedTokenIsUsedOnlyOnceStored();
    void cancelAfterTheServerAcceptedIsTooLate();
    void signInNamesTheEntryBeforeWritingIt();
    void failedEntryWriteLeavesThePointerAlone();
    void failedPointerWriteTakesTheEntryBack();
    void storeCannotBeReplacedWhileBusy();
    void destroyedStoreIsAStorageErrorNotTheKeychain_data();
    void destroyedStoreIsAStorageErrorNotTheKeychain();
    void unsavedTokensHoldBackOnlyWhileTheirProcessRuns_data();
    void unsavedTokensHoldBackOnlyWhileTheirProcessRuns();

private:
    AccountPointer pointer(const SessionHarness &h) const
    {
        return parseAccountPointer(h.store.peek(pointerKey(h)));
    }
};

void tst_SessionStorage::rotatedTokenIsUsedOnlyOnceStored_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("json") << Dialect::Json;
    QTest::newRow("oauth2") << Dialect::OAuth2;
}

void tst_SessionStorage::rotatedTokenIsUsedOnlyOnceStored()
{
    QFETCH(Dialect, dialect);
    SessionHarness h(m_server.profile(dialect));
    signIn(h, Accounts::alice, Accounts::alicePassword);
    const StoredSession before = *h.stored(Accounts::alice);
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    QNetworkRequest request(m_server.url(QStringLiteral("/api/me")));

    h.store.setHeld(true);
    h.session->refresh();
    // The server has rotated; the session's write of the new tokens waits in the store.
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(h.store.heldCount(), 1);
    QCOMPARE(h.session->state(), State::Refreshing);
    QCOMPARE(refreshed.count(), 0);
    QVERIFY(h.session->authorize(request));
    QCOMPARE(request.rawHeader("Authorization"), "Bearer " + before.accessToken.reveal());
    QCOMPARE(h.session->accessExpiresAt(), before.accessExpiresAt);

    h.store.setHeld(false);
    QTRY_COMPARE(refreshed.count(), 1);
    const StoredSession after = *h.stored(Accounts::alice);
    QVERIFY(after.refreshToken != before.refreshToken);
    QVERIFY(h.session->authorize(request));
    QCOMPARE(request.rawHeader("Authorization"), "Bearer " + after.accessToken.reveal());
    QCOMPARE(h.session->accessExpiresAt(), after.accessExpiresAt);
}

void tst_SessionStorage::cancelAfterTheServerAcceptedIsTooLate()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    QSignalSpy signedIn(h.session.get(), &Session::signedIn);
    h.store.setHeld(true);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.store.heldCount(), 1); // the server answered; storing has begun
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 1);

    QVERIFY(!h.session->cancel());
    QCOMPARE(h.session->state(), State::SigningIn);
    h.store.setHeld(false);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(signedIn.count(), 1);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    QVERIFY(h.stored(Accounts::alice).has_value());
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(), Accounts::alice.toUtf8());
    QVERIFY(h.session->isPersistent());
}

void tst_SessionStorage::signInNamesTheEntryBeforeWritingIt()
{
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.store.setHeld(true);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.store.heldCount(), 1); // reads the current pointer
    h.store.releaseHeld(1);
    QTRY_COMPARE(h.store.heldCount(), 1); // names alice as a leftover: about to be written
    h.store.releaseHeld(1);
    AccountPointer intent = pointer(h);
    QCOMPARE(intent.current, QString());
    QCOMPARE(intent.leftovers, QStringList {Accounts::alice});
    QCOMPARE(intent.writer, QCoreApplication::applicationPid());
    QTRY_COMPARE(h.store.heldCount(), 1); // writes the session entry
    QVERIFY(!h.store.contains(entryKey(h, Accounts::alice)));
    h.store.releaseHeld(1);
    QVERIFY(h.store.contains(entryKey(h, Accounts::alice)));
    QCOMPARE(pointer(h), intent);
    QTRY_COMPARE(h.store.heldCount(), 1); // only then the pointer names it as current
    QCOMPARE(h.session->state(), State::SigningIn);
    h.store.setHeld(false);
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.store.peek(pointerKey(h)).reveal(), Accounts::alice.toUtf8());
}

void tst_SessionStorage::failedEntryWriteLeavesThePointerAlone()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    signIn(h, Accounts::bob, Accounts::bobPassword);
    const StoredSession bob = *h.stored(Accounts::bob);

    h.store.setHeld(true);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.releaseHeld(1); // the pointer (bob) is read
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.releaseHeld(1); // alice is named as a leftover
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.setFailure(TokenStore::Status::Failed);
    h.store.releaseHeld(1); // alice's entry cannot be written
    h.store.setFailure(TokenStore::Status::Ok);
    h.store.setHeld(false);

    QTRY_COMPARE(h.session->state(), State::Active);
    QTRY_COMPARE(h.session->error(), Error::StorageError);
    QVERIFY(!h.session->isPersistent());
    QCOMPARE(h.session->user(), Accounts::alice);
    QVERIFY(h.session->hasValidAccessToken()); // in memory for this process
    // The pointer still names bob, with his intact session; alice, named as a leftover, has
    // nothing stored, which the next restore finds and forgets.
    QCOMPARE(pointer(h).current, Accounts::bob);
    QCOMPARE(pointer(h).leftovers, QStringList {Accounts::alice});
    QVERIFY(!h.store.contains(entryKey(h, Accounts::alice)));
    QVERIFY(*h.stored(Accounts::bob) == bob);
    QCOMPARE(m_server.refreshTokenState(bob.refreshToken.reveal()), QStringLiteral("active"));
}

void tst_SessionStorage::failedPointerWriteTakesTheEntryBack()
{
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.store.setHeld(true);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.releaseHeld(1); // pointer read
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.releaseHeld(1); // alice named as a leftover
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.releaseHeld(1); // entry written
    QTRY_COMPARE(h.store.heldCount(), 1);
    h.store.setFailure(TokenStore::Status::AccessDenied);
    h.store.releaseHeld(1); // the pointer write fails
    h.store.setFailure(TokenStore::Status::Ok);
    h.store.setHeld(false);

    QTRY_COMPARE(h.session->state(), State::Active);
    QTRY_COMPARE(h.session->error(), Error::StorageError);
    QVERIFY(!h.session->isPersistent());
    // No tokens nobody points to: the entry was taken back.
    QTRY_VERIFY(!h.store.contains(entryKey(h, Accounts::alice)));
    QCOMPARE(h.store.count(), 1);
    QCOMPARE(pointer(h).current, QString());
}

void tst_SessionStorage::storeCannotBeReplacedWhileBusy()
{
    SessionHarness h(m_server.profile(Dialect::Json));
    MemoryTokenStore other;
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                       {QStringLiteral("delay_ms"), 300}});
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("setTokenStore\\(\\) "
                                                                         "ignored")));
    h.session->setTokenStore(&other);
    QTRY_COMPARE(h.session->state(), State::Active);
    QVERIFY(h.stored(Accounts::alice).has_value());
    QCOMPARE(other.count(), 0);

    // Idle now: replacing is allowed, and the next write goes to the new store.
    h.session->setTokenStore(&other);
    h.session->refresh();
    QTRY_COMPARE(other.count(), 1);
}

void tst_SessionStorage::destroyedStoreIsAStorageErrorNotTheKeychain_data()
{
    QTest::addColumn<bool>("persistent");
    QTest::newRow("memory store") << false;
    // Shared: the refresh that finds the store gone runs inside the refresh lock's callback.
    QTest::newRow("persistent store") << true;
}

void tst_SessionStorage::destroyedStoreIsAStorageErrorNotTheKeychain()
{
    QFETCH(bool, persistent);
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    std::unique_ptr<MemoryTokenStore> doomed = persistent
                                                       ? std::make_unique<PersistentMemoryStore>()
                                                       : std::make_unique<MemoryTokenStore>();
    h.session->setTokenStore(doomed.get());
    signIn(h, Accounts::alice, Accounts::alicePassword);
    QCOMPARE(doomed->count(), 2);
    doomed.reset();

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("token store given to the session "
                                                           "was destroyed")));
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.session->refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QTRY_COMPARE(h.session->error(), Error::StorageError);
    QVERIFY(h.session->errorString().contains(QLatin1String("destroyed")));
    QVERIFY(!h.session->isPersistent());
    QVERIFY(h.session->hasValidAccessToken());
    QCOMPARE(h.store.count(), 0);
}

void tst_SessionStorage::unsavedTokensHoldBackOnlyWhileTheirProcessRuns_data()
{
    QTest::addColumn<bool>("running");
    QTest::newRow("its process runs") << true;
    QTest::newRow("its process ended") << false;
}

void tst_SessionStorage::unsavedTokensHoldBackOnlyWhileTheirProcessRuns()
{
    // Another process rotated the tokens and could not store them: while it runs, it holds the
    // only valid refresh token, and this one must not send the stored, used one. Once it has
    // ended, its tokens are gone; waiting for them would stall this session forever.
    QFETCH(bool, running);
    PersistentMemoryStore store; // outlives the session
    SessionHarness h(m_server.profile(Dialect::OAuth2));
    h.session->setTokenStore(&store);
    signIn(h, Accounts::alice, Accounts::alicePassword);
    const QDir shared(m_runtime.path() + QStringLiteral("/tessera"));
    const QStringList notices = shared.entryList({QStringLiteral("*.changed")}, QDir::Files);
    QCOMPARE(notices.size(), 1);
    qint64 pid = QCoreApplication::applicationPid();
    if (!running) {
        QProcess ended;
        ended.start(QStringLiteral("true"), {});
        QVERIFY(ended.waitForStarted());
        pid = ended.processId();
        QVERIFY(ended.waitForFinished());
    }
    QFile notice(shared.filePath(notices.first()));
    QVERIFY(notice.open(QIODevice::WriteOnly | QIODevice::Truncate));
    notice.write(QByteArray::number(pid) + " 1 ab Unsaved alice " + QByteArray::number(1ULL << 50)
                 + '\n');
    notice.close();

    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.session->refresh();
    if (running) {
        QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
        QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);
    } else {
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(h.session->state(), State::Active);
    }
}

QTEST_GUILESS_MAIN(tst_SessionStorage)
#include "tst_session_storage.moc"
