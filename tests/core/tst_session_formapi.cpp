// SPDX-License-Identifier: BSD-3-Clause
// A session with the shipped devserver-form.json profile against the dev server's /form-auth/
// API, which takes only what the profile's request keys describe (form bodies, a constant
// field and header, the app key in a secret header, the refresh token as the bearer, logout's
// own field name): sign-in, refresh and sign-out work end to end, the server's own words reach
// the user, an app key that cannot be read sends nothing, and one in the keychain works as one
// in a file. Also: a logout the server refuses is reported, not taken for done.
#include "devserverprocess.h"
#include "privatefile_p.h"
#include "sessionharness.h"

#include <Tessera/keychaintokenstore.h>

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {

// Made up per run: the dev server records it in the issued-tokens file (--app-key-file), so the
// suite's secret scan looks for it in every log.
const QByteArray kAppKey =
        "app-key-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces).left(18);

QString keyFilePath(const QTemporaryDir &dir, const char *name)
{
    return dir.filePath(QLatin1String(name));
}

} // namespace

class tst_SessionFormApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { m_server.reset(); }

    void signInRefreshAndSignOut();
    void theServersOwnWordsReachTheUser();
    void theApiRefusesRequestsShapedOtherwise_data();
    void theApiRefusesRequestsShapedOtherwise();
    void anAppKeyFileOthersCanReadSendsNothing();
    void anAppKeyInTheKeychain();
    void aMissingKeychainEntrySaysHowToStoreIt();
    void aLogoutTheServerRefusesIsReported();

private:
    // The shipped profile, pointed at this server, its app key read from \a keySource.
    QJsonObject formProfileJson(const QJsonObject &keySource) const;
    Profile formProfile(const QJsonObject &keySource) const;
    static Profile loaded(const QJsonObject &json);

    QTemporaryDir m_dir;
    DevServerProcess m_server {
            {QStringLiteral("--app-key-file"), m_dir.filePath(QStringLiteral("server-app-key"))}};
};

void tst_SessionFormApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(PrivateFile::create(m_dir.filePath(QStringLiteral("server-app-key")), Secret(kAppKey))
                    .isEmpty());
    QVERIFY(PrivateFile::create(keyFilePath(m_dir, "app-key"), Secret(kAppKey + '\n')).isEmpty());
    QVERIFY(PrivateFile::create(keyFilePath(m_dir, "wrong-app-key"), Secret("app-key-wrong-0"))
                    .isEmpty());
    QVERIFY(m_server.start());
}

QJsonObject tst_SessionFormApi::formProfileJson(const QJsonObject &keySource) const
{
    QFile file(QStringLiteral(TESSERA_SHIPPED_PROFILES_DIR "/devserver-form.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("devserver-form.json: %s", qPrintable(file.errorString()));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    json.insert(QStringLiteral("base_url"), m_server.baseUrl().toString());
    QJsonObject request = json.value(QStringLiteral("request")).toObject();
    request.insert(QStringLiteral("secret_headers"),
                   QJsonObject {{QStringLiteral("X-App-Key"), keySource}});
    json.insert(QStringLiteral("request"), request);
    return json;
}

Profile tst_SessionFormApi::formProfile(const QJsonObject &keySource) const
{
    return loaded(formProfileJson(keySource));
}

Profile tst_SessionFormApi::loaded(const QJsonObject &json)
{
    const ProfileLoadResult result =
            Profile::fromJson(QJsonDocument(json).toJson(), QStringLiteral("devserver-form.json"));
    if (!result)
        qFatal("%s", qPrintable(result.errorString()));
    return result.profile();
}

void tst_SessionFormApi::signInRefreshAndSignOut()
{
    SessionHarness h(formProfile({{QStringLiteral("file"), keyFilePath(m_dir, "app-key")}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(h.states, (QList<State> {State::SigningIn, State::Active}));
    const Secret firstRefresh = h.stored(Accounts::alice)->refreshToken;

    // The refresh token goes as the bearer, and is rotated.
    QSignalSpy refreshed(h.session.get(), &Session::refreshed);
    h.advanceTo(h.session->nextRefreshAt());
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(h.session->state(), State::Active);
    QCOMPARE(m_server.refreshTokenState(firstRefresh.reveal()), QStringLiteral("rotated"));
    const Secret secondRefresh = h.stored(Accounts::alice)->refreshToken;
    QVERIFY(!(secondRefresh == firstRefresh));

    // Logout: the access token as the bearer, the refresh token in "token".
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.session->error(), Session::Error::NoError);
    QCOMPARE(m_server.refreshTokenState(secondRefresh.reveal()), QStringLiteral("revoked"));
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("logins")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("logouts")).toInt(), 1);
}

void tst_SessionFormApi::theServersOwnWordsReachTheUser()
{
    SessionHarness h(formProfile({{QStringLiteral("file"), keyFilePath(m_dir, "wrong-app-key")}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Session::Error::Forbidden);
    QVERIFY2(h.session->errorString().endsWith(
                     QStringLiteral("— the server says: “Unknown app key”")),
             qPrintable(h.session->errorString()));

    SessionHarness right(formProfile({{QStringLiteral("file"), keyFilePath(m_dir, "app-key")}}));
    right.session->signIn(Accounts::alice, Secret("not-the-password"));
    QTRY_COMPARE(right.session->state(), State::SignedOut);
    QCOMPARE(right.session->error(), Session::Error::InvalidCredentials);
    QVERIFY2(right.session->errorString().endsWith(
                     QStringLiteral("— the server says: “Invalid credentials”")),
             qPrintable(right.session->errorString()));
}

// What makes the first test mean something: /form-auth/ takes nothing but its own shape.
void tst_SessionFormApi::theApiRefusesRequestsShapedOtherwise_data()
{
    QTest::addColumn<QString>("change"); // a dotted key of the profile to drop
    QTest::addColumn<QString>("words");
    QTest::newRow("a JSON body") << QStringLiteral("request.encoding")
                                 << QStringLiteral(
                                            "The body must be application/x-www-form-urlencoded");
    QTest::newRow("no X-Api-Version") << QStringLiteral("request.headers")
                                      << QStringLiteral("This API wants X-Api-Version: 2");
    QTest::newRow("no client_id") << QStringLiteral("request.fields")
                                  << QStringLiteral("client_id must be tessera-desktop");
    QTest::newRow("no device_name")
            << QStringLiteral("login.fields") << QStringLiteral("device_name is required");
    QTest::newRow("the user name as username")
            << QStringLiteral("login.username_field")
            << QStringLiteral("This API names the user name field login");
}

void tst_SessionFormApi::theApiRefusesRequestsShapedOtherwise()
{
    QFETCH(QString, change);
    QFETCH(QString, words);
    QJsonObject json = formProfileJson({{QStringLiteral("file"), keyFilePath(m_dir, "app-key")}});
    const QString section = change.section(QLatin1Char('.'), 0, 0);
    QJsonObject object = json.value(section).toObject();
    object.remove(change.section(QLatin1Char('.'), 1));
    json.insert(section, object);
    const Profile shaped = loaded(json);

    SessionHarness h(shaped);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QVERIFY2(
            h.session->errorString().endsWith(QStringLiteral("— the server says: “%1”").arg(words)),
            qPrintable(h.session->errorString()));
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 0);
}

void tst_SessionFormApi::anAppKeyFileOthersCanReadSendsNothing()
{
    const QString path = keyFilePath(m_dir, "shared-app-key");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kAppKey);
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));

    SessionHarness h(formProfile({{QStringLiteral("file"), path}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Session::Error::StorageError);
    QVERIFY2(h.session->errorString().contains(
                     QStringLiteral("The X-App-Key header's file %1 ").arg(path)),
             qPrintable(h.session->errorString()));
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("logins")).toInt(), 0);
    QCOMPARE(stats.value(QStringLiteral("login_failures")).toInt(), 0);
}

void tst_SessionFormApi::anAppKeyInTheKeychain()
{
    const QString entry = QStringLiteral("tst-session-formapi");
    KeychainTokenStore keychain(Profile::JsonRequests::keychainService());
    std::optional<TokenStore::Result> written;
    keychain.write(entry, Secret(kAppKey), this,
                   [&](const TokenStore::Result &result) { written = result; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
    QVERIFY2(written->isOk(), qPrintable(written->errorString));

    SessionHarness h(formProfile({{QStringLiteral("keychain"), entry}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), State::Active, 20000);
    h.session->signOut();
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(h.session->error(), Session::Error::NoError);

    std::optional<TokenStore::Result> removed;
    keychain.remove(entry, this, [&](const TokenStore::Result &result) { removed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
}

void tst_SessionFormApi::aMissingKeychainEntrySaysHowToStoreIt()
{
    SessionHarness h(formProfile({{QStringLiteral("keychain"), QStringLiteral("no-such-entry")}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), State::SignedOut, 20000);
    QCOMPARE(h.session->error(), Session::Error::StorageError);
    QVERIFY2(h.session->errorString().contains(
                     QStringLiteral("store it with: tessera set-secret no-such-entry")),
             qPrintable(h.session->errorString()));
    QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 0);
}

void tst_SessionFormApi::aLogoutTheServerRefusesIsReported()
{
    // A logout path the server does not have: signed out here, and told the tokens live on.
    SessionHarness h(m_server.profile(
            Profile::Dialect::Json, Profile::LoginKind::Password,
            {{QStringLiteral("logout"),
              QJsonObject {{QStringLiteral("path"), QStringLiteral("/auth/log-out")}}}}));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    const Secret refreshToken = h.stored(Accounts::alice)->refreshToken;
    QSignalSpy signedOut(h.session.get(), &Session::signedOut);
    h.session->signOut();
    QTRY_COMPARE(signedOut.count(), 1);
    QCOMPARE(h.session->state(), State::SignedOut);
    QVERIFY(!h.stored(Accounts::alice));
    QCOMPARE(h.session->error(), Session::Error::BadResponse);
    QVERIFY2(h.session->errorString().startsWith(QStringLiteral(
                     "Signed out on this computer, but the server could not be told: The "
                     "server refused to end the session, which may still be valid there "
                     "(HTTP 404")),
             qPrintable(h.session->errorString()));
    QCOMPARE(m_server.refreshTokenState(refreshToken.reveal()), QStringLiteral("active"));
}

QTEST_GUILESS_MAIN(tst_SessionFormApi)
#include "tst_session_formapi.moc"
