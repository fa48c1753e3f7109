// SPDX-License-Identifier: BSD-3-Clause
// EndpointDiscovery's pure parts: where the metadata is looked for, when a look-up is needed,
// and how the profile's own endpoints win over the document's.
#include "discoverydocument_p.h"
#include "endpointdiscovery_p.h"

#include <QTest>

using namespace Tessera;

namespace {

Profile profile(const QByteArray &json)
{
    const ProfileLoadResult loaded = Profile::fromJson(json, QStringLiteral("test.json"));
    if (!loaded)
        qWarning("%s", qPrintable(loaded.errorString()));
    return loaded ? loaded.profile() : Profile();
}

const QByteArray kIssuerOnly =
        R"({"name":"Id","dialect":"oauth2","issuer":"https://id.example.com/realms/a","client_id":"c"})";

} // namespace

class tst_EndpointDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metadataUrls_data();
    void metadataUrls();
    void isNeeded();
    void theProfileWinsOverTheDocument();
};

void tst_EndpointDiscovery::metadataUrls_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("openId");
    QTest::addColumn<QString>("oauth");
    QTest::newRow("host only") << "https://id.example.com"
                               << "https://id.example.com/.well-known/openid-configuration"
                               << "https://id.example.com/.well-known/oauth-authorization-server";
    QTest::newRow("with a path (Keycloak)")
            << "https://id.example.com/realms/a"
            << "https://id.example.com/realms/a/.well-known/openid-configuration"
            << "https://id.example.com/.well-known/oauth-authorization-server/realms/a";
    QTest::newRow("trailing slash (Entra ID v2)")
            << "https://login.example.com/tenant/v2.0/"
            << "https://login.example.com/tenant/v2.0/.well-known/openid-configuration"
            << "https://login.example.com/.well-known/oauth-authorization-server/tenant/v2.0";
    QTest::newRow("port") << "http://127.0.0.1:8765"
                          << "http://127.0.0.1:8765/.well-known/openid-configuration"
                          << "http://127.0.0.1:8765/.well-known/oauth-authorization-server";
}

void tst_EndpointDiscovery::metadataUrls()
{
    QFETCH(QString, issuer);
    QFETCH(QString, openId);
    QFETCH(QString, oauth);
    const QList<QUrl> urls = EndpointDiscovery::metadataUrls(QUrl(issuer));
    QCOMPARE(urls.size(), 2);
    QCOMPARE(urls.at(0).toString(), openId);
    QCOMPARE(urls.at(1).toString(), oauth);
}

void tst_EndpointDiscovery::isNeeded()
{
    using Kind = Profile::LoginKind;
    const Profile issuerOnly = profile(kIssuerOnly);
    QVERIFY(EndpointDiscovery::isNeeded(issuerOnly, Kind::Browser));
    QVERIFY(EndpointDiscovery::isNeeded(issuerOnly, Kind::Device));
    QVERIFY(EndpointDiscovery::isNeeded(issuerOnly, Kind::Password));

    // Every endpoint named: never looked up.
    const Profile named = profile(
            R"({"name":"Id","dialect":"oauth2","issuer":"https://id.example.com","client_id":"c",)"
            R"("token_endpoint":"/t","revocation_endpoint":"/r","authorization_endpoint":"/a"})");
    QVERIFY(!EndpointDiscovery::isNeeded(named, Kind::Browser));
    QVERIFY(!EndpointDiscovery::isNeeded(named, Kind::Password));
    QVERIFY(EndpointDiscovery::isNeeded(named, Kind::Device)); // no device endpoint named

    // No issuer: nothing to look up, whatever is missing.
    const Profile noIssuer = profile(
            R"({"name":"Id","dialect":"oauth2","base_url":"https://id.example.com","client_id":"c"})");
    QVERIFY(!EndpointDiscovery::isNeeded(noIssuer, Kind::Device));
}

void tst_EndpointDiscovery::theProfileWinsOverTheDocument()
{
    const Profile own = profile(
            R"({"name":"Id","dialect":"oauth2","issuer":"https://id.example.com","client_id":"c",)"
            R"("token_endpoint":"https://id.example.com/mine"})");
    DiscoveryDocument document;
    document.tokenEndpoint = QUrl(QStringLiteral("https://id.example.com/token"));
    document.authorizationEndpoint = QUrl(QStringLiteral("https://id.example.com/auth"));
    document.revocationEndpoint = QUrl(QStringLiteral("https://id.example.com/revoke"));
    document.authorizationResponseIssParameterSupported = true;
    document.codeChallengeMethodsSupported = {QStringLiteral("S256")};
    const ProviderEndpoints merged = EndpointDiscovery::merge(own, document);
    QCOMPARE(merged.token, QUrl(QStringLiteral("https://id.example.com/mine")));
    QCOMPARE(merged.authorization, document.authorizationEndpoint);
    QCOMPARE(merged.revocation, document.revocationEndpoint);
    QVERIFY(merged.deviceAuthorization.isEmpty());
    QVERIFY(merged.issParameterSupported);
    QCOMPARE(merged.codeChallengeMethods, QStringList {QStringLiteral("S256")});
    QVERIFY(merged.discovered);
}

QTEST_GUILESS_MAIN(tst_EndpointDiscovery)
#include "tst_endpointdiscovery.moc"
