// SPDX-License-Identifier: BSD-3-Clause
#include "tokenresponse_p.h"

#include <QTest>

using namespace Tessera;
using Source = TokenGrant::ExpirySource;

Q_DECLARE_METATYPE(Tessera::TokenGrant::ExpirySource)

class TestTokenResponse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void grants_data();
    void grants() { check(); }
    void expiry_data();
    void expiry() { check(); }
    void rejectsBodies_data();
    void rejectsBodies() { check(); }
    void rejectsFields_data();
    void rejectsFields() { check(); }
    void rejectsTokens_data();
    void rejectsTokens() { check(); }
    void parseErrorResponse_data();
    void parseErrorResponse();

private:
    void check();
};

namespace {

// Every token-like value in the bodies below contains this marker; no error may contain it.
constexpr char kMarker[] = "SECRET";

const QDateTime kReceivedAt(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QDateTime at(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2024, month, day), QTime(hour, minute), Qt::UTC);
}

Profile::ResponsePaths pathsFor(const QString &preset)
{
    if (preset == QLatin1String("oauth2"))
        return {QStringLiteral("access_token"),
                QStringLiteral("refresh_token"),
                QString(),
                QStringLiteral("expires_in"),
                QString(),
                QString(),
                QString()};
    if (preset == QLatin1String("nested"))
        return {QStringLiteral("result.auth.token"),
                QStringLiteral("result.auth.renew"),
                QStringLiteral("result.expiry"),
                QString(),
                QString(),
                QString(),
                QStringLiteral("who.name")};
    Profile::ResponsePaths paths {QStringLiteral("data.access_token"),
                                  QStringLiteral("data.refresh_token"),
                                  QStringLiteral("data.access_expires_at"),
                                  QString(),
                                  QStringLiteral("data.refresh_expires_at"),
                                  QString(),
                                  QStringLiteral("data.user")};
    if (preset == QLatin1String("json+relative")) {
        paths.accessExpiresIn = QStringLiteral("data.expires_in");
        paths.refreshExpiresIn = QStringLiteral("data.refresh_expires_in");
    }
    return paths;
}

// A JWT whose exp is 2024-05-01T14:00:00Z; the signature is not checked by the client.
QByteArray jwtExpiringAt1400()
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"HS256"})") + '.' + part(R"({"sub":"alice","exp":1714572000})")
           + ".SECRETsignature";
}

void addColumns()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("error"); // the start of the expected error; empty = success
    QTest::addColumn<QByteArray>("accessToken");
    QTest::addColumn<QByteArray>("refreshToken");
    QTest::addColumn<QDateTime>("accessExpiresAt");
    QTest::addColumn<QDateTime>("refreshExpiresAt");
    QTest::addColumn<QString>("user");
    QTest::addColumn<Source>("source");
}

void addGood(const char *name, const QByteArray &body, const char *preset, const QByteArray &access,
             const QByteArray &refresh, const QDateTime &expires, const QDateTime &refreshExpires,
             const char *user, Source source)
{
    QTest::newRow(name) << body << QString::fromLatin1(preset) << QString() << access << refresh
                        << expires << refreshExpires << QString::fromLatin1(user) << source;
}

void addBad(const char *name, const QByteArray &body, const char *preset, const char *error)
{
    QTest::newRow(name) << body << QString::fromLatin1(preset) << QString::fromLatin1(error)
                        << QByteArray() << QByteArray() << QDateTime() << QDateTime() << QString()
                        << Source::Unknown;
}

} // namespace

void TestTokenResponse::grants_data()
{
    addColumns();
    const QDateTime unknown;
    addGood("json shape with absolute expiries",
            R"({"data":{"access_token":"at-1","refresh_token":"rt-1",
                "access_expires_at":"2024-05-01T13:00:00Z",
                "refresh_expires_at":"2024-05-08T14:00:00+02:00","user":"alice"}})",
            "json", "at-1", "rt-1", at(5, 1, 13), at(5, 8, 12), "alice", Source::Absolute);
    addGood("no refresh token sent", R"({"data":{"access_token":"at-1","user":"alice"}})", "json",
            "at-1", "", unknown, unknown, "alice", Source::Unknown);
    addGood("refresh token null", R"({"data":{"access_token":"at-1","refresh_token":null}})",
            "json", "at-1", "", unknown, unknown, "", Source::Unknown);
    addGood("custom nested paths",
            R"({"result":{"auth":{"token":"at-2","renew":"rt-2"},"expiry":"2024-05-01T13:00Z"},
                "who":{"name":"bob"},"data":{"access_token":"decoy"}})",
            "nested", "at-2", "rt-2", at(5, 1, 13), unknown, "bob", Source::Absolute);
    addGood("oauth2 token endpoint response",
            R"({"access_token":"at-3","token_type":"Bearer","expires_in":3600,
                "refresh_token":"rt-3","scope":"read"})",
            "oauth2", "at-3", "rt-3", at(5, 1, 13), unknown, "", Source::Relative);
    // Keycloak's offline tokens: 0 is "does not expire", not "expired on arrival".
    addGood("refresh_expires_in 0 (Keycloak offline token)",
            R"({"access_token":"at-3","token_type":"Bearer","expires_in":3600,
                "refresh_token":"rt-3","refresh_expires_in":0})",
            "oauth2", "at-3", "rt-3", at(5, 1, 13), unknown, "", Source::Relative);
    addGood("oauth2 response without refresh token",
            R"({"access_token":"at-3","token_type":"Bearer","expires_in":"3600"})", "oauth2",
            "at-3", "", at(5, 1, 13), unknown, "", Source::Relative);
    addGood("body surrounded by whitespace", "\n  {\"access_token\":\"at-3\"}\r\n", "oauth2",
            "at-3", "", unknown, unknown, "", Source::Unknown);
}

void TestTokenResponse::expiry_data()
{
    addColumns();
    const QDateTime unknown;
    addGood("absolute expiry as epoch seconds",
            R"({"data":{"access_token":"at-1","access_expires_at":1714568400}})", "json", "at-1",
            "", at(5, 1, 13), unknown, "", Source::Absolute);
    addGood("absolute expiry as epoch milliseconds",
            R"({"data":{"access_token":"at-1","access_expires_at":1714568400000}})", "json", "at-1",
            "", at(5, 1, 13), unknown, "", Source::Absolute);
    addGood("null expiry treated as absent",
            R"({"data":{"access_token":"at-1","access_expires_at":null}})", "json", "at-1", "",
            unknown, unknown, "", Source::Unknown);
    addGood("expires_in counted from arrival, not the server's clock",
            R"({"data":{"access_token":"at-1","refresh_token":"rt-1","expires_in":900,
                "refresh_expires_in":"86400","server_time":"2030-01-01T00:00:00Z"}})",
            "json+relative", "at-1", "rt-1", at(5, 1, 12, 15), at(5, 2, 12), "", Source::Relative);
    addGood("absolute expiry wins over expires_in",
            R"({"data":{"access_token":"at-1","expires_in":60,
                "access_expires_at":"2024-05-01T13:00:00Z"}})",
            "json+relative", "at-1", "", at(5, 1, 13), unknown, "", Source::Absolute);
    addGood("expires_in wins over the jwt exp",
            R"({"data":{"access_token":")" + jwtExpiringAt1400() + R"(","expires_in":60}})",
            "json+relative", jwtExpiringAt1400(), "", at(5, 1, 12, 1), unknown, "",
            Source::Relative);
    addGood("jwt exp used when no expiry field is sent",
            R"({"data":{"access_token":")" + jwtExpiringAt1400() + R"("}})", "json",
            jwtExpiringAt1400(), "", at(5, 1, 14), unknown, "", Source::Jwt);
    addGood("opaque token without expiry fields is unknown",
            R"({"data":{"access_token":"8f14e45fceea167a"}})", "json", "8f14e45fceea167a", "",
            unknown, unknown, "", Source::Unknown);
    addGood("garbage jwt without expiry fields is unknown",
            R"({"data":{"access_token":"abc.def.ghi"}})", "json", "abc.def.ghi", "", unknown,
            unknown, "", Source::Unknown);
}

void TestTokenResponse::rejectsBodies_data()
{
    addColumns();
    addBad("empty body", "", "json", "response is empty");
    addBad("whitespace-only body", " \r\n\t", "json", "response is empty");
    addBad("html error page",
           "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>SECRET</body></html>", "json",
           "response is not JSON (an HTML page?)");
    addBad("malformed json", R"({"data": {access_token: "at-SECRET"}})", "json",
           "response is not JSON (");
    addBad("truncated json", R"({"data":{"access_token":"at-SECRET-9","refr)", "json",
           "response is not JSON (");
    addBad("plain text", "at-SECRET-9", "json", "response is not JSON (");
    addBad("json array", R"([{"access_token":"at-SECRET"}])", "oauth2",
           "response is not a JSON object");
}

void TestTokenResponse::rejectsFields_data()
{
    addColumns();
    addBad("access token missing", R"({"data":{"refresh_token":"rt-SECRET"}})", "json",
           "data.access_token: missing");
    addBad("data object missing", R"({"access_token":"at-SECRET"})", "json",
           "data.access_token: missing");
    addBad("data is a string", R"({"data":"at-SECRET"})", "json",
           "data: expected an object, got a string");
    addBad("nested object is an array", R"({"result":[{"auth":"at-SECRET"}]})", "nested",
           "result: expected an object, got an array");
    addBad("access token is a number", R"({"data":{"access_token":12345}})", "json",
           "data.access_token: expected a string, got a number");
    addBad("access token is an object", R"({"data":{"access_token":{"value":"at-SECRET"}}})",
           "json", "data.access_token: expected a string, got an object");
    addBad("access token is empty", R"({"data":{"access_token":""}})", "json",
           "data.access_token: empty");
    addBad("refresh token is a number",
           R"({"data":{"access_token":"at-SECRET","refresh_token":42}})", "json",
           "data.refresh_token: expected a string, got a number");
    addBad("refresh token is an array",
           R"({"access_token":"at-SECRET","refresh_token":["rt-SECRET"]})", "oauth2",
           "refresh_token: expected a string, got an array");
    addBad("unparsable absolute expiry",
           R"({"data":{"access_token":"at-SECRET","access_expires_at":"SECRET-soon"}})", "json",
           "data.access_expires_at: not a timestamp");
    addBad("absolute expiry is a boolean",
           R"({"data":{"access_token":"at-SECRET","access_expires_at":true}})", "json",
           "data.access_expires_at: not a timestamp");
    addBad("unparsable expires_in",
           R"({"data":{"access_token":"at-SECRET","expires_in":"SECRET"}})", "json+relative",
           "data.expires_in: expected a number of seconds");
    addBad("negative expires_in", R"({"access_token":"at-SECRET","expires_in":-60})", "oauth2",
           "expires_in: expected a number of seconds");
    addBad("unparsable refresh expiry",
           R"({"data":{"access_token":"at-SECRET","refresh_expires_at":"SECRET-later"}})", "json",
           "data.refresh_expires_at: not a timestamp");
    addBad("user is an object", R"({"data":{"access_token":"at-SECRET","user":{"name":"SECRET"}}})",
           "json", "data.user: expected a string, got an object");
}

// Tokens whose bytes could reach a header or could not be stored and read back: refused as an
// unusable answer, in both dialects, naming the path and the rule but never the value.
void TestTokenResponse::rejectsTokens_data()
{
    addColumns();
    const QByteArray huge(300000, 'S');
    const struct
    {
        const char *name;
        QByteArray token; // a JSON string's contents, escapes included
    } access[] = {
            {"CR LF in the access token", R"(at-SECRET\r\nX-Injected: yes)"},
            {"whitespace-only access token", "   "},
            {"space in the access token", "at-SECRET x"},
            {"NUL in the access token", R"(at-SECRET\u0000)"},
            {"TAB in the access token", R"(at-SECRET\t)"},
            {"DEL in the access token", "at-SECRET\u007f"},
            {"quote in the access token", R"(at-SECRET\")"},
            {"comma in the access token", "at-SECRET,x"},
            {"non-ASCII access token", "at-SECRET\u00e9"},
            {"300,000-character access token", huge},
    };
    for (const auto &row : access) {
        const char *problem = row.token == huge ? "longer than 16384 bytes" : "not a bearer token";
        addBad(QByteArray("json: ").append(row.name).constData(),
               R"({"data":{"access_token":")" + row.token + R"("}})", "json",
               QByteArray("data.access_token: ").append(problem).constData());
        addBad(QByteArray("oauth2: ").append(row.name).constData(),
               R"({"access_token":")" + row.token + R"(","token_type":"bearer"})", "oauth2",
               QByteArray("access_token: ").append(problem).constData());
    }
    const struct
    {
        const char *name;
        QByteArray token;
    } refresh[] = {
            {"CR LF in the refresh token", R"(rt-SECRET\r\nX: y)"},
            {"NUL in the refresh token", R"(rt-SECRET\u0000)"},
            {"non-ASCII refresh token", "rt-SECRET\u00e9"},
            {"300,000-character refresh token", huge},
    };
    for (const auto &row : refresh) {
        const char *problem = row.token == huge ? "longer than 16384 bytes" : "not a refresh token";
        addBad(QByteArray("json: ").append(row.name).constData(),
               R"({"data":{"access_token":"at-1","refresh_token":")" + row.token + R"("}})", "json",
               QByteArray("data.refresh_token: ").append(problem).constData());
        addBad(QByteArray("oauth2: ").append(row.name).constData(),
               R"({"access_token":"at-1","refresh_token":")" + row.token + R"("})", "oauth2",
               QByteArray("refresh_token: ").append(problem).constData());
    }
    addBad("control character in the user name",
           R"({"data":{"access_token":"at-1","user":"SECRET\nroot"}})", "json",
           "data.user: holds a control character");
    addBad("user name past its limit",
           R"({"data":{"access_token":"at-1","user":")" + huge + R"("}})", "json",
           "data.user: longer than 1024 bytes");
}

void TestTokenResponse::check()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, preset);
    QFETCH(QString, error);

    const TokenResponseResult result =
            Tessera::parseTokenResponse(body, pathsFor(preset), kReceivedAt);
    // Checked before anything that could print the error: it must never carry a body value.
    QVERIFY2(!result.error.contains(QLatin1String(kMarker)), "error echoes a value of the body");
    if (!error.isEmpty()) {
        QVERIFY(!result.grant);
        QVERIFY2(result.error.startsWith(error), qPrintable(result.error));
        return;
    }
    QVERIFY2(result.grant, qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    const TokenGrant &grant = *result.grant;
    QTEST(grant.accessToken.reveal(), "accessToken");
    QTEST(grant.refreshToken.reveal(), "refreshToken");
    QTEST(grant.accessExpiresAt, "accessExpiresAt");
    QTEST(grant.refreshExpiresAt, "refreshExpiresAt");
    QTEST(grant.user, "user");
    QTEST(grant.expirySource, "source");
}

void TestTokenResponse::parseErrorResponse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");

    const auto row = [](const char *name, const QByteArray &body, const char *code) {
        QTest::newRow(name) << body << QString::fromLatin1(code);
    };
    row("oauth2 error", R"({"error":"invalid_grant","error_description":"Token expired"})",
        "invalid_grant");
    row("error object with code",
        R"({"error":{"code":"invalid_credentials","message":"Wrong password"}})",
        "invalid_credentials");
    row("top-level code", R"({"success":false,"code":"token.expired","message":"Expired"})",
        "token.expired");
    row("free-text error falls back to the code",
        R"({"error":"Something went wrong!","code":"rate_limited"})", "rate_limited");
    row("free-text error only", R"({"error":"Invalid password for alice"})", "");
    row("error object with message only", R"({"error":{"message":"Nope"}})", "");
    row("code longer than 64 characters", "{\"code\":\"" + QByteArray(65, 'x') + "\"}", "");
    row("code with control characters", R"({"code":"bad\ncode"})", "");
    row("numeric code", R"({"code":401})", "");
    row("upper-case code", R"({"code":"TOKEN_EXPIRED"})", "TOKEN_EXPIRED");
    row("code of 48 characters", "{\"code\":\"" + QByteArray(48, 'x') + "\"}",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    row("code of 49 characters", "{\"code\":\"" + QByteArray(49, 'x') + "\"}", "");
    row("mixed-case code", R"({"code":"Token_Expired"})", "");
    row("code starting with a digit", R"({"code":"4xx_error"})", "");
    row("code with six digits", R"({"code":"e123456"})", "e123456");
    row("code with seven digits (a token echoed back?)", R"({"code":"e1234567"})", "");
    row("code with a space", R"({"code":"invalid grant"})", "");
    row("html page", "<html><body>Unauthorized</body></html>", "");
    row("empty body", "", "");
    row("json array", R"(["invalid_grant"])", "");
}

void TestTokenResponse::parseErrorResponse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);

    QCOMPARE(Tessera::parseErrorResponse(body).code, code);
}

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "tst_tokenresponse.moc"
