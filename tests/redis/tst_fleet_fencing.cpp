// SPDX-License-Identifier: BSD-3-Clause
// Fenced writes, at the store: three "machines" in one process, each with the SessionVault and
// RedisRefreshCoordinator a Session would make for a profile kept in Redis, on a real
// redis-server. A holder whose lock was lost, or whose read is no longer the stored version,
// cannot overwrite what is stored; the newer session survives.
#include "fleetfixture.h"

#include "redisrefreshcoordinator_p.h"
#include "sessionvault_p.h"

#include <Tessera/redistokenstore.h>

#include <QTest>

#include <optional>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

constexpr int kWaitMs = 10000;

// What a machine of the fleet keeps its session with.
struct Node
{
    explicit Node(const Profile &profile)
        : vault(profile, [] {})
        , coordinator(RedisRefreshCoordinator::create(
                  qobject_cast<RedisTokenStore *>(vault.store()), &vault))
    { }

    std::optional<LockedRead> lock()
    {
        std::optional<LockedRead> found;
        coordinator->lockAndRead(Accounts::alice, &context,
                                 [&found](const LockedRead &read) { found = read; });
        (void)QTest::qWaitFor([&found] { return found.has_value(); }, kWaitMs);
        return found;
    }

    TokenStore::Result write(const StoredSession &session)
    {
        std::optional<TokenStore::Result> result;
        vault.writeAccount(session, &context,
                           [&result](const TokenStore::Result &answer) { result = answer; });
        (void)QTest::qWaitFor([&result] { return result.has_value(); }, kWaitMs);
        return result.value_or(TokenStore::Result {TokenStore::Status::Timeout, QString()});
    }

    TokenStore::Result remove()
    {
        std::optional<TokenStore::Result> result;
        vault.removeAccount(Accounts::alice, &context,
                            [&result](const TokenStore::Result &answer) { result = answer; });
        (void)QTest::qWaitFor([&result] { return result.has_value(); }, kWaitMs);
        return result.value_or(TokenStore::Result {TokenStore::Status::Timeout, QString()});
    }

    SessionVault::Entry read()
    {
        std::optional<SessionVault::Entry> entry;
        vault.readAccount(Accounts::alice, &context,
                          [&entry](const SessionVault::Entry &found) { entry = found; });
        (void)QTest::qWaitFor([&entry] { return entry.has_value(); }, kWaitMs);
        return entry.value_or(SessionVault::Entry {});
    }

    QObject context;
    SessionVault vault;
    std::unique_ptr<RedisRefreshCoordinator> coordinator;
};

// A session of generation \a generation; its tokens say which it is (and are in
// tests/test-secrets.txt, like every token a test makes).
StoredSession session(quint64 generation)
{
    StoredSession s;
    s.user = Accounts::alice;
    s.accessToken = Secret("fence-access-" + QByteArray::number(generation));
    s.refreshToken = Secret("fence-refresh-" + QByteArray::number(generation));
    s.obtainedAt = QDateTime::currentDateTimeUtc();
    s.accessExpiresAt = s.obtainedAt.addSecs(300);
    s.generation = generation;
    return s;
}

} // namespace

class tst_FleetFencing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void holderWritesUnderItsLock();
    void staleHolderIsRefused_data();
    void staleHolderIsRefused();

private:
    FleetFixture m_fixture;
    std::optional<Profile> m_profile;
};

void tst_FleetFencing::initTestCase()
{
    QVERIFY(m_fixture.setUp());
}

void tst_FleetFencing::init()
{
    const ProfileLoadResult loaded = Profile::load(m_fixture.writeProfile());
    QVERIFY2(loaded, qPrintable(loaded.errorString()));
    m_profile = loaded.profile();
}

// The control: without it, every refusal below could be a store that refuses everything.
void tst_FleetFencing::holderWritesUnderItsLock()
{
    Node holder(*m_profile);
    Node other(*m_profile);
    QVERIFY(holder.write(session(1)).isOk());

    const std::optional<LockedRead> read = holder.lock();
    QVERIFY(read && read->locked);
    QCOMPARE(read->stored->generation, quint64(1));
    QVERIFY(holder.write(session(2)).isOk());
    QVERIFY(holder.write(session(3)).isOk()); // its own write moved the fence along
    holder.coordinator->release();
    QVERIFY(QTest::qWaitFor(
            [&] {
                return m_fixture.redisCli(
                               {QStringLiteral("EXISTS"), m_fixture.lockKey(Accounts::alice)})
                       == "0";
            },
            kWaitMs));
    QCOMPARE(other.read().session->generation, quint64(3));
}

void tst_FleetFencing::staleHolderIsRefused_data()
{
    QTest::addColumn<QString>("meanwhile");
    QTest::addColumn<int>("survivor"); // the generation left stored; 0: none

    QTest::newRow("its lock expired and another machine renewed the session")
            << QStringLiteral("expired, renewed") << 2;
    QTest::newRow("its lock expired and another machine holds it now")
            << QStringLiteral("expired, taken") << 1;
    QTest::newRow("a sign-in elsewhere stored a session over the version it read")
            << QStringLiteral("written") << 5;
    QTest::newRow("the session was signed out elsewhere") << QStringLiteral("removed") << 0;
}

void tst_FleetFencing::staleHolderIsRefused()
{
    QFETCH(QString, meanwhile);
    QFETCH(int, survivor);
    Node stale(*m_profile);
    Node other(*m_profile);
    Node reader(*m_profile);
    QVERIFY(stale.write(session(1)).isOk());
    const std::optional<LockedRead> read = stale.lock();
    QVERIFY(read && read->locked);

    if (meanwhile.startsWith(QLatin1String("expired"))) {
        // As if the holder had been paused past the lock's expiry.
        QCOMPARE(m_fixture.redisCli({QStringLiteral("DEL"), m_fixture.lockKey(Accounts::alice)}),
                 QByteArray("1"));
        const std::optional<LockedRead> taken = other.lock();
        QVERIFY(taken && taken->locked);
        if (meanwhile.endsWith(QLatin1String("renewed"))) {
            QVERIFY(other.write(session(2)).isOk());
            other.coordinator->release();
        }
    } else if (meanwhile == QLatin1String("written")) {
        QVERIFY(other.write(session(5)).isOk());
    } else {
        QVERIFY(other.remove().isOk());
    }

    const TokenStore::Result refused = stale.write(session(9));
    QCOMPARE(refused.status, TokenStore::Status::Failed);
    qInfo("refused: %s", qPrintable(refused.errorString));
    const SessionVault::Entry entry = reader.read();
    if (survivor) {
        QVERIFY(entry.result.isOk());
        QCOMPARE(entry.session->generation, quint64(survivor));
        QVERIFY(entry.session->accessToken.reveal().endsWith(QByteArray::number(survivor)));
    } else {
        QCOMPARE(entry.result.status, TokenStore::Status::NotFound);
    }
    stale.coordinator->release();
    other.coordinator->release();
}

QTEST_GUILESS_MAIN(tst_FleetFencing)
#include "tst_fleet_fencing.moc"
