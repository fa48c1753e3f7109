// SPDX-License-Identifier: BSD-3-Clause
#include "redisurl_p.h"

#include <QTest>

using namespace Tessera;

Q_DECLARE_METATYPE(Tessera::RedisUrl)

class TestRedisUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void showsNoCredentials();
};

namespace {

// Every password below contains this marker; no error may contain it.
constexpr char kMarker[] = "S3CRET";

RedisUrl url(bool tls, const QString &host, quint16 port = DefaultRedisPort, int database = 0)
{
    RedisUrl result;
    result.tls = tls;
    result.host = host;
    result.port = port;
    result.database = database;
    return result;
}

} // namespace

void TestRedisUrl::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<RedisUrl>("expected");

    QTest::newRow("host only: port 6379, database 0")
            << QStringLiteral("redis://cache.example.org")
            << url(false, QStringLiteral("cache.example.org"));
    QTest::newRow("port and database") << QStringLiteral("redis://10.0.0.5:6380/3")
                                       << url(false, QStringLiteral("10.0.0.5"), 6380, 3);
    QTest::newRow("rediss is TLS") << QStringLiteral("rediss://redis.internal:6390")
                                   << url(true, QStringLiteral("redis.internal"), 6390);
    QTest::newRow("scheme in upper case")
            << QStringLiteral("REDISS://host") << url(true, QStringLiteral("host"));
    QTest::newRow("a lone slash is database 0")
            << QStringLiteral("redis://host/") << url(false, QStringLiteral("host"));
    QTest::newRow("IPv6 in brackets")
            << QStringLiteral("redis://[::1]:7000/2") << url(false, QStringLiteral("::1"), 7000, 2);
    QTest::newRow("IPv6 without port")
            << QStringLiteral("redis://[2001:db8::7]") << url(false, QStringLiteral("2001:db8::7"));
    QTest::newRow("highest port and database")
            << QStringLiteral("redis://h:65535/2147483647")
            << url(false, QStringLiteral("h"), 65535, 2147483647);
    QTest::newRow("underscore and dash in a host name")
            << QStringLiteral("redis://my_redis-1.local")
            << url(false, QStringLiteral("my_redis-1.local"));
}

void TestRedisUrl::parses()
{
    QFETCH(QString, text);
    QFETCH(RedisUrl, expected);
    const RedisUrlResult result = parseRedisUrl(text);
    QVERIFY2(result.url, qPrintable(result.error));
    QCOMPARE(result.error, QString());
    QCOMPARE(result.url->tls, expected.tls);
    QCOMPARE(result.url->host, expected.host);
    QCOMPARE(result.url->port, expected.port);
    QCOMPARE(result.url->database, expected.database);
    QVERIFY(*result.url == expected);
}

void TestRedisUrl::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    const QString password =
            QStringLiteral("password: must not be in the URL; use the store's credentials_file");
    QTest::newRow("password only") << QStringLiteral("redis://:S3CRET-pw@host:6379/0") << password;
    QTest::newRow("user and password") << QStringLiteral("rediss://app:S3CRET-pw@host") << password;
    QTest::newRow("password with a slash") << QStringLiteral("redis://:S3CRET/x@host") << password;
    QTest::newRow("password with a question mark")
            << QStringLiteral("redis://:S3CRET?x@host") << password;
    QTest::newRow("password with an at sign")
            << QStringLiteral("redis://:S3CRET@x@host") << password;
    QTest::newRow("user name only")
            << QStringLiteral("redis://S3CRET-user@host")
            << QStringLiteral("user name: must not be in the URL; give it with the password, "
                              "in the store's credentials_file");
    QTest::newRow("empty") << QString() << QStringLiteral("the URL is empty");
    QTest::newRow("space") << QStringLiteral("redis://host :6379")
                           << QStringLiteral(
                                      "the URL must not contain spaces or control characters");
    QTest::newRow("newline") << QStringLiteral("redis://host\n")
                             << QStringLiteral(
                                        "the URL must not contain spaces or control characters");
    const QString scheme = QStringLiteral("scheme: expected redis:// or rediss://");
    QTest::newRow("http") << QStringLiteral("http://host") << scheme;
    QTest::newRow("no scheme") << QStringLiteral("host:6379") << scheme;
    QTest::newRow("unix socket") << QStringLiteral("unix:///run/redis.sock") << scheme;
    QTest::newRow("no host") << QStringLiteral("redis://:6379") << QStringLiteral("host: missing");
    QTest::newRow("nothing after the scheme")
            << QStringLiteral("redis://") << QStringLiteral("host: missing");
    QTest::newRow("bad character in host")
            << QStringLiteral("redis://ho%st") << QStringLiteral("host: not a valid host name");
    QTest::newRow("host starting with a dot")
            << QStringLiteral("redis://.host") << QStringLiteral("host: not a valid host name");
    QTest::newRow("IPv6 without brackets")
            << QStringLiteral("redis://::1:6379")
            << QStringLiteral("host: an IPv6 address must be in brackets");
    QTest::newRow("IPv6 unclosed") << QStringLiteral("redis://[::1")
                                   << QStringLiteral("host: an IPv6 address lacks its "
                                                     "closing ']'");
    QTest::newRow("not IPv6 in brackets")
            << QStringLiteral("redis://[host]") << QStringLiteral("host: not a valid IPv6 address");
    QTest::newRow("junk after IPv6")
            << QStringLiteral("redis://[::1]x")
            << QStringLiteral("host: unexpected characters after the IPv6 address");
    const QString port = QStringLiteral("port: must be a number from 1 to 65535");
    QTest::newRow("empty port") << QStringLiteral("redis://host:") << port;
    QTest::newRow("port 0") << QStringLiteral("redis://host:0") << port;
    QTest::newRow("port too high") << QStringLiteral("redis://host:65536") << port;
    QTest::newRow("port huge") << QStringLiteral("redis://host:99999999999999999999") << port;
    QTest::newRow("port not a number") << QStringLiteral("redis://host:abc") << port;
    QTest::newRow("negative port") << QStringLiteral("redis://host:-1") << port;
    QTest::newRow("port with sign") << QStringLiteral("redis://host:+80") << port;
    QTest::newRow("port in Arabic-Indic digits")
            << QStringLiteral("redis://host:\u0666\u0663\u0667\u0669") << port;
    const QString database = QStringLiteral("database: must be a number from 0 to 2147483647");
    QTest::newRow("database not a number") << QStringLiteral("redis://host/db") << database;
    QTest::newRow("database too high") << QStringLiteral("redis://host/2147483648") << database;
    QTest::newRow("negative database") << QStringLiteral("redis://host/-1") << database;
    QTest::newRow("two path segments") << QStringLiteral("redis://host/1/2") << database;
    QTest::newRow("trailing slash after database") << QStringLiteral("redis://host/1/") << database;
    QTest::newRow("query") << QStringLiteral("redis://host/0?password=S3CRET")
                           << QStringLiteral(
                                      "query: not supported; the database goes in the path (/db)");
    QTest::newRow("fragment") << QStringLiteral("redis://host/0#S3CRET")
                              << QStringLiteral("fragment: not supported");
}

void TestRedisUrl::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const RedisUrlResult result = parseRedisUrl(text);
    QVERIFY(!result.url);
    QCOMPARE(result.error, error);
    QVERIFY(!result.error.contains(QLatin1String(kMarker)));
}

void TestRedisUrl::showsNoCredentials()
{
    QCOMPARE(url(false, QStringLiteral("127.0.0.1"), 6380, 4).toString(),
             QStringLiteral("redis://127.0.0.1:6380/4"));
    QCOMPARE(url(true, QStringLiteral("::1")).toString(), QStringLiteral("rediss://[::1]:6379/0"));
    // What toString() makes, parseRedisUrl() reads back.
    const RedisUrl original = url(true, QStringLiteral("2001:db8::1"), 7001, 9);
    QCOMPARE(*parseRedisUrl(original.toString()).url, original);
}

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
