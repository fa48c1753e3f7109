// SPDX-License-Identifier: BSD-3-Clause
// The real tessera-devserver binary: the JSON and OAuth 2 sign-in, refresh, rotation, reuse
// detection, logout and revocation.
#include "devserverfixture.h"

using namespace DevServerTesting;

class tst_DevServerAuth : public DevServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void commandLine_data();
    void commandLine();
    void jsonLogin_data();
    void jsonLogin();
    void jsonRotationAndReuse();
    void jsonInvalidRefresh_data();
    void jsonInvalidRefresh();
    void jsonLogout_data();
    void jsonLogout();
    void expiry();
    void oauthToken_data();
    void oauthToken();
    void oauthRotationAndReuse();
    void oauthRevoke();
};

void tst_DevServerAuth::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<QString>("output");
    QTest::newRow("help") << QStringList {u"--help"_s} << true << u"--refresh-lifetime"_s;
    QTest::newRow("version") << QStringList {u"--version"_s} << true << u"tessera-devserver"_s;
    QTest::newRow("bad port") << QStringList {u"--port"_s, u"70000"_s} << false << u"--port"_s;
    QTest::newRow("bad user") << QStringList {u"--user"_s, u"nocolon"_s} << false << u"--user"_s;
    QTest::newRow("port in use") << QStringList() << false << u"cannot listen"_s;
}

void tst_DevServerAuth::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, succeeds);
    QFETCH(QString, output);
    if (arguments.isEmpty())
        arguments = {u"--port"_s, QString::number(m_port)};
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(TESSERA_DEVSERVER_PATH), arguments);
    QVERIFY(finished.wait(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode() == 0, succeeds);
    const QString text =
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    QVERIFY2(text.contains(output), qPrintable(text));
}

void tst_DevServerAuth::jsonLogin_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected"); // user on success, error code otherwise
    QTest::newRow("alice") << QJsonObject {{u"username"_s, u"alice"_s},
                                           {u"password"_s, alicePassword}}
                           << 200 << u"alice"_s;
    QTest::newRow("bob") << QJsonObject {{u"username"_s, u"bob"_s}, {u"password"_s, bobPassword}}
                         << 200 << u"bob"_s;
    QTest::newRow("api key") << QJsonObject {{u"api_key"_s, aliceApiKey}} << 200 << u"alice"_s;
    QTest::newRow("wrong password")
            << QJsonObject {{u"username"_s, u"alice"_s}, {u"password"_s, bobPassword}} << 401
            << u"invalid_credentials"_s;
    QTest::newRow("unknown user") << QJsonObject {{u"username"_s, u"eve"_s},
                                                  {u"password"_s, u"x"_s}}
                                  << 401 << u"invalid_credentials"_s;
    QTest::newRow("wrong api key")
            << QJsonObject {{u"api_key"_s, u"ak_nope"_s}} << 401 << u"invalid_credentials"_s;
    QTest::newRow("missing fields")
            << QJsonObject {{u"username"_s, u"alice"_s}} << 400 << u"bad_request"_s;
    QTest::newRow("wrong types") << QJsonObject {{u"username"_s, 1}, {u"password"_s, 2}} << 400
                                 << u"bad_request"_s;
}

void tst_DevServerAuth::jsonLogin()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, expected);
    const Reply reply = postJson(u"/auth/login"_s, body);
    QCOMPARE(reply.status, status);
    if (status != 200) {
        QCOMPARE(reply.errorCode(), expected);
        QVERIFY(!reply.json.value("error"_L1).toObject().value("message"_L1).toString().isEmpty());
        return;
    }
    const QJsonObject data = reply.data();
    QCOMPARE(data.value("user"_L1).toString(), expected);
    QCOMPARE(data.value("token_type"_L1).toString(), u"Bearer"_s);
    QVERIFY(data.value("refresh_token"_L1).toString().size() >= 43);
    QVERIFY(data.value("access_expires_at"_L1).toString().endsWith(u'Z'));
    QVERIFY(data.value("refresh_expires_at"_L1).toString().endsWith(u'Z'));
    const QJsonObject claims = jwtClaims(data.value("access_token"_L1).toString());
    QCOMPARE(claims.value("sub"_L1).toString(), expected);
    for (const auto claim : {"iat"_L1, "exp"_L1, "jti"_L1, "fam"_L1})
        QVERIFY2(claims.contains(claim), claim.data());
    QCOMPARE(getWithToken(u"/api/me"_s, data.value("access_token"_L1).toString()).status, 200);
    QFile issued(m_issuedTokensFile); // --issued-tokens-file recorded both tokens
    QVERIFY(issued.open(QIODevice::ReadOnly));
    const QList<QByteArray> recorded = issued.readAll().split('\n');
    for (const auto key : {"access_token"_L1, "refresh_token"_L1})
        QVERIFY2(recorded.contains(data.value(key).toString().toLatin1()), key.data());
    QCOMPARE(send("POST", u"/auth/login"_s, "{\"username\":").errorCode(), u"bad_request"_s);
}

void tst_DevServerAuth::jsonRotationAndReuse()
{
    const QJsonObject first = login();
    const QString refresh1 = first.value("refresh_token"_L1).toString();
    const Reply rotated = postJson(u"/auth/refresh"_s, {{u"refresh_token"_s, refresh1}});
    QCOMPARE(rotated.status, 200);
    const QString refresh2 = rotated.data().value("refresh_token"_L1).toString();
    const QString access2 = rotated.data().value("access_token"_L1).toString();
    QVERIFY(refresh2 != refresh1 && !access2.isEmpty());
    QCOMPARE(jwtClaims(access2).value("fam"_L1),
             jwtClaims(first.value("access_token"_L1).toString()).value("fam"_L1));
    QCOMPARE(inspect("refresh_token", refresh1), u"rotated"_s);
    QCOMPARE(inspect("refresh_token", refresh2), u"active"_s);
    QCOMPARE(getWithToken(u"/api/me"_s, access2).json.value("user"_L1).toString(), u"alice"_s);

    const Reply reused = postJson(u"/auth/refresh"_s, {{u"refresh_token"_s, refresh1}});
    QCOMPARE(reused.status, 401);
    QCOMPARE(reused.errorCode(), u"refresh_token_reused"_s);
    QCOMPARE(inspect("refresh_token", refresh2), u"revoked"_s);
    QCOMPARE(inspect("access_token", access2), u"revoked"_s);
    QCOMPARE(getWithToken(u"/api/me"_s, access2).status, 401);
    const Reply afterReuse = postJson(u"/auth/refresh"_s, {{u"refresh_token"_s, refresh2}});
    QCOMPARE(afterReuse.errorCode(), u"invalid_refresh_token"_s);
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("reuse_detections"_L1).toInt(), 1);
    QCOMPARE(stats.value("refreshes"_L1).toInt(), 1);
    QCOMPARE(stats.value("refresh_failures"_L1).toInt(), 2);
}

void tst_DevServerAuth::jsonInvalidRefresh_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown") << QByteArray("{\"refresh_token\":\"nope\"}") << 401
                             << u"invalid_refresh_token"_s;
    QTest::newRow("missing") << QByteArray("{}") << 400 << u"bad_request"_s;
    QTest::newRow("malformed") << QByteArray("{\"refresh") << 400 << u"bad_request"_s;
    QTest::newRow("not object") << QByteArray("[1]") << 400 << u"bad_request"_s;
}

void tst_DevServerAuth::jsonInvalidRefresh()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const Reply reply =
            send("POST", u"/auth/refresh"_s, body, {{"Content-Type", "application/json"}});
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.errorCode(), code);
}

void tst_DevServerAuth::jsonLogout_data()
{
    QTest::addColumn<bool>("bearer");
    QTest::addColumn<bool>("refreshInBody");
    QTest::newRow("bearer") << true << false;
    QTest::newRow("refresh token") << false << true;
    QTest::newRow("both") << true << true;
    QTest::newRow("nothing") << false << false;
}

void tst_DevServerAuth::jsonLogout()
{
    QFETCH(bool, bearer);
    QFETCH(bool, refreshInBody);
    const QJsonObject data = login();
    const QString access = data.value("access_token"_L1).toString();
    const QString refresh = data.value("refresh_token"_L1).toString();
    const Headers headers =
            bearer ? Headers {{"Authorization", "Bearer " + access.toLatin1()}} : Headers {};
    const QJsonObject body =
            refreshInBody ? QJsonObject {{u"refresh_token"_s, refresh}} : QJsonObject {};
    for (int i = 0; i < 2; ++i) { // idempotent
        const Reply reply = postJson(u"/auth/logout"_s, body, headers);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.data().value("revoked"_L1), QJsonValue(true));
    }
    const bool revoked = bearer || refreshInBody;
    QCOMPARE(getWithToken(u"/api/me"_s, access).status, revoked ? 401 : 200);
    QCOMPARE(inspect("refresh_token", refresh), revoked ? u"revoked"_s : u"active"_s);
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("logouts"_L1).toInt(), 2);
    QCOMPARE(stats.value("revocations"_L1).toInt(), revoked ? 1 : 0);
}

void tst_DevServerAuth::expiry()
{
    QCOMPARE(postJson(u"/_dev/config"_s, {{u"access_lifetime"_s, 1}, {u"refresh_lifetime"_s, 1}})
                     .json.value("access_lifetime"_L1)
                     .toInt(),
             1);
    const QJsonObject data = login();
    const QString access = data.value("access_token"_L1).toString();
    const QString refresh = data.value("refresh_token"_L1).toString();
    QTRY_COMPARE_WITH_TIMEOUT(inspect("access_token", access), u"expired"_s, 4000);
    QTRY_COMPARE_WITH_TIMEOUT(inspect("refresh_token", refresh), u"expired"_s, 4000);
    QCOMPARE(getWithToken(u"/api/me"_s, access).status, 401);
    QCOMPARE(postJson(u"/auth/refresh"_s, {{u"refresh_token"_s, refresh}}).errorCode(),
             u"invalid_refresh_token"_s);
}

void tst_DevServerAuth::oauthToken_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QByteArray formType = "application/x-www-form-urlencoded";
    const QByteArray good = form({{"grant_type", u"password"_s},
                                  {"username", u"bob"_s},
                                  {"password", bobPassword},
                                  {"client_id", u"tessera"_s}});
    QTest::newRow("password grant") << good << formType << 200 << QString();
    QTest::newRow("with scope") << good + "&scope=read+write" << formType + "; charset=UTF-8" << 200
                                << QString();
    QTest::newRow("bad credentials") << form({{"grant_type", u"password"_s},
                                              {"username", u"bob"_s},
                                              {"password", alicePassword},
                                              {"client_id", u"tessera"_s}})
                                     << formType << 400 << u"invalid_grant"_s;
    QTest::newRow("no client_id") << form(
            {{"grant_type", u"password"_s}, {"username", u"bob"_s}, {"password", bobPassword}})
                                  << formType << 401 << u"invalid_client"_s;
    QTest::newRow("unknown grant") << QByteArray("grant_type=magic&client_id=tessera") << formType
                                   << 400 << u"unsupported_grant_type"_s;
    QTest::newRow("missing params") << QByteArray("grant_type=password&client_id=t&username=bob")
                                    << formType << 400 << u"invalid_request"_s;
    QTest::newRow("missing grant")
            << QByteArray("client_id=t") << formType << 400 << u"invalid_request"_s;
    QTest::newRow("json body") << QByteArray("{\"grant_type\":\"password\"}")
                               << QByteArray("application/json") << 400 << u"invalid_request"_s;
    QTest::newRow("unknown refresh")
            << QByteArray("grant_type=refresh_token&refresh_token=x&client_id=t") << formType << 400
            << u"invalid_grant"_s;
}

void tst_DevServerAuth::oauthToken()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, error);
    const Reply reply = send("POST", u"/oauth/token"_s, body, {{"Content-Type", contentType}});
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply.headers.value("pragma"), QByteArray("no-cache"));
    if (status != 200) {
        QCOMPARE(reply.json.value("error"_L1).toString(), error);
        return;
    }
    QCOMPARE(reply.json.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(reply.json.value("expires_in"_L1).toInt(), 300);
    QVERIFY(!reply.json.value("refresh_token"_L1).toString().isEmpty());
    QCOMPARE(reply.json.value("scope"_L1).toString(),
             body.contains("scope") ? u"read write"_s : QString());
    const QString access = reply.json.value("access_token"_L1).toString();
    QCOMPARE(getWithToken(u"/api/me"_s, access).json.value("user"_L1).toString(), u"bob"_s);
}

void tst_DevServerAuth::oauthRotationAndReuse()
{
    const auto grant = [this](const QString &refresh) {
        return postForm(u"/oauth/token"_s, form({{"grant_type", u"refresh_token"_s},
                                                 {"refresh_token", refresh},
                                                 {"client_id", u"tessera"_s}}));
    };
    const Reply first = postForm(u"/oauth/token"_s, form({{"grant_type", u"password"_s},
                                                          {"username", u"alice"_s},
                                                          {"password", alicePassword},
                                                          {"client_id", u"t"_s},
                                                          {"scope", u"api"_s}}));
    const QString refresh1 = first.json.value("refresh_token"_L1).toString();
    const Reply second = grant(refresh1);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.value("scope"_L1).toString(), u"api"_s);
    const QString refresh2 = second.json.value("refresh_token"_L1).toString();
    QVERIFY(!refresh2.isEmpty() && refresh2 != refresh1);
    const Reply reused = grant(refresh1);
    QCOMPARE(reused.status, 400);
    QCOMPARE(reused.json.value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(grant(refresh2).json.value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(getWithToken(u"/api/me"_s, second.json.value("access_token"_L1).toString()).status,
             401);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("reuse_detections"_L1).toInt(), 1);
}

void tst_DevServerAuth::oauthRevoke()
{
    const QJsonObject data = login();
    const QString access = data.value("access_token"_L1).toString();
    const QString refresh = data.value("refresh_token"_L1).toString();
    Reply reply = postForm(u"/oauth/revoke"_s,
                           form({{"token", access}, {"token_type_hint", u"access_token"_s}}));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(getWithToken(u"/api/me"_s, access).status, 401);
    QCOMPARE(inspect("refresh_token", refresh), u"active"_s); // only that access token died
    const Reply rotated = postJson(u"/auth/refresh"_s, {{u"refresh_token"_s, refresh}});
    QCOMPARE(rotated.status, 200);
    const QString access2 = rotated.data().value("access_token"_L1).toString();
    const QString refresh2 = rotated.data().value("refresh_token"_L1).toString();
    reply = postForm(u"/oauth/revoke"_s, form({{"token", refresh2}}));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(inspect("refresh_token", refresh2), u"revoked"_s);
    QCOMPARE(getWithToken(u"/api/me"_s, access2).status, 401);
    reply = postForm(u"/oauth/revoke"_s, form({{"token", u"unknown"_s}}));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("revocations"_L1).toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_DevServerAuth)
#include "tst_devserver_auth.moc"
