// SPDX-License-Identifier: BSD-3-Clause
// The real tessera-devserver binary: the protected API, redirects to the second origin, and
// response shapes (omitted fields, expiry formats).
#include "devserverfixture.h"

using namespace DevServerTesting;

class tst_DevServerApi : public DevServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void apiMe_data();
    void apiMe();
    void apiEcho_data();
    void apiEcho();
    void redirectAndSecondOrigin();
    void configOmit_data();
    void configOmit();
    void expiryFormat_data();
    void expiryFormat();
};

void tst_DevServerApi::apiMe_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("valid") << u"valid"_s;
    QTest::newRow("no token") << u"none"_s;
    QTest::newRow("garbage") << u"garbage"_s;
    QTest::newRow("bad signature") << u"signature"_s;
    QTest::newRow("basic auth") << u"basic"_s;
}

void tst_DevServerApi::apiMe()
{
    QFETCH(QString, kind);
    const QByteArray access = login().value("access_token"_L1).toString().toLatin1();
    QByteArray authorization = "Bearer " + access;
    if (kind == "none"_L1)
        authorization.clear();
    else if (kind == "garbage"_L1)
        authorization = "Bearer not.a.token";
    else if (kind == "signature"_L1)
        authorization.chop(2);
    else if (kind == "basic"_L1)
        authorization = "Basic " + QByteArray("alice:x").toBase64();
    const Reply reply =
            send("GET", u"/api/me"_s, {},
                 authorization.isEmpty() ? Headers {} : Headers {{"Authorization", authorization}});
    if (kind == "valid"_L1) {
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json, (QJsonObject {{u"user"_s, u"alice"_s}}));
        return;
    }
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.headers.value("www-authenticate"), QByteArray("Bearer error=\"invalid_token\""));
    QCOMPARE(reply.json, (QJsonObject {{u"error"_s, u"invalid_token"_s}}));
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("api_requests"_L1).toInt(), 1);
    QCOMPARE(stats.value("api_unauthorized"_L1).toInt(), 1);
}

void tst_DevServerApi::apiEcho_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("GET") << QByteArray("GET") << QByteArray();
    QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray();
    QTest::newRow("POST") << QByteArray("POST") << QByteArray("{\"x\":1}");
    QTest::newRow("PUT 2 MiB") << QByteArray("PUT") << QByteArray(2 * 1024 * 1024, 'p');
    QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("patch");
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray();
    QTest::newRow("PURGE") << QByteArray("PURGE") << QByteArray("purge");
    QTest::newRow("FROBNICATE") << QByteArray("FROBNICATE") << QByteArray("frob");
}

void tst_DevServerApi::apiEcho()
{
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, body);
    const QByteArray access = login().value("access_token"_L1).toString().toLatin1();
    QCOMPARE(send(verb, u"/api/echo"_s, body).status, 401);
    const Reply reply = send(verb, u"/api/echo"_s, body, {{"Authorization", "Bearer " + access}});
    QCOMPARE(reply.status, 200);
    if (verb == "HEAD") {
        QVERIFY(reply.body.isEmpty());
        return;
    }
    QCOMPARE(reply.json.value("method"_L1).toString(), QString::fromLatin1(verb));
    QCOMPARE(reply.json.value("body_size"_L1).toInteger(), qint64(body.size()));
    QCOMPARE(reply.json.value("body_sha256"_L1).toString().toLatin1(),
             QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QCOMPARE(reply.json.value("user"_L1).toString(), u"alice"_s);
}

void tst_DevServerApi::redirectAndSecondOrigin()
{
    Reply reply = send("GET", u"/api/redirect?to=second"_s);
    QCOMPARE(reply.status, 302);
    QCOMPARE(reply.headers.value("location"),
             "http://127.0.0.1:" + QByteArray::number(m_secondPort) + "/record");
    reply = send("GET", u"/api/redirect?to=same"_s);
    QCOMPARE(reply.headers.value("location"),
             "http://127.0.0.1:" + QByteArray::number(m_port) + "/api/me");
    QCOMPARE(send("GET", u"/api/redirect?to=elsewhere"_s).status, 400);

    const QJsonObject none = send("GET", u"/_dev/second-origin/last-headers"_s).json;
    QCOMPARE(none.value("count"_L1).toInt(), 0);
    QCOMPARE(send("GET", u"/record"_s, {}, {{"Authorization", "Bearer secret-value"}}, m_secondPort)
                     .status,
             200);
    reply = send("GET", u"/_dev/second-origin/last-headers"_s);
    QCOMPARE(reply.json.value("authorization_present"_L1), QJsonValue(true));
    QCOMPARE(reply.json.value("count"_L1).toInt(), 1);
    QVERIFY(!reply.body.contains("secret-value"));
    QCOMPARE(send("POST", u"/anything"_s, "x", {}, m_secondPort).status, 200);
    reply = send("GET", u"/_dev/second-origin/last-headers"_s);
    QCOMPARE(reply.json.value("authorization_present"_L1), QJsonValue(false));
    QCOMPARE(reply.json.value("count"_L1).toInt(), 2);
}

void tst_DevServerApi::configOmit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("oauth");
    for (const auto field : {"refresh_token", "access_expires_at", "refresh_expires_at", "user"})
        QTest::newRow(field) << QString::fromLatin1(field) << false;
    QTest::newRow("oauth refresh_token") << u"refresh_token"_s << true;
    QTest::newRow("oauth expires_in") << u"expires_in"_s << true;
}

void tst_DevServerApi::configOmit()
{
    QFETCH(QString, field);
    QFETCH(bool, oauth);
    const Reply config = postJson(
            u"/_dev/config"_s, {{u"omit"_s, QJsonArray {field}}, {u"include_expires_in"_s, true}});
    QCOMPARE(config.status, 200);
    QCOMPARE(config.json.value("omit"_L1).toArray(), QJsonArray {field});
    const QJsonObject tokens =
            oauth ? postForm(u"/oauth/token"_s, form({{"grant_type", u"password"_s},
                                                      {"username", u"alice"_s},
                                                      {"password", alicePassword},
                                                      {"client_id", u"t"_s}}))
                            .json
                  : login();
    QVERIFY(!tokens.contains(field));
    QVERIFY(tokens.contains("access_token"_L1));
    if (!oauth)
        QCOMPARE(tokens.value("expires_in"_L1).toInt(), 300);
    QCOMPARE(postJson(u"/_dev/config"_s, {{u"omit"_s, QJsonArray {u"password"_s}}}).status, 400);
}

void tst_DevServerApi::expiryFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("iso") << u"iso"_s << u"Z"_s;
    QTest::newRow("offset") << u"offset"_s << u"+02:00"_s;
    QTest::newRow("epoch") << u"epoch"_s << QString();
}

void tst_DevServerApi::expiryFormat()
{
    QFETCH(QString, format);
    QFETCH(QString, suffix);
    QCOMPARE(postJson(u"/_dev/config"_s, {{u"expiry_format"_s, format}}).status, 200);
    const QJsonObject data = login();
    const qint64 exp =
            jwtClaims(data.value("access_token"_L1).toString()).value("exp"_L1).toInteger();
    const QJsonValue value = data.value("access_expires_at"_L1);
    if (suffix.isEmpty()) {
        QVERIFY(value.isDouble());
        QCOMPARE(value.toInteger(), exp);
    } else {
        QVERIFY(value.toString().endsWith(suffix));
        QCOMPARE(QDateTime::fromString(value.toString(), Qt::ISODate).toSecsSinceEpoch(), exp);
    }
    QCOMPARE(postJson(u"/_dev/config"_s, {{u"expiry_format"_s, u"rfc822"_s}}).status, 400);
}

QTEST_GUILESS_MAIN(tst_DevServerApi)
#include "tst_devserver_api.moc"
