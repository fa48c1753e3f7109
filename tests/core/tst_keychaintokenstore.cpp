// SPDX-License-Identifier: BSD-3-Clause
// KeychainTokenStore against a real Secret Service: run under scripts/with-keyring.sh.
// Cases that need a broken or silent keychain run the store in a child process (this same
// binary, switched into child mode by TESSERA_KEYCHAIN_CHILD_OPS), because libsecret keeps one
// D-Bus connection per process and QtKeychain runs one job at a time per process.
#include "keychaintesting.h"

#include <Tessera/keychaintokenstore.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocalServer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <optional>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;

using Status = TokenStore::Status;

namespace {

const char ChildOpsVariable[] = "TESSERA_KEYCHAIN_CHILD_OPS";
const char ChildServiceVariable[] = "TESSERA_KEYCHAIN_CHILD_SERVICE";
const char ChildTimeoutVariable[] = "TESSERA_KEYCHAIN_CHILD_TIMEOUT_MS";
const QString Key = QStringLiteral("example-api/alice");
// Child mode: runs the operations in TESSERA_KEYCHAIN_CHILD_OPS (comma-separated, all started
// at once) and prints "op<TAB>status<TAB>elapsed ms<TAB>errorString" per completion.
int runChild()
{
    const QStringList ops = qEnvironmentVariable(ChildOpsVariable).split(QLatin1Char(','));
    KeychainTokenStore store(qEnvironmentVariable(ChildServiceVariable));
    store.setTimeout(std::chrono::milliseconds(qEnvironmentVariableIntValue(ChildTimeoutVariable)));
    QElapsedTimer clock;
    clock.start();
    QTextStream out(stdout);
    int pending = static_cast<int>(ops.size());
    for (const QString &op : ops) {
        start(store, op, Key, &store, [&, op](const Outcome &o) {
            out << op << '\t' << int(o.result.status) << '\t' << clock.elapsed() << '\t'
                << o.result.errorString << '\n';
            out.flush();
            if (--pending == 0)
                QCoreApplication::quit();
        });
    }
    QTimer::singleShot(30s, &store, [] { QCoreApplication::exit(3); }); // inside ctest's 60 s
    return QCoreApplication::exec();
}

struct ChildLine
{
    QString op;
    Status status;
    qint64 elapsedMs;
    QString errorString;
};

} // namespace

class TestKeychainTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void roundTripThroughSecretService_data();
    void roundTripThroughSecretService();
    void missingKey_data();
    void missingKey();
    void servicesKeepSeparateEntries();
    void operationsCompleteInOrderAndNeverSynchronously();
    void handlerIsSkippedWhenContextIsDestroyed();
    void destroyingTheStoreFailsPendingOperations();
    void unreachableKeychainIsUnavailable_data();
    void unreachableKeychainIsUnavailable();
    void silentKeychainTimesOut_data();
    void silentKeychainTimesOut();
    void describesItself();

private:
    QList<ChildLine> runInChild(const QString &ops, const QProcessEnvironment &env, int timeoutMs);

    QString m_service;
    QTemporaryDir m_dir;
};

void TestKeychainTokenStore::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): the keychain tests need "
             "a private Secret Service. Run them under scripts/with-keyring.sh, e.g. "
             "scripts/with-keyring.sh ctest --test-dir <build> -L keychain");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty(),
             "secret-tool not found: install libsecret-tools");
    QVERIFY(m_dir.isValid());
    m_service = QStringLiteral("tessera-test-%1").arg(QCoreApplication::applicationPid());
    const SearchResult before = secretToolSearch(m_service);
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    QCOMPARE(before.items, 0);
}

void TestKeychainTokenStore::cleanupTestCase()
{
    if (m_service.isEmpty())
        return;
    for (const QString &service : {m_service, m_service + QStringLiteral("-other")})
        QProcess::execute(QStringLiteral("secret-tool"),
                          {QStringLiteral("clear"), QStringLiteral("server"), service});
}

void TestKeychainTokenStore::roundTripThroughSecretService_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("stored session under profile/user") << Key << Token;
    QTest::newRow("current-account entry") << QStringLiteral("example-api") << QByteArray("alice");
    QTest::newRow("binary bytes with NULs")
            << QStringLiteral("binary/zoë") << QByteArray("\x00\x01\xfe\xff\x00", 5);
    QTest::newRow("64 KiB stored session")
            << QStringLiteral("big/bob") << QByteArray(64 * 1024, 'j');
}

void TestKeychainTokenStore::roundTripThroughSecretService()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, data);
    KeychainTokenStore store(m_service);

    // Writing over an earlier value replaces it rather than adding a second item.
    QVERIFY(succeeded(run(store, QStringLiteral("write"), key, OtherToken)));
    const auto written = run(store, QStringLiteral("write"), key, data);
    QVERIFY(written);
    QVERIFY2(written->result.isOk(), qPrintable(written->result.errorString));

    // The entry really is in the Secret Service, under QtKeychain's attribute names.
    const SearchResult found = secretToolSearch(m_service, key);
    QVERIFY2(found.error.isEmpty(), qPrintable(found.error));
    QCOMPARE(found.items, 1);
    QVERIFY2(found.attributes.contains(QStringLiteral("attribute.server = ") + m_service),
             qPrintable(found.attributes.join(QLatin1String("; "))));
    QVERIFY(found.attributes.contains(QStringLiteral("attribute.user = ") + key));
    QVERIFY(found.attributes.contains(QStringLiteral("attribute.type = base64")));
    QCOMPARE(found.secrets.size(), 1);
    QVERIFY(QByteArray::fromBase64(found.secrets.constFirst()) == data);

    const auto read = run(store, QStringLiteral("read"), key);
    QVERIFY(read);
    QCOMPARE(read->result.status, Status::Ok);
    QVERIFY(read->data == data);

    const auto removed = run(store, QStringLiteral("remove"), key);
    QVERIFY(removed);
    QVERIFY2(removed->result.isOk(), qPrintable(removed->result.errorString));
    QCOMPARE(secretToolSearch(m_service, key).items, 0);

    const auto gone = run(store, QStringLiteral("read"), key);
    QVERIFY(gone);
    QCOMPARE(gone->result.status, Status::NotFound);
}

void TestKeychainTokenStore::missingKey_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<Status>("expected");

    QTest::newRow("read of a key never written") << QStringLiteral("read") << Status::NotFound;
    QTest::newRow("remove of a key never written succeeds")
            << QStringLiteral("remove") << Status::Ok;
}

void TestKeychainTokenStore::missingKey()
{
    QFETCH(QString, op);
    QFETCH(Status, expected);
    KeychainTokenStore store(m_service);
    const auto outcome = run(store, op, QStringLiteral("never/written"));
    QVERIFY(outcome);
    QCOMPARE(outcome->result.status, expected);
    QCOMPARE(outcome->result.errorString.isEmpty(), expected == Status::Ok);
    QVERIFY(outcome->data.isEmpty());
}

void TestKeychainTokenStore::servicesKeepSeparateEntries()
{
    KeychainTokenStore store(m_service);
    KeychainTokenStore other(m_service + QStringLiteral("-other"));
    QVERIFY(succeeded(run(store, QStringLiteral("write"), Key, Token)));

    const auto elsewhere = run(other, QStringLiteral("read"), Key);
    QVERIFY(elsewhere);
    QCOMPARE(elsewhere->result.status, Status::NotFound);
    QVERIFY(succeeded(run(other, QStringLiteral("remove"), Key)));
    QCOMPARE(secretToolSearch(m_service, Key).items, 1);
    QVERIFY(succeeded(run(store, QStringLiteral("remove"), Key)));
}

void TestKeychainTokenStore::operationsCompleteInOrderAndNeverSynchronously()
{
    KeychainTokenStore store(m_service);
    QStringList log;
    const auto record = [&log](const QString &what) {
        return [&log, what](const Outcome &o) {
            log << what + QLatin1Char(' ') + QString::number(int(o.result.status))
                            + QLatin1Char(' ') + QString::fromLatin1(o.data);
        };
    };
    start(store, QStringLiteral("write"), Key, this, record(QStringLiteral("write A")), "A");
    start(store, QStringLiteral("read"), Key, this, record(QStringLiteral("read")));
    start(store, QStringLiteral("write"), Key, this, record(QStringLiteral("write B")), "B");
    start(store, QStringLiteral("read"), Key, this, record(QStringLiteral("read")));
    start(store, QStringLiteral("remove"), Key, this, record(QStringLiteral("remove")));
    start(store, QStringLiteral("read"), Key, this, record(QStringLiteral("read")));
    QVERIFY(log.isEmpty());

    const QStringList expected {QStringLiteral("write A 0 "), QStringLiteral("read 0 A"),
                                QStringLiteral("write B 0 "), QStringLiteral("read 0 B"),
                                QStringLiteral("remove 0 "),  QStringLiteral("read 1 ")};
    QTRY_COMPARE_WITH_TIMEOUT(log, expected, WaitMs);
    // Once a later operation is answered, no handler has been called a second time.
    QVERIFY(run(store, QStringLiteral("read"), Key));
    QCOMPARE(log, expected);
}

void TestKeychainTokenStore::handlerIsSkippedWhenContextIsDestroyed()
{
    KeychainTokenStore store(m_service);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    start(store, QStringLiteral("write"), Key, context.get(),
          [&calls](const Outcome &) { ++calls; });
    context.reset();

    // Operations complete in order, so once this read is answered the write is done too.
    const auto read = run(store, QStringLiteral("read"), Key);
    QVERIFY(read);
    QVERIFY(read->data == Token);
    QCOMPARE(calls, 0);
    QVERIFY(succeeded(run(store, QStringLiteral("remove"), Key)));
}

void TestKeychainTokenStore::destroyingTheStoreFailsPendingOperations()
{
    auto store = std::make_unique<KeychainTokenStore>(m_service);
    QList<Status> statuses;
    for (const char *op : {"read", "write", "remove"})
        start(*store, QLatin1String(op), Key, this,
              [&statuses](const Outcome &o) { statuses << o.result.status; });
    store.reset();

    const QList<Status> expected(3, Status::Failed);
    QTRY_COMPARE_WITH_TIMEOUT(statuses, expected, WaitMs);
}

QList<ChildLine> TestKeychainTokenStore::runInChild(const QString &ops,
                                                    const QProcessEnvironment &env, int timeoutMs)
{
    QProcessEnvironment childEnv = env;
    childEnv.insert(QString::fromLatin1(ChildOpsVariable), ops);
    childEnv.insert(QString::fromLatin1(ChildServiceVariable), m_service);
    childEnv.insert(QString::fromLatin1(ChildTimeoutVariable), QString::number(timeoutMs));
    QProcess child;
    child.setProcessEnvironment(childEnv);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log joins ours
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(QCoreApplication::applicationFilePath(), QStringList());
    if (!QTest::qWaitFor([&finished] { return finished.count() == 1; }, 2 * WaitMs)) {
        child.kill();
        child.waitForFinished();
        qWarning("keychain child process hung");
        return {};
    }
    QList<ChildLine> lines;
    const QStringList out =
            QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'));
    for (const QString &line : out) {
        const QStringList fields = line.split(QLatin1Char('\t'));
        if (fields.size() == 4)
            lines << ChildLine {fields[0], Status(fields[1].toInt()), fields[2].toLongLong(),
                                fields[3]};
    }
    return lines;
}

void TestKeychainTokenStore::unreachableKeychainIsUnavailable_data()
{
    QTest::addColumn<QString>("busAddress"); // empty: no session bus at all
    QTest::addColumn<QString>("op");

    const QString missing =
            QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("no.sock"));
    for (const char *op : {"read", "write", "remove"}) {
        const QString name = QString::fromLatin1(op);
        QTest::addRow("%s without a session bus", op) << QString() << name;
        QTest::addRow("%s with a bus socket that does not exist", op) << missing << name;
        QTest::addRow("%s with a malformed bus address", op) << QStringLiteral("nonsense") << name;
    }
}

void TestKeychainTokenStore::unreachableKeychainIsUnavailable()
{
    QFETCH(QString, busAddress);
    QFETCH(QString, op);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.path()); // no "bus" socket in there
    if (busAddress.isEmpty())
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    else
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress);

    const QList<ChildLine> lines = runInChild(op, env, 10000);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].op, op);
    QVERIFY2(lines[0].status == Status::Unavailable, qPrintable(lines[0].errorString));
    QVERIFY(!lines[0].errorString.isEmpty());
    QVERIFY(!lines[0].errorString.contains(QString::fromLatin1(Token)));
    QVERIFY2(lines[0].elapsedMs < 5000, "an unreachable keychain must fail fast, not time out");
}

void TestKeychainTokenStore::silentKeychainTimesOut_data()
{
    QTest::addColumn<bool>("silentBus");
    QTest::addColumn<bool>("noGlib");

    QTest::newRow("bus socket that accepts but never answers") << true << false;
    QTest::newRow("no GLib event loop (QT_NO_GLIB) with a working keyring") << false << true;
}

void TestKeychainTokenStore::silentKeychainTimesOut()
{
    QFETCH(bool, silentBus);
    QFETCH(bool, noGlib);
    QLocalServer silent; // listens, never speaks: the D-Bus handshake never completes
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (silentBus) {
        const QString path = m_dir.filePath(QStringLiteral("silent.sock"));
        QVERIFY2(silent.listen(path), qPrintable(silent.errorString()));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + path);
    }
    if (noGlib)
        env.insert(QStringLiteral("QT_NO_GLIB"), QStringLiteral("1"));

    const int timeoutMs = 400;
    const QList<ChildLine> lines = runInChild(QStringLiteral("write,read,remove"), env, timeoutMs);

    // Each operation is reported as timed out, in order, and the queue moves on after each.
    QCOMPARE(lines.size(), 3);
    const QStringList ops {QStringLiteral("write"), QStringLiteral("read"),
                           QStringLiteral("remove")};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(lines[i].op, ops[i]);
        QVERIFY2(lines[i].status == Status::Timeout, qPrintable(lines[i].errorString));
        QVERIFY(!lines[i].errorString.isEmpty());
        QVERIFY(!lines[i].errorString.contains(QString::fromLatin1(Token)));
        // Each one waited its own full timeout (less QTimer's 5 % coarse-timer slack).
        const QByteArray elapsed = QByteArray::number(lines[i].elapsedMs) + " ms";
        QVERIFY2(lines[i].elapsedMs >= (i + 1) * timeoutMs * 9 / 10, elapsed.constData());
        QVERIFY2(lines[i].elapsedMs < (i + 1) * timeoutMs + 5000, elapsed.constData());
    }
}

void TestKeychainTokenStore::describesItself()
{
    KeychainTokenStore store(m_service);
    QVERIFY(store.isPersistent());
    QCOMPARE(store.description(), QStringLiteral("Secret Service"));
    QCOMPARE(store.service(), m_service);
    QCOMPARE(store.timeout(), 10000ms);
    store.setTimeout(250ms);
    QCOMPARE(store.timeout(), 250ms);
    QCOMPARE(KeychainTokenStore().service(), QStringLiteral("tessera"));
}

// Like QTEST_GUILESS_MAIN, plus the child mode described at the top.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(ChildOpsVariable))
        return runChild();
    TestKeychainTokenStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychaintokenstore.moc"
