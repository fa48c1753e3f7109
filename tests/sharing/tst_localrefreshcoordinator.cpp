// SPDX-License-Identifier: BSD-3-Clause
// LocalRefreshCoordinator on its own: two coordinators of one profile in one private sharing
// directory (a temporary one, as every process of the user would share), reading through a
// SessionVault over an in-memory store that says it outlives the process.
#include "localrefreshcoordinator_p.h"
#include "sessionvault_p.h"

#include <Tessera/memorytokenstore.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Tessera;
using namespace std::chrono_literals;
using Change = RefreshCoordinator::Change;
using Action = RefreshDecision::Action;

Q_DECLARE_METATYPE(Tessera::RefreshDecision::Action)

namespace {

const QString profileId = QStringLiteral("coordinator-test");
const QString alice = QStringLiteral("alice");

// Sessions on a store that outlives the process are shared; the coordinator reads only those.
class PersistentMemoryStore : public MemoryTokenStore
{
public:
    bool isPersistent() const override { return true; }
};

StoredSession aliceAt(quint64 generation)
{
    StoredSession session;
    session.user = alice;
    session.accessToken = Secret("coordinator-at-" + QByteArray::number(generation));
    session.refreshToken = Secret("coordinator-rt-" + QByteArray::number(generation));
    session.generation = generation;
    return session;
}

/*! \brief What a ReadHandler was given, and how often it was called. */
struct Reads
{
    int calls = 0;
    LockedRead last;
    RefreshCoordinator::ReadHandler handler()
    {
        return [this](const LockedRead &read) {
            ++calls;
            last = read;
        };
    }
};

} // namespace

class tst_LocalRefreshCoordinator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void lockAndReadGivesTheStoredSession_data();
    void lockAndReadGivesTheStoredSession();
    void storeThatDiesWithTheProcessIsUnshared();
    void secondCoordinatorWaitsForRelease();
    void emptyAccountIsAnsweredWithoutARead();
    void announcementIsHeardByTheOthersOnly();
    void unsavedNoticeOfALiveProcess_data();
    void unsavedNoticeOfALiveProcess();
    void lockForRefreshYieldsTheDecision_data();
    void lockForRefreshYieldsTheDecision();
    void destroyedContextGetsNoAnswer_data();
    void destroyedContextGetsNoAnswer();

private:
    std::unique_ptr<LocalRefreshCoordinator> coordinator(std::chrono::milliseconds staleAfter = 30s)
    {
        return std::make_unique<LocalRefreshCoordinator>(directory(), profileId, staleAfter,
                                                         m_vault.get());
    }
    QString directory() const { return m_dir->filePath(QStringLiteral("tessera")); }
    // The lock file of the profile, once somebody holds the lock.
    QStringList lockFiles() const
    {
        return QDir(directory() + QStringLiteral("/locks"))
                .entryList({QStringLiteral("*.lock")}, QDir::Files);
    }
    void store(const StoredSession &session)
    {
        m_store->write(storedSessionKey(profileId, session.user), serializeStoredSession(session),
                       m_store.get(), [](const TokenStore::Result &) {});
    }

    std::unique_ptr<QTemporaryDir> m_dir; // private (0700), as the sharing directory must be
    std::unique_ptr<MemoryTokenStore> m_store;
    std::unique_ptr<SessionVault> m_vault;
};

void tst_LocalRefreshCoordinator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<PersistentMemoryStore>();
    m_vault = std::make_unique<SessionVault>(profileId, [] {});
    m_vault->setStore(m_store.get());
}

void tst_LocalRefreshCoordinator::cleanup()
{
    m_vault.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_LocalRefreshCoordinator::lockAndReadGivesTheStoredSession_data()
{
    QTest::addColumn<QByteArray>("entry"); // alice's entry; null: none
    QTest::addColumn<TokenStore::Status>("failure");
    QTest::addColumn<bool>("answered");
    QTest::addColumn<bool>("removed");
    QTest::addColumn<bool>("found");

    const QByteArray stored = serializeStoredSession(aliceAt(3)).reveal();
    QTest::newRow("a session stored") << stored << TokenStore::Status::Ok << true << false << true;
    QTest::newRow("nothing stored: signed out elsewhere")
            << QByteArray() << TokenStore::Status::Ok << true << true << false;
    QTest::newRow("an unreadable entry")
            << QByteArray("{\"version\":1}") << TokenStore::Status::Ok << true << false << false;
    QTest::newRow("the store fails")
            << stored << TokenStore::Status::Timeout << false << false << false;
}

void tst_LocalRefreshCoordinator::lockAndReadGivesTheStoredSession()
{
    QFETCH(QByteArray, entry);
    QFETCH(TokenStore::Status, failure);
    QFETCH(bool, answered);
    QFETCH(bool, removed);
    QFETCH(bool, found);

    if (!entry.isNull()) {
        m_store->write(storedSessionKey(profileId, alice), Secret(entry), m_store.get(),
                       [](const TokenStore::Result &) {});
    }
    m_store->setFailure(failure);
    if (QByteArray(QTest::currentDataTag()) == "an unreadable entry")
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unreadable")));
    const auto coordinator = this->coordinator();
    QObject context;
    Reads reads;
    coordinator->lockAndRead(alice, &context, reads.handler());
    QCOMPARE(reads.calls, 0); // never from inside the call
    QTRY_COMPARE(reads.calls, 1);
    const LockedRead &read = reads.last;
    QVERIFY(!read.unshared);
    QVERIFY(read.locked);
    QCOMPARE(lockFiles().size(), 1);
    QCOMPARE(read.answered, answered);
    QCOMPARE(read.removed, removed);
    QCOMPARE(read.stored.has_value(), found);
    if (found)
        QVERIFY(*read.stored == aliceAt(3));
    if (!answered)
        QCOMPARE(read.problem, QStringLiteral("The in-memory token store was told to fail "
                                              "(simulated error)."));
    QCOMPARE(read.unsavedElsewhere, quint64(0));
    coordinator->release();
    QCOMPARE(lockFiles().size(), 0);
    QCOMPARE(reads.calls, 1);
}

void tst_LocalRefreshCoordinator::storeThatDiesWithTheProcessIsUnshared()
{
    // Tokens that die with the process are nobody else's: nothing to lock, nothing to read.
    MemoryTokenStore memory;
    memory.setHeld(true);
    m_vault->setStore(&memory);
    const auto coordinator = this->coordinator();
    QObject context;
    Reads reads;
    coordinator->lockAndRead(alice, &context, reads.handler());
    QTRY_COMPARE(reads.calls, 1);
    QVERIFY(reads.last.unshared);
    QVERIFY(!reads.last.stored.has_value());
    QCOMPARE(memory.heldCount(), 0); // not read
    coordinator->release();
}

void tst_LocalRefreshCoordinator::secondCoordinatorWaitsForRelease()
{
    store(aliceAt(1));
    const auto first = coordinator();
    const auto second = coordinator();
    QObject context;
    Reads firstReads;
    Reads secondReads;
    first->lockAndRead(alice, &context, firstReads.handler());
    QTRY_COMPARE(firstReads.calls, 1);
    QVERIFY(firstReads.last.locked);

    second->lockAndRead(alice, &context, secondReads.handler());
    // It keeps trying (every 10 to 200 ms) while the first holds the lock...
    QTest::qWait(300);
    QCOMPARE(secondReads.calls, 0);
    // ...and has it, with what is stored, soon after the release.
    first->release();
    first->release(); // idempotent
    QTRY_COMPARE_WITH_TIMEOUT(secondReads.calls, 1, 2000);
    QVERIFY(secondReads.last.locked);
    QVERIFY(secondReads.last.answered);
    QVERIFY(secondReads.last.stored.has_value());
    QCOMPARE(secondReads.last.stored->generation, quint64(1));

    // And the first has it again, at once, once the second let go.
    second->release();
    first->lockAndRead(alice, &context, firstReads.handler());
    QTRY_COMPARE(firstReads.calls, 2);
    QVERIFY(firstReads.last.locked);
    first->release();
}

void tst_LocalRefreshCoordinator::emptyAccountIsAnsweredWithoutARead()
{
    // A store that holds every call: a read would never be answered.
    m_store->setHeld(true);
    const auto coordinator = this->coordinator();
    QObject context;
    Reads reads;
    coordinator->lockAndRead(QString(), &context, reads.handler());
    QTRY_COMPARE(reads.calls, 1);
    QVERIFY(reads.last.locked);
    QVERIFY(reads.last.answered);
    QVERIFY(!reads.last.removed);
    QVERIFY(!reads.last.stored.has_value());
    QCOMPARE(m_store->heldCount(), 0);
    coordinator->release();
}

void tst_LocalRefreshCoordinator::announcementIsHeardByTheOthersOnly()
{
    const auto first = coordinator();
    const auto second = coordinator();
    QSignalSpy heardByFirst(first.get(), &RefreshCoordinator::changedElsewhere);
    QSignalSpy heardBySecond(second.get(), &RefreshCoordinator::changedElsewhere);

    first->announce(Change::Renewed, alice, 7);
    QTRY_COMPARE(heardBySecond.count(), 1);
    QCOMPARE(heardBySecond.at(0).at(0).value<Change>(), Change::Renewed);
    QCOMPARE(heardBySecond.at(0).at(1).toString(), alice);

    // The first hears the second's notice, which came after its own, and only that one.
    second->announce(Change::SignedOut, alice, 8);
    QTRY_COMPARE(heardByFirst.count(), 1);
    QCOMPARE(heardByFirst.at(0).at(0).value<Change>(), Change::SignedOut);
    QCOMPARE(heardBySecond.count(), 1);
}

void tst_LocalRefreshCoordinator::unsavedNoticeOfALiveProcess_data()
{
    QTest::addColumn<QByteArray>("writer"); // "coordinator", or the process a notice names
    QTest::addColumn<QByteArray>("change");
    QTest::addColumn<QString>("user");
    QTest::addColumn<quint64>("unsaved");

    const quint64 generation = 42;
    QTest::newRow("Unsaved, by another coordinator")
            << QByteArray("coordinator") << QByteArray("Unsaved") << alice << generation;
    QTest::newRow("Unsaved, by a process that runs")
            << QByteArray("running") << QByteArray("Unsaved") << alice << generation;
    QTest::newRow("Unsaved, by a process that ended")
            << QByteArray("ended") << QByteArray("Unsaved") << alice << quint64(0);
    QTest::newRow("Unsaved, for another account")
            << QByteArray("coordinator") << QByteArray("Unsaved") << QStringLiteral("bob")
            << quint64(0);
    QTest::newRow("another change")
            << QByteArray("coordinator") << QByteArray("Renewed") << alice << quint64(0);
}

void tst_LocalRefreshCoordinator::unsavedNoticeOfALiveProcess()
{
    QFETCH(QByteArray, writer);
    QFETCH(QByteArray, change);
    QFETCH(QString, user);
    QFETCH(quint64, unsaved);

    store(aliceAt(41));
    const auto reader = coordinator();
    const auto other = coordinator();
    const quint64 generation = 42;
    if (writer == "coordinator") {
        bool known = false;
        const int value = QMetaEnum::fromType<Change>().keyToValue(change.constData(), &known);
        QVERIFY(known);
        other->announce(Change(value), user, generation);
    } else {
        // A notice written by another process (the format of ChangeNotifier::announce()).
        other->announce(Change::Renewed, user, 1); // makes the file
        const QStringList notices =
                QDir(directory()).entryList({QStringLiteral("*.changed")}, QDir::Files);
        QCOMPARE(notices.size(), 1);
        qint64 pid = ::getppid();
        if (writer == "ended") {
            QProcess ended;
            ended.start(QStringLiteral("true"), {});
            QVERIFY(ended.waitForStarted());
            pid = ended.processId();
            QVERIFY(ended.waitForFinished());
        }
        QFile notice(QDir(directory()).filePath(notices.first()));
        QVERIFY(notice.open(QIODevice::WriteOnly | QIODevice::Truncate));
        notice.write(QByteArray::number(pid) + " 1 ab " + change + ' ' + user.toUtf8() + ' '
                     + QByteArray::number(generation) + '\n');
        notice.close();
    }
    QObject context;
    Reads reads;
    reader->lockAndRead(alice, &context, reads.handler());
    QTRY_COMPARE(reads.calls, 1);
    QVERIFY(reads.last.locked);
    QVERIFY(reads.last.stored.has_value());
    QCOMPARE(reads.last.unsavedElsewhere, unsaved);
    reader->release();
}

void tst_LocalRefreshCoordinator::lockForRefreshYieldsTheDecision_data()
{
    QTest::addColumn<quint64>("stored"); // the generation stored; 0: nothing
    QTest::addColumn<quint64>("held");
    QTest::addColumn<bool>("heldSaved");
    QTest::addColumn<QByteArray>("setup");
    QTest::addColumn<Action>("action");

    QTest::newRow("the store holds the held tokens")
            << 2ULL << 2ULL << true << QByteArray() << Action::Proceed;
    QTest::newRow("renewed elsewhere") << 3ULL << 2ULL << true << QByteArray() << Action::Adopt;
    QTest::newRow("signed out elsewhere") << 0ULL << 2ULL << true << QByteArray() << Action::Ended;
    QTest::newRow("the stored tokens are older")
            << 1ULL << 2ULL << false << QByteArray() << Action::SaveFirst;
    QTest::newRow("a newer rotation was not stored")
            << 2ULL << 2ULL << true << QByteArray("unsaved 3") << Action::HoldBack;
    QTest::newRow("the store fails")
            << 2ULL << 2ULL << true << QByteArray("store fails") << Action::HoldBack;
    QTest::newRow("the store fails, the held tokens never reached it")
            << 2ULL << 2ULL << false << QByteArray("store fails") << Action::Proceed;
    QTest::newRow("not shared") << 2ULL << 2ULL << true << QByteArray("not shared")
                                << Action::Proceed;
    QTest::newRow("a holder that hangs")
            << 2ULL << 2ULL << true << QByteArray("hung holder") << Action::HoldBack;
}

void tst_LocalRefreshCoordinator::lockForRefreshYieldsTheDecision()
{
    QFETCH(quint64, stored);
    QFETCH(quint64, held);
    QFETCH(bool, heldSaved);
    QFETCH(QByteArray, setup);
    QFETCH(Action, action);

    if (stored)
        store(aliceAt(stored));
    MemoryTokenStore memory;
    if (setup == "not shared")
        m_vault->setStore(&memory);
    if (setup == "store fails")
        m_store->setFailure(TokenStore::Status::Timeout);
    const bool hung = setup == "hung holder";
    // Given up on after staleAfter plus ProcessLock's margin of 2 s.
    const auto coordinator = this->coordinator(hung ? 100ms : 30s);
    const auto other = this->coordinator();
    if (setup == "unsaved 3")
        other->announce(Change::Unsaved, alice, 3);
    QObject context;
    if (hung) {
        Reads reads;
        other->lockAndRead(alice, &context, reads.handler());
        QTRY_COMPARE(reads.calls, 1);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not take")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not take")));
    }

    int calls = 0;
    std::optional<Action> decided;
    LockedRead read;
    coordinator->lockForRefresh(aliceAt(held), heldSaved, &context,
                                [&](Action a, const LockedRead &r) {
                                    ++calls;
                                    decided = a;
                                    read = r;
                                });
    QCOMPARE(calls, 0);
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
    QCOMPARE(*decided, RefreshDecision::decide(read, aliceAt(held), heldSaved));
    QCOMPARE(*decided, action);
    QCOMPARE(read.locked, !hung && setup != "not shared");
    coordinator->release();
    other->release();
}

void tst_LocalRefreshCoordinator::destroyedContextGetsNoAnswer_data()
{
    QTest::addColumn<QByteArray>("when");
    QTest::newRow("while another coordinator holds the lock") << QByteArray("waiting");
    QTest::newRow("before the free lock is taken") << QByteArray("free");
    QTest::newRow("while the stored session is read") << QByteArray("reading");
}

void tst_LocalRefreshCoordinator::destroyedContextGetsNoAnswer()
{
    QFETCH(QByteArray, when);
    store(aliceAt(1));
    const auto holder = coordinator();
    const auto waiter = coordinator();
    QObject live;
    Reads held;
    if (when == "waiting") {
        holder->lockAndRead(alice, &live, held.handler());
        QTRY_COMPARE(held.calls, 1);
        QVERIFY(held.last.locked);
    }
    if (when == "reading")
        m_store->setHeld(true);

    auto context = std::make_unique<QObject>();
    Reads dropped;
    waiter->lockAndRead(alice, context.get(), dropped.handler());
    if (when == "reading")
        QTRY_COMPARE(m_store->heldCount(), 1); // locked; the read is on its way
    context.reset();
    holder->release();
    m_store->setHeld(false);
    Reads next;
    if (when == "reading") {
        // The lock was taken for the one that is gone: the waiter holds it until release(), and
        // answers its next call at once (the dropped one would have come first).
        QTRY_COMPARE(lockFiles().size(), 1);
        waiter->lockAndRead(alice, &live, next.handler());
        QTRY_COMPARE(next.calls, 1);
        waiter->release();
    } else {
        // The lock arrives for nobody and is let go at once: the other coordinator has it without
        // waiting for a hung holder to be given up on.
        holder->lockAndRead(alice, &live, next.handler());
        QTRY_COMPARE(next.calls, 1);
        holder->release();
    }
    QVERIFY(next.last.locked);
    QVERIFY(next.last.stored.has_value());
    QCOMPARE(dropped.calls, 0);
}

QTEST_GUILESS_MAIN(tst_LocalRefreshCoordinator)
#include "tst_localrefreshcoordinator.moc"
