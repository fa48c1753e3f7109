// SPDX-License-Identifier: BSD-3-Clause
#include "redisopening_p.h"

#include <QTest>

using namespace Tessera;
using Kind = RedisOpening::Verdict::Kind;

Q_DECLARE_METATYPE(Tessera::RedisReply)

class TestRedisOpening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsOnlyWhatIsNeeded();
    void authenticatesAnAclUser();
    void judges_data();
    void judges();
};

namespace {

const QString kServer = QStringLiteral("redis://127.0.0.1:6379/0");

QList<QByteArray> names(const QList<RedisOpening::Step> &steps)
{
    QList<QByteArray> result;
    for (const RedisOpening::Step &step : steps)
        result.append(step.name);
    return result;
}

} // namespace

void TestRedisOpening::sendsOnlyWhatIsNeeded()
{
    const QList<RedisOpening::Step> bare = RedisOpening::steps({}, Secret(), 0);
    QCOMPARE(names(bare), QList<QByteArray>({"PING"}));
    QCOMPARE(bare.first().wire, QByteArray("*1\r\n$4\r\nPING\r\n"));
    const QList<RedisOpening::Step> all = RedisOpening::steps({}, Secret("pw"), 7);
    QCOMPARE(names(all), QList<QByteArray>({"AUTH", "SELECT", "PING"}));
    QCOMPARE(all.at(0).wire, QByteArray("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n"));
    QCOMPARE(all.at(1).wire, QByteArray("*2\r\n$6\r\nSELECT\r\n$1\r\n7\r\n"));
}

void TestRedisOpening::authenticatesAnAclUser()
{
    const QList<RedisOpening::Step> steps = RedisOpening::steps("app", Secret("pw"), 0);
    QCOMPARE(steps.first().wire, QByteArray("*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$2\r\npw\r\n"));
    // A user without a password is not authenticated: AUTH needs the password.
    QCOMPARE(names(RedisOpening::steps("app", Secret(), 0)), QList<QByteArray>({"PING"}));
}

void TestRedisOpening::judges_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<RedisReply>("reply");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("reason");

    QTest::newRow("AUTH OK") << QByteArray("AUTH") << RedisReply::fromStatus("OK") << Kind::Next
                             << QString();
    QTest::newRow("SELECT OK") << QByteArray("SELECT") << RedisReply::fromStatus("OK") << Kind::Next
                               << QString();
    QTest::newRow("PONG") << QByteArray("PING") << RedisReply::fromStatus("PONG") << Kind::Next
                          << QString();
    QTest::newRow("wrong password, the server's text not repeated")
            << QByteArray("AUTH")
            << RedisReply::fromError("WRONGPASS invalid username-password pair hunter2")
            << Kind::Refused
            << kServer + QStringLiteral(" refused the user name or password (WRONGPASS)");
    QTest::newRow("AUTH without a password set on the server")
            << QByteArray("AUTH")
            << RedisReply::fromError("ERR AUTH <password> called without any password "
                                     "configured")
            << Kind::Refused
            << kServer + QStringLiteral(" refused the user name or password (ERR)");
    QTest::newRow("AUTH error without a code")
            << QByteArray("AUTH") << RedisReply::fromError("oops hunter2") << Kind::Refused
            << kServer + QStringLiteral(" refused the user name or password (error)");
    QTest::newRow("a password needed")
            << QByteArray("PING") << RedisReply::fromError("NOAUTH Authentication required.")
            << Kind::Refused
            << kServer + QStringLiteral(" requires a password (NOAUTH), and none was given");
    QTest::newRow("a database out of range")
            << QByteArray("SELECT") << RedisReply::fromError("ERR DB index is out of range")
            << Kind::Refused << kServer + QStringLiteral(" refused SELECT (ERR)");
    QTest::newRow("an ACL user without the PING command")
            << QByteArray("PING") << RedisReply::fromError("NOPERM this user has no permissions")
            << Kind::Refused << kServer + QStringLiteral(" refused PING (NOPERM)");
    QTest::newRow("a server still loading")
            << QByteArray("PING")
            << RedisReply::fromError("LOADING Redis is loading the dataset in memory")
            << Kind::ServerError
            << kServer + QStringLiteral(" answered PING with an error (LOADING)");
    QTest::newRow("PING answered with something else")
            << QByteArray("PING") << RedisReply::fromString("PONG") << Kind::ProtocolError
            << kServer + QStringLiteral(" answered PING with something unexpected");
    QTest::newRow("AUTH answered with an integer")
            << QByteArray("AUTH") << RedisReply::fromInteger(1) << Kind::ProtocolError
            << kServer + QStringLiteral(" answered AUTH with something unexpected");
}

void TestRedisOpening::judges()
{
    QFETCH(QByteArray, step);
    QFETCH(RedisReply, reply);
    QFETCH(Kind, kind);
    QFETCH(QString, reason);
    const RedisOpening::Verdict verdict = RedisOpening::judge(step, reply, kServer);
    QCOMPARE(verdict.kind, kind);
    QCOMPARE(verdict.reason, reason);
    QVERIFY(!verdict.reason.contains(QLatin1String("hunter2")));
}

QTEST_GUILESS_MAIN(TestRedisOpening)
#include "tst_redisopening.moc"
