// SPDX-License-Identifier: BSD-3-Clause
// RedisTokenStore and RedisRefreshCoordinator against a real redis-server: what Redis holds (no
// token), fenced writes, the lock, notices, and errors that name the profile.
#include "redisrefreshcoordinator_p.h"
#include "redistesting.h"
#include "redistokenstore_p.h"
#include "sealkeysource_p.h"
#include "sessionvault_p.h"
#include "storedsession_p.h"

#include <Tessera/redistokenstore.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Status = TokenStore::Status;

namespace {

Secret storedSession(const char *accessToken, quint64 generation)
{
    StoredSession session;
    session.user = QStringLiteral("alice");
    session.accessToken = Secret(accessToken);
    session.generation = generation;
    return serializeStoredSession(session);
}

const Secret kSession = storedSession("session-token-material-Hq8Lx3vR", 1);
const Secret kNewer = storedSession("session-token-material-newer-T5kW", 2);

struct Answer
{
    TokenStore::Result result;
    Secret data;
};

} // namespace

class tst_RedisTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void roundTrip();
    void redisHoldsNoToken();
    void aRecordMovedToAnotherKeyDoesNotOpen();
    void aStaleHolderCannotOverwriteNewerTokens();
    void aHolderWhoseLockExpiredCannotWrite();
    void theLockIsHeldByOneAtATime();
    void noticesReachTheOthersAndNotTheSender();
    void redisDownIsUnavailableAndNamesTheProfile();
    void aWrongPasswordNamesTheProfile();
    void aMissingKeyFileNamesTheProfile();
    void tlsWithTheRightCaAndAWrongOne();

private:
    /*! \brief A profile on \a server with \a storeChanges merged into its store object. */
    Profile profile(const RedisServerProcess &server, const QJsonObject &storeChanges = {},
                    const QString &url = QString());
    Answer read(TokenStore &store, const QString &key);
    TokenStore::Result write(TokenStore &store, const QString &key, const Secret &data);
    LockedRead lock(RefreshCoordinator &coordinator, const QString &account);

    QTemporaryDir m_dir;
    QString m_keyFile;
    RedisServerProcess m_server;
};

void tst_RedisTokenStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_keyFile = m_dir.filePath(QStringLiteral("fleet.key"));
    QCOMPARE(SealKeySource::generateKeyFile(m_keyFile), QString());
    QVERIFY(m_server.start());
}

void tst_RedisTokenStore::init()
{
    RedisConnection admin(optionsFor(m_server));
    QVERIFY(openAndWait(admin));
    QVERIFY(run(admin, {"FLUSHALL"}).isOk());
}

Profile tst_RedisTokenStore::profile(const RedisServerProcess &server,
                                     const QJsonObject &storeChanges, const QString &url)
{
    QJsonObject store {{QStringLiteral("kind"), QStringLiteral("redis")},
                       {QStringLiteral("url"), url.isEmpty() ? server.url().toString() : url},
                       {QStringLiteral("key_file"), m_keyFile}};
    for (auto it = storeChanges.begin(); it != storeChanges.end(); ++it)
        store.insert(it.key(), it.value());
    const QJsonObject json {{QStringLiteral("id"), QStringLiteral("fleet")},
                            {QStringLiteral("name"), QStringLiteral("Fleet API")},
                            {QStringLiteral("dialect"), QStringLiteral("json")},
                            {QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9")},
                            {QStringLiteral("timeout_seconds"), 2},
                            {QStringLiteral("store"), store}};
    const ProfileLoadResult loaded = Profile::fromJson(QJsonDocument(json).toJson(),
                                                       m_dir.filePath(QStringLiteral("p.json")));
    if (!loaded)
        qWarning("%s", qPrintable(loaded.errorString()));
    return loaded ? loaded.profile() : Profile();
}

Answer tst_RedisTokenStore::read(TokenStore &store, const QString &key)
{
    std::optional<Answer> answer;
    store.read(key, this, [&](const TokenStore::Result &result, const Secret &data) {
        answer = Answer {result, data};
    });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return {{Status::Timeout, QStringLiteral("test: no answer")}, {}};
    return *answer;
}

TokenStore::Result tst_RedisTokenStore::write(TokenStore &store, const QString &key,
                                              const Secret &data)
{
    std::optional<TokenStore::Result> answer;
    store.write(key, data, this, [&](const TokenStore::Result &result) { answer = result; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return {Status::Timeout, QStringLiteral("test: no answer")};
    return *answer;
}

LockedRead tst_RedisTokenStore::lock(RefreshCoordinator &coordinator, const QString &account)
{
    std::optional<LockedRead> found;
    coordinator.lockAndRead(account, this, [&](const LockedRead &read) { found = read; });
    if (!QTest::qWaitFor([&] { return found.has_value(); }, 15000))
        return {};
    return *found;
}

void tst_RedisTokenStore::roundTrip()
{
    RedisTokenStore store(profile(m_server));
    QVERIFY(store.isPersistent());
    QCOMPARE(read(store, QStringLiteral("fleet/alice")).result.status, Status::NotFound);
    QVERIFY(write(store, QStringLiteral("fleet/alice"), kSession).isOk());
    const Answer answer = read(store, QStringLiteral("fleet/alice"));
    QVERIFY(answer.result.isOk());
    QVERIFY(answer.data == kSession);

    // Operations complete in the order they were started.
    QList<int> order;
    store.write(QStringLiteral("fleet/alice"), kNewer, this,
                [&](const TokenStore::Result &) { order << 1; });
    store.read(QStringLiteral("fleet/alice"), this,
               [&](const TokenStore::Result &, const Secret &data) {
                   order << (data == kNewer ? 2 : -2);
               });
    store.remove(QStringLiteral("fleet/alice"), this,
                 [&](const TokenStore::Result &) { order << 3; });
    QTRY_COMPARE(order, (QList<int> {1, 2, 3}));
    QCOMPARE(read(store, QStringLiteral("fleet/alice")).result.status, Status::NotFound);
}

void tst_RedisTokenStore::redisHoldsNoToken()
{
    RedisTokenStore store(profile(m_server));
    QVERIFY(write(store, QStringLiteral("fleet/alice"), kSession).isOk());
    RedisConnection admin(optionsFor(m_server));
    QVERIFY(openAndWait(admin));
    const RedisReply keys = run(admin, {"KEYS", "*"});
    QCOMPARE(keys.elements().size(), 1);
    QCOMPARE(keys.elements().at(0).bytes(), QByteArray("tessera:{fleet/alice}"));
    const RedisReply record = run(admin, {"HGETALL", "tessera:{fleet/alice}"});
    QByteArray everything;
    for (const RedisReply &element : record.elements())
        everything += element.bytes() + '\n';
    QVERIFY(everything.contains("data"));
    QVERIFY(!everything.contains("session-token-material"));
    QVERIFY(!everything.contains("Hq8Lx3vR"));
    const RedisReply dump = run(admin, {"DUMP", "tessera:{fleet/alice}"});
    QVERIFY(!dump.bytes().contains("Hq8Lx3vR"));
}

void tst_RedisTokenStore::aRecordMovedToAnotherKeyDoesNotOpen()
{
    RedisTokenStore store(profile(m_server));
    QVERIFY(write(store, QStringLiteral("fleet/alice"), kSession).isOk());
    RedisConnection admin(optionsFor(m_server));
    QVERIFY(openAndWait(admin));
    QVERIFY(run(admin, {"COPY", "tessera:{fleet/alice}", "tessera:{fleet/bob}"}).isInteger());
    const Answer answer = read(store, QStringLiteral("fleet/bob"));
    QCOMPARE(answer.result.status, Status::Failed);
    QVERIFY2(answer.result.errorString.contains(QLatin1String("could not be decrypted")),
             qPrintable(answer.result.errorString));
    QVERIFY(answer.data.isEmpty());
}

void tst_RedisTokenStore::aStaleHolderCannotOverwriteNewerTokens()
{
    const Profile fleet = profile(m_server);
    RedisTokenStore a(fleet);
    RedisTokenStore b(fleet);
    const QString key = storedSessionKey(QStringLiteral("fleet"), QStringLiteral("alice"));
    QVERIFY(write(a, key, kSession).isOk());

    // A holds the lock and read version 1; B writes a newer session meanwhile (a sign-in does
    // not take the lock); A's fenced write must not overwrite it.
    SessionVault vaultA(fleet, [] {});
    vaultA.setStore(&a);
    std::unique_ptr<RefreshCoordinator> coordinatorA = RefreshCoordinator::create(fleet, &vaultA);
    QVERIFY(coordinatorA);
    const LockedRead held = lock(*coordinatorA, QStringLiteral("alice"));
    QVERIFY(held.locked);
    QVERIFY(held.answered);
    QVERIFY(write(b, key, kNewer).isOk());
    const TokenStore::Result stale = write(a, key, kSession);
    QCOMPARE(stale.status, Status::Failed);
    QVERIFY2(stale.errorString.contains(QLatin1String("newer session")),
             qPrintable(stale.errorString));
    QVERIFY(read(b, key).data == kNewer);
    coordinatorA->release();
    // Without the lock, A writes as anyone does.
    QVERIFY(write(a, key, kSession).isOk());
}

void tst_RedisTokenStore::aHolderWhoseLockExpiredCannotWrite()
{
    const Profile fleet = profile(m_server);
    RedisTokenStore a(fleet);
    const QString key = storedSessionKey(QStringLiteral("fleet"), QStringLiteral("alice"));
    QVERIFY(write(a, key, kSession).isOk());
    SessionVault vault(fleet, [] {});
    vault.setStore(&a);
    std::unique_ptr<RefreshCoordinator> coordinator = RefreshCoordinator::create(fleet, &vault);
    QVERIFY(lock(*coordinator, QStringLiteral("alice")).locked);
    // The lock expires (a holder paused past its TTL), and another machine takes it.
    RedisConnection admin(optionsFor(m_server));
    QVERIFY(openAndWait(admin));
    QCOMPARE(run(admin, {"PTTL", "tessera:{fleet/alice}:lock"}).toInteger() > 5000, true);
    QVERIFY(run(admin, {"SET", "tessera:{fleet/alice}:lock", "another-holder"}).isOk());
    const TokenStore::Result late = write(a, key, kNewer);
    QCOMPARE(late.status, Status::Failed);
    QVERIFY2(late.errorString.contains(QLatin1String("expired")), qPrintable(late.errorString));
    QVERIFY(read(a, key).data == kSession);
    // Its release leaves the other holder's lock alone.
    coordinator->release();
    QTRY_COMPARE(run(admin, {"GET", "tessera:{fleet/alice}:lock"}).bytes(),
                 QByteArray("another-holder"));
}

void tst_RedisTokenStore::theLockIsHeldByOneAtATime()
{
    const Profile fleet = profile(m_server);
    RedisTokenStore a(fleet);
    RedisTokenStore b(fleet);
    SessionVault vaultA(fleet, [] {});
    vaultA.setStore(&a);
    SessionVault vaultB(fleet, [] {});
    vaultB.setStore(&b);
    std::unique_ptr<RefreshCoordinator> coordinatorA = RefreshCoordinator::create(fleet, &vaultA);
    std::unique_ptr<RefreshCoordinator> coordinatorB = RefreshCoordinator::create(fleet, &vaultB);
    QVERIFY(lock(*coordinatorA, QStringLiteral("alice")).locked);
    std::optional<LockedRead> second;
    coordinatorB->lockAndRead(QStringLiteral("alice"), this,
                              [&](const LockedRead &read) { second = read; });
    QTest::qWait(300); // B must still be waiting: A holds the lock
    QVERIFY(!second);
    coordinatorA->release();
    QTRY_VERIFY(second.has_value());
    QVERIFY(second->locked);
    QVERIFY(second->removed); // nothing stored for alice
    coordinatorB->release();
}

void tst_RedisTokenStore::noticesReachTheOthersAndNotTheSender()
{
    const Profile fleet = profile(m_server);
    RedisTokenStore a(fleet);
    RedisTokenStore b(fleet);
    SessionVault vaultA(fleet, [] {});
    vaultA.setStore(&a);
    SessionVault vaultB(fleet, [] {});
    vaultB.setStore(&b);
    std::unique_ptr<RefreshCoordinator> coordinatorA = RefreshCoordinator::create(fleet, &vaultA);
    std::unique_ptr<RefreshCoordinator> coordinatorB = RefreshCoordinator::create(fleet, &vaultB);
    QSignalSpy heardA(coordinatorA.get(), &RefreshCoordinator::changedElsewhere);
    QSignalSpy heardB(coordinatorB.get(), &RefreshCoordinator::changedElsewhere);
    // Both subscribed: a notice sent before would be lost.
    RedisConnection admin(optionsFor(m_server));
    QVERIFY(openAndWait(admin));
    QTRY_COMPARE(run(admin, {"PUBSUB", "NUMSUB", "tessera:{fleet}:changes"})
                         .elements()
                         .value(1)
                         .toInteger(),
                 2);
    coordinatorA->announce(RefreshCoordinator::Change::Renewed, QStringLiteral("alice"), 7);
    QTRY_COMPARE(heardB.count(), 1);
    QCOMPARE(heardB.at(0).at(0).value<RefreshCoordinator::Change>(),
             RefreshCoordinator::Change::Renewed);
    QCOMPARE(heardB.at(0).at(1).toString(), QStringLiteral("alice"));
    QTest::qWait(100);
    QCOMPARE(heardA.count(), 0);
}

void tst_RedisTokenStore::redisDownIsUnavailableAndNamesTheProfile()
{
    RedisServerProcess gone;
    QVERIFY(gone.start());
    const Profile fleet = profile(gone);
    gone.stop();
    RedisTokenStore store(fleet);
    const Answer answer = read(store, QStringLiteral("fleet/alice"));
    QCOMPARE(answer.result.status, Status::Unavailable);
    QVERIFY2(answer.result.errorString.contains(QStringLiteral("“Fleet API”")),
             qPrintable(answer.result.errorString));
    SessionVault vault(fleet, [] {});
    vault.setStore(&store);
    std::unique_ptr<RefreshCoordinator> coordinator = RefreshCoordinator::create(fleet, &vault);
    const LockedRead read = lock(*coordinator, QStringLiteral("alice"));
    QVERIFY(!read.locked);
    QVERIFY2(read.problem.contains(QStringLiteral("“Fleet API”")), qPrintable(read.problem));
    QCOMPARE(RefreshDecision::decide(read, StoredSession(), true),
             RefreshDecision::Action::HoldBack);
}

void tst_RedisTokenStore::aWrongPasswordNamesTheProfile()
{
    RedisServerProcess guarded({RedisAccounts::password, {}, {}, false});
    QVERIFY(guarded.start());
    const QString credentials = m_dir.filePath(QStringLiteral("wrong.json"));
    QFile file(credentials);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"password":"not-the-password-Jd72"})");
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    RedisTokenStore store(profile(guarded, {{QStringLiteral("credentials_file"), credentials}}));
    const Answer answer = read(store, QStringLiteral("fleet/alice"));
    QCOMPARE(answer.result.status, Status::Unavailable);
    QVERIFY2(answer.result.errorString.contains(QStringLiteral("“Fleet API”")),
             qPrintable(answer.result.errorString));
    QVERIFY(!answer.result.errorString.contains(QLatin1String("not-the-password")));
}

void tst_RedisTokenStore::aMissingKeyFileNamesTheProfile()
{
    RedisTokenStore store(profile(
            m_server, {{QStringLiteral("key_file"), m_dir.filePath(QStringLiteral("none.key"))}}));
    const Answer answer = read(store, QStringLiteral("fleet/alice"));
    QCOMPARE(answer.result.status, Status::Unavailable);
    QVERIFY2(answer.result.errorString.contains(QStringLiteral("“Fleet API”")),
             qPrintable(answer.result.errorString));
    QVERIFY2(answer.result.errorString.contains(QLatin1String("none.key")),
             qPrintable(answer.result.errorString));
    QCOMPARE(write(store, QStringLiteral("fleet/alice"), kSession).status, Status::Unavailable);
}

void tst_RedisTokenStore::tlsWithTheRightCaAndAWrongOne()
{
    RedisServerProcess secure({{}, {}, {}, true});
    QVERIFY(secure.start());
    const auto caFile = [this](const QString &name, const QByteArray &pem) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(pem);
        return path;
    };
    RedisTokenStore good(
            profile(secure, {{QStringLiteral("ca_file"),
                              caFile(QStringLiteral("ca.pem"), secure.caCertificatePem())}}));
    QVERIFY(write(good, QStringLiteral("fleet/alice"), kSession).isOk());
    QVERIFY(read(good, QStringLiteral("fleet/alice")).data == kSession);
    RedisTokenStore bad(
            profile(secure, {{QStringLiteral("ca_file"), caFile(QStringLiteral("other.pem"),
                                                                secure.otherCaCertificatePem())}}));
    const Answer refused = read(bad, QStringLiteral("fleet/alice"));
    QCOMPARE(refused.result.status, Status::Unavailable);
    QVERIFY2(refused.result.errorString.contains(QStringLiteral("“Fleet API”")),
             qPrintable(refused.result.errorString));
}

QTEST_GUILESS_MAIN(tst_RedisTokenStore)
#include "tst_redistokenstore.moc"
