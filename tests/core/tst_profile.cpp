// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/profile.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;

class TestProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejects_data();
    void rejects();
    void rejectionMessagesReadLikeTheDocs();
    void acceptsServerUrls_data();
    void acceptsServerUrls();
    void jsonDefaults();
    void idDefaultsToTheSourceName_data();
    void idDefaultsToTheSourceName();
    void resolvesEndpoints_data();
    void resolvesEndpoints();
    void oauth2UsesFixedNames();
    void customJsonProfile();
    void isApiOrigin_data();
    void isApiOrigin();
    void defaultConstructedIsInvalid();
    void loadsFromFile();
    void loadFailures_data();
    void loadFailures();
    void shippedProfilesLoad_data();
    void shippedProfilesLoad();
};

namespace {

const QByteArray kJsonBase =
        R"({"name":"Dev server","dialect":"json","base_url":"http://127.0.0.1:8765"})";
const QByteArray kOAuth2Base =
        R"({"name":"Example","dialect":"oauth2","base_url":"https://api.example.com",)"
        R"("client_id":"tessera"})";

// The base profile of \a dialect with the keys of \a changes set and the keys in \a remove gone.
QByteArray profileJson(const QString &dialect, const QJsonObject &changes,
                       const QStringList &remove = {})
{
    const bool oauth2 = dialect == QLatin1String("oauth2");
    QJsonObject object = QJsonDocument::fromJson(oauth2 ? kOAuth2Base : kJsonBase).object();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        object.insert(it.key(), it.value());
    for (const QString &key : remove)
        object.remove(key);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray profileJson(const char *dialect, const QByteArray &patch)
{
    QJsonParseError error;
    const QJsonObject changes = QJsonDocument::fromJson(patch, &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("bad patch in the test data: %s", patch.constData());
    return profileJson(QString::fromLatin1(dialect), changes);
}

Profile parse(const QByteArray &json, const QString &source = QStringLiteral("test.json"))
{
    const ProfileLoadResult result = Profile::fromJson(json, source);
    if (!result)
        qWarning("unexpected rejection: %s", qPrintable(result.errorString()));
    return result ? result.profile() : Profile();
}

// "a|b||c" as a list, empty entries kept: the expected values of a struct's fields.
QStringList fields(const char *pipeSeparated)
{
    return QString::fromLatin1(pipeSeparated).split(QLatin1Char('|'));
}

QStringList fieldsOf(const Profile::RequestFields &f)
{
    return {f.username, f.password, f.apiKey, f.refreshToken};
}

QStringList fieldsOf(const Profile::ResponsePaths &p)
{
    return {p.accessToken,
            p.refreshToken,
            p.accessExpiresAt,
            p.accessExpiresIn,
            p.refreshExpiresAt,
            p.refreshExpiresIn,
            p.user};
}

// A table from a file in tests/core/data/profiles; aborts the test if it is missing or empty.
QJsonArray testTable(const char *fileName, const char *table)
{
    QFile file(QStringLiteral(TESSERA_PROFILE_TEST_DATA_DIR "/") + QLatin1String(fileName));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s: %s", fileName, qPrintable(file.errorString()));
    const QJsonArray rows =
            QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String(table)).toArray();
    if (rows.isEmpty())
        qFatal("no rows in table %s of %s", table, fileName);
    return rows;
}

QString profilesDir()
{
    return QStringLiteral(TESSERA_SHIPPED_PROFILES_DIR);
}

} // namespace

void TestProfile::rejects_data()
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

void TestProfile::rejects()
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

void TestProfile::rejectionMessagesReadLikeTheDocs()
{
    const QByteArray json = profileJson("json", R"({"login":{"kind":"token"}})");
    QCOMPARE(
            Profile::fromJson(json, QStringLiteral("devserver.json")).errorString(),
            QStringLiteral(
                    R"(devserver.json: login.kind: expected "password" or "api_key", got "token")"));
    QCOMPARE(Profile::fromJson(profileJson("json", R"({"timeout":5})"), QStringLiteral("a.json"))
                     .errorString(),
             QStringLiteral("a.json: timeout: unknown key"));
    QCOMPARE(Profile::fromJson(profileJson("json", R"({"id":"x","name":3})"), QString())
                     .errorString(),
             QStringLiteral("profile: name: expected a string, got a number"));
}

void TestProfile::acceptsServerUrls_data()
{
    QTest::addColumn<QString>("baseUrl");

    for (const QJsonValue &value : testTable("urls.json", "base_urls")) {
        const QJsonArray row = value.toArray();
        QTest::newRow(qPrintable(row.at(0).toString())) << row.at(1).toString();
    }
}

void TestProfile::acceptsServerUrls()
{
    QFETCH(QString, baseUrl);

    const QByteArray patch = "{\"base_url\":\"" + baseUrl.toUtf8() + "\"}";
    const ProfileLoadResult result =
            Profile::fromJson(profileJson("json", patch), QStringLiteral("test.json"));
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(result.profile().baseUrl(), QUrl(baseUrl));
    QVERIFY(result.profile().isApiOrigin(QUrl(baseUrl)));
}

void TestProfile::jsonDefaults()
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

void TestProfile::idDefaultsToTheSourceName_data()
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

void TestProfile::idDefaultsToTheSourceName()
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

void TestProfile::resolvesEndpoints_data()
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

void TestProfile::resolvesEndpoints()
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

void TestProfile::oauth2UsesFixedNames()
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

void TestProfile::customJsonProfile()
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

void TestProfile::isApiOrigin_data()
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

void TestProfile::isApiOrigin()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, url);
    QFETCH(bool, expected);

    const Profile profile = parse(json);
    QVERIFY(profile.isValid());
    QCOMPARE(profile.isApiOrigin(QUrl(url)), expected);
}

void TestProfile::defaultConstructedIsInvalid()
{
    const Profile profile;
    QVERIFY(!profile.isValid());
    QVERIFY(profile.id().isEmpty());
    QVERIFY(!profile.isApiOrigin(QUrl(QStringLiteral("https://api.example.com"))));
}

void TestProfile::loadsFromFile()
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

void TestProfile::loadFailures_data()
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

void TestProfile::loadFailures()
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

void TestProfile::shippedProfilesLoad_data()
{
    QTest::addColumn<QString>("path");

    const QStringList expected = {
            QStringLiteral("devserver-apikey.json"), QStringLiteral("devserver-json.json"),
            QStringLiteral("devserver-oauth2.json"), QStringLiteral("example-json.json"),
            QStringLiteral("example-oauth2.json")};
    const QDir dir(profilesDir());
    const QStringList found = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : expected)
        QVERIFY2(found.contains(name), qPrintable(name));
    for (const QString &name : found)
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestProfile::shippedProfilesLoad()
{
    QFETCH(QString, path);

    const ProfileLoadResult result = Profile::load(path);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Profile &profile = result.profile();
    QCOMPARE(profile.id(), QFileInfo(path).completeBaseName());
    const bool devserver = profile.id().startsWith(QLatin1String("devserver"));
    QCOMPARE(profile.baseUrl().host(),
             devserver ? QStringLiteral("127.0.0.1") : QStringLiteral("api.example.com"));
    if (devserver)
        QCOMPARE(profile.baseUrl().port(), 8765);
    QVERIFY(profile.isApiOrigin(profile.baseUrl()));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
