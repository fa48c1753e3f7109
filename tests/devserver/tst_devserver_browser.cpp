// SPDX-License-Identifier: BSD-3-Clause
// The real tessera-devserver binary: discovery (OpenID Connect, RFC 8414) and the browser
// sign-in of the authorization code flow: the form at /oauth/authorize, redirect URIs (loopback
// only, RFC 8252), error redirects, state and iss (RFC 9207).
#include "browserfixture.h"

using namespace DevServerTesting;

class tst_DevServerBrowser : public BrowserFixture
{
    Q_OBJECT

private Q_SLOTS:
    void discovery_data();
    void discovery();
    void discoveryFault();
    void signInPage();
    void refusedWithoutRedirect_data();
    void refusedWithoutRedirect();
    void requestErrors_data();
    void requestErrors();
    void signIn();
    void signInCancelled();
    void signInWrongPassword();
    void signInChecksTheFormAgain_data();
    void signInChecksTheFormAgain();
    void authorizeFault();
    void configValidation();
};

void tst_DevServerBrowser::discovery_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("path");
    const QString oidc = u"/.well-known/openid-configuration"_s;
    const QString rfc8414 = u"/.well-known/oauth-authorization-server"_s;
    QTest::newRow("openid-configuration") << u"normal"_s << oidc;
    QTest::newRow("oauth-authorization-server") << u"normal"_s << rfc8414;
    QTest::newRow("missing openid-configuration") << u"missing"_s << oidc;
    QTest::newRow("missing oauth-authorization-server") << u"missing"_s << rfc8414;
    QTest::newRow("malformed") << u"malformed"_s << oidc;
    QTest::newRow("foreign issuer") << u"foreign_issuer"_s << oidc;
    QTest::newRow("no device endpoint") << u"no_device"_s << rfc8414;
    QTest::newRow("no iss") << u"no_iss"_s << oidc;
}

void tst_DevServerBrowser::discovery()
{
    QFETCH(QString, mode);
    QFETCH(QString, path);
    QCOMPARE(setConfig({{u"discovery"_s, mode}}).value("discovery"_L1).toString(), mode);
    const Reply reply = send("GET", path);
    if (mode == "missing"_L1) {
        QCOMPARE(reply.status, 404);
        return;
    }
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.headers.value("content-type").startsWith("application/json"));
    if (mode == "malformed"_L1) {
        QVERIFY(!reply.body.isEmpty());
        QJsonParseError error;
        QJsonDocument::fromJson(reply.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        return;
    }
    const QJsonObject document = reply.json;
    QCOMPARE(document.value("issuer"_L1).toString(),
             mode == "foreign_issuer"_L1 ? u"https://foreign.example"_s : issuer());
    QCOMPARE(document.value("authorization_endpoint"_L1).toString(),
             issuer() + "/oauth/authorize"_L1);
    QCOMPARE(document.value("token_endpoint"_L1).toString(), issuer() + "/oauth/token"_L1);
    QCOMPARE(document.value("revocation_endpoint"_L1).toString(), issuer() + "/oauth/revoke"_L1);
    QCOMPARE(document.value("device_authorization_endpoint"_L1).toString(),
             mode == "no_device"_L1 ? QString() : issuer() + "/oauth/device_authorization"_L1);
    QCOMPARE(document.value("authorization_response_iss_parameter_supported"_L1),
             QJsonValue(mode != "no_iss"_L1));
    QCOMPARE(document.value("code_challenge_methods_supported"_L1), QJsonArray {u"S256"_s});
    QCOMPARE(document.value("response_types_supported"_L1), QJsonArray {u"code"_s});
    QCOMPARE(document.value("id_token_signing_alg_values_supported"_L1), QJsonArray {u"HS256"_s});
    QCOMPARE(document.value("grant_types_supported"_L1),
             (QJsonArray {u"authorization_code"_s, u"refresh_token"_s, u"password"_s,
                          u"urn:ietf:params:oauth:grant-type:device_code"_s}));
    QCOMPARE(document.value("scopes_supported"_L1),
             (QJsonArray {u"openid"_s, u"profile"_s, u"email"_s, u"offline_access"_s}));
    QCOMPARE(document.value("token_endpoint_auth_methods_supported"_L1),
             (QJsonArray {u"none"_s, u"client_secret_post"_s, u"client_secret_basic"_s}));
    QVERIFY(document.value("subject_types_supported"_L1).isArray());
    QCOMPARE(send("POST", path).status, 405);
}

void tst_DevServerBrowser::discoveryFault()
{
    const QString path = u"/.well-known/openid-configuration"_s;
    QCOMPARE(postJson(u"/_dev/faults"_s,
                      {{u"path"_s, path}, {u"status"_s, 503}, {u"retry_after"_s, 3}})
                     .status,
             200);
    const Reply faulted = send("GET", path);
    QCOMPARE(faulted.status, 503);
    QCOMPARE(faulted.headers.value("retry-after"), QByteArray("3"));
    QCOMPARE(postJson(u"/_dev/faults"_s, {{u"path"_s, path}, {u"body"_s, u"html"_s}}).status, 200);
    QVERIFY(send("GET", path).body.contains("502 Bad Gateway"));
    QCOMPARE(send("GET", path).json.value("issuer"_L1).toString(), issuer());
}

void tst_DevServerBrowser::signInPage()
{
    const Params params =
            with(authorizeParams(newVerifier()), u"login_hint"_s, u"<b>\"al'ice\"&amp;</b>"_s)
            + Params {{u"prompt"_s, u"select_account"_s}, {u"ui_locales"_s, u"de <x>"_s}};
    const Reply reply = authorizePage(params);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.headers.contains("location"));
    QCOMPARE(reply.headers.value("content-type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply.headers.value("x-frame-options"), QByteArray("DENY"));
    const QByteArray csp = reply.headers.value("content-security-policy");
    QVERIFY2(csp.contains("default-src 'none'") && !csp.contains("script-src"), csp.constData());
    const QByteArray html = reply.body;
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    QVERIFY(html.contains("<html lang=\"en\">"));
    QVERIFY(!html.contains("<script"));
    QVERIFY(html.contains("<form method=\"post\" action=\"/oauth/authorize\">"));
    // login_hint prefills the user name, escaped; it and every other parameter travel hidden.
    const QByteArray escapedHint = "&lt;b&gt;&quot;al&#39;ice&quot;&amp;amp;&lt;/b&gt;";
    QVERIFY(!html.contains("<b>"));
    QVERIFY(html.contains("name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" "
                          "value=\""
                          + escapedHint + "\">"));
    for (const auto &[name, value] : params) {
        const QByteArray input = "<input type=\"hidden\" name=\"" + name.toUtf8() + "\" value=\""
                                 + value.toHtmlEscaped().replace(u'\'', "&#39;"_L1).toUtf8()
                                 + "\">";
        QVERIFY2(html.contains(input), input.constData());
    }
    QVERIFY(html.contains("<label for=\"username\">") && html.contains("<label for=\"password\">"));
    QVERIFY(html.contains("name=\"password\" type=\"password\""));
    QVERIFY(html.contains("<button type=\"submit\" name=\"action\" value=\"approve\">Sign in"));
    QVERIFY(html.contains("<button type=\"submit\" name=\"action\" value=\"deny\">Cancel"));
    QCOMPARE(send("PUT", u"/oauth/authorize"_s).status, 405);
}

void tst_DevServerBrowser::refusedWithoutRedirect_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value"); // null: left out
    QTest::newRow("https") << u"redirect_uri"_s << u"https://127.0.0.1:53682/callback"_s;
    QTest::newRow("other host") << u"redirect_uri"_s << u"http://evil.example:53682/cb"_s;
    QTest::newRow("127.0.0.2") << u"redirect_uri"_s << u"http://127.0.0.2:53682/cb"_s;
    QTest::newRow("no port") << u"redirect_uri"_s << u"http://127.0.0.1/callback"_s;
    QTest::newRow("no path") << u"redirect_uri"_s << u"http://127.0.0.1:53682"_s;
    QTest::newRow("user info") << u"redirect_uri"_s << u"http://a@127.0.0.1:53682/cb"_s;
    QTest::newRow("fragment") << u"redirect_uri"_s << u"http://127.0.0.1:53682/cb#x"_s;
    QTest::newRow("header injection")
            << u"redirect_uri"_s << u"http://127.0.0.1:53682/cb\r\nSet-Cookie: x=1"_s;
    QTest::newRow("custom scheme") << u"redirect_uri"_s << u"com.example.app:/cb"_s;
    QTest::newRow("no redirect_uri") << u"redirect_uri"_s << QString();
    QTest::newRow("no client_id") << u"client_id"_s << QString();
    QTest::newRow("empty client_id") << u"client_id"_s << u""_s;
}

void tst_DevServerBrowser::refusedWithoutRedirect()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    // Even with everything else wrong too: the redirect URI is judged first.
    const Params params =
            with(with(authorizeParams(newVerifier()), name, value), u"response_type"_s, u"x"_s);
    for (const Reply &reply : {authorizePage(params), submit(params)}) {
        QCOMPARE(reply.status, 400);
        QVERIFY(!reply.headers.contains("location"));
        QVERIFY(reply.headers.value("content-type").startsWith("text/html"));
        QVERIFY(reply.body.contains("<!DOCTYPE html>"));
    }
    // Given twice, even if both are fine, is refused the same way.
    const Reply twice =
            authorizePage(authorizeParams(newVerifier())
                          + Params {{name, name == "client_id"_L1 ? clientId : redirectUri}});
    QCOMPARE(twice.status, 400);
    QVERIFY(!twice.headers.contains("location"));
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("authorizations"_L1).toInt(), 0);
}

void tst_DevServerBrowser::requestErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value"); // null: left out
    QTest::addColumn<QString>("error");
    QTest::newRow("response_type token")
            << u"response_type"_s << u"token"_s << u"unsupported_response_type"_s;
    QTest::newRow("no response_type") << u"response_type"_s << QString() << u"invalid_request"_s;
    QTest::newRow("no code_challenge") << u"code_challenge"_s << QString() << u"invalid_request"_s;
    QTest::newRow("short code_challenge")
            << u"code_challenge"_s << u"abc"_s << u"invalid_request"_s;
    QTest::newRow("plain method") << u"code_challenge_method"_s << u"plain"_s
                                  << u"invalid_request"_s;
    QTest::newRow("no method") << u"code_challenge_method"_s << QString() << u"invalid_request"_s;
    QTest::newRow("prompt=none") << u"prompt"_s << u"none"_s << u"login_required"_s;
}

void tst_DevServerBrowser::requestErrors()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, error);
    const Params params = with(authorizeParams(newVerifier()), name, value);
    for (const Reply &reply : {authorizePage(params), submit(params)}) {
        QCOMPARE(reply.status, 302);
        const QByteArray location = reply.headers.value("location");
        QVERIFY(location.startsWith(redirectUri.toLatin1() + "?error="));
        const QUrlQuery answer = answerOf(reply);
        QCOMPARE(answer.queryItemValue(u"error"_s), error);
        QVERIFY(!answer.queryItemValue(u"error_description"_s).isEmpty());
        QCOMPARE(answer.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"st+te/=1 x"_s);
        QCOMPARE(answer.queryItemValue(u"iss"_s, QUrl::FullyDecoded), issuer());
        QVERIFY(!answer.hasQueryItem(u"code"_s));
    }
    // Any other parameter given twice is an invalid request too (RFC 6749 section 3.1).
    const Reply twice =
            authorizePage(authorizeParams(newVerifier()) + Params {{u"state"_s, u"2"_s}});
    QCOMPARE(answerOf(twice).queryItemValue(u"error"_s), u"invalid_request"_s);
}

void tst_DevServerBrowser::signIn()
{
    const Params params = with(authorizeParams(newVerifier()), u"redirect_uri"_s,
                               u"http://localhost:53682/cb?app=1"_s);
    QCOMPARE(authorizePage(params).status, 200);
    const Reply reply = submit(params);
    QCOMPARE(reply.status, 302);
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    const QByteArray location = reply.headers.value("location");
    QVERIFY(location.startsWith("http://localhost:53682/cb?app=1&code="));
    // Percent-encoded: the state's + / = and space, the issuer's : and /.
    QVERIFY2(location.contains("&state=st%2Bte%2F%3D1%20x&iss=http%3A%2F%2F127.0.0.1%3A"),
             "state and iss are not percent-encoded as expected");
    const QUrlQuery answer = answerOf(reply);
    const QString code = answer.queryItemValue(u"code"_s, QUrl::FullyDecoded);
    QCOMPARE(code.size(), 43);
    QCOMPARE(answer.queryItemValue(u"iss"_s, QUrl::FullyDecoded), issuer());
    QVERIFY(issuedSecrets().contains(code.toLatin1()));
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("authorizations"_L1).toInt(), 1);
    // [::1] is a loopback redirect too; with discovery no_iss the redirect carries no iss.
    QCOMPARE(setConfig({{u"discovery"_s, u"no_iss"_s}}).isEmpty(), false);
    const Reply ipv6 = submit(with(params, u"redirect_uri"_s, u"http://[::1]:53682/callback"_s),
                              u"bob"_s, bobPassword);
    QCOMPARE(ipv6.status, 302);
    QVERIFY(ipv6.headers.value("location").startsWith("http://[::1]:53682/callback?code="));
    QVERIFY(!answerOf(ipv6).hasQueryItem(u"iss"_s));
    QVERIFY(answerOf(ipv6).hasQueryItem(u"state"_s));
}

void tst_DevServerBrowser::signInCancelled()
{
    const Reply reply = submit(authorizeParams(newVerifier()), QString(), QString(), u"deny"_s);
    QCOMPARE(reply.status, 302);
    const QUrlQuery answer = answerOf(reply);
    QCOMPARE(answer.queryItemValue(u"error"_s), u"access_denied"_s);
    QCOMPARE(answer.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"st+te/=1 x"_s);
    QCOMPARE(answer.queryItemValue(u"iss"_s, QUrl::FullyDecoded), issuer());
    QVERIFY(!answer.hasQueryItem(u"code"_s));
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("authorizations"_L1).toInt(), 0);
}

void tst_DevServerBrowser::signInWrongPassword()
{
    const Params params = authorizeParams(newVerifier());
    const Reply reply = submit(params, u"<alice>"_s, bobPassword);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.headers.contains("location"));
    QVERIFY(reply.body.contains("<p role=\"alert\">Wrong user name or password</p>"));
    QVERIFY(reply.body.contains("value=\"&lt;alice&gt;\""));
    QVERIFY(!reply.body.contains(bobPassword.toUtf8()));
    QVERIFY(reply.body.contains("<input type=\"hidden\" name=\"state\" value=\"st+te/=1 x\">"));
    QVERIFY(!reply.body.contains("type=\"hidden\" name=\"password\""));
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("login_failures"_L1).toInt(), 1);
    QCOMPARE(stats.value("authorizations"_L1).toInt(), 0);
    QCOMPARE(submit(params, u"alice"_s, u""_s).status, 200); // no password: the form again
}

void tst_DevServerBrowser::signInChecksTheFormAgain_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("status");
    QTest::newRow("redirect_uri swapped")
            << u"redirect_uri"_s << u"https://evil.example/cb"_s << 400;
    QTest::newRow("method swapped") << u"code_challenge_method"_s << u"plain"_s << 302;
    QTest::newRow("challenge dropped") << u"code_challenge"_s << QString() << 302;
    QTest::newRow("unknown action") << u"action"_s << u"maybe"_s << 302;
}

void tst_DevServerBrowser::signInChecksTheFormAgain()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(int, status);
    Params fields = authorizeParams(newVerifier())
                    + Params {{u"username"_s, u"alice"_s}, {u"password"_s, alicePassword}};
    fields = with(with(fields, u"action"_s, u"approve"_s), name, value);
    const Reply reply = postForm(u"/oauth/authorize"_s, encode(fields));
    QCOMPARE(reply.status, status);
    if (status == 302) {
        QCOMPARE(answerOf(reply).queryItemValue(u"error"_s), u"invalid_request"_s);
        QVERIFY(!answerOf(reply).hasQueryItem(u"code"_s));
    } else {
        QVERIFY(!reply.headers.contains("location"));
    }
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("authorizations"_L1).toInt(), 0);
    const Reply json =
            send("POST", u"/oauth/authorize"_s, "{}", {{"Content-Type", "application/json"}});
    QCOMPARE(json.status, 400);
    QVERIFY(!json.headers.contains("location"));
}

void tst_DevServerBrowser::authorizeFault()
{
    const Params params = authorizeParams(newVerifier());
    QCOMPARE(postJson(u"/_dev/faults"_s,
                      {{u"path"_s, u"/oauth/authorize"_s}, {u"status"_s, 500}, {u"count"_s, 2}})
                     .status,
             200);
    QCOMPARE(authorizePage(params).status, 500);
    QCOMPARE(submit(params).status, 500); // by path, whatever the method
    QCOMPARE(submit(params).status, 302);
    QCOMPARE(postJson(u"/_dev/faults"_s, {{u"path"_s, u"/oauth/authorize"_s},
                                          {u"body"_s, u"html"_s},
                                          {u"status"_s, 502}})
                     .status,
             200);
    const Reply gateway = authorizePage(params);
    QCOMPARE(gateway.status, 502);
    QVERIFY(gateway.body.contains("502 Bad Gateway"));
}

void tst_DevServerBrowser::configValidation()
{
    for (const auto &[key, value] : {std::pair {u"discovery"_s, QJsonValue(u"sometimes"_s)},
                                     std::pair {u"id_token_claims"_s, QJsonValue(true)},
                                     std::pair {u"device_slow_down"_s, QJsonValue(u"always"_s)},
                                     std::pair {u"device_interval"_s, QJsonValue(-1)},
                                     std::pair {u"device_code_lifetime"_s, QJsonValue(1.5)}}) {
        const Reply reply = postJson(u"/_dev/config"_s, {{key, value}});
        QCOMPARE(reply.status, 400);
        QVERIFY2(reply.json.value("error"_L1)
                         .toObject()
                         .value("message"_L1)
                         .toString()
                         .contains(key),
                 qPrintable(key));
    }
    const QJsonObject config = send("GET", u"/_dev/config"_s).json;
    QCOMPARE(config.value("discovery"_L1).toString(), u"normal"_s);
    QCOMPARE(config.value("id_token_claims"_L1).toString(), u"full"_s);
    QCOMPARE(config.value("device_slow_down"_L1).toString(), u"timing"_s);
    QCOMPARE(config.value("device_code_lifetime"_L1).toInt(), 600);
    QCOMPARE(config.value("device_interval"_L1).toInt(), 5);
    // POST /_dev/reset restores them.
    QVERIFY(!setConfig({{u"discovery"_s, u"missing"_s}}).isEmpty());
    QCOMPARE(send("POST", u"/_dev/reset"_s).json.value("discovery"_L1).toString(), u"normal"_s);
}

QTEST_GUILESS_MAIN(tst_DevServerBrowser)
#include "tst_devserver_browser.moc"
