// SPDX-License-Identifier: BSD-3-Clause
// AuthRequests for the json dialect: what a profile's request keys make Tessera send (the body's
// encoding and fields, the constant headers, which token is the bearer), byte for byte.
#include "authrequest_p.h"
#include "profiletesting.h"

using namespace Tessera;

class tst_AuthRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreUnchanged();
    void formBodiesWithConstants();
    void refreshWithTheRefreshTokenAsBearer();
    void refreshWithTheAccessTokenAsBearer();
    void logoutShapes_data();
    void logoutShapes();
    void apiKeyLoginCarriesTheLoginConstants();
};

namespace {

const Secret kAccess(QByteArrayLiteral("access-1"));
const Secret kRefresh(QByteArrayLiteral("refresh/1+x"));

QByteArray header(const AuthRequest &request, const char *name)
{
    return request.request.rawHeader(name);
}

} // namespace

void tst_AuthRequest::defaultsAreUnchanged()
{
    const Profile profile = parse(profileJson("json", R"({"logout":{"path":"/auth/logout"}})"));
    const AuthRequest login =
            AuthRequests::passwordLogin(profile, QStringLiteral("alice"), Secret("pw"));
    QCOMPARE(login.body.reveal(), QByteArray(R"({"password":"pw","username":"alice"})"));
    QCOMPARE(header(login, "Content-Type"), QByteArray("application/json"));
    QVERIFY(!login.request.hasRawHeader("Authorization"));

    const AuthRequest refresh = AuthRequests::refresh(profile, kRefresh, kAccess);
    QCOMPARE(refresh.body.reveal(), QByteArray(R"({"refresh_token":"refresh/1+x"})"));
    QVERIFY(!refresh.request.hasRawHeader("Authorization"));

    const QList<AuthRequest> logout = AuthRequests::signOut(profile, kAccess, kRefresh);
    QCOMPARE(logout.size(), 1);
    QCOMPARE(logout.at(0).body.reveal(), QByteArray(R"({"refresh_token":"refresh/1+x"})"));
    QCOMPARE(header(logout.at(0), "Authorization"), QByteArray("Bearer access-1"));
}

void tst_AuthRequest::formBodiesWithConstants()
{
    const Profile profile = parse(profileJson(
            "json", R"({"request":{"encoding":"form","fields":{"client_id":"desk top","v":2.5},)"
                    R"("headers":{"X-Api-Version":"2","Accept":"application/vnd.acme+json"}},)"
                    R"("login":{"username_field":"login","fields":{"remember":true}}})"));
    const AuthRequest login =
            AuthRequests::passwordLogin(profile, QStringLiteral("al ice"), Secret("p&w=1"));
    // Constants first, in the profile's order, then what Tessera fills; every reserved
    // character percent-encoded.
    QCOMPARE(login.body.reveal(),
             QByteArray(
                     "client_id=desk%20top&v=2.5&remember=true&login=al%20ice&password=p%26w%3D1"));
    QCOMPARE(header(login, "Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(header(login, "X-Api-Version"), QByteArray("2"));
    QCOMPARE(header(login, "Accept"), QByteArray("application/vnd.acme+json"));
    QCOMPARE(login.secrets.first().reveal(), QByteArray("p&w=1"));

    const AuthRequest refresh = AuthRequests::refresh(profile, kRefresh);
    QCOMPARE(refresh.body.reveal(),
             QByteArray("client_id=desk%20top&v=2.5&refresh_token=refresh%2F1%2Bx"));
}

void tst_AuthRequest::refreshWithTheRefreshTokenAsBearer()
{
    const Profile profile = parse(profileJson(
            "json", R"({"refresh":{"bearer":"refresh_token","refresh_token_field":null}})"));
    const AuthRequest refresh = AuthRequests::refresh(profile, kRefresh, kAccess);
    QCOMPARE(header(refresh, "Authorization"), QByteArray("Bearer refresh/1+x"));
    // No field, no constants: no body at all, and no Content-Type for one.
    QVERIFY(refresh.body.isEmpty());
    QVERIFY(!refresh.request.hasRawHeader("Content-Type"));
    QVERIFY(refresh.secrets.contains(kRefresh));
}

void tst_AuthRequest::refreshWithTheAccessTokenAsBearer()
{
    const Profile profile = parse(profileJson("json", R"({"refresh":{"bearer":"access_token"}})"));
    const AuthRequest refresh = AuthRequests::refresh(profile, kRefresh, kAccess);
    QCOMPARE(header(refresh, "Authorization"), QByteArray("Bearer access-1"));
    QCOMPARE(refresh.body.reveal(), QByteArray(R"({"refresh_token":"refresh/1+x"})"));
    QVERIFY(refresh.secrets.contains(kAccess));
}

void tst_AuthRequest::logoutShapes_data()
{
    QTest::addColumn<QByteArray>("logout");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("authorization");

    QTest::newRow("a field of its own name")
            << QByteArray(R"({"path":"/o","refresh_token_field":"token"})")
            << QByteArray(R"({"token":"refresh/1+x"})") << QByteArray("Bearer access-1");
    QTest::newRow("both tokens in fields, no bearer")
            << QByteArray(R"({"path":"/o","bearer":null,"access_token_field":"access"})")
            << QByteArray(R"({"access":"access-1","refresh_token":"refresh/1+x"})") << QByteArray();
    QTest::newRow("the refresh token as bearer, no body")
            << QByteArray(R"({"path":"/o","bearer":"refresh_token","refresh_token_field":null})")
            << QByteArray() << QByteArray("Bearer refresh/1+x");
    QTest::newRow("constants only")
            << QByteArray(R"({"path":"/o","refresh_token_field":null,"fields":{"all":true}})")
            << QByteArray(R"({"all":true})") << QByteArray("Bearer access-1");
}

void tst_AuthRequest::logoutShapes()
{
    QFETCH(QByteArray, logout);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, authorization);

    const Profile profile = parse(profileJson("json", "{\"logout\":" + logout + "}"));
    const QList<AuthRequest> requests = AuthRequests::signOut(profile, kAccess, kRefresh);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.at(0).body.reveal(), body);
    QCOMPARE(header(requests.at(0), "Authorization"), authorization);
    QCOMPARE(requests.at(0).request.hasRawHeader("Content-Type"), !body.isEmpty());
    QCOMPARE(requests.at(0).secrets, (QList<Secret> {kAccess, kRefresh}));
}

void tst_AuthRequest::apiKeyLoginCarriesTheLoginConstants()
{
    const Profile profile = parse(
            profileJson("json", R"({"login":{"kind":"api_key","fields":{"device_name":"laptop"},)"
                                R"("headers":{"X-Client":"tessera"}}})"));
    const AuthRequest login = AuthRequests::apiKeyLogin(profile, Secret("ak_1"));
    QCOMPARE(login.body.reveal(), QByteArray(R"({"api_key":"ak_1","device_name":"laptop"})"));
    QCOMPARE(header(login, "X-Client"), QByteArray("tessera"));
}

QTEST_GUILESS_MAIN(tst_AuthRequest)
#include "tst_authrequest.moc"
