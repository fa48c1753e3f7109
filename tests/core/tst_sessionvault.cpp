// SPDX-License-Identifier: BSD-3-Clause
// SessionVault on its own: the order in which storeSignIn() writes (read against a store that
// records every call), what a failure at each step leaves in the store, endLeftovers() with a
// Revoker of the test's, wipe(), a given store that is destroyed, and the account pointer as
// readPointer() reads it. No network and no keychain: MemoryTokenStore and RecordingStore.
#include "sessionvault_p.h"

#include <Tessera/memorytokenstore.h>

#include <QHash>
#include <QPointer>
#include <QRegularExpression>
#include <QTest>

#include <unistd.h>

#include <utility>

using namespace Tessera;
using Status = TokenStore::Status;

namespace {

const QString profileId = QStringLiteral("vault-test");
// Above Linux's pid_max ceiling (2^22): no process has it, so its leftovers are nobody's.
constexpr qint64 deadPid = 4194305;

QString pointerKey()
{
    return currentAccountKey(profileId);
}

QString entryKey(const QString &user)
{
    return storedSessionKey(profileId, user);
}

// "alice", "alice [carol, bob] by us", "nobody [alice] by 4194305": who a pointer names, and
// (when it names leftovers) which process wrote them.
QString describe(const AccountPointer &pointer)
{
    QString text = pointer.current.isEmpty() ? QStringLiteral("nobody") : pointer.current;
    if (!pointer.leftovers.isEmpty()) {
        text += QStringLiteral(" [%1] by %2")
                        .arg(pointer.leftovers.join(QStringLiteral(", ")),
                             pointer.writer == QCoreApplication::applicationPid()
                                     ? QStringLiteral("us")
                                     : QString::number(pointer.writer));
    }
    return text;
}

StoredSession sessionOf(const QString &user, quint64 generation = 1)
{
    StoredSession session;
    session.user = user;
    session.accessToken =
            Secret(QStringLiteral("vault-at-%1-%2").arg(user).arg(generation).toUtf8());
    session.refreshToken =
            Secret(QStringLiteral("vault-rt-%1-%2").arg(user).arg(generation).toUtf8());
    session.obtainedAt =
            QDateTime::fromMSecsSinceEpoch(1700000000000 + qint64(generation), Qt::UTC);
    session.generation = generation;
    return session;
}

/*! \brief A pointer naming \a current and, written by \a writer, \a leftovers. */
AccountPointer pointerOf(const QString &current, const QStringList &leftovers = {},
                         qint64 writer = deadPid)
{
    AccountPointer pointer;
    pointer.current = current;
    pointer.leftovers = leftovers;
    pointer.writer = writer;
    return pointer;
}

QByteArray bytesOf(const AccountPointer &pointer)
{
    return serializeAccountPointer(pointer).reveal();
}

/*!
 * \brief A TokenStore that records every call in order ("read pointer", "write alice",
 * "write pointer bob [alice] by us", "remove alice"), keeps its entries in a hash, fails the
 * calls a test names (by their index among all calls, or by kind and key), and holds back the
 * answers from a given call on. Answers come from the event loop, and not at all once their context
 * is destroyed, as TokenStore promises.
 */
class RecordingStore : public TokenStore
{
public:
    explicit RecordingStore(bool persistent = false)
        : m_persistent(persistent)
    { }

    void read(const QString &key, QObject *context, ReadHandler handler) override
    {
        Result result = record(QStringLiteral("read"), key, Secret());
        if (result.isOk() && !entries.contains(key))
            result = {Status::NotFound, QStringLiteral("nothing stored")};
        const Secret data = result.isOk() ? entries.value(key) : Secret();
        answer(context, [handler, result, data] { handler(result, data); });
    }
    void write(const QString &key, const Secret &data, QObject *context,
               WriteHandler handler) override
    {
        const Result result = record(QStringLiteral("write"), key, data);
        if (result.isOk())
            entries.insert(key, data);
        answer(context, [handler, result] { handler(result); });
    }
    void remove(const QString &key, QObject *context, WriteHandler handler) override
    {
        const Result result = record(QStringLiteral("remove"), key, Secret());
        if (result.isOk())
            entries.remove(key);
        answer(context, [handler, result] { handler(result); });
    }
    bool isPersistent() const override { return m_persistent; }
    QString description() const override { return QStringLiteral("recording"); }

    /*! \brief The call of index \a index (0: the first this store gets) fails with \a status. */
    void failCall(int index, Status status) { m_failingCalls.insert(index, status); }
    /*! \brief Every \a kind ("read", "write", "remove") of call on \a key fails with
     *  \a status. */
    void failKey(const QString &kind, const QString &key, Status status)
    {
        m_failingKeys.insert(kind + QLatin1Char(' ') + key, status);
    }
    /*! \brief What the failure of the call of index \a index says. */
    static QString failureText(int index)
    {
        return QStringLiteral("failure of call %1").arg(index);
    }
    /*! \brief From the call of index \a index on, calls take effect but their answers wait for
     *  releaseAnswers(). */
    void holdAnswersFrom(int index) { m_holdFrom = index; }
    void releaseAnswers()
    {
        m_holdFrom = -1;
        for (const auto &held : std::exchange(m_held, {}))
            held();
    }
    int heldAnswers() const { return int(m_held.size()); }

    /*! \brief The calls so far, as text. */
    QStringList log() const
    {
        QStringList lines;
        for (const Call &call : m_calls) {
            QString line = call.kind + QLatin1Char(' ');
            if (call.key == pointerKey()) {
                line += QStringLiteral("pointer");
                if (call.kind == QLatin1String("write"))
                    line += QLatin1Char(' ') + describe(parseAccountPointer(call.data));
            } else {
                line += call.key.mid(profileId.size() + 1);
            }
            lines.append(line);
        }
        return lines;
    }
    /*! \brief What the write of index \a index wrote. */
    Secret written(int index) const { return m_calls.value(index).data; }
    int callCount() const { return int(m_calls.size()); }

    /*! \brief Stores \a pointer, and a session for each account in \a users. */
    void put(const AccountPointer &pointer, const QStringList &users)
    {
        entries.insert(pointerKey(), serializeAccountPointer(pointer));
        for (const QString &user : users)
            entries.insert(entryKey(user), serializeStoredSession(sessionOf(user)));
    }

    QHash<QString, Secret> entries;

private:
    struct Call
    {
        QString kind;
        QString key;
        Secret data;
    };

    Result record(const QString &kind, const QString &key, const Secret &data)
    {
        const int index = int(m_calls.size());
        m_calls.append({kind, key, data});
        if (m_failingCalls.contains(index))
            return {m_failingCalls.value(index), failureText(index)};
        const QString kindAndKey = kind + QLatin1Char(' ') + key;
        if (m_failingKeys.contains(kindAndKey))
            return {m_failingKeys.value(kindAndKey), failureText(index)};
        return {};
    }
    // What deliverRead() and deliverWrite() do (they are not exported from the library): the
    // handler runs from the event loop in the context, and not at all once it is destroyed.
    void answer(QObject *context, const std::function<void()> &handler)
    {
        QPointer<QObject> to(context ? context : this);
        const auto deliver = [to, handler] {
            if (to)
                QMetaObject::invokeMethod(to, handler, Qt::QueuedConnection);
        };
        if (m_holdFrom < 0 || m_calls.size() <= m_holdFrom)
            deliver();
        else
            m_held.push_back(deliver);
    }

    const bool m_persistent;
    QList<Call> m_calls;
    QHash<int, Status> m_failingCalls;
    QHash<QString, Status> m_failingKeys; // "<kind> <key>"
    int m_holdFrom = -1;
    std::vector<std::function<void()>> m_held;
};

/*! \brief What a PointerHandler or Handler was given, and how often it was called. */
struct Answer
{
    int calls = 0;
    TokenStore::Result result;
    AccountPointer pointer;

    SessionVault::PointerHandler pointerHandler()
    {
        return [this](const TokenStore::Result &r, const AccountPointer &p) {
            ++calls;
            result = r;
            pointer = p;
        };
    }
    SessionVault::Handler handler()
    {
        return [this](const TokenStore::Result &r) {
            ++calls;
            result = r;
        };
    }
};

/*! \brief Lets every answer already on its way arrive: a queued call made now runs after
 *  them, and after the calls they lead to have been made. */
bool settle()
{
    QObject marker;
    bool ran = false;
    QMetaObject::invokeMethod(
            &marker, [&ran] { ran = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&ran] { return ran; }, 5000);
}

/*! \brief A Revoker that notes who it ended, and after how many store calls it was asked and
 *  said it was done; done comes from the event loop (a server's answer) or at once. */
struct Revocations
{
    struct Revoked
    {
        QString user;
        int askedAfter = 0;
        int doneAfter = 0;
    };
    QList<Revoked> revoked;

    SessionVault::Revoker revoker(const RecordingStore &store, bool atOnce, QObject *answerer)
    {
        return [this, &store, atOnce, answerer](const StoredSession &stored,
                                                std::function<void()> done) {
            const int index = int(revoked.size());
            revoked.append({stored.user, store.callCount(), 0});
            auto finish = [this, &store, index, done] {
                revoked[index].doneAfter = store.callCount();
                done();
            };
            if (atOnce)
                finish();
            else
                QMetaObject::invokeMethod(answerer, finish, Qt::QueuedConnection);
        };
    }
    QStringList users() const
    {
        QStringList list;
        for (const Revoked &r : revoked)
            list.append(r.user);
        return list;
    }
};

/*! \brief endLeftovers() on a vault over \a store, with a Revoker of Revocations, counting
 *  the calls of then() and the store calls made before the first. */
struct Ending
{
    explicit Ending(RecordingStore &store)
        : store(store)
        , vault(profileId, [] {})
    {
        vault.setStore(&store);
    }
    void start(const AccountPointer &pointer, bool revokeAtOnce = false)
    {
        vault.endLeftovers(pointer, &context, revocations.revoker(store, revokeAtOnce, &server),
                           [this] {
                               if (++thenCalls == 1)
                                   callsBeforeThen = store.callCount();
                           });
    }

    RecordingStore &store;
    SessionVault vault;
    QObject context;
    QObject server; // where the Revoker's answers come from
    Revocations revocations;
    int thenCalls = 0;
    int callsBeforeThen = -1;
};

} // namespace

class tst_SessionVault : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storeSignInWritesInOrder_data();
    void storeSignInWritesInOrder();
    void failedStepLeavesThePreviousPointerIntact_data();
    void failedStepLeavesThePreviousPointerIntact();
    void failedPointerWriteKeepsTheCurrentAccountsEntry();
    void destroyedContextStopsTheSignIn_data();
    void destroyedContextStopsTheSignIn();

    void endLeftoversEndsEachInTurn_data();
    void endLeftoversEndsEachInTurn();
    void endLeftoversGoesOnAfterStoreFailures_data();
    void endLeftoversGoesOnAfterStoreFailures();
    void leftoverThatCouldNotBeRemovedStaysNamed();
    void endLeftoversWithNoneAnswersFromTheEventLoop();
    void destroyedContextStopsTheEndingOfLeftovers();

    void wipeReportsTheFirstFailure_data();
    void wipeReportsTheFirstFailure();

    void destroyedStoreFailsEveryCall();
    void storeDestroyedDuringASignInFailsTheRest();

    void readPointer_data();
    void readPointer();
    void readAccount();

private:
    // A store where bob is signed in.
    static void putBob(RecordingStore &store)
    {
        store.put(pointerOf(QStringLiteral("bob")), {QStringLiteral("bob")});
    }
};

// --- storeSignIn() ---------------------------------------------------------------------------

void tst_SessionVault::storeSignInWritesInOrder_data()
{
    QTest::addColumn<QByteArray>("stored"); // the pointer stored; null: none
    QTest::addColumn<QString>("held");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QString>("pointer"); // what the handler is given, and what is stored

    const QString alice = QStringLiteral("alice");
    const QStringList replacingBob = {
            QStringLiteral("read pointer"),
            QStringLiteral("write pointer bob [alice] by us"),
            QStringLiteral("write alice"),
            QStringLiteral("write pointer alice [bob] by us"),
    };
    const QStringList carryingCarol = {
            QStringLiteral("read pointer"),
            QStringLiteral("write pointer bob [carol, alice] by us"),
            QStringLiteral("write alice"),
            QStringLiteral("write pointer alice [carol, bob] by us"),
    };
    QTest::newRow("a new account, nothing stored, nothing held")
            << QByteArray() << QString() << alice
            << QStringList {QStringLiteral("read pointer"),
                            QStringLiteral("write pointer nobody [alice] by us"),
                            QStringLiteral("write alice"), QStringLiteral("write pointer alice")}
            << alice;
    QTest::newRow("a new account, no pointer, bob held")
            << QByteArray() << QStringLiteral("bob") << alice << replacingBob
            << QStringLiteral("alice [bob] by us");
    QTest::newRow("a new account replacing bob")
            << QByteArray("bob") << QStringLiteral("bob") << alice << replacingBob
            << QStringLiteral("alice [bob] by us");
    QTest::newRow("leftovers of a process that ended are carried on")
            << bytesOf(pointerOf(QStringLiteral("bob"), {QStringLiteral("carol")}))
            << QStringLiteral("bob") << alice << carryingCarol
            << QStringLiteral("alice [carol, bob] by us");
    QTest::newRow("leftovers of a process that still runs are carried on")
            << bytesOf(pointerOf(QStringLiteral("bob"), {QStringLiteral("carol")}, ::getppid()))
            << QStringLiteral("bob") << alice << carryingCarol
            << QStringLiteral("alice [carol, bob] by us");
    QTest::newRow("the same account as current: no intent")
            << QByteArray("alice") << alice << alice
            << QStringList {QStringLiteral("read pointer"), QStringLiteral("write alice"),
                            QStringLiteral("write pointer alice")}
            << alice;
    QTest::newRow("the same account as current, leftovers carried on")
            << bytesOf(pointerOf(alice, {QStringLiteral("carol")})) << alice << alice
            << QStringList {QStringLiteral("read pointer"), QStringLiteral("write alice"),
                            QStringLiteral("write pointer alice [carol] by us")}
            << QStringLiteral("alice [carol] by us");
    QTest::newRow("the same account as held, no pointer: no intent")
            << QByteArray() << alice << alice
            << QStringList {QStringLiteral("read pointer"), QStringLiteral("write alice"),
                            QStringLiteral("write pointer alice")}
            << alice;
}

void tst_SessionVault::storeSignInWritesInOrder()
{
    QFETCH(QByteArray, stored);
    QFETCH(QString, held);
    QFETCH(QString, user);
    QFETCH(QStringList, calls);
    QFETCH(QString, pointer);

    RecordingStore store;
    if (!stored.isNull())
        store.entries.insert(pointerKey(), Secret(stored));
    const Secret bob = serializeStoredSession(sessionOf(QStringLiteral("bob")));
    const Secret carol = serializeStoredSession(sessionOf(QStringLiteral("carol")));
    store.entries.insert(entryKey(QStringLiteral("bob")), bob);
    store.entries.insert(entryKey(QStringLiteral("carol")), carol);
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    Answer answer;
    const StoredSession next = sessionOf(user, 2);

    vault.storeSignIn(next, held, &context, answer.pointerHandler());
    QCOMPARE(store.callCount(), 1); // the pointer is read at once...
    QCOMPARE(answer.calls, 0); // ...and answered from the event loop
    QTRY_COMPARE(answer.calls, 1);
    QVERIFY(answer.result.isOk());
    QCOMPARE(store.log(), calls);
    QCOMPARE(describe(answer.pointer), pointer);
    QCOMPARE(describe(parseAccountPointer(store.entries.value(pointerKey()))), pointer);
    // The entry written is the session given, under its account's key.
    const int entryWrite = int(calls.indexOf(QStringLiteral("write ") + user));
    QCOMPARE(parseStoredSession(store.written(entryWrite)).session, std::optional(next));
    QCOMPARE(parseStoredSession(store.entries.value(entryKey(user))).session, std::optional(next));
    // The other accounts' entries are the leftovers' to end (endLeftovers()), not this call's.
    QCOMPARE(store.entries.value(entryKey(QStringLiteral("bob"))), bob);
    QCOMPARE(store.entries.value(entryKey(QStringLiteral("carol"))), carol);

    QVERIFY(settle());
    QCOMPARE(answer.calls, 1);
    QCOMPARE(store.callCount(), calls.size());
}

void tst_SessionVault::failedStepLeavesThePreviousPointerIntact_data()
{
    QTest::addColumn<int>("failing"); // the index of the store call that fails
    QTest::addColumn<Status>("status");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QString>("pointer"); // the pointer stored afterwards

    QStringList calls = {QStringLiteral("read pointer")};
    QTest::newRow("reading the pointer")
            << 0 << Status::Unavailable << calls << QStringLiteral("bob");
    calls << QStringLiteral("write pointer bob [alice] by us");
    QTest::newRow("naming alice as a leftover")
            << 1 << Status::AccessDenied << calls << QStringLiteral("bob");
    calls << QStringLiteral("write alice");
    QTest::newRow("writing alice's entry")
            << 2 << Status::Timeout << calls << QStringLiteral("bob [alice] by us");
    calls << QStringLiteral("write pointer alice [bob] by us") << QStringLiteral("remove alice");
    QTest::newRow("pointing to alice: the entry is taken back")
            << 3 << Status::Failed << calls << QStringLiteral("bob [alice] by us");
}

void tst_SessionVault::failedStepLeavesThePreviousPointerIntact()
{
    QFETCH(int, failing);
    QFETCH(Status, status);
    QFETCH(QStringList, calls);
    QFETCH(QString, pointer);

    RecordingStore store;
    putBob(store);
    const Secret bob = store.entries.value(entryKey(QStringLiteral("bob")));
    store.failCall(failing, status);
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    Answer answer;

    vault.storeSignIn(sessionOf(QStringLiteral("alice")), QStringLiteral("bob"), &context,
                      answer.pointerHandler());
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.result.status, status);
    QCOMPARE(answer.result.errorString, RecordingStore::failureText(failing));
    QCOMPARE(answer.pointer, AccountPointer());
    QVERIFY(settle());
    QCOMPARE(answer.calls, 1);
    QCOMPARE(store.log(), calls);
    // The pointer still names bob, whose entry is intact; alice has nothing stored.
    QCOMPARE(describe(parseAccountPointer(store.entries.value(pointerKey()))), pointer);
    QCOMPARE(store.entries.value(entryKey(QStringLiteral("bob"))), bob);
    QVERIFY(!store.entries.contains(entryKey(QStringLiteral("alice"))));
}

void tst_SessionVault::failedPointerWriteKeepsTheCurrentAccountsEntry()
{
    // Signing in again as the account the pointer names: there is no intent to write, the
    // entry is rewritten in place, and the pointer write fails. storeSignIn() promises that the
    // pointer stored "still names a session that is intact".
    RecordingStore store;
    store.put(pointerOf(QStringLiteral("alice")), {QStringLiteral("alice")});
    store.failCall(2, Status::Failed);
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    Answer answer;

    vault.storeSignIn(sessionOf(QStringLiteral("alice"), 2), QStringLiteral("alice"), &context,
                      answer.pointerHandler());
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.result.status, Status::Failed);
    QCOMPARE(describe(parseAccountPointer(store.entries.value(pointerKey()))),
             QStringLiteral("alice"));
    QVERIFY2(parseStoredSession(store.entries.value(entryKey(QStringLiteral("alice"))))
                     .session.has_value(),
             qPrintable(store.log().join(QStringLiteral("; "))));
}

void tst_SessionVault::destroyedContextStopsTheSignIn_data()
{
    QTest::addColumn<int>("answered"); // the store call whose answer comes too late
    const QStringList steps = {QStringLiteral("the pointer read"), QStringLiteral("the intent"),
                               QStringLiteral("the entry"), QStringLiteral("the pointer write")};
    for (int i = 0; i < steps.size(); ++i)
        QTest::addRow("after %s", qPrintable(steps.at(i))) << i;
}

void tst_SessionVault::destroyedContextStopsTheSignIn()
{
    QFETCH(int, answered);
    RecordingStore store;
    putBob(store);
    store.holdAnswersFrom(answered);
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    auto context = std::make_unique<QObject>();
    Answer answer;

    vault.storeSignIn(sessionOf(QStringLiteral("alice")), QStringLiteral("bob"), context.get(),
                      answer.pointerHandler());
    QTRY_COMPARE(store.heldAnswers(), 1);
    QCOMPARE(store.callCount(), answered + 1);
    const QStringList calls = store.log();
    context.reset(); // the operation that asked is gone, between two writes
    store.releaseAnswers();
    QVERIFY(settle());
    QCOMPARE(store.log(), calls); // no further store call
    QCOMPARE(answer.calls, 0);
}

// --- endLeftovers() --------------------------------------------------------------------------

void tst_SessionVault::endLeftoversEndsEachInTurn_data()
{
    QTest::addColumn<QByteArray>("pointer");
    QTest::addColumn<QStringList>("readable"); // accounts with a session entry
    QTest::addColumn<QStringList>("unreadable"); // accounts with an entry that is not a session
    QTest::addColumn<bool>("revokeAtOnce");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QStringList>("revoked");
    QTest::addColumn<QString>("after"); // the pointer stored afterwards; empty: none

    const QString alice = QStringLiteral("alice");
    const QString bob = QStringLiteral("bob");
    const QString carol = QStringLiteral("carol");
    const QStringList two = {QStringLiteral("read carol"),
                             QStringLiteral("remove carol"),
                             QStringLiteral("write pointer alice [bob] by 4194305"),
                             QStringLiteral("read bob"),
                             QStringLiteral("remove bob"),
                             QStringLiteral("write pointer alice")};
    QTest::newRow("two leftovers, the current account stays")
            << bytesOf(pointerOf(alice, {carol, bob})) << QStringList {alice, bob, carol}
            << QStringList() << false << two << QStringList {carol, bob} << alice;
    QTest::newRow("two leftovers, revoked at once")
            << bytesOf(pointerOf(alice, {carol, bob})) << QStringList {alice, bob, carol}
            << QStringList() << true << two << QStringList {carol, bob} << alice;
    QTest::newRow("no current account: the pointer goes")
            << bytesOf(pointerOf(QString(), {carol})) << QStringList {carol} << QStringList()
            << false
            << QStringList {QStringLiteral("read carol"), QStringLiteral("remove carol"),
                            QStringLiteral("remove pointer")}
            << QStringList {carol} << QString();
    const QStringList one = {QStringLiteral("read carol"), QStringLiteral("remove carol"),
                             QStringLiteral("write pointer alice")};
    QTest::newRow("nothing stored for the leftover: forgotten")
            << bytesOf(pointerOf(alice, {carol})) << QStringList {alice} << QStringList() << false
            << one << QStringList() << alice;
    QTest::newRow("an unreadable leftover: removed, nothing to revoke")
            << bytesOf(pointerOf(alice, {carol})) << QStringList {alice} << QStringList {carol}
            << false << one << QStringList() << alice;
    QTest::newRow("no leftovers") << QByteArray("alice") << QStringList {alice} << QStringList()
                                  << false << QStringList() << QStringList() << alice;
}

void tst_SessionVault::endLeftoversEndsEachInTurn()
{
    QFETCH(QByteArray, pointer);
    QFETCH(QStringList, readable);
    QFETCH(QStringList, unreadable);
    QFETCH(bool, revokeAtOnce);
    QFETCH(QStringList, calls);
    QFETCH(QStringList, revoked);
    QFETCH(QString, after);

    RecordingStore store;
    store.put(parseAccountPointer(Secret(pointer)), readable);
    for (const QString &user : unreadable)
        store.entries.insert(entryKey(user), Secret("{\"version\":1}"));
    Ending ending(store);

    ending.start(parseAccountPointer(Secret(pointer)), revokeAtOnce);
    QTRY_COMPARE(ending.thenCalls, 1);
    QVERIFY(settle());
    QCOMPARE(ending.thenCalls, 1);
    QCOMPARE(ending.callsBeforeThen, calls.size()); // at the end, once
    QCOMPARE(store.log(), calls);
    QCOMPARE(ending.revocations.users(), revoked);
    // Each is revoked with what was read, and the pointer rewritten only once it is done.
    const QStringList log = store.log();
    for (const Revocations::Revoked &r : ending.revocations.revoked) {
        const QStringList before = log.mid(0, r.askedAfter);
        QCOMPARE(before.filter(QRegularExpression(QStringLiteral("^read "))).last(),
                 QStringLiteral("read ") + r.user);
        // Revoked first, then removed: a kill in between leaves the entry, still named.
        QCOMPARE(log.value(r.doneAfter), QStringLiteral("remove ") + r.user);
    }
    if (after.isEmpty())
        QVERIFY(!store.entries.contains(pointerKey()));
    else
        QCOMPARE(describe(parseAccountPointer(store.entries.value(pointerKey()))), after);
    QStringList left;
    for (auto it = store.entries.cbegin(); it != store.entries.cend(); ++it) {
        if (it.key() != pointerKey())
            left.append(it.key().mid(profileId.size() + 1));
    }
    QCOMPARE(left, after.isEmpty() ? QStringList() : QStringList {after});
}

void tst_SessionVault::endLeftoversGoesOnAfterStoreFailures_data()
{
    QTest::addColumn<int>("failing");
    QTest::addColumn<QString>("warning");
    QTest::addColumn<QStringList>("left"); // the entries left afterwards
    QTest::addColumn<int>("calls");
    QTest::addColumn<QString>("after"); // the pointer afterwards
    // carol's entry stays, and stays named (no pointer write for her).
    QTest::newRow("removing carol's entry")
            << 1 << QStringLiteral("could not remove the session of \"carol\"")
            << QStringList {QStringLiteral("alice"), QStringLiteral("carol")} << 5
            << QStringLiteral("alice [carol] by %1").arg(deadPid);
    QTest::newRow("rewriting the pointer")
            << 2 << QStringLiteral("could not update the account pointer")
            << QStringList {QStringLiteral("alice")} << 6 << QStringLiteral("alice");
}

void tst_SessionVault::endLeftoversGoesOnAfterStoreFailures()
{
    QFETCH(int, failing);
    QFETCH(QString, warning);
    QFETCH(QStringList, left);
    QFETCH(int, calls);
    QFETCH(QString, after);

    RecordingStore store;
    const AccountPointer pointer =
            pointerOf(QStringLiteral("alice"), {QStringLiteral("carol"), QStringLiteral("bob")});
    store.put(pointer, pointer.leftovers + QStringList {pointer.current});
    store.failCall(failing, Status::AccessDenied);
    Ending ending(store);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(warning)));
    ending.start(pointer);
    QTRY_COMPARE(ending.thenCalls, 1);
    QVERIFY(settle());
    QCOMPARE(ending.thenCalls, 1);
    // The failure is logged and the next leftover ended all the same.
    QCOMPARE(ending.revocations.users(), pointer.leftovers);
    QCOMPARE(store.callCount(), calls);
    QCOMPARE(describe(parseAccountPointer(store.entries.value(pointerKey()))), after);
    QStringList entries;
    for (const QString &user : pointer.leftovers + QStringList {pointer.current}) {
        if (store.entries.contains(entryKey(user)))
            entries.append(user);
    }
    entries.sort();
    QCOMPARE(entries, left);
}

void tst_SessionVault::leftoverThatCouldNotBeRemovedStaysNamed()
{
    // endLeftovers() promises that after a store failure "the next restore or sign-in tries
    // again": for that, a leftover whose entry is still there must still be named.
    RecordingStore store;
    const AccountPointer pointer = pointerOf(QStringLiteral("alice"), {QStringLiteral("carol")});
    store.put(pointer, pointer.leftovers);
    store.failKey(QStringLiteral("remove"), entryKey(QStringLiteral("carol")),
                  Status::AccessDenied);
    Ending ending(store);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not remove")));
    ending.start(pointer);
    QTRY_COMPARE(ending.thenCalls, 1);
    QVERIFY(store.entries.contains(entryKey(QStringLiteral("carol"))));
    QCOMPARE(parseAccountPointer(store.entries.value(pointerKey())).leftovers,
             QStringList {QStringLiteral("carol")});
}

void tst_SessionVault::endLeftoversWithNoneAnswersFromTheEventLoop()
{
    // "Every call is asynchronous and keeps TokenStore's promise: its handler runs once, from
    // the event loop" (sessionvault_p.h).
    RecordingStore store;
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    int thenCalls = 0;
    vault.endLeftovers(
            pointerOf(QStringLiteral("alice")), &context,
            [](const StoredSession &, std::function<void()>) {}, [&] { ++thenCalls; });
    QCOMPARE(thenCalls, 0);
    QTRY_COMPARE(thenCalls, 1);
    QCOMPARE(store.callCount(), 0);
}

void tst_SessionVault::destroyedContextStopsTheEndingOfLeftovers()
{
    RecordingStore store;
    const AccountPointer pointer =
            pointerOf(QStringLiteral("alice"), {QStringLiteral("carol"), QStringLiteral("bob")});
    store.put(pointer, pointer.leftovers);
    store.holdAnswersFrom(1); // the removal of carol's entry
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    auto context = std::make_unique<QObject>();
    Revocations revocations;
    int thenCalls = 0;

    vault.endLeftovers(pointer, context.get(), revocations.revoker(store, true, nullptr),
                       [&] { ++thenCalls; });
    QTRY_COMPARE(store.heldAnswers(), 1);
    QCOMPARE(revocations.users(), QStringList {QStringLiteral("carol")});
    context.reset();
    store.releaseAnswers();
    QVERIFY(settle());
    QCOMPARE(store.log(),
             (QStringList {QStringLiteral("read carol"), QStringLiteral("remove carol")}));
    QCOMPARE(revocations.users(), QStringList {QStringLiteral("carol")});
    QCOMPARE(thenCalls, 0);
}

// --- wipe() ----------------------------------------------------------------------------------

void tst_SessionVault::wipeReportsTheFirstFailure_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QList<int>>(
            "failing"); // the first call failing fails AccessDenied, the second Timeout
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("errorString");
    QTest::addColumn<QStringList>("calls");

    const QString alice = QStringLiteral("alice");
    const QStringList both = {QStringLiteral("remove alice"), QStringLiteral("remove pointer")};
    const QStringList pointerAlone = {QStringLiteral("remove pointer")};
    QTest::newRow("both removed") << alice << QList<int>() << Status::Ok << QString() << both;
    QTest::newRow("the entry is not removed") << alice << QList<int> {0} << Status::AccessDenied
                                              << RecordingStore::failureText(0) << both;
    QTest::newRow("the pointer is not removed")
            << alice << QList<int> {1} << Status::Timeout << RecordingStore::failureText(1) << both;
    QTest::newRow("neither: the first is reported")
            << alice << QList<int> {0, 1} << Status::AccessDenied << RecordingStore::failureText(0)
            << both;
    QTest::newRow("no user: the pointer alone")
            << QString() << QList<int>() << Status::Ok << QString() << pointerAlone;
    QTest::newRow("no user, the pointer is not removed")
            << QString() << QList<int> {0} << Status::AccessDenied << RecordingStore::failureText(0)
            << pointerAlone;
}

void tst_SessionVault::wipeReportsTheFirstFailure()
{
    QFETCH(QString, user);
    QFETCH(QList<int>, failing);
    QFETCH(Status, status);
    QFETCH(QString, errorString);
    QFETCH(QStringList, calls);

    RecordingStore store;
    store.put(pointerOf(QStringLiteral("alice")), {QStringLiteral("alice")});
    for (int index : failing)
        store.failCall(index, index == 0 ? Status::AccessDenied : Status::Timeout);
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    Answer answer;

    vault.wipe(user, &context, answer.handler());
    QCOMPARE(answer.calls, 0);
    QTRY_COMPARE(answer.calls, 1);
    QVERIFY(settle());
    QCOMPARE(answer.calls, 1);
    QCOMPARE(store.log(), calls);
    QCOMPARE(answer.result.status, status);
    QCOMPARE(answer.result.errorString, errorString);
    // The pointer is removed unless its own removal failed.
    QCOMPARE(store.entries.contains(pointerKey()), failing.contains(int(calls.size()) - 1));
}

// --- a given store that is destroyed ---------------------------------------------------------

void tst_SessionVault::destroyedStoreFailsEveryCall()
{
    auto store = std::make_unique<RecordingStore>(true);
    int lost = 0;
    SessionVault vault(profileId, [&lost] { ++lost; });
    vault.setStore(store.get());
    QVERIFY(vault.isPersistent());
    QCOMPARE(vault.store(), store.get());
    QObject context;
    Answer written;
    vault.writeAccount(sessionOf(QStringLiteral("alice")), &context, written.handler());
    QTRY_COMPARE(written.calls, 1);
    QVERIFY(written.result.isOk());
    QCOMPARE(lost, 0);

    store.reset();
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("token store given to the session was "
                                                           "destroyed")));
    QVERIFY(!vault.isPersistent());
    QCOMPARE(lost, 1);
    QVERIFY(vault.store() != nullptr);
    QVERIFY(!vault.store()->isPersistent());

    std::optional<SessionVault::Entry> read;
    vault.readAccount(QStringLiteral("alice"), &context,
                      [&](const SessionVault::Entry &entry) { read = entry; });
    Answer write, remove, pointer, wipe, signIn;
    vault.writeAccount(sessionOf(QStringLiteral("alice"), 2), &context, write.handler());
    vault.removeAccount(QStringLiteral("alice"), &context, remove.handler());
    vault.readPointer(&context, pointer.pointerHandler());
    vault.wipe(QStringLiteral("alice"), &context, wipe.handler());
    vault.storeSignIn(sessionOf(QStringLiteral("bob")), QString(), &context,
                      signIn.pointerHandler());
    QTRY_COMPARE(signIn.calls, 1);
    QVERIFY(read.has_value());
    QCOMPARE(read->result.status, Status::Unavailable);
    QVERIFY(!read->session.has_value());
    for (const Answer *answer : {&write, &remove, &pointer, &wipe, &signIn}) {
        QCOMPARE(answer->calls, 1);
        QCOMPARE(answer->result.status, Status::Unavailable);
        QVERIFY(answer->result.errorString.contains(QLatin1String("destroyed")));
    }
    QCOMPARE(pointer.pointer, AccountPointer());
    QCOMPARE(signIn.pointer, AccountPointer());
    QVERIFY(!vault.isPersistent());
    QCOMPARE(lost, 1); // once, however often the store is used afterwards
}

void tst_SessionVault::storeDestroyedDuringASignInFailsTheRest()
{
    auto store = std::make_unique<MemoryTokenStore>();
    int lost = 0;
    SessionVault vault(profileId, [&lost] { ++lost; });
    vault.setStore(store.get());
    QObject context;
    Answer answer;

    vault.storeSignIn(sessionOf(QStringLiteral("alice")), QString(), &context,
                      answer.pointerHandler());
    // The pointer read has been answered (MemoryTokenStore answers in the context); the writes
    // that follow find the store gone.
    store.reset();
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("token store given to the session was "
                                                           "destroyed")));
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.result.status, Status::Unavailable);
    QCOMPARE(lost, 1);
    QVERIFY(!vault.isPersistent());
    QVERIFY(settle());
    QCOMPARE(answer.calls, 1);
    QCOMPARE(lost, 1);
}

// --- reading --------------------------------------------------------------------------------

void tst_SessionVault::readPointer_data()
{
    QTest::addColumn<QByteArray>("stored"); // null: nothing stored
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("pointer");

    QTest::newRow("nothing stored") << QByteArray() << Status::NotFound << QStringLiteral("nobody");
    QTest::newRow("a plain user name")
            << QByteArray("alice") << Status::Ok << QStringLiteral("alice");
    QTest::newRow("a user name that starts with a brace")
            << QByteArray("{alice") << Status::Ok << QStringLiteral("{alice");
    QTest::newRow("leftovers") << QByteArray(
            R"({"current":"alice","leftovers":["bob","carol"],"pid":42})")
                               << Status::Ok << QStringLiteral("alice [bob, carol] by 42");
    QTest::newRow("leftovers that are not names, or named twice")
            << QByteArray(R"({"current":"alice","leftovers":[1,"",null,"alice","bob","bob"]})")
            << Status::Ok << QStringLiteral("alice [bob] by 0");
    QTest::newRow("no account") << QByteArray("") << Status::Ok << QStringLiteral("nobody");
    QTest::newRow("garbage: binary")
            << QByteArray("\x00\xff\xfe\x01\x7f", 5) << Status::Ok << QStringLiteral("nobody");
    QTest::newRow("garbage: control characters")
            << QByteArray("alice\nbob\x1b[2J") << Status::Ok << QStringLiteral("nobody");
}

void tst_SessionVault::readPointer()
{
    QFETCH(QByteArray, stored);
    QFETCH(Status, status);
    QFETCH(QString, pointer);

    MemoryTokenStore store;
    if (!stored.isNull()) {
        store.write(pointerKey(), Secret(stored), &store, [](const TokenStore::Result &) {});
        QCOMPARE(store.count(), 1);
    }
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    Answer answer;
    vault.readPointer(&context, answer.pointerHandler());
    QCOMPARE(answer.calls, 0);
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.result.status, status);
    // "An unreadable one ... names no account": no user name holds control characters
    // (TokenSyntax::userProblem()), so a pointer that does names nobody that could sign in.
    QCOMPARE(describe(answer.pointer), pointer);
}

void tst_SessionVault::readAccount()
{
    MemoryTokenStore store;
    const StoredSession alice = sessionOf(QStringLiteral("alice"));
    store.write(entryKey(QStringLiteral("alice")), serializeStoredSession(alice), &store,
                [](const TokenStore::Result &) {});
    store.write(entryKey(QStringLiteral("carol")), Secret("{\"version\":1}"), &store,
                [](const TokenStore::Result &) {});
    SessionVault vault(profileId, [] {});
    vault.setStore(&store);
    QObject context;
    QHash<QString, SessionVault::Entry> entries;
    for (const QString &user :
         {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}) {
        vault.readAccount(user, &context, [&entries, user](const SessionVault::Entry &entry) {
            entries.insert(user, entry);
        });
    }
    QCOMPARE(entries.size(), 0);
    QTRY_COMPARE(entries.size(), 3);
    const SessionVault::Entry found = entries.value(QStringLiteral("alice"));
    QVERIFY(found.result.isOk());
    QCOMPARE(found.session, std::optional(alice));
    QVERIFY(found.problem.isEmpty());
    const SessionVault::Entry missing = entries.value(QStringLiteral("bob"));
    QCOMPARE(missing.result.status, Status::NotFound);
    QVERIFY(!missing.session.has_value());
    const SessionVault::Entry unreadable = entries.value(QStringLiteral("carol"));
    QVERIFY(unreadable.result.isOk());
    QVERIFY(!unreadable.session.has_value());
    QVERIFY(!unreadable.problem.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SessionVault)
#include "tst_sessionvault.moc"
