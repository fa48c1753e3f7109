// SPDX-License-Identifier: BSD-3-Clause
#include "accountpointer_p.h"
#include "storedsession_p.h"
#include "tokensyntax_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tessera;

Q_DECLARE_METATYPE(Tessera::StoredSession)

class TestStoredSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void serializedFormIsCompactJsonWithEpochMilliseconds();
    void optionalFieldsMayBeNull();
    void corruption_data();
    void corruption();
    void accountPointer();
    void keys_data();
    void keys();
};

namespace {

// Secrets from tests/test-secrets.txt, so that the suite's log scan would catch a leak.
const QByteArray AccessToken("tr0ub4dor-bob-5Kp");
const QByteArray RefreshToken("correct-horse-7Qx9");
const QByteArray ApiKey("ak_live_alice_3Jd8fK2m");

QDateTime utcMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

StoredSession fullSession()
{
    StoredSession s;
    s.user = QStringLiteral("alice");
    s.displayName = QStringLiteral("Alice Liddell");
    s.accessToken = Secret(AccessToken);
    s.refreshToken = Secret(RefreshToken);
    s.accessExpiresAt = utcMs(1714564800123);
    s.refreshExpiresAt = utcMs(1717243200000);
    s.obtainedAt = utcMs(1714561200000);
    s.apiKey = Secret(ApiKey);
    s.generation = 42;
    return s;
}

// A valid serialized session as a JSON object, for the corruption rows to damage.
QJsonObject validObject()
{
    return QJsonDocument::fromJson(serializeStoredSession(fullSession()).reveal()).object();
}

QByteArray withField(const QString &name, const QJsonValue &value)
{
    QJsonObject object = validObject();
    object.insert(name, value);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray withoutField(const QString &name)
{
    QJsonObject object = validObject();
    object.remove(name);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

void TestStoredSession::roundTrip_data()
{
    QTest::addColumn<StoredSession>("session");

    QTest::newRow("every field set") << fullSession();

    StoredSession minimal;
    minimal.user = QStringLiteral("bob");
    minimal.accessToken = Secret(AccessToken);
    QTest::newRow("only user and access token") << minimal;

    StoredSession unknownExpiry = fullSession();
    unknownExpiry.accessExpiresAt = QDateTime();
    unknownExpiry.refreshExpiresAt = QDateTime();
    unknownExpiry.refreshToken = Secret();
    QTest::newRow("no refresh token and unknown expiries") << unknownExpiry;

    StoredSession nonAscii = fullSession();
    nonAscii.user = QStringLiteral("zoë.müller@example.org");
    QTest::newRow("non-ascii user name") << nonAscii;

    StoredSession bigGeneration = fullSession();
    bigGeneration.generation = (quint64(1) << 53) - 1;
    QTest::newRow("largest generation a JSON number holds") << bigGeneration;

    StoredSession beforeEpoch = fullSession();
    beforeEpoch.obtainedAt = utcMs(-86400000);
    QTest::newRow("timestamp before 1970") << beforeEpoch;
    // The largest session TokenSyntax lets in is stored and read back whole.
    StoredSession largest = fullSession();
    largest.user = QString(TokenSyntax::MaxUserBytes, QLatin1Char('u'));
    largest.displayName = QString(TokenSyntax::MaxUserBytes, QLatin1Char('n'));
    largest.accessToken = Secret(QByteArray(TokenSyntax::MaxTokenBytes, 'a'));
    largest.refreshToken = Secret(QByteArray(TokenSyntax::MaxTokenBytes, '"'));
    largest.apiKey = Secret(QByteArray(TokenSyntax::MaxTokenBytes, '\\'));
    QTest::newRow("every token at its size limit") << largest;
}

void TestStoredSession::roundTrip()
{
    QFETCH(StoredSession, session);

    const Secret data = serializeStoredSession(session);
    const StoredSessionResult parsed = parseStoredSession(data);

    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QVERIFY(parsed.session.has_value());
    QCOMPARE(parsed.session->version, 1);
    QCOMPARE(parsed.session->user, session.user);
    QVERIFY(parsed.session->accessToken == session.accessToken);
    QVERIFY(parsed.session->refreshToken == session.refreshToken);
    QCOMPARE(parsed.session->accessExpiresAt, session.accessExpiresAt);
    QCOMPARE(parsed.session->refreshExpiresAt, session.refreshExpiresAt);
    QCOMPARE(parsed.session->obtainedAt, session.obtainedAt);
    QVERIFY(parsed.session->apiKey == session.apiKey);
    QCOMPARE(parsed.session->generation, session.generation);
    QVERIFY(*parsed.session == session);
}

void TestStoredSession::serializedFormIsCompactJsonWithEpochMilliseconds()
{
    const QByteArray json = serializeStoredSession(fullSession()).reveal();
    QVERIFY(!json.contains('\n'));
    QVERIFY(!json.contains(": "));

    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(object.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(object.value(QLatin1String("user")).toString(), QStringLiteral("alice"));
    QCOMPARE(object.value(QLatin1String("accessExpiresAt")).toDouble(), 1714564800123.0);
    QCOMPARE(object.value(QLatin1String("refreshExpiresAt")).toDouble(), 1717243200000.0);
    QCOMPARE(object.value(QLatin1String("obtainedAt")).toDouble(), 1714561200000.0);
    QCOMPARE(object.value(QLatin1String("generation")).toDouble(), 42.0);
    QVERIFY(object.value(QLatin1String("accessToken")).toString().toUtf8() == AccessToken);

    StoredSession minimal;
    minimal.user = QStringLiteral("bob");
    minimal.accessToken = Secret(AccessToken);
    const QJsonObject sparse =
            QJsonDocument::fromJson(serializeStoredSession(minimal).reveal()).object();
    QVERIFY(!sparse.contains(QLatin1String("refreshToken")));
    QVERIFY(!sparse.contains(QLatin1String("apiKey")));
    QVERIFY(!sparse.contains(QLatin1String("accessExpiresAt")));
}

void TestStoredSession::optionalFieldsMayBeNull()
{
    QJsonObject object = validObject();
    for (const char *name : {"refreshToken", "accessExpiresAt", "refreshExpiresAt", "obtainedAt",
                             "apiKey", "generation"})
        object.insert(QLatin1String(name), QJsonValue::Null);

    const StoredSessionResult parsed =
            parseStoredSession(Secret(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QVERIFY(parsed.session.has_value());
    QVERIFY(parsed.session->refreshToken.isEmpty());
    QVERIFY(!parsed.session->accessExpiresAt.isValid());
    QVERIFY(!parsed.session->obtainedAt.isValid());
    QCOMPARE(parsed.session->generation, quint64(0));
}

void TestStoredSession::corruption_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("field"); // the error must start with "<field>:"

    const QString data = QStringLiteral("data");
    QTest::newRow("empty entry") << QByteArray() << data;
    QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe garbage \x01", 14) << data;
    QTest::newRow("truncated json")
            << serializeStoredSession(fullSession()).reveal().left(30) << data;
    QTest::newRow("json array instead of object") << QByteArray("[1,2,3]") << data;
    QTest::newRow("json string instead of object") << QByteArray("\"alice\"") << data;
    QTest::newRow("huge entry") << QByteArray(4 * 1024 * 1024, '{') << data;
    QTest::newRow("deeply nested arrays") << QByteArray(200000, '[') << data;

    const QString version = QStringLiteral("version");
    QTest::newRow("version missing") << withoutField(version) << version;
    QTest::newRow("version from the future") << withField(version, 2) << version;
    QTest::newRow("version zero") << withField(version, 0) << version;
    QTest::newRow("version as string") << withField(version, QStringLiteral("1")) << version;
    QTest::newRow("version fractional") << withField(version, 1.5) << version;
    QTest::newRow("version null") << withField(version, QJsonValue::Null) << version;

    const QString user = QStringLiteral("user");
    QTest::newRow("user missing") << withoutField(user) << user;
    QTest::newRow("user empty") << withField(user, QString()) << user;
    QTest::newRow("user as number") << withField(user, 7) << user;

    const QString access = QStringLiteral("accessToken");
    QTest::newRow("access token missing") << withoutField(access) << access;
    QTest::newRow("access token empty") << withField(access, QString()) << access;
    QTest::newRow("access token null") << withField(access, QJsonValue::Null) << access;
    QTest::newRow("access token as object") << withField(access, QJsonObject()) << access;

    // Read back, a token is held to what a token endpoint may send (TokenSyntax): a store that
    // another program wrote to cannot make Tessera send a header of its choice.
    QTest::newRow("access token with CR LF")
            << withField(access, QStringLiteral("at\r\nX-Injected: yes")) << access;
    QTest::newRow("access token of spaces") << withField(access, QStringLiteral("  ")) << access;
    QTest::newRow("access token with NUL")
            << withField(access, QString::fromLatin1("at\0x", 4)) << access;
    QTest::newRow("access token past the limit")
            << withField(access, QString(TokenSyntax::MaxTokenBytes + 1, QLatin1Char('a')))
            << access;
    QTest::newRow("user with LF") << withField(user, QStringLiteral("alice\nroot")) << user;
    const QString displayName = QStringLiteral("displayName");
    QTest::newRow("display name as number") << withField(displayName, 7) << displayName;
    QTest::newRow("display name with LF")
            << withField(displayName, QStringLiteral("Alice\nroot")) << displayName;

    const QString refresh = QStringLiteral("refreshToken");
    QTest::newRow("refresh token as bool") << withField(refresh, true) << refresh;
    QTest::newRow("refresh token with CR LF")
            << withField(refresh, QStringLiteral("rt\r\nX: y")) << refresh;
    QTest::newRow("refresh token non-ASCII")
            << withField(refresh, QStringLiteral("rt-\u00e9")) << refresh;
    const QString apiKey = QStringLiteral("apiKey");
    QTest::newRow("api key as number") << withField(apiKey, 12345) << apiKey;
    QTest::newRow("api key with LF") << withField(apiKey, QStringLiteral("ak\nx")) << apiKey;

    const QString expires = QStringLiteral("accessExpiresAt");
    QTest::newRow("expiry as iso string")
            << withField(expires, QStringLiteral("2024-05-01T12:00:00Z")) << expires;
    QTest::newRow("expiry fractional ms") << withField(expires, 1.5) << expires;
    QTest::newRow("expiry beyond year 275000") << withField(expires, 1e17) << expires;
    QTest::newRow("refresh expiry as array")
            << withField(QStringLiteral("refreshExpiresAt"), QJsonArray {1})
            << QStringLiteral("refreshExpiresAt");
    QTest::newRow("obtained at as string")
            << withField(QStringLiteral("obtainedAt"), QStringLiteral("now"))
            << QStringLiteral("obtainedAt");

    const QString generation = QStringLiteral("generation");
    QTest::newRow("generation negative") << withField(generation, -1) << generation;
    QTest::newRow("generation beyond 2^53") << withField(generation, 1e300) << generation;
    QTest::newRow("generation as string")
            << withField(generation, QStringLiteral("3")) << generation;
}

void TestStoredSession::corruption()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, field);

    const StoredSessionResult parsed = parseStoredSession(Secret(data));

    QVERIFY(!parsed.session.has_value());
    QVERIFY2(parsed.error.startsWith(field + QLatin1Char(':')), qPrintable(parsed.error));
    // The error names the field; it never quotes the stored secrets.
    for (const QByteArray &secret : {AccessToken, RefreshToken, ApiKey})
        QVERIFY(!parsed.error.contains(QString::fromLatin1(secret)));
}

void TestStoredSession::accountPointer()
{
    // Without leftovers: the plain user name, as it always was (and as older entries are).
    AccountPointer plain;
    plain.current = QStringLiteral("alice");
    QCOMPARE(serializeAccountPointer(plain).reveal(), QByteArray("alice"));
    QCOMPARE(parseAccountPointer(Secret("alice")), plain);
    QCOMPARE(parseAccountPointer(Secret("{brace}")).current, QStringLiteral("{brace}"));

    AccountPointer intent;
    intent.addLeftover(QStringLiteral("bob"));
    intent.addLeftover(QStringLiteral("bob"));
    intent.addLeftover(QString());
    QCOMPARE(intent.leftovers, QStringList {QStringLiteral("bob")});
    QCOMPARE(intent.writer, QCoreApplication::applicationPid());
    QVERIFY(!intent.leftoversInProgressElsewhere()); // this process's own
    QCOMPARE(parseAccountPointer(serializeAccountPointer(intent)), intent);

    AccountPointer replaced;
    replaced.current = QStringLiteral("bob");
    replaced.addLeftover(QStringLiteral("bob"));
    replaced.addLeftover(QStringLiteral("alice"));
    QCOMPARE(replaced.leftovers, QStringList {QStringLiteral("alice")});
    QCOMPARE(parseAccountPointer(serializeAccountPointer(replaced)), replaced);

    // A writer that no longer runs: its leftovers are anybody's to end.
    AccountPointer dead = replaced;
    dead.writer = 0x7ffffff0;
    QVERIFY(!dead.leftoversInProgressElsewhere());
    AccountPointer alive = replaced;
    alive.writer = 1; // init
    QVERIFY(alive.leftoversInProgressElsewhere());
}

void TestStoredSession::keys_data()
{
    QTest::addColumn<QString>("profileId");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("sessionKey");
    QTest::addColumn<QString>("accountKey");

    QTest::newRow("plain user") << QStringLiteral("example-api") << QStringLiteral("alice")
                                << QStringLiteral("example-api/alice")
                                << QStringLiteral("example-api");
    QTest::newRow("e-mail user") << QStringLiteral("dev") << QStringLiteral("bob@example.org")
                                 << QStringLiteral("dev/bob@example.org") << QStringLiteral("dev");
}

void TestStoredSession::keys()
{
    QFETCH(QString, profileId);
    QFETCH(QString, user);
    QFETCH(QString, sessionKey);
    QFETCH(QString, accountKey);

    QCOMPARE(storedSessionKey(profileId, user), sessionKey);
    QCOMPARE(currentAccountKey(profileId), accountKey);
    QVERIFY(storedSessionKey(profileId, user) != currentAccountKey(profileId));
}

QTEST_GUILESS_MAIN(TestStoredSession)
#include "tst_storedsession.moc"
