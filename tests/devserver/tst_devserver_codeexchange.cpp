// SPDX-License-Identifier: BSD-3-Clause
// The real tessera-devserver binary: the authorization code grant at /oauth/token (RFC 6749
// section 4.1.3 with PKCE, RFC 7636): redeeming a code, every way to be refused, code reuse,
// the bound on pending codes, and the claims of ID tokens.
#include "browserfixture.h"

#include <QDateTime>

using namespace DevServerTesting;

class tst_DevServerCodeExchange : public BrowserFixture
{
    Q_OBJECT

private Q_SLOTS:
    void codeExchange();
    void codeExchangeRejected_data();
    void codeExchangeRejected();
    void codeReuseRevokes();
    void codesAreBounded();
    void idTokenClaims_data();
    void idTokenClaims();
};

void tst_DevServerCodeExchange::codeExchange()
{
    const QString verifier = newVerifier();
    const Params params = authorizeParams(verifier) + Params {{u"nonce"_s, u"n-0S6_WzA2Mj"_s}};
    const QString code = codeFor(params);
    QVERIFY(!code.isEmpty());
    const Reply reply =
            postForm(u"/oauth/token"_s, encode({{u"grant_type"_s, u"authorization_code"_s},
                                                {u"code"_s, code},
                                                {u"redirect_uri"_s, redirectUri},
                                                {u"code_verifier"_s, verifier},
                                                {u"client_id"_s, clientId},
                                                {u"client_secret"_s, u"anything"_s}}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    const QJsonObject tokens = reply.json;
    QCOMPARE(tokens.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(tokens.value("expires_in"_L1).toInt(), 300);
    QCOMPARE(tokens.value("scope"_L1).toString(), u"openid profile"_s);
    QVERIFY(!tokens.value("refresh_token"_L1).toString().isEmpty());
    const QString access = tokens.value("access_token"_L1).toString();
    QCOMPARE(getWithToken(u"/api/me"_s, access).json.value("user"_L1).toString(), u"alice"_s);
    const QString idToken = tokens.value("id_token"_L1).toString();
    const QJsonObject claims = jwtClaims(idToken);
    QCOMPARE(claims.value("iss"_L1).toString(), issuer());
    QCOMPARE(claims.value("sub"_L1).toString(), u"alice"_s);
    QCOMPARE(claims.value("aud"_L1).toString(), clientId);
    QCOMPARE(claims.value("nonce"_L1).toString(), u"n-0S6_WzA2Mj"_s);
    QCOMPARE(claims.value("preferred_username"_L1).toString(), u"alice"_s);
    QCOMPARE(claims.value("email"_L1).toString(), u"alice@example.test"_s);
    QCOMPARE(claims.value("name"_L1).toString(), u"Alice"_s);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY(qAbs(claims.value("iat"_L1).toInteger() - now) <= 5);
    QVERIFY(claims.value("exp"_L1).toInteger() > now);
    const QList<QByteArray> issued = issuedSecrets();
    for (const QString &secret : {code, verifier, access, idToken})
        QVERIFY(issued.contains(secret.toLatin1()));
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("authorizations"_L1).toInt(), 1);
    QCOMPARE(stats.value("code_exchanges"_L1).toInt(), 1);
    // Basic client authentication carries the client_id just as well.
    const QString verifier2 = newVerifier();
    const Reply basic =
            send("POST", u"/oauth/token"_s,
                 encode({{u"grant_type"_s, u"authorization_code"_s},
                         {u"code"_s, codeFor(authorizeParams(verifier2))},
                         {u"redirect_uri"_s, redirectUri},
                         {u"code_verifier"_s, verifier2}}),
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Authorization", "Basic " + (clientId + u":s3cret"_s).toLatin1().toBase64()}});
    QCOMPARE(basic.status, 200);
    QCOMPARE(jwtClaims(basic.json.value("id_token"_L1).toString()).value("aud"_L1).toString(),
             clientId);
}

void tst_DevServerCodeExchange::codeExchangeRejected_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("error");
    QTest::newRow("wrong verifier") << u"verifier"_s << u"invalid_grant"_s;
    QTest::newRow("wrong redirect_uri") << u"redirect_uri"_s << u"invalid_grant"_s;
    QTest::newRow("no redirect_uri") << u"no redirect_uri"_s << u"invalid_grant"_s;
    QTest::newRow("wrong client_id") << u"client_id"_s << u"invalid_grant"_s;
    QTest::newRow("unknown code") << u"code"_s << u"invalid_grant"_s;
    QTest::newRow("no verifier") << u"no verifier"_s << u"invalid_request"_s;
    QTest::newRow("short verifier") << u"short verifier"_s << u"invalid_request"_s;
    QTest::newRow("verifier with +") << u"plus verifier"_s << u"invalid_request"_s;
    QTest::newRow("no code") << u"no code"_s << u"invalid_request"_s;
}

void tst_DevServerCodeExchange::codeExchangeRejected()
{
    QFETCH(QString, change);
    QFETCH(QString, error);
    const QString verifier = newVerifier();
    const QString original = codeFor(authorizeParams(verifier));
    QVERIFY(!original.isEmpty());
    QString code = original;
    QString usedVerifier = verifier;
    QString redirect = redirectUri;
    QString client = clientId;
    if (change == "verifier"_L1)
        usedVerifier = newVerifier();
    else if (change == "redirect_uri"_L1)
        redirect = u"http://127.0.0.1:53683/callback"_s;
    else if (change == "no redirect_uri"_L1)
        redirect = QString();
    else if (change == "client_id"_L1)
        client = u"another-app"_s;
    else if (change == "code"_L1)
        code = newVerifier();
    else if (change == "no verifier"_L1)
        usedVerifier = QString();
    else if (change == "short verifier"_L1)
        usedVerifier = verifier.left(42);
    else if (change == "plus verifier"_L1)
        usedVerifier = verifier.left(42) + u'+';
    else if (change == "no code"_L1)
        code = QString();
    const Reply reply = exchange(code, usedVerifier, redirect, client);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json.value("error"_L1).toString(), error);
    QVERIFY(!reply.json.contains("access_token"_L1));
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("code_exchanges"_L1).toInt(), 1);
    // An exchange that names the code uses it up, even when it fails; a malformed request
    // (invalid_request) or another code does not.
    const Reply retry = exchange(original, verifier);
    if (error == "invalid_grant"_L1 && change != "code"_L1) {
        QCOMPARE(retry.status, 400);
        QCOMPARE(retry.json.value("error"_L1).toString(), u"invalid_grant"_s);
    } else {
        QCOMPARE(retry.status, 200);
    }
}

void tst_DevServerCodeExchange::codeReuseRevokes()
{
    const QString verifier = newVerifier();
    const QString code = codeFor(authorizeParams(verifier));
    const Reply first = exchange(code, verifier);
    QCOMPARE(first.status, 200);
    const QString access = first.json.value("access_token"_L1).toString();
    const QString refresh = first.json.value("refresh_token"_L1).toString();
    QCOMPARE(getWithToken(u"/api/me"_s, access).status, 200);
    const Reply second = exchange(code, verifier);
    QCOMPARE(second.status, 400);
    QCOMPARE(second.json.value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(getWithToken(u"/api/me"_s, access).status, 401);
    QCOMPARE(inspect("refresh_token", refresh), u"revoked"_s);
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("reuse_detections"_L1).toInt(), 1);
    QCOMPARE(stats.value("revocations"_L1).toInt(), 1);
    QCOMPARE(stats.value("code_exchanges"_L1).toInt(), 2);
}

void tst_DevServerCodeExchange::codesAreBounded()
{
    // The server keeps the 1,000 newest codes: a client in a loop cannot make it grow.
    const QString verifier = newVerifier();
    const Params params = authorizeParams(verifier, u"profile"_s);
    const QString oldest = codeFor(params);
    const QString kept = codeFor(params);
    for (int i = 0; i < 999; ++i)
        QVERIFY(!codeFor(params).isEmpty());
    const Reply dropped = exchange(oldest, verifier);
    QCOMPARE(dropped.json.value("error"_L1).toString(), u"invalid_grant"_s);
    QVERIFY(dropped.json.value("error_description"_L1).toString().contains("unknown"_L1));
    QCOMPARE(exchange(kept, verifier).status, 200);
}

void tst_DevServerCodeExchange::idTokenClaims_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("identityClaims"); // beside iss, sub, aud, iat, exp
    const QStringList full {u"email"_s, u"name"_s, u"preferred_username"_s};
    QTest::newRow("full") << u"full"_s << u"openid"_s << full;
    QTest::newRow("email_only") << u"email_only"_s << u"openid email"_s << QStringList {u"email"_s};
    QTest::newRow("sub_only") << u"sub_only"_s << u"profile openid"_s << QStringList();
    QTest::newRow("none") << u"none"_s << u"openid"_s << QStringList {u"no id_token"_s};
    QTest::newRow("scope without openid")
            << u"full"_s << u"profile email"_s << QStringList {u"no id_token"_s};
}

void tst_DevServerCodeExchange::idTokenClaims()
{
    QFETCH(QString, mode);
    QFETCH(QString, scope);
    QFETCH(QStringList, identityClaims);
    QCOMPARE(setConfig({{u"id_token_claims"_s, mode}}).value("id_token_claims"_L1).toString(),
             mode);
    const QString verifier = newVerifier();
    const Reply reply = exchange(codeFor(authorizeParams(verifier, scope)), verifier);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value("scope"_L1).toString(), scope);
    if (identityClaims == QStringList {u"no id_token"_s}) {
        QVERIFY(!reply.json.contains("id_token"_L1));
        return;
    }
    QStringList expected =
            identityClaims + QStringList {u"iss"_s, u"sub"_s, u"aud"_s, u"iat"_s, u"exp"_s};
    expected.sort();
    QStringList keys = jwtClaims(reply.json.value("id_token"_L1).toString()).keys();
    keys.sort();
    QCOMPARE(keys, expected);
}

QTEST_GUILESS_MAIN(tst_DevServerCodeExchange)
#include "tst_devserver_codeexchange.moc"
