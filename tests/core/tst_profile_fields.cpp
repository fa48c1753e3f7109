// SPDX-License-Identifier: BSD-3-Clause
// Profiles: defaults, endpoints, field names and API origins of valid profiles.
#include "profiletesting.h"

class tst_ProfileFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonDefaults();
    void idDefaultsToTheSourceName_data();
    void idDefaultsToTheSourceName();
    void resolvesEndpoints_data();
    void resolvesEndpoints();
    void oauth2UsesFixedNames();
    void issuerAloneIsEnoughForABrowserSignIn();
    void browserAndDeviceKeys();
    void redisStore();
    void customJsonProfile();
    void jsonRequestDefaults();
    void jsonRequestKeys();
    void jsonRequestConstantsMerge();
    void isApiOrigin_data();
    void isApiOrigin();
};

void tst_ProfileFields::jsonDefaults()
{
    const Profile profile = parse(kJsonBase, QStringLiteral("devserver.json"));
    QVERIFY(profile.isValid());
    QCOMPARE(profile.id(), QStringLiteral("devserver"));
    QCOMPARE(profile.name(), QStringLiteral("Dev server"));
    QCOMPARE(profile.dialect(), Profile::Dialect::Json);
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Password);
    QCOMPARE(profile.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:8765")));
    QCOMPARE(profile.loginUrl(), QUrl(QStringLiteral("http://127.0.0.1:8765/auth/login")));
    QCOMPARE(profile.refreshUrl(), QUrl(QStringLiteral("http://127.0.0.1:8765/auth/refresh")));
    QVERIFY(profile.logoutUrl().isEmpty());
    QVERIFY(profile.clientId().isEmpty());
    QVERIFY(profile.scope().isEmpty());
    QCOMPARE(fieldsOf(profile.requestFields()), fields("username|password|api_key|refresh_token"));
    QCOMPARE(fieldsOf(profile.responsePaths()),
             fields("data.access_token|data.refresh_token|data.access_expires_at||"
                    "data.refresh_expires_at||data.user"));
    QCOMPARE(profile.refreshLead(), std::chrono::seconds(300));
    QCOMPARE(profile.requestTimeout(), std::chrono::milliseconds(30000));
    QCOMPARE(profile.maxResponseBytes(), qint64(1048576));
    QCOMPARE(profile.apiOrigins(), QList<QUrl> {QUrl(QStringLiteral("http://127.0.0.1:8765"))});
}

void tst_ProfileFields::idDefaultsToTheSourceName_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("id"); // empty = rejected

    QTest::newRow("file name") << QStringLiteral("work-api.json") << QStringLiteral("work-api");
    QTest::newRow("file name with dots")
            << QStringLiteral("work.v2.json") << QStringLiteral("work.v2");
    QTest::newRow("path") << QStringLiteral("/etc/tessera/work.json") << QStringLiteral("work");
    QTest::newRow("file name that is no id") << QStringLiteral("my api!.json") << QString();
    QTest::newRow("no source name") << QString() << QString();
    QTest::newRow("source name with only an extension") << QStringLiteral(".json") << QString();
}

void tst_ProfileFields::idDefaultsToTheSourceName()
{
    QFETCH(QString, source);
    QFETCH(QString, id);

    const ProfileLoadResult result = Profile::fromJson(kJsonBase, source);
    if (id.isEmpty()) {
        QVERIFY(!result);
        QVERIFY2(result.errorString().contains(QLatin1String(": id: missing")),
                 qPrintable(result.errorString()));
    } else {
        QVERIFY2(result, qPrintable(result.errorString()));
        QCOMPARE(result.profile().id(), id);
    }
}

void tst_ProfileFields::resolvesEndpoints_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");

    for (const QJsonValue &value : testTable("urls.json", "endpoints")) {
        const QJsonArray row = value.toArray();
        QTest::newRow(qPrintable(row.at(0).toString()))
                << row.at(1).toString() << row.at(2).toString() << row.at(3).toString();
    }
}

void tst_ProfileFields::resolvesEndpoints()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, path);
    QFETCH(QString, expected);

    QJsonObject patch {{QStringLiteral("base_url"), baseUrl},
                       {QStringLiteral("login"), QJsonObject {{QStringLiteral("path"), path}}},
                       {QStringLiteral("refresh"), QJsonObject {{QStringLiteral("path"), path}}},
                       {QStringLiteral("logout"), QJsonObject {{QStringLiteral("path"), path}}}};
    const Profile profile = parse(profileJson("json", QJsonDocument(patch).toJson()));
    QVERIFY(profile.isValid());
    QCOMPARE(profile.loginUrl(), QUrl(expected));
    QCOMPARE(profile.refreshUrl(), QUrl(expected));
    QCOMPARE(profile.logoutUrl(), QUrl(expected));
}

void tst_ProfileFields::issuerAloneIsEnoughForABrowserSignIn()
{
    const Profile profile = parse(
            R"({"name":"Keycloak","dialect":"oauth2","issuer":"https://id.example.com/realms/a",)"
            R"("client_id":"desktop","login":{"kind":"browser"}})");
    QVERIFY(profile.isValid());
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Browser);
    QCOMPARE(profile.issuer(), QUrl(QStringLiteral("https://id.example.com/realms/a")));
    // The issuer stands in for base_url; every endpoint is discovered at sign-in.
    QCOMPARE(profile.baseUrl(), profile.issuer());
    QVERIFY(profile.loginUrl().isEmpty());
    QVERIFY(profile.refreshUrl().isEmpty());
    QVERIFY(profile.logoutUrl().isEmpty());
    QVERIFY(profile.authorizationUrl().isEmpty());
    QVERIFY(profile.deviceAuthorizationUrl().isEmpty());
    QVERIFY(profile.offersDeviceSignIn());
    QVERIFY(profile.clientSecret().isEmpty());
    QCOMPARE(profile.redirectPort(), quint16(0));
    QCOMPARE(profile.redirectPath(), QStringLiteral("/callback"));
    QVERIFY(profile.authorizationParameters().isEmpty());
    QCOMPARE(profile.signInTimeout(), std::chrono::seconds(300));
    QCOMPARE(profile.apiOrigins(), QList<QUrl> {QUrl(QStringLiteral("https://id.example.com"))});
}

void tst_ProfileFields::browserAndDeviceKeys()
{
    const Profile profile = parse(profileJson(
            "oauth2",
            R"({"issuer":"https://id.example.com","token_endpoint":"https://id.example.com/t",)"
            R"("authorization_endpoint":"/authorize","device_authorization_endpoint":"/device",)"
            R"("client_secret":"not-so-secret","redirect_port":53682,"redirect_path":"/cb",)"
            R"("authorization_parameters":{"prompt":"select_account","audience":"api"},)"
            R"("login":{"kind":"device","timeout_seconds":600}})"));
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Device);
    QCOMPARE(profile.baseUrl(), QUrl(QStringLiteral("https://api.example.com")));
    QCOMPARE(profile.loginUrl(), QUrl(QStringLiteral("https://id.example.com/t")));
    QCOMPARE(profile.authorizationUrl(), QUrl(QStringLiteral("https://api.example.com/authorize")));
    QCOMPARE(profile.deviceAuthorizationUrl(),
             QUrl(QStringLiteral("https://api.example.com/device")));
    QVERIFY(profile.logoutUrl().isEmpty()); // discovered
    QVERIFY(profile.clientSecret() == Secret("not-so-secret"));
    QCOMPARE(profile.redirectPort(), quint16(53682));
    QCOMPARE(profile.redirectPath(), QStringLiteral("/cb"));
    // JSON objects are read in key order.
    const QList<std::pair<QString, QString>> expected {
            {QStringLiteral("audience"), QStringLiteral("api")},
            {QStringLiteral("prompt"), QStringLiteral("select_account")}};
    QCOMPARE(profile.authorizationParameters(), expected);
    QCOMPARE(profile.signInTimeout(), std::chrono::seconds(600));

    // Without an issuer the token endpoint keeps its default, and no device sign-in is offered.
    const Profile plain = parse(
            profileJson("oauth2", R"({"authorization_endpoint":"/a","login":{"kind":"browser"}})"));
    QCOMPARE(plain.loginUrl(), QUrl(QStringLiteral("https://api.example.com/oauth/token")));
    QVERIFY(!plain.offersDeviceSignIn());
}

void tst_ProfileFields::redisStore()
{
    QCOMPARE(parse(kJsonBase).storeKind(), Profile::StoreKind::Keychain);
    const Profile profile = parse(
            profileJson("json",
                        R"({"store":{"kind":"redis","url":"rediss://redis.example.com:6380/2",)"
                        R"("key_file":"keys/fleet.key","credentials_file":"~/redis.json",)"
                        R"("ca_file":"/etc/ssl/redis-ca.pem","prefix":"acme:desk"}})"),
            QStringLiteral("/etc/tessera/work.json"));
    QCOMPARE(profile.storeKind(), Profile::StoreKind::Redis);
    const Profile::RedisStore store = profile.redisStore();
    QCOMPARE(store.url, QStringLiteral("rediss://redis.example.com:6380/2"));
    QCOMPARE(store.prefix, QStringLiteral("acme:desk"));
    // Relative to the profile's directory; "~/" is the home directory.
    QCOMPARE(store.keyFile, QStringLiteral("/etc/tessera/keys/fleet.key"));
    QCOMPARE(store.credentialsFile, QDir::homePath() + QStringLiteral("/redis.json"));
    QCOMPARE(store.caFile, QStringLiteral("/etc/ssl/redis-ca.pem"));
    const Profile plain = parse(profileJson(
            "json", R"({"store":{"kind":"redis","url":"redis://127.0.0.1","key_file":"/k"}})"));
    QCOMPARE(plain.redisStore().prefix, QStringLiteral("tessera"));
    QVERIFY(plain.redisStore().credentialsFile.isEmpty());
}

void tst_ProfileFields::oauth2UsesFixedNames()
{
    const Profile minimal = parse(kOAuth2Base);
    QCOMPARE(minimal.dialect(), Profile::Dialect::OAuth2);
    QCOMPARE(minimal.loginUrl(), QUrl(QStringLiteral("https://api.example.com/oauth/token")));
    QCOMPARE(minimal.refreshUrl(), minimal.loginUrl());
    QVERIFY(minimal.logoutUrl().isEmpty());
    QCOMPARE(minimal.clientId(), QStringLiteral("tessera"));
    QCOMPARE(minimal.scope(), QString());

    const Profile profile = parse(profileJson(
            "oauth2",
            R"({"base_url":"https://api.example.com/idp","token_endpoint":"/oauth/token",)"
            R"("revocation_endpoint":"/oauth/revoke","scope":"read write",)"
            R"("login":{"kind":"password"}})"));
    QCOMPARE(profile.loginUrl(), QUrl(QStringLiteral("https://api.example.com/idp/oauth/token")));
    QCOMPARE(profile.refreshUrl(), profile.loginUrl());
    QCOMPARE(profile.logoutUrl(), QUrl(QStringLiteral("https://api.example.com/idp/oauth/revoke")));
    QCOMPARE(profile.scope(), QStringLiteral("read write"));
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Password);
    QCOMPARE(fieldsOf(profile.responsePaths()),
             fields("access_token|refresh_token||expires_in||refresh_expires_in|"));
    QCOMPARE(fieldsOf(profile.requestFields()), fields("username|password||refresh_token"));
}

void tst_ProfileFields::customJsonProfile()
{
    const Profile profile = parse(profileJson(
            "json",
            R"({"id":"acme","login":{"kind":"api_key","path":"/v1/session","api_key_field":"key"},)"
            R"("refresh":{"path":"/v1/session/renew","refresh_token_field":"renew_token"},)"
            R"("logout":null,"response":{"access_token":"session.token","refresh_token":null,)"
            R"("access_expires_at":null,"expires_in":"session.ttl","user":""},)"
            R"("refresh_lead_seconds":0,"timeout_seconds":600,"max_response_bytes":1024,)"
            R"("api_origins":["http://127.0.0.1:8765/","https://files.example.com:8443"]})"));
    QCOMPARE(profile.id(), QStringLiteral("acme"));
    QCOMPARE(profile.loginKind(), Profile::LoginKind::ApiKey);
    QCOMPARE(profile.loginUrl(), QUrl(QStringLiteral("http://127.0.0.1:8765/v1/session")));
    QCOMPARE(profile.refreshUrl(), QUrl(QStringLiteral("http://127.0.0.1:8765/v1/session/renew")));
    QVERIFY(profile.logoutUrl().isEmpty());
    QCOMPARE(fieldsOf(profile.requestFields()), fields("username|password|key|renew_token"));
    QCOMPARE(fieldsOf(profile.responsePaths()),
             fields("session.token|||session.ttl|data.refresh_expires_at||"));
    QCOMPARE(profile.refreshLead(), std::chrono::seconds(0));
    QCOMPARE(profile.requestTimeout(), std::chrono::milliseconds(600000));
    QCOMPARE(profile.maxResponseBytes(), qint64(1024));
    QCOMPARE(profile.apiOrigins(),
             (QList<QUrl> {QUrl(QStringLiteral("http://127.0.0.1:8765")),
                           QUrl(QStringLiteral("https://files.example.com:8443"))}));
}

void tst_ProfileFields::jsonRequestDefaults()
{
    // Today's requests: JSON bodies, no constants, the access token as logout's bearer and the
    // refresh token in logout's body under the refresh request's field.
    const Profile profile = parse(profileJson(
            "json", R"({"refresh":{"refresh_token_field":"rt"},"logout":{"path":"/o"}})"));
    const Profile::JsonRequests requests = profile.jsonRequests();
    QCOMPARE(requests.encoding, Profile::JsonRequests::Encoding::Json);
    QVERIFY(requests.login.fields.isEmpty() && requests.login.headers.isEmpty());
    QVERIFY(requests.refresh.fields.isEmpty() && requests.refresh.headers.isEmpty());
    QVERIFY(requests.logout.fields.isEmpty() && requests.logout.headers.isEmpty());
    QVERIFY(requests.secretHeaders.isEmpty());
    QCOMPARE(requests.refreshBearer, Profile::JsonRequests::Bearer::None);
    QCOMPARE(requests.logoutBearer, Profile::JsonRequests::Bearer::AccessToken);
    QCOMPARE(requests.logoutRefreshTokenField, QStringLiteral("rt"));
    QVERIFY(requests.logoutAccessTokenField.isEmpty());
}

void tst_ProfileFields::jsonRequestKeys()
{
    const QString path = QStringLiteral(TESSERA_SHIPPED_PROFILES_DIR "/devserver-form.json");
    const ProfileLoadResult loaded = Profile::load(path);
    QVERIFY2(loaded, qPrintable(loaded.errorString()));
    const Profile &profile = loaded.profile();
    QCOMPARE(fieldsOf(profile.requestFields()), fields("login|password|api_key|"));
    const Profile::JsonRequests requests = profile.jsonRequests();
    using Field = std::pair<QString, QJsonValue>;
    using Header = std::pair<QByteArray, QByteArray>;
    QCOMPARE(requests.encoding, Profile::JsonRequests::Encoding::Form);
    QCOMPARE(requests.login.fields,
             (QList<Field> {{QStringLiteral("client_id"), QStringLiteral("tessera-desktop")},
                            {QStringLiteral("device_name"), QStringLiteral("Tessera")}}));
    QCOMPARE(requests.refresh.fields,
             (QList<Field> {{QStringLiteral("client_id"), QStringLiteral("tessera-desktop")}}));
    QCOMPARE(requests.logout.fields, requests.refresh.fields);
    for (const auto *constants : {&requests.login, &requests.refresh, &requests.logout})
        QCOMPARE(constants->headers, (QList<Header> {{"X-Api-Version", "2"}}));
    QCOMPARE(requests.secretHeaders.size(), 1);
    QCOMPARE(requests.secretHeaders.at(0).name, QByteArray("X-App-Key"));
    QCOMPARE(requests.secretHeaders.at(0).file,
             QDir::homePath() + QStringLiteral("/.config/tessera/devserver-app-key"));
    QVERIFY(requests.secretHeaders.at(0).keychainEntry.isEmpty());
    QCOMPARE(requests.refreshBearer, Profile::JsonRequests::Bearer::RefreshToken);
    QCOMPARE(requests.logoutBearer, Profile::JsonRequests::Bearer::AccessToken);
    QCOMPARE(requests.logoutRefreshTokenField, QStringLiteral("token"));
    QVERIFY(requests.logoutAccessTokenField.isEmpty());
}

void tst_ProfileFields::jsonRequestConstantsMerge()
{
    // A request's own constants replace the common ones of the same name (headers in any
    // case); numbers and booleans stay what they are; a relative file is the profile's
    // directory's; null bearers and token fields send nothing.
    const Profile profile = parse(
            profileJson("json", R"({"request":{"fields":{"client_id":"a","v":2},)"
                                R"("headers":{"Accept":"application/json","X-Api-Version":"1"},)"
                                R"("secret_headers":{"X-App-Key":{"keychain":"acme.app-key"},)"
                                R"("X-Tenant-Secret":{"file":"tenant.secret"}}},)"
                                R"("login":{"fields":{"client_id":"b","remember":true},)"
                                R"("headers":{"x-api-version":"3"}},)"
                                R"("refresh":{"bearer":"access_token"},)"
                                R"("logout":{"path":"/o","bearer":null,"refresh_token_field":null,)"
                                R"("access_token_field":"access"}})"),
            QStringLiteral("/etc/tessera/acme.json"));
    const Profile::JsonRequests requests = profile.jsonRequests();
    using Field = std::pair<QString, QJsonValue>;
    using Header = std::pair<QByteArray, QByteArray>;
    QCOMPARE(requests.login.fields,
             (QList<Field> {{QStringLiteral("v"), 2},
                            {QStringLiteral("client_id"), QStringLiteral("b")},
                            {QStringLiteral("remember"), true}}));
    QCOMPARE(requests.login.headers,
             (QList<Header> {{"Accept", "application/json"}, {"x-api-version", "3"}}));
    QCOMPARE(requests.refresh.headers,
             (QList<Header> {{"Accept", "application/json"}, {"X-Api-Version", "1"}}));
    QCOMPARE(requests.secretHeaders.size(), 2);
    QCOMPARE(requests.secretHeaders.at(0).name, QByteArray("X-App-Key"));
    QCOMPARE(requests.secretHeaders.at(0).keychainEntry, QStringLiteral("acme.app-key"));
    QCOMPARE(requests.secretHeaders.at(1).file, QStringLiteral("/etc/tessera/tenant.secret"));
    QCOMPARE(requests.refreshBearer, Profile::JsonRequests::Bearer::AccessToken);
    QCOMPARE(profile.requestFields().refreshToken, QStringLiteral("refresh_token"));
    QCOMPARE(requests.logoutBearer, Profile::JsonRequests::Bearer::None);
    QVERIFY(requests.logoutRefreshTokenField.isEmpty());
    QCOMPARE(requests.logoutAccessTokenField, QStringLiteral("access"));
}

void tst_ProfileFields::isApiOrigin_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("expected");

    for (const QJsonValue &value : testTable("urls.json", "origins")) {
        const QJsonArray row = value.toArray();
        QTest::newRow(qPrintable(row.at(0).toString()))
                << profileJson(QStringLiteral("json"), row.at(1).toObject()) << row.at(2).toString()
                << row.at(3).toBool();
    }
}

void tst_ProfileFields::isApiOrigin()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, url);
    QFETCH(bool, expected);

    const Profile profile = parse(json);
    QVERIFY(profile.isValid());
    QCOMPARE(profile.isApiOrigin(QUrl(url)), expected);
}

QTEST_GUILESS_MAIN(tst_ProfileFields)
#include "tst_profile_fields.moc"
