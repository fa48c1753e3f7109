// SPDX-License-Identifier: BSD-3-Clause
// AuthClient with queued fake replies: how every kind of answer is classified (what the session
// then does with it is in tst_session*), that no answer can put a secret into an error string,
// the oauth2 token_type rule, server clock skew, requests whose manager goes away, how a
// sign-out's answers count, and a json profile's secret headers.
#include "authclient_p.h"
#include "fakenetwork.h"
#include "privatefile_p.h"
#include "requestsecrets_p.h"

#include <Tessera/clock.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Kind = AuthOutcome::Kind;
using Error = AuthOutcome::Error;
using Purpose = AuthClient::Purpose;
using Dialect = Profile::Dialect;

Q_DECLARE_METATYPE(Tessera::AuthOutcome::Error)

namespace {

// Made-up secrets that would pass as error codes by their shape alone; listed in
// tests/test-secrets.txt so that the secret scan looks for them too.
const QByteArray sentRefreshToken = "opaque-refresh-sample";
const QByteArray sentPassword = "plain-words-password";

Profile profile(Dialect dialect, int timeoutSeconds = 5, const QString &errorMessage = QString())
{
    QJsonObject json {{QStringLiteral("id"), QStringLiteral("fake")},
                      {QStringLiteral("name"), QStringLiteral("Fake")},
                      {QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9")},
                      {QStringLiteral("timeout_seconds"), timeoutSeconds}};
    if (dialect == Dialect::OAuth2) {
        json.insert(QStringLiteral("dialect"), QStringLiteral("oauth2"));
        json.insert(QStringLiteral("token_endpoint"), QStringLiteral("/oauth/token"));
        json.insert(QStringLiteral("client_id"), QStringLiteral("tests"));
    } else {
        json.insert(QStringLiteral("dialect"), QStringLiteral("json"));
    }
    if (!errorMessage.isEmpty())
        json.insert(QStringLiteral("error_message"), errorMessage);
    const ProfileLoadResult loaded =
            Profile::fromJson(QJsonDocument(json).toJson(), QStringLiteral("fake.json"));
    if (!loaded)
        qFatal("%s", qPrintable(loaded.errorString()));
    return loaded.profile();
}

// A json profile whose requests carry X-App-Key from \a keyFile.
Profile withAppKeyFile(const QString &keyFile)
{
    const QJsonObject json {
            {QStringLiteral("id"), QStringLiteral("fake")},
            {QStringLiteral("name"), QStringLiteral("Fake")},
            {QStringLiteral("dialect"), QStringLiteral("json")},
            {QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9")},
            {QStringLiteral("request"),
             QJsonObject {{QStringLiteral("secret_headers"),
                           QJsonObject {{QStringLiteral("X-App-Key"),
                                         QJsonObject {{QStringLiteral("file"), keyFile}}}}}}}};
    const ProfileLoadResult loaded =
            Profile::fromJson(QJsonDocument(json).toJson(), QStringLiteral("fake.json"));
    if (!loaded)
        qFatal("%s", qPrintable(loaded.errorString()));
    return loaded.profile();
}

AuthRequest requestFor(const Profile &p, Purpose purpose)
{
    return purpose == Purpose::SignIn
                   ? AuthRequests::passwordLogin(p, QStringLiteral("alice"), Secret(sentPassword))
                   : AuthRequests::refresh(p, Secret(sentRefreshToken));
}

QByteArray grantBody(Dialect dialect, const QJsonObject &extra = {})
{
    QJsonObject tokens {{QStringLiteral("access_token"), QStringLiteral("fake-access")},
                        {QStringLiteral("refresh_token"), QStringLiteral("fake-refresh")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        tokens.insert(it.key(), it.value());
    if (dialect == Dialect::Json)
        tokens = QJsonObject {{QStringLiteral("data"), tokens}};
    return QJsonDocument(tokens).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_AuthClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data();
    void classification();
    void signOutClassification_data();
    void signOutClassification();
    void secretHeadersAreAddedAndNeverShown();
    void unreadableSecretHeaderSendsNothing();
    void retryAfterIsRead();
    void noSecretReachesTheErrorString_data();
    void noSecretReachesTheErrorString();
    void oauth2TokenTypeMustBeBearer_data();
    void oauth2TokenTypeMustBeBearer();
    void serverClockSkewIsCorrected();
    void timeoutIsTransient();
    void managerDestroyedMidRequestIsANetworkError();
    void managerGoneBeforeSendIsANetworkError();
    void theServersOwnWordsAreShownAsPlainText_data();
    void theServersOwnWordsAreShownAsPlainText();

private:
    std::optional<AuthOutcome> exchange(const Profile &p, Purpose purpose,
                                        const FakeAnswer &answer);
    std::optional<AuthOutcome> exchangeWithSecrets(const Profile &p, Purpose purpose,
                                                   FakeNetworkAccessManager &manager);
};

std::optional<AuthOutcome> tst_AuthClient::exchange(const Profile &p, Purpose purpose,
                                                    const FakeAnswer &answer)
{
    FakeNetworkAccessManager manager;
    manager.enqueue(answer);
    AuthClient client(p, Clock::system());
    client.setNetworkAccessManager(&manager);
    std::optional<AuthOutcome> result;
    client.send(requestFor(p, purpose), purpose, [&](const AuthOutcome &o) { result = o; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qWarning("the exchange did not end");
    return result;
}

// exchange(), with \a p's secret headers read by a RequestSecrets, through \a manager.
std::optional<AuthOutcome> tst_AuthClient::exchangeWithSecrets(const Profile &p, Purpose purpose,
                                                               FakeNetworkAccessManager &manager)
{
    RequestSecrets secrets(p);
    AuthClient client(p, Clock::system());
    client.setNetworkAccessManager(&manager);
    client.setRequestSecrets(&secrets);
    std::optional<AuthOutcome> result;
    client.send(requestFor(p, purpose), purpose, [&](const AuthOutcome &o) { result = o; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qWarning("the exchange did not end");
    return result;
}

void tst_AuthClient::classification_data()
{
    QTest::addColumn<Purpose>("purpose");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Error>("error");
    const auto row = [](const char *name, Purpose purpose, Dialect dialect, int status,
                        const QByteArray &body, Kind kind, Error error) {
        QTest::newRow(name) << purpose << dialect << status << body << kind << error;
    };
    const auto R = Purpose::Refresh;
    const auto S = Purpose::SignIn;
    const auto O = Dialect::OAuth2;
    const auto J = Dialect::Json;
    const QByteArray html = "<html><body>403 Forbidden</body></html>";
    // Refresh: what ends the session (the session wipes it) ...
    row("refresh 400 invalid_grant ends the session", R, O, 400, R"({"error":"invalid_grant"})",
        Kind::Rejected, Error::SessionExpired);
    row("refresh 400 invalid_request ends it (profile problem)", R, O, 400,
        R"({"error":"invalid_request"})", Kind::Rejected, Error::BadResponse);
    row("refresh 401 invalid_client ends it (profile problem)", R, O, 401,
        R"({"error":"invalid_client"})", Kind::Rejected, Error::BadResponse);
    row("refresh 400 without a code ends it", R, J, 400, "", Kind::Rejected, Error::SessionExpired);
    row("refresh 401 invalid_refresh_token ends it", R, J, 401,
        R"({"error":{"code":"invalid_refresh_token"}})", Kind::Rejected, Error::SessionExpired);
    row("refresh 403 explained by the token API ends it", R, J, 403,
        R"({"error":{"code":"account_disabled"}})", Kind::Rejected, Error::Forbidden);
    // ... and what is retried with backoff.
    row("refresh 403 page from a proxy is retried", R, J, 403, html, Kind::Transient,
        Error::Forbidden);
    row("refresh 408 is retried", R, O, 408, "", Kind::Transient, Error::Timeout);
    row("refresh 500 is retried", R, O, 500, "", Kind::Transient, Error::ServerError);
    row("refresh 502 html is retried", R, J, 502, html, Kind::Transient, Error::ServerError);
    row("refresh 503 is retried", R, J, 503, R"({"error":"temporarily_unavailable"})",
        Kind::Transient, Error::ServerError);
    row("refresh 429 is retried", R, O, 429, "", Kind::Transient, Error::RateLimited);
    row("refresh 404 is retried", R, J, 404, "", Kind::Transient, Error::BadResponse);
    row("refresh 200 garbage is retried", R, J, 200, "{\"data\":", Kind::Transient,
        Error::BadResponse);
    // Sign-in
    row("sign-in 401 wrong password", S, J, 401, R"({"error":{"code":"invalid_credentials"}})",
        Kind::Rejected, Error::InvalidCredentials);
    row("sign-in 400 invalid_grant", S, O, 400, R"({"error":"invalid_grant"})", Kind::Rejected,
        Error::InvalidCredentials);
    row("sign-in 403", S, J, 403, html, Kind::Rejected, Error::Forbidden);
    row("sign-in 503", S, O, 503, "", Kind::Transient, Error::ServerError);
}

void tst_AuthClient::classification()
{
    QFETCH(Purpose, purpose);
    QFETCH(Dialect, dialect);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);
    QFETCH(Error, error);
    FakeAnswer answer;
    answer.status = status;
    answer.body = body;
    const std::optional<AuthOutcome> outcome = exchange(profile(dialect), purpose, answer);
    QVERIFY(outcome);
    QCOMPARE(outcome->kind, kind);
    QCOMPARE(outcome->error, error);
    QCOMPARE(outcome->httpStatus, status);
    QVERIFY(!outcome->errorString.isEmpty());
    QVERIFY(!outcome->errorString.contains(QLatin1String("html")));
}

void tst_AuthClient::signOutClassification_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Error>("error");
    const auto O = Dialect::OAuth2;
    const auto J = Dialect::Json;
    // Done: the server ended the session, or no longer takes these tokens.
    QTest::newRow("200") << J << 200 << QByteArray() << Kind::Done << Error::NoError;
    QTest::newRow("204") << J << 204 << QByteArray() << Kind::Done << Error::NoError;
    QTest::newRow("401: the token is gone already")
            << J << 401 << QByteArray() << Kind::Done << Error::NoError;
    QTest::newRow("400 invalid_grant") << O << 400 << QByteArray(R"({"error":"invalid_grant"})")
                                       << Kind::Done << Error::NoError;
    QTest::newRow("400 invalid_token")
            << J << 400 << QByteArray(R"({"error":{"code":"invalid_token"}})") << Kind::Done
            << Error::NoError;
    // Not done: the tokens may live on there, and the user is told.
    QTest::newRow("404: a wrong logout path")
            << J << 404 << QByteArray() << Kind::Rejected << Error::BadResponse;
    QTest::newRow("405") << J << 405 << QByteArray() << Kind::Rejected << Error::BadResponse;
    QTest::newRow("400 unsupported_token_type")
            << O << 400 << QByteArray(R"({"error":"unsupported_token_type"})") << Kind::Rejected
            << Error::BadResponse;
    QTest::newRow("400 without a code: a field the API wants")
            << J << 400 << QByteArray(R"({"error":{"message":"token is required"}})")
            << Kind::Rejected << Error::BadResponse;
    QTest::newRow("403") << J << 403 << QByteArray("<html>no</html>") << Kind::Rejected
                         << Error::Forbidden;
    QTest::newRow("503 is worth another try")
            << J << 503 << QByteArray() << Kind::Transient << Error::ServerError;
}

void tst_AuthClient::signOutClassification()
{
    QFETCH(Dialect, dialect);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);
    QFETCH(Error, error);
    FakeAnswer answer;
    answer.status = status;
    answer.body = body;
    const std::optional<AuthOutcome> outcome = exchange(profile(dialect), Purpose::SignOut, answer);
    QVERIFY(outcome);
    QCOMPARE(outcome->kind, kind);
    QCOMPARE(outcome->error, error);
    if (kind == Kind::Rejected)
        QVERIFY2(outcome->errorString.contains(QLatin1String("may still be valid there")),
                 qPrintable(outcome->errorString));
}

void tst_AuthClient::secretHeadersAreAddedAndNeverShown()
{
    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("app-key"));
    QVERIFY(PrivateFile::create(keyFile, Secret("app-key-sample-1\n")).isEmpty());
    const Profile p = withAppKeyFile(keyFile);
    FakeNetworkAccessManager manager;
    FakeAnswer answer;
    answer.status = 403;
    answer.body = R"({"error":{"code":"app","message":"Unknown app key app-key-sample-1"}})";
    manager.enqueue(answer);
    const std::optional<AuthOutcome> result = exchangeWithSecrets(p, Purpose::SignIn, manager);
    QVERIFY(result);
    QCOMPARE(manager.requests.size(), 1);
    // The file's line end is not part of the value.
    QCOMPARE(manager.requests.at(0).rawHeader("X-App-Key"), QByteArray("app-key-sample-1"));
    QCOMPARE(result->error, Error::Forbidden);
    QVERIFY2(!result->errorCode.contains(QLatin1String("app-key-sample")),
             qPrintable(result->errorCode));
    QVERIFY2(!result->errorString.contains(QLatin1String("app-key-sample")),
             qPrintable(result->errorString));
}

void tst_AuthClient::unreadableSecretHeaderSendsNothing()
{
    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("app-key"));
    QFile file(keyFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("app-key-sample-2");
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    const Profile p = withAppKeyFile(keyFile);
    FakeNetworkAccessManager manager;
    const std::optional<AuthOutcome> result = exchangeWithSecrets(p, Purpose::Refresh, manager);
    QVERIFY(result);
    QVERIFY(manager.requests.isEmpty());
    // Worth another try (a refresh keeps the session), and it says which file and why.
    QCOMPARE(result->kind, Kind::Transient);
    QCOMPARE(result->error, Error::SecretUnavailable);
    QVERIFY2(result->errorString.startsWith(
                     QStringLiteral("The X-App-Key header's file %1 ").arg(keyFile)),
             qPrintable(result->errorString));
    QVERIFY2(result->errorString.contains(QLatin1String("readable by others")),
             qPrintable(result->errorString));
}

void tst_AuthClient::retryAfterIsRead()
{
    FakeAnswer answer;
    answer.status = 429;
    answer.headers = {{"Retry-After", "30"}};
    const std::optional<AuthOutcome> outcome =
            exchange(profile(Dialect::OAuth2), Purpose::Refresh, answer);
    QVERIFY(outcome && outcome->retryAfter);
    QCOMPARE(outcome->retryAfter->count(), 30000);
}

void tst_AuthClient::noSecretReachesTheErrorString_data()
{
    QTest::addColumn<Purpose>("purpose");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QByteArray>("code");
    const QByteArray base64url = "Yq3tV_9xKw2LmN8pQr5sTu7vWx0yZa1bCc4dEe6fGg8";
    QTest::newRow("oauth2 echoes the refresh token it was sent")
            << Purpose::Refresh << Dialect::OAuth2 << sentRefreshToken;
    QTest::newRow("json echoes the refresh token it was sent")
            << Purpose::Refresh << Dialect::Json << sentRefreshToken;
    QTest::newRow("json echoes the password it was sent")
            << Purpose::SignIn << Dialect::Json << sentPassword;
    QTest::newRow("a base64url token as the code")
            << Purpose::Refresh << Dialect::OAuth2 << base64url;
    QTest::newRow("a hex token as the code")
            << Purpose::Refresh << Dialect::Json << QByteArray("deadbeef00112233445566778899aabb");
}

void tst_AuthClient::noSecretReachesTheErrorString()
{
    QFETCH(Purpose, purpose);
    QFETCH(Dialect, dialect);
    QFETCH(QByteArray, code);
    FakeAnswer answer;
    answer.status = 400;
    answer.body = dialect == Dialect::OAuth2 ? "{\"error\":\"" + code + "\"}"
                                             : "{\"error\":{\"code\":\"" + code + "\"}}";
    const std::optional<AuthOutcome> outcome = exchange(profile(dialect), purpose, answer);
    QVERIFY(outcome);
    QCOMPARE(outcome->kind, Kind::Rejected);
    QVERIFY(!outcome->errorString.isEmpty());
    QVERIFY2(!outcome->errorString.toUtf8().contains(code.left(12)), "a secret got through");
}

void tst_AuthClient::oauth2TokenTypeMustBeBearer_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QJsonValue>("tokenType");
    QTest::addColumn<bool>("usable");
    QTest::newRow("bearer") << Dialect::OAuth2 << QJsonValue(QStringLiteral("bearer")) << true;
    QTest::newRow("Bearer") << Dialect::OAuth2 << QJsonValue(QStringLiteral("Bearer")) << true;
    QTest::newRow("BEARER") << Dialect::OAuth2 << QJsonValue(QStringLiteral("BEARER")) << true;
    QTest::newRow("missing") << Dialect::OAuth2 << QJsonValue(QJsonValue::Undefined) << true;
    QTest::newRow("mac") << Dialect::OAuth2 << QJsonValue(QStringLiteral("mac")) << false;
    QTest::newRow("DPoP") << Dialect::OAuth2 << QJsonValue(QStringLiteral("DPoP")) << false;
    QTest::newRow("a number") << Dialect::OAuth2 << QJsonValue(42) << false;
    QTest::newRow("json dialect ignores it")
            << Dialect::Json << QJsonValue(QStringLiteral("mac")) << true;
}

void tst_AuthClient::oauth2TokenTypeMustBeBearer()
{
    QFETCH(Dialect, dialect);
    QFETCH(QJsonValue, tokenType);
    QFETCH(bool, usable);
    FakeAnswer answer;
    QJsonObject extra;
    if (!tokenType.isUndefined())
        extra.insert(QStringLiteral("token_type"), tokenType);
    answer.body = grantBody(dialect, extra);
    const std::optional<AuthOutcome> outcome = exchange(profile(dialect), Purpose::SignIn, answer);
    QVERIFY(outcome);
    if (usable) {
        QCOMPARE(outcome->kind, Kind::Granted);
        return;
    }
    QCOMPARE(outcome->kind, Kind::Rejected);
    QCOMPARE(outcome->error, Error::BadResponse);
    QVERIFY2(outcome->errorString.contains(QLatin1String("bearer")),
             qPrintable(outcome->errorString));
}

void tst_AuthClient::serverClockSkewIsCorrected()
{
    // The server's clock is ten minutes behind: its absolute expiry, five minutes after its
    // "now", is five minutes in the local past.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime serverNow = now.addSecs(-600);
    FakeAnswer answer;
    answer.headers = {{"Date", QLocale::c()
                                       .toString(serverNow, QStringLiteral("ddd, dd MMM yyyy "
                                                                           "hh:mm:ss 'GMT'"))
                                       .toLatin1()}};
    answer.body = grantBody(Dialect::Json, {{QStringLiteral("access_expires_at"),
                                             serverNow.addSecs(300).toString(Qt::ISODate)},
                                            {QStringLiteral("refresh_expires_at"),
                                             serverNow.addSecs(3600).toString(Qt::ISODate)}});
    const std::optional<AuthOutcome> outcome =
            exchange(profile(Dialect::Json), Purpose::SignIn, answer);
    QVERIFY(outcome && outcome->grant);
    const qint64 lifetime = now.secsTo(outcome->grant->accessExpiresAt);
    QVERIFY2(lifetime >= 297 && lifetime <= 302, QByteArray::number(lifetime));
    const qint64 session = now.secsTo(outcome->grant->refreshExpiresAt);
    QVERIFY2(session >= 3597 && session <= 3602, QByteArray::number(session));
}

void tst_AuthClient::timeoutIsTransient()
{
    FakeAnswer answer;
    answer.hang = true;
    const std::optional<AuthOutcome> outcome =
            exchange(profile(Dialect::Json, 1), Purpose::Refresh, answer);
    QVERIFY(outcome);
    QCOMPARE(outcome->kind, Kind::Transient);
    QCOMPARE(outcome->error, Error::Timeout);
}

void tst_AuthClient::managerDestroyedMidRequestIsANetworkError()
{
    const Profile p = profile(Dialect::Json, 1);
    QPointer<FakeNetworkAccessManager> manager = new FakeNetworkAccessManager;
    AuthClient client(p, Clock::system());
    client.setNetworkAccessManager(manager);
    std::optional<AuthOutcome> result;
    client.send(requestFor(p, Purpose::Refresh), Purpose::Refresh,
                [&](const AuthOutcome &o) { result = o; });
    QCOMPARE(manager->requests.size(), 1);
    delete manager; // takes its hanging reply with it, without finished()
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 500); // well before the 1 s timeout
    QCOMPARE(result->kind, Kind::Transient);
    QCOMPARE(result->error, Error::NetworkError);
    QVERIFY(!client.isBusy());
    // The request timer must not outlive the exchange (it used to abort the freed reply).
    QTest::qWait(1200);
}

void tst_AuthClient::managerGoneBeforeSendIsANetworkError()
{
    const Profile p = profile(Dialect::OAuth2);
    AuthClient client(p, Clock::system());
    {
        FakeNetworkAccessManager manager;
        client.setNetworkAccessManager(&manager);
    }
    std::optional<AuthOutcome> result;
    client.send(requestFor(p, Purpose::SignIn), Purpose::SignIn,
                [&](const AuthOutcome &o) { result = o; });
    QVERIFY(!result); // never from inside send()
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->error, Error::NetworkError);
}

void tst_AuthClient::theServersOwnWordsAreShownAsPlainText_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("shown"); // empty: nothing of the server's is shown
    QTest::newRow("403 explained")
            << 403 << QByteArray(R"({"error":{"message":"IP not whitelisted"}})")
            << QStringLiteral("the server says: “IP not whitelisted”");
    QTest::newRow("401 explained")
            << 401 << QByteArray(R"({"error":{"message":"Invalid credentials"}})")
            << QStringLiteral("“Invalid credentials”");
    QTest::newRow("markup and control characters")
            << 400 << QByteArray(R"({"error":{"message":"<b>No</b>\u0007 way\n\nat all"}})")
            << QStringLiteral("“‹b›No‹/b› way at all”");
    QTest::newRow("too long") << 400
                              << QByteArray(R"({"error":{"message":")") + QByteArray(500, 'x')
                                         + QByteArray(R"("}})")
                              << QString(200, QLatin1Char('x')) + QChar(0x2026) + QChar(0x201d);
    QTest::newRow("not a string") << 400 << QByteArray(R"({"error":{"message":{"a":1}}})")
                                  << QString();
    QTest::newRow("echoes the password")
            << 401 << QByteArray(R"({"error":{"message":"wrong: plain-words-password"}})")
            << QString();
}

void tst_AuthClient::theServersOwnWordsAreShownAsPlainText()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, shown);
    FakeAnswer answer;
    answer.status = status;
    answer.body = body;
    const std::optional<AuthOutcome> outcome = exchange(
            profile(Dialect::Json, 5, QStringLiteral("error.message")), Purpose::SignIn, answer);
    QVERIFY(outcome);
    QCOMPARE(outcome->kind, Kind::Rejected);
    if (shown.isEmpty())
        QVERIFY2(!outcome->errorString.contains(QLatin1String("the server says")),
                 qPrintable(outcome->errorString));
    else
        QVERIFY2(outcome->errorString.endsWith(shown), qPrintable(outcome->errorString));
    QVERIFY(!outcome->errorString.contains(QLatin1String("plain-words-password")));
}

QTEST_GUILESS_MAIN(tst_AuthClient)
#include "tst_authclient.moc"
