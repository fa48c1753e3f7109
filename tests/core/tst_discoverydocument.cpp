// SPDX-License-Identifier: BSD-3-Clause
#include "discoverydocument_p.h"

#include <QTest>

using namespace Tessera;

class TestDiscoveryDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
};

namespace {

// Every foreign value in the documents below contains this marker; no error may contain it.
constexpr char kMarker[] = "FOREIGN";

const QUrl kKeycloak(QStringLiteral("https://sso.example.com/realms/tessera"));
const QUrl kGoogle(QStringLiteral("https://accounts.google.com"));
const QUrl kLocal(QStringLiteral("http://127.0.0.1:8080/realms/dev"));

QByteArray keycloakLike()
{
    return R"({
  "issuer": "https://sso.example.com/realms/tessera",
  "authorization_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/auth",
  "token_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/token",
  "introspection_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/token/introspect",
  "userinfo_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/userinfo",
  "end_session_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/logout",
  "frontchannel_logout_session_supported": true,
  "jwks_uri": "https://sso.example.com/realms/tessera/protocol/openid-connect/certs",
  "grant_types_supported": ["authorization_code", "implicit", "refresh_token", "password",
                            "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"],
  "response_types_supported": ["code", "none", "id_token", "token", "id_token token"],
  "subject_types_supported": ["public", "pairwise"],
  "id_token_signing_alg_values_supported": ["PS384", "RS256", "ES256"],
  "code_challenge_methods_supported": ["plain", "S256"],
  "authorization_response_iss_parameter_supported": true,
  "device_authorization_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/auth/device",
  "revocation_endpoint": "https://sso.example.com/realms/tessera/protocol/openid-connect/revoke",
  "mtls_endpoint_aliases": {"token_endpoint": "https://mtls.sso.example.com/token"}
})";
}

QByteArray googleLike()
{
    return R"({
 "issuer": "https://accounts.google.com",
 "authorization_endpoint": "https://accounts.google.com/o/oauth2/v2/auth",
 "device_authorization_endpoint": "https://oauth2.googleapis.com/device/code",
 "token_endpoint": "https://oauth2.googleapis.com/token",
 "userinfo_endpoint": "https://openidconnect.googleapis.com/v1/userinfo",
 "revocation_endpoint": "https://oauth2.googleapis.com/revoke",
 "jwks_uri": "https://www.googleapis.com/oauth2/v3/certs",
 "response_types_supported": ["code", "token", "id_token", "code token", "none"],
 "subject_types_supported": ["public"],
 "id_token_signing_alg_values_supported": ["RS256"],
 "scopes_supported": ["openid", "email", "profile"],
 "code_challenge_methods_supported": ["plain", "S256"],
 "grant_types_supported": ["authorization_code", "refresh_token",
   "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer"]
})";
}

// A minimal document for \a issuer, with \a extra members (",\"key\": value" text) added.
QByteArray minimal(const QString &issuer, const QByteArray &extra = {})
{
    return "{\"issuer\": \"" + issuer.toUtf8() + "\", \"token_endpoint\": \"" + issuer.toUtf8()
           + "/token\"" + extra + "}";
}

QUrl url(const char *text)
{
    return QUrl(QString::fromLatin1(text));
}

} // namespace

void TestDiscoveryDocument::parses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QUrl>("issuer");
    QTest::addColumn<QUrl>("authorization");
    QTest::addColumn<QUrl>("token");
    QTest::addColumn<QUrl>("device");
    QTest::addColumn<QUrl>("revocation");
    QTest::addColumn<QUrl>("endSession");
    QTest::addColumn<bool>("issParameter");
    QTest::addColumn<QStringList>("methods");

    const QString realm = QStringLiteral("https://sso.example.com/realms/tessera/protocol/"
                                         "openid-connect");
    QTest::newRow("keycloak-like")
            << keycloakLike() << kKeycloak << QUrl(realm + QStringLiteral("/auth"))
            << QUrl(realm + QStringLiteral("/token"))
            << QUrl(realm + QStringLiteral("/auth/device"))
            << QUrl(realm + QStringLiteral("/revoke")) << QUrl(realm + QStringLiteral("/logout"))
            << true << QStringList {QStringLiteral("plain"), QStringLiteral("S256")};
    QTest::newRow("google-like") << googleLike() << kGoogle
                                 << url("https://accounts.google.com/o/oauth2/v2/auth")
                                 << url("https://oauth2.googleapis.com/token")
                                 << url("https://oauth2.googleapis.com/device/code")
                                 << url("https://oauth2.googleapis.com/revoke") << QUrl() << false
                                 << QStringList {QStringLiteral("plain"), QStringLiteral("S256")};
    QTest::newRow("http on 127.0.0.1")
            << minimal(kLocal.toString(),
                       R"(, "device_authorization_endpoint": "http://127.0.0.1:8080/device")")
            << kLocal << QUrl() << url("http://127.0.0.1:8080/realms/dev/token")
            << url("http://127.0.0.1:8080/device") << QUrl() << QUrl() << false << QStringList();
    QTest::newRow("http on localhost and ::1")
            << minimal(QStringLiteral("http://localhost:9000"),
                       R"(, "authorization_endpoint": "http://[::1]:9000/auth")")
            << url("http://localhost:9000") << url("http://[::1]:9000/auth")
            << url("http://localhost:9000/token") << QUrl() << QUrl() << QUrl() << false
            << QStringList();
    // The list is reported as it is: whether S256 is missing is the caller's decision.
    QTest::newRow("methods without S256")
            << minimal(kKeycloak.toString(), R"(, "code_challenge_methods_supported": ["plain"])")
            << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token") << QUrl()
            << QUrl() << QUrl() << false << QStringList {QStringLiteral("plain")};
    QTest::newRow("empty methods")
            << minimal(kKeycloak.toString(), R"(, "code_challenge_methods_supported": [])")
            << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token") << QUrl()
            << QUrl() << QUrl() << false << QStringList();
    QTest::newRow("nulls are absent")
            << minimal(kKeycloak.toString(),
                       R"(, "revocation_endpoint": null, "code_challenge_methods_supported": null,)"
                       R"( "authorization_response_iss_parameter_supported": null)")
            << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token") << QUrl()
            << QUrl() << QUrl() << false << QStringList();
    QTest::newRow("iss parameter false")
            << minimal(kKeycloak.toString(),
                       R"(, "authorization_response_iss_parameter_supported": false)")
            << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token") << QUrl()
            << QUrl() << QUrl() << false << QStringList();
    QTest::newRow("endpoint with a query")
            << minimal(kKeycloak.toString(),
                       R"(, "end_session_endpoint": "https://sso.example.com/logout?tenant=a")")
            << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token") << QUrl()
            << QUrl() << url("https://sso.example.com/logout?tenant=a") << false << QStringList();
    QTest::newRow("exactly the limit") <<
            [] {
                QByteArray body = minimal(kKeycloak.toString(), R"(, "padding": ")");
                body.append(QByteArray(MaxDiscoveryDocumentBytes - body.size() - 2, 'x'));
                return body + "\"}";
            }() << kKeycloak << QUrl() << url("https://sso.example.com/realms/tessera/token")
                                       << QUrl() << QUrl() << QUrl() << false << QStringList();
}

void TestDiscoveryDocument::parses()
{
    QFETCH(QByteArray, body);
    QFETCH(QUrl, issuer);
    QFETCH(QUrl, authorization);
    QFETCH(QUrl, token);
    QFETCH(QUrl, device);
    QFETCH(QUrl, revocation);
    QFETCH(QUrl, endSession);
    QFETCH(bool, issParameter);
    QFETCH(QStringList, methods);

    const DiscoveryResult result = parseDiscoveryDocument(body, issuer);
    QVERIFY2(result.document, qPrintable(result.error));
    QCOMPARE(result.error, QString());
    QCOMPARE(result.document->authorizationEndpoint, authorization);
    QCOMPARE(result.document->tokenEndpoint, token);
    QCOMPARE(result.document->deviceAuthorizationEndpoint, device);
    QCOMPARE(result.document->revocationEndpoint, revocation);
    QCOMPARE(result.document->endSessionEndpoint, endSession);
    QCOMPARE(result.document->authorizationResponseIssParameterSupported, issParameter);
    QCOMPARE(result.document->codeChallengeMethodsSupported, methods);
}

void TestDiscoveryDocument::rejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QUrl>("issuer");
    QTest::addColumn<QString>("error"); // the whole expected error

    const QString issuer = kKeycloak.toString();
    const auto row = [](const char *name, const QByteArray &body, const QUrl &issuer,
                        const char *error) {
        QTest::newRow(name) << body << issuer << QString::fromUtf8(error);
    };
    QByteArray noIssuer = keycloakLike();
    noIssuer.replace("\"issuer\"", "\"issuer_FOREIGN\"");
    row("missing issuer", noIssuer, kKeycloak, "issuer: missing");
    row("foreign issuer", minimal(QStringLiteral("https://FOREIGN.example.net/realms/tessera")),
        kKeycloak, "issuer: names another issuer than the profile's");
    row("foreign issuer, same host, other realm",
        minimal(QStringLiteral("https://sso.example.com/realms/FOREIGN")), kKeycloak,
        "issuer: names another issuer than the profile's");
    row("issuer differs in case", minimal(QStringLiteral("https://SSO.example.com/realms/tessera")),
        kKeycloak, "issuer: names another issuer than the profile's");
    row("issuer differs in a default port",
        minimal(QStringLiteral("https://sso.example.com:443/realms/tessera")), kKeycloak,
        "issuer: names another issuer than the profile's");
    const char *slash = "issuer: names another issuer than the profile's (they differ in a "
                        "trailing slash only, which OpenID Connect Discovery section 4.3 does not "
                        "allow; write the issuer in the profile exactly as the server does)";
    row("document has a trailing slash", minimal(issuer + QLatin1Char('/')), kKeycloak, slash);
    row("profile has a trailing slash", minimal(issuer), QUrl(issuer + QLatin1Char('/')), slash);
    row("two trailing slashes", minimal(issuer + QStringLiteral("//")), kKeycloak,
        "issuer: names another issuer than the profile's");
    row("issuer is a number", R"({"issuer": 42, "token_endpoint": "https://a.example/t"})",
        kKeycloak, "issuer: expected a string, got a number");
    row("issuer is null", R"({"issuer": null, "token_endpoint": "https://a.example/t"})", kKeycloak,
        "issuer: expected a string, got null");
    row("profile's issuer is http on a public host",
        minimal(QStringLiteral("http://sso.example.com")), url("http://sso.example.com"),
        "the profile's issuer: http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, "
        "localhost); use https://");
    row("profile's issuer has a query", minimal(QStringLiteral("https://sso.example.com?a=b")),
        url("https://sso.example.com?a=b"), "the profile's issuer: must not contain a query");
    row("profile's issuer is empty", minimal(issuer), QUrl(),
        "the profile's issuer: expected an absolute http:// or https:// URL");

    row("no token endpoint", R"({"issuer": "https://sso.example.com/realms/tessera"})", kKeycloak,
        "token_endpoint: missing");
    row("http endpoint on a public host",
        minimal(issuer, R"(, "device_authorization_endpoint": "http://FOREIGN.example.com/d")"),
        kKeycloak,
        "device_authorization_endpoint: http:// is only allowed for loopback hosts (127.0.0.0/8, "
        "::1, localhost); use https://");
    row("http token endpoint on a public host",
        R"({"issuer": "https://sso.example.com/realms/tessera",)"
        R"( "token_endpoint": "http://sso.example.com/FOREIGN"})",
        kKeycloak,
        "token_endpoint: http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, "
        "localhost); use https://");
    row("relative endpoint", minimal(issuer, R"(, "revocation_endpoint": "/revoke/FOREIGN")"),
        kKeycloak, "revocation_endpoint: expected an absolute http:// or https:// URL");
    row("ftp endpoint", minimal(issuer, R"(, "end_session_endpoint": "ftp://FOREIGN/x")"),
        kKeycloak, "end_session_endpoint: expected an http:// or https:// URL, got \"ftp\":");
    row("endpoint with a password",
        minimal(issuer, R"(, "authorization_endpoint": "https://me:FOREIGN@sso.example.com/a")"),
        kKeycloak, "authorization_endpoint: must not contain a user name or password");
    row("endpoint with a fragment",
        minimal(issuer, R"(, "authorization_endpoint": "https://sso.example.com/a#FOREIGN")"),
        kKeycloak, "authorization_endpoint: must not contain a fragment");
    row("empty endpoint", minimal(issuer, R"(, "revocation_endpoint": "")"), kKeycloak,
        "revocation_endpoint: expected an absolute http:// or https:// URL");
    row("endpoint is an array", minimal(issuer, R"(, "authorization_endpoint": ["FOREIGN"])"),
        kKeycloak, "authorization_endpoint: expected a string, got an array");
    row("iss parameter is a string",
        minimal(issuer, R"(, "authorization_response_iss_parameter_supported": "true")"), kKeycloak,
        "authorization_response_iss_parameter_supported: expected a boolean, got a string");
    row("methods is a string", minimal(issuer, R"(, "code_challenge_methods_supported": "S256")"),
        kKeycloak, "code_challenge_methods_supported: expected an array of strings, got a string");
    row("a method is a number",
        minimal(issuer, R"(, "code_challenge_methods_supported": ["S256", 256])"), kKeycloak,
        "code_challenge_methods_supported[1]: expected a string, got a number");
    row("a method holds a control character",
        minimal(issuer, R"(, "code_challenge_methods_supported": ["S256\nFOREIGN"])"), kKeycloak,
        "code_challenge_methods_supported[0]: contains a control character (U+000A), which no "
        "profile string may");

    row("not JSON", "issuer=FOREIGN", kKeycloak,
        "discovery document is not JSON (illegal value at offset 1)");
    row("an HTML page", "<html>FOREIGN</html>", kKeycloak,
        "discovery document is not JSON (an HTML page?)");
    row("empty", "  \n", kKeycloak, "discovery document is empty");
    row("a JSON array", R"([{"issuer": "https://sso.example.com/realms/tessera"}])", kKeycloak,
        "discovery document is not a JSON object");
    // Qt 6.4's QJsonDocument reads no bare scalar at the top level.
    row("a JSON string", R"("FOREIGN")", kKeycloak,
        "discovery document is not JSON (illegal value at offset 1)");
    QByteArray tooLarge = minimal(issuer, R"(, "padding": ")");
    tooLarge.append(QByteArray(MaxDiscoveryDocumentBytes - tooLarge.size() - 1, 'x'));
    tooLarge.append("\"}");
    row("too large", tooLarge, kKeycloak, "discovery document is larger than 256 KiB");
}

void TestDiscoveryDocument::rejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QUrl, issuer);
    QFETCH(QString, error);

    const DiscoveryResult result = parseDiscoveryDocument(body, issuer);
    QVERIFY(!result.document);
    QCOMPARE(result.error, error);
    QVERIFY2(!result.error.contains(QLatin1String(kMarker), Qt::CaseInsensitive),
             qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestDiscoveryDocument)
#include "tst_discoverydocument.moc"
