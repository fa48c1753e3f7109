// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/memorytokenstore.h>

#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

using namespace Tessera;

using Status = TokenStore::Status;

class TestMemoryTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void readOfMissingKeyIsNotFound();
    void removeOfMissingKeySucceeds();
    void writeReplacesEarlierValue();
    void operationsCompleteInOrder();
    void handlersAreNeverCalledSynchronously_data();
    void handlersAreNeverCalledSynchronously();
    void handlerIsSkippedWhenContextIsDestroyed_data();
    void handlerIsSkippedWhenContextIsDestroyed();
    void handlerRunsOnContextThread();
    void nullContextStillGetsAnAnswer();
    void failure_data();
    void failure();
    void clearingTheFailureRestoresService();
    void describesItself();
};

namespace {

const QString Key = QStringLiteral("example-api/alice");
// From tests/test-secrets.txt, so that the suite's log scan would catch a leak.
const QByteArray Token("tr0ub4dor-bob-5Kp");

struct ReadOutcome
{
    TokenStore::Result result;
    QByteArray data;
};

// Runs one read and waits for its handler.
std::optional<ReadOutcome> readNow(TokenStore &store, const QString &key)
{
    std::optional<ReadOutcome> outcome;
    store.read(key, &store, [&outcome](const TokenStore::Result &result, const Secret &data) {
        outcome = ReadOutcome {result, data.reveal()};
    });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }))
        return std::nullopt;
    return outcome;
}

std::optional<TokenStore::Result> writeNow(TokenStore &store, const QString &key,
                                           const QByteArray &data)
{
    std::optional<TokenStore::Result> outcome;
    store.write(key, Secret(data), &store,
                [&outcome](const TokenStore::Result &result) { outcome = result; });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }))
        return std::nullopt;
    return outcome;
}

std::optional<TokenStore::Result> removeNow(TokenStore &store, const QString &key)
{
    std::optional<TokenStore::Result> outcome;
    store.remove(key, &store, [&outcome](const TokenStore::Result &result) { outcome = result; });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }))
        return std::nullopt;
    return outcome;
}

// Starts operation `op` ("read", "write" or "remove") on Key; the handler bumps `calls`.
void start(TokenStore &store, const QString &op, QObject *context, int *calls,
           Status *status = nullptr)
{
    const auto done = [calls, status](const TokenStore::Result &result) {
        ++*calls;
        if (status)
            *status = result.status;
    };
    if (op == QLatin1String("read"))
        store.read(Key, context, [done](const TokenStore::Result &r, const Secret &) { done(r); });
    else if (op == QLatin1String("write"))
        store.write(Key, Secret(Token), context, done);
    else
        store.remove(Key, context, done);
}

} // namespace

void TestMemoryTokenStore::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("key");

    QTest::newRow("access token") << Token << Key;
    QTest::newRow("binary bytes with NULs") << QByteArray("\x00\x01\xff\x00zz", 6) << Key;
    QTest::newRow("64 KiB stored session") << QByteArray(64 * 1024, 'j') << Key;
    QTest::newRow("current-account entry") << QByteArray("alice") << QStringLiteral("example-api");
}

void TestMemoryTokenStore::roundTrip()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, key);
    MemoryTokenStore store;

    const auto written = writeNow(store, key, data);
    QVERIFY(written);
    QVERIFY(written->isOk());
    QVERIFY(store.contains(key));
    QCOMPARE(store.count(), 1);

    const auto read = readNow(store, key);
    QVERIFY(read);
    QCOMPARE(read->result.status, Status::Ok);
    QVERIFY(read->data == data);

    const auto removed = removeNow(store, key);
    QVERIFY(removed);
    QVERIFY(removed->isOk());
    QVERIFY(!store.contains(key));
    QCOMPARE(store.count(), 0);

    const auto gone = readNow(store, key);
    QVERIFY(gone);
    QCOMPARE(gone->result.status, Status::NotFound);
    QVERIFY(gone->data.isEmpty());
}

void TestMemoryTokenStore::readOfMissingKeyIsNotFound()
{
    MemoryTokenStore store;
    QVERIFY(writeNow(store, QStringLiteral("other"), Token));

    const auto read = readNow(store, Key);
    QVERIFY(read);
    QCOMPARE(read->result.status, Status::NotFound);
    QVERIFY(!read->result.errorString.isEmpty());
    QVERIFY(read->data.isEmpty());
}

void TestMemoryTokenStore::removeOfMissingKeySucceeds()
{
    MemoryTokenStore store;
    const auto removed = removeNow(store, Key);
    QVERIFY(removed);
    QCOMPARE(removed->status, Status::Ok);
    QVERIFY(removed->errorString.isEmpty());
}

void TestMemoryTokenStore::writeReplacesEarlierValue()
{
    MemoryTokenStore store;
    QVERIFY(writeNow(store, Key, "first"));
    QVERIFY(writeNow(store, Key, "second"));

    const auto read = readNow(store, Key);
    QVERIFY(read);
    QCOMPARE(read->data, QByteArray("second"));
    QCOMPARE(store.count(), 1);
}

void TestMemoryTokenStore::operationsCompleteInOrder()
{
    MemoryTokenStore store;
    QStringList log;
    const auto wrote = [&log](const char *what) {
        return [&log, what](const TokenStore::Result &r) {
            log << QLatin1String(what) + QLatin1Char(' ') + QString::number(int(r.status));
        };
    };
    const auto read = [&log](const TokenStore::Result &r, const Secret &data) {
        log << QLatin1String("read ") + QString::number(int(r.status)) + QLatin1Char(' ')
                        + QString::fromLatin1(data.reveal());
    };

    store.write(Key, Secret("A"), this, wrote("write A"));
    store.read(Key, this, read);
    store.write(Key, Secret("B"), this, wrote("write B"));
    store.read(Key, this, read);
    store.remove(Key, this, wrote("remove"));
    store.read(Key, this, read);
    QVERIFY(log.isEmpty());

    const QStringList expected {QStringLiteral("write A 0"), QStringLiteral("read 0 A"),
                                QStringLiteral("write B 0"), QStringLiteral("read 0 B"),
                                QStringLiteral("remove 0"),  QStringLiteral("read 1 ")};
    QTRY_COMPARE(log, expected);
}

void TestMemoryTokenStore::handlersAreNeverCalledSynchronously_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<Status>("failure");

    for (const char *op : {"read", "write", "remove"}) {
        QTest::addRow("%s succeeds", op) << QString::fromLatin1(op) << Status::Ok;
        QTest::addRow("%s fails", op) << QString::fromLatin1(op) << Status::Unavailable;
    }
}

void TestMemoryTokenStore::handlersAreNeverCalledSynchronously()
{
    QFETCH(QString, op);
    QFETCH(Status, failure);
    MemoryTokenStore store;
    QVERIFY(writeNow(store, Key, Token));
    store.setFailure(failure);

    int calls = 0;
    start(store, op, this, &calls);
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 1);

    // A later operation completing proves the first handler is not called a second time.
    int laterCalls = 0;
    start(store, QStringLiteral("read"), this, &laterCalls);
    QTRY_COMPARE(laterCalls, 1);
    QCOMPARE(calls, 1);
}

void TestMemoryTokenStore::handlerIsSkippedWhenContextIsDestroyed_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("storedAfterwards");

    QTest::newRow("read for a closed window") << QStringLiteral("read") << true;
    QTest::newRow("write for a closed window") << QStringLiteral("write") << true;
    QTest::newRow("remove for a closed window") << QStringLiteral("remove") << false;
}

void TestMemoryTokenStore::handlerIsSkippedWhenContextIsDestroyed()
{
    QFETCH(QString, op);
    QFETCH(bool, storedAfterwards);
    MemoryTokenStore store;
    QVERIFY(writeNow(store, Key, Token));

    int calls = 0;
    auto context = std::make_unique<QObject>();
    start(store, op, context.get(), &calls);
    context.reset();

    int laterCalls = 0;
    start(store, QStringLiteral("read"), this, &laterCalls);
    QTRY_COMPARE(laterCalls, 1);
    QCOMPARE(calls, 0);
    // The operation itself still happened; only its answer was dropped.
    QCOMPARE(store.contains(Key), storedAfterwards);
}

void TestMemoryTokenStore::handlerRunsOnContextThread()
{
    MemoryTokenStore store;
    QThread worker;
    worker.start();
    QObject context;
    context.moveToThread(&worker);
    const auto stop = qScopeGuard([&worker] {
        worker.quit();
        worker.wait();
    });

    QThread *calledOn = nullptr;
    QAtomicInt done = 0;
    store.read(Key, &context, [&](const TokenStore::Result &, const Secret &) {
        calledOn = QThread::currentThread();
        done.storeRelease(1);
    });
    QTRY_COMPARE(done.loadAcquire(), 1);
    QCOMPARE(calledOn, &worker);
}

void TestMemoryTokenStore::nullContextStillGetsAnAnswer()
{
    MemoryTokenStore store;
    int calls = 0;
    store.write(Key, Secret(Token), nullptr, [&calls](const TokenStore::Result &) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 1);
}

void TestMemoryTokenStore::failure_data()
{
    QTest::addColumn<Status>("failure");
    QTest::addColumn<QString>("op");

    const QList<std::pair<Status, const char *>> failures {
            {Status::Unavailable, "keychain unavailable"},
            {Status::AccessDenied, "access denied"},
            {Status::Timeout, "keychain timed out"},
            {Status::Failed, "keychain failed"},
            {Status::NotFound, "entry vanished"}};
    for (const auto &[status, name] : failures) {
        for (const char *op : {"read", "write", "remove"})
            QTest::addRow("%s on %s", name, op) << status << QString::fromLatin1(op);
    }
}

void TestMemoryTokenStore::failure()
{
    QFETCH(Status, failure);
    QFETCH(QString, op);
    MemoryTokenStore store;
    QVERIFY(writeNow(store, Key, "before"));
    store.setFailure(failure);

    std::optional<TokenStore::Result> outcome;
    QByteArray data("untouched");
    if (op == QLatin1String("read")) {
        store.read(Key, this, [&](const TokenStore::Result &r, const Secret &secret) {
            outcome = r;
            data = secret.reveal();
        });
    } else if (op == QLatin1String("write")) {
        store.write(Key, Secret("after"), this, [&](const TokenStore::Result &r) { outcome = r; });
    } else {
        store.remove(Key, this, [&](const TokenStore::Result &r) { outcome = r; });
    }
    QTRY_VERIFY(outcome.has_value());

    QCOMPARE(outcome->status, failure);
    QVERIFY(!outcome->isOk());
    QVERIFY(!outcome->errorString.isEmpty());
    QVERIFY(op != QLatin1String("read") || data.isEmpty());
    // A failed operation leaves the stored data alone.
    store.setFailure(Status::Ok);
    const auto read = readNow(store, Key);
    QVERIFY(read);
    QCOMPARE(read->data, QByteArray("before"));
}

void TestMemoryTokenStore::clearingTheFailureRestoresService()
{
    MemoryTokenStore store;
    store.setFailure(Status::Unavailable);
    const auto failed = writeNow(store, Key, Token);
    QVERIFY(failed);
    QCOMPARE(failed->status, Status::Unavailable);
    QCOMPARE(store.count(), 0);

    store.setFailure(Status::Ok);
    const auto written = writeNow(store, Key, Token);
    QVERIFY(written);
    QCOMPARE(written->status, Status::Ok);
    QVERIFY(store.contains(Key));
}

void TestMemoryTokenStore::describesItself()
{
    MemoryTokenStore store;
    QVERIFY(!store.isPersistent());
    QCOMPARE(store.description(), QStringLiteral("memory"));
}

QTEST_GUILESS_MAIN(TestMemoryTokenStore)
#include "tst_memorytokenstore.moc"
