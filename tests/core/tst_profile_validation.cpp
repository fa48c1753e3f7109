// SPDX-License-Identifier: BSD-3-Clause
// Profiles: what is rejected and how the message reads, loading files, the shipped profiles.
#include "profiletesting.h"

#include <QThread>

#include <memory>

#include <sys/stat.h>

class tst_ProfileValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejects_data();
    void rejects();
    void rejectionMessagesReadLikeTheDocs();
    void acceptsServerUrls_data();
    void acceptsServerUrls();
    void defaultConstructedIsInvalid();
    void loadsFromFile();
    void loadFailures_data();
    void loadFailures();
    void refusesWhatIsNotARegularFile_data();
    void refusesWhatIsNotARegularFile();
    void followsSymbolicLinks();
    void refusesControlCharacters_data();
    void refusesControlCharacters();
    void shippedProfilesLoad_data();
    void shippedProfilesLoad();
    void keycloakExample();
    void entraIdExample();
    void googleExample();
    void githubDeviceExample();
};

namespace {

// The provider examples (docs/profiles.md, "Provider examples"): each has its own test below.
const QStringList kProviderExamples = {
        QStringLiteral("example-entra-id.json"), QStringLiteral("example-github-device.json"),
        QStringLiteral("example-google.json"), QStringLiteral("example-keycloak.json")};

Profile shipped(const char *fileName)
{
    const ProfileLoadResult result =
            Profile::load(QDir(profilesDir()).filePath(QLatin1String(fileName)));
    if (!result)
        qWarning("%s", qPrintable(result.errorString()));
    return result ? result.profile() : Profile();
}

QList<QUrl> urls(std::initializer_list<const char *> texts)
{
    QList<QUrl> list;
    for (const char *text : texts)
        list.append(QUrl(QLatin1String(text)));
    return list;
}

} // namespace

void tst_ProfileValidation::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key"); // empty: the message is about the whole file
    QTest::addColumn<QString>("message");

    QTest::newRow("not json at all")
            << QByteArray("dialect = json") << QString() << QStringLiteral("not valid JSON: ");
    QTest::newRow("truncated json")
            << kJsonBase.left(30) << QString() << QStringLiteral(" at offset ");
    QTest::newRow("empty file") << QByteArray() << QString() << QStringLiteral("not valid JSON");
    QTest::newRow("top-level array") << QByteArray("[" + kJsonBase + "]") << QString()
                                     << QStringLiteral("expected a JSON object at the top level");

    // One row per key and way of getting it wrong; see the file's "about".
    for (const QJsonValue &value : testTable("rejections.json", "rows")) {
        const QJsonObject row = value.toObject();
        const auto text = [&row](const char *name) {
            return row.value(QLatin1String(name)).toString();
        };
        QStringList remove;
        for (const QJsonValue &key : row.value(QLatin1String("remove")).toArray())
            remove.append(key.toString());
        QTest::newRow(qPrintable(text("scenario")))
                << profileJson(text("dialect"), row.value(QLatin1String("set")).toObject(), remove)
                << text("key") << text("message");
    }
}

void tst_ProfileValidation::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(QString, message);

    const ProfileLoadResult result = Profile::fromJson(json, QStringLiteral("test.json"));
    QVERIFY(!result);
    const QString error = result.errorString();
    const QString prefix = key.isEmpty() ? QStringLiteral("test.json: ")
                                         : QStringLiteral("test.json: %1: ").arg(key);
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void tst_ProfileValidation::rejectionMessagesReadLikeTheDocs()
{
    const QByteArray json = profileJson("json", R"({"login":{"kind":"token"}})");
    QCOMPARE(
            Profile::fromJson(json, QStringLiteral("devserver.json")).errorString(),
            QStringLiteral(
                    R"(devserver.json: login.kind: expected "password", "api_key", "browser" or "device", got "token")"));
    QCOMPARE(Profile::fromJson(profileJson("json", R"({"timeout":5})"), QStringLiteral("a.json"))
                     .errorString(),
             QStringLiteral("a.json: timeout: unknown key"));
    QCOMPARE(Profile::fromJson(profileJson("json", R"({"id":"x","name":3})"), QString())
                     .errorString(),
             QStringLiteral("profile: name: expected a string, got a number"));
    // The browser and device sign-in lines of docs/profiles.md's "Error messages".
    const auto oauth2Error = [](const char *patch) {
        return Profile::fromJson(profileJson("oauth2", patch), QStringLiteral("sso.json"))
                .errorString();
    };
    QCOMPARE(
            oauth2Error(R"({"login":{"kind":"browser"}})"),
            QStringLiteral(
                    R"(sso.json: login.kind: "browser" needs "issuer" or "authorization_endpoint")"));
    QCOMPARE(oauth2Error(R"({"authorization_parameters":{"state":"x"}})"),
             QStringLiteral("sso.json: authorization_parameters.state: set by Tessera itself"));
    QCOMPARE(oauth2Error(R"({"redirect_path":"callback"})"),
             QStringLiteral(R"(sso.json: redirect_path: expected a path like "/callback")"));
}

void tst_ProfileValidation::acceptsServerUrls_data()
{
    QTest::addColumn<QString>("baseUrl");

    for (const QJsonValue &value : testTable("urls.json", "base_urls")) {
        const QJsonArray row = value.toArray();
        QTest::newRow(qPrintable(row.at(0).toString())) << row.at(1).toString();
    }
}

void tst_ProfileValidation::acceptsServerUrls()
{
    QFETCH(QString, baseUrl);

    const QByteArray patch = "{\"base_url\":\"" + baseUrl.toUtf8() + "\"}";
    const ProfileLoadResult result =
            Profile::fromJson(profileJson("json", patch), QStringLiteral("test.json"));
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(result.profile().baseUrl(), QUrl(baseUrl));
    QVERIFY(result.profile().isApiOrigin(QUrl(baseUrl)));
}

void tst_ProfileValidation::defaultConstructedIsInvalid()
{
    const Profile profile;
    QVERIFY(!profile.isValid());
    QVERIFY(profile.id().isEmpty());
    QVERIFY(!profile.isApiOrigin(QUrl(QStringLiteral("https://api.example.com"))));
}

void tst_ProfileValidation::loadsFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("work-api.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kOAuth2Base);
    file.close();

    const ProfileLoadResult result = Profile::load(file.fileName());
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(result.profile().id(), QStringLiteral("work-api"));
    QCOMPARE(result.profile().dialect(), Profile::Dialect::OAuth2);
}

void tst_ProfileValidation::loadFailures_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content"); // null = do not create the file
    QTest::addColumn<QString>("message");

    QTest::newRow("missing file") << QStringLiteral("missing.json") << QByteArray()
                                  << QStringLiteral("/missing.json: cannot read: ");
    QTest::newRow("directory") << QStringLiteral("dir.json") << QByteArray("<dir>")
                               << QStringLiteral("/dir.json: cannot read: ");
    QTest::newRow("file larger than 1 MiB")
            << QStringLiteral("huge.json") << QByteArray(1024 * 1024 + 1, ' ')
            << QStringLiteral("/huge.json: larger than 1 MiB");
    QTest::newRow("invalid profile names the file and key")
            << QStringLiteral("broken.json") << profileJson("json", R"({"login":{"kind":"token"}})")
            << QStringLiteral("broken.json: login.kind: expected");
    QTest::newRow("empty file") << QStringLiteral("empty.json") << QByteArray("")
                                << QStringLiteral("empty.json: not valid JSON");
}

void tst_ProfileValidation::loadFailures()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    if (content == "<dir>") {
        QVERIFY(QDir(dir.path()).mkdir(fileName));
    } else if (!content.isNull()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }
    const ProfileLoadResult result = Profile::load(path);
    QVERIFY(!result);
    QVERIFY2(result.errorString().contains(message), qPrintable(result.errorString()));
}

// A FIFO blocks open() until a writer comes (which may be never), a device like /dev/zero never
// ends, a directory is no file: each is refused by what it is, at once, naming the file.
void tst_ProfileValidation::refusesWhatIsNotARegularFile_data()
{
    QTest::addColumn<QString>("kind"); // "fifo", "directory" or a path to use as it is
    QTest::addColumn<QString>("message");
    QTest::newRow("FIFO") << QStringLiteral("fifo")
                          << QStringLiteral("cannot read: a FIFO, not a regular file");
    QTest::newRow("directory") << QStringLiteral("directory")
                               << QStringLiteral("cannot read: a directory, not a regular file");
    QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero")
                               << QStringLiteral("cannot read: a device, not a regular file");
    QTest::newRow("/dev/null") << QStringLiteral("/dev/null")
                               << QStringLiteral("cannot read: a device, not a regular file");
}

void tst_ProfileValidation::refusesWhatIsNotARegularFile()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = kind;
    if (kind == QLatin1String("fifo")) {
        path = dir.filePath(QStringLiteral("profile.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else if (kind == QLatin1String("directory")) {
        path = dir.filePath(QStringLiteral("profile.json"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("profile.json")));
    }
    // Loaded on a thread of its own: a load that blocks fails the test instead of hanging it.
    ProfileLoadResult result;
    std::unique_ptr<QThread> loader(QThread::create([&] { result = Profile::load(path); }));
    loader->start();
    if (!loader->wait(5000)) {
        // Set it free: a writer that opens and closes the FIFO ends the blocked open().
        QFile writer(path);
        if (writer.open(QIODevice::WriteOnly))
            writer.close();
        loader->wait();
        QFAIL("Profile::load() blocked");
    }
    QVERIFY(!result);
    QCOMPARE(result.errorString(), QDir::toNativeSeparators(path) + QStringLiteral(": ") + message);
}

void tst_ProfileValidation::followsSymbolicLinks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("real.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kOAuth2Base);
    file.close();
    const QString link = dir.filePath(QStringLiteral("work.json"));
    QVERIFY(QFile::link(file.fileName(), link));
    const ProfileLoadResult result = Profile::load(link);
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(result.profile().id(), QStringLiteral("work"));
}

// Control characters have no place in any string of a profile; raw inside a JSON string they
// are not even JSON (RFC 8259), yet QJsonDocument reads them. The message says where, never
// what the string holds.
void tst_ProfileValidation::refusesControlCharacters_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const auto with = [](const QByteArray &from, const QByteArray &to) {
        QByteArray json = profileJson("json", R"({"login":{"kind":"password","path":"/a"},)"
                                              R"("api_origins":["http://127.0.0.1:1"]})");
        if (!json.contains(from))
            qFatal("no %s in the profile", from.constData());
        return json.replace(from, to);
    };
    QTest::newRow("raw NUL in name")
            << with("Dev server", QByteArray("Dev\0server", 10))
            << QStringLiteral("test.json: name: contains a control character (U+0000)");
    QTest::newRow("raw NUL at the end of base_url")
            << with("8765\"", QByteArray("8765\0\"", 6))
            << QStringLiteral("test.json: base_url: contains a control character (U+0000)");
    QTest::newRow("raw escape in login.path")
            << with("/a", "/a\x1b[2J")
            << QStringLiteral("test.json: login.path: contains a control character (U+001B)");
    QTest::newRow("escaped NUL in an api_origins entry")
            << with("127.0.0.1:1", "127.0.0.1:1\\u0000")
            << QStringLiteral("test.json: api_origins[0]: contains a control character (U+0000)");
    QTest::newRow("raw newline in a key")
            << with("\"kind\"", "\"ki\nnd\"")
            << QStringLiteral("test.json: login: a key contains a control character (U+000A)");
    QTest::newRow("DEL in name") << with(
            "Dev server",
            "Dev\x7f"
            "server") << QStringLiteral("test.json: name: contains a control character (U+007F)");
}

void tst_ProfileValidation::refusesControlCharacters()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const ProfileLoadResult result = Profile::fromJson(json, QStringLiteral("test.json"));
    QVERIFY2(!result, "accepted");
    QVERIFY2(result.errorString().startsWith(message), qPrintable(result.errorString()));
    // Never the string itself, nor a piece of it.
    QVERIFY2(!result.errorString().contains(QStringLiteral("Dev")),
             qPrintable(result.errorString()));
    QVERIFY2(!result.errorString().contains(QStringLiteral("127.0.0.1")),
             qPrintable(result.errorString()));
}

void tst_ProfileValidation::shippedProfilesLoad_data()
{
    QTest::addColumn<QString>("path");

    const QStringList expected = QStringList {QStringLiteral("devserver-apikey.json"),
                                              QStringLiteral("devserver-browser.json"),
                                              QStringLiteral("devserver-device.json"),
                                              QStringLiteral("devserver-form.json"),
                                              QStringLiteral("devserver-json.json"),
                                              QStringLiteral("devserver-oauth2.json"),
                                              QStringLiteral("example-fleet-redis.json"),
                                              QStringLiteral("example-json.json"),
                                              QStringLiteral("example-oauth2.json")}
                                 + kProviderExamples;
    const QDir dir(profilesDir());
    const QStringList found = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : expected)
        QVERIFY2(found.contains(name), qPrintable(name));
    for (const QString &name : found)
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void tst_ProfileValidation::shippedProfilesLoad()
{
    QFETCH(QString, path);

    const ProfileLoadResult result = Profile::load(path);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Profile &profile = result.profile();
    QCOMPARE(profile.id(), QFileInfo(path).completeBaseName());
    const bool devserver = profile.id().startsWith(QLatin1String("devserver"));
    // Every API origin of a profile for a real service is https://.
    for (const QUrl &origin : profile.apiOrigins())
        QCOMPARE(origin.scheme(), devserver ? QStringLiteral("http") : QStringLiteral("https"));
    // The provider examples are checked key by key below; their API is not at base_url.
    if (kProviderExamples.contains(QFileInfo(path).fileName()))
        return;
    QCOMPARE(profile.baseUrl().host(),
             devserver ? QStringLiteral("127.0.0.1") : QStringLiteral("api.example.com"));
    if (devserver)
        QCOMPARE(profile.baseUrl().port(), 8765);
    QVERIFY(profile.isApiOrigin(profile.baseUrl()));
    QCOMPARE(profile.storeKind(), profile.id() == QLatin1String("example-fleet-redis")
                                          ? Profile::StoreKind::Redis
                                          : Profile::StoreKind::Keychain);
}

// Endpoints by discovery from the realm; scope without offline_access (docs/profiles.md says
// why); a public client, so no secret.
void tst_ProfileValidation::keycloakExample()
{
    const Profile profile = shipped("example-keycloak.json");
    QVERIFY(profile.isValid());
    QCOMPARE(profile.dialect(), Profile::Dialect::OAuth2);
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Browser);
    QCOMPARE(profile.issuer(), QUrl(QStringLiteral("https://keycloak.example.com/realms/example")));
    QCOMPARE(profile.baseUrl(), profile.issuer());
    QVERIFY(profile.loginUrl().isEmpty());
    QVERIFY(profile.authorizationUrl().isEmpty());
    QVERIFY(profile.logoutUrl().isEmpty());
    QVERIFY(profile.offersDeviceSignIn());
    QCOMPARE(profile.clientId(), QStringLiteral("tessera-desktop"));
    QVERIFY(profile.clientSecret().isEmpty());
    QCOMPARE(profile.scope(), QStringLiteral("openid"));
    QCOMPARE(profile.redirectPort(), quint16(0));
    QCOMPARE(profile.redirectPath(), QStringLiteral("/callback"));
    QVERIFY(profile.authorizationParameters().isEmpty());
    QCOMPARE(profile.signInTimeout(), std::chrono::seconds(300));
    QCOMPARE(profile.apiOrigins(), urls({"https://api.example.com"}));
}

// The tenant's v2.0 issuer, with the placeholder tenant ID the docs tell to replace.
void tst_ProfileValidation::entraIdExample()
{
    const Profile profile = shipped("example-entra-id.json");
    QVERIFY(profile.isValid());
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Browser);
    QCOMPARE(profile.issuer(), QUrl(QStringLiteral("https://login.microsoftonline.com/"
                                                   "00000000-0000-0000-0000-000000000000/v2.0")));
    QVERIFY(profile.loginUrl().isEmpty());
    QVERIFY(profile.authorizationUrl().isEmpty());
    QVERIFY(profile.clientSecret().isEmpty());
    const QStringList scopes = profile.scope().split(QLatin1Char(' '));
    for (const char *scope : {"openid", "profile", "offline_access"})
        QVERIFY2(scopes.contains(QLatin1String(scope)), scope);
    QVERIFY(scopes.last().startsWith(QLatin1String("api://")));
    QVERIFY(scopes.last().endsWith(QLatin1String("/access_as_user")));
    QCOMPARE(profile.apiOrigins(), urls({"https://api.example.com"}));
}

// Google's Desktop app client: a secret that is not one, and the parameters that bring a
// refresh token.
void tst_ProfileValidation::googleExample()
{
    const Profile profile = shipped("example-google.json");
    QVERIFY(profile.isValid());
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Browser);
    QCOMPARE(profile.issuer(), QUrl(QStringLiteral("https://accounts.google.com")));
    QVERIFY(profile.loginUrl().isEmpty());
    QVERIFY(profile.clientId().endsWith(QLatin1String(".apps.googleusercontent.com")));
    QVERIFY(profile.clientSecret() == Secret("replace-with-your-client-secret"));
    QCOMPARE(profile.scope(), QStringLiteral("openid email"));
    const QList<std::pair<QString, QString>> parameters {
            {QStringLiteral("access_type"), QStringLiteral("offline")},
            {QStringLiteral("prompt"), QStringLiteral("consent")}};
    QCOMPARE(profile.authorizationParameters(), parameters);
    QCOMPARE(profile.apiOrigins(), urls({"https://www.googleapis.com"}));
    QVERIFY(!profile.isApiOrigin(QUrl(QStringLiteral("https://accounts.google.com/x"))));
}

// No discovery at GitHub: every endpoint is named, and there is nothing to revoke with.
void tst_ProfileValidation::githubDeviceExample()
{
    const Profile profile = shipped("example-github-device.json");
    QVERIFY(profile.isValid());
    QCOMPARE(profile.loginKind(), Profile::LoginKind::Device);
    QVERIFY(profile.issuer().isEmpty());
    QCOMPARE(profile.baseUrl(), QUrl(QStringLiteral("https://github.com")));
    QCOMPARE(profile.deviceAuthorizationUrl(),
             QUrl(QStringLiteral("https://github.com/login/device/code")));
    QCOMPARE(profile.loginUrl(),
             QUrl(QStringLiteral("https://github.com/login/oauth/access_token")));
    QCOMPARE(profile.refreshUrl(), profile.loginUrl());
    QVERIFY(profile.authorizationUrl().isEmpty());
    QVERIFY(profile.logoutUrl().isEmpty());
    QVERIFY(profile.offersDeviceSignIn());
    QVERIFY(profile.clientSecret().isEmpty());
    QCOMPARE(profile.scope(), QStringLiteral("read:user"));
    QCOMPARE(profile.signInTimeout(), std::chrono::seconds(900));
    QCOMPARE(profile.apiOrigins(), urls({"https://api.github.com"}));
    QVERIFY(!profile.isApiOrigin(profile.baseUrl()));
}

QTEST_GUILESS_MAIN(tst_ProfileValidation)
#include "tst_profile_validation.moc"
