// SPDX-License-Identifier: BSD-3-Clause
// Where Tessera's bearer token may go: only to the profile's API origins, never along a
// redirect that leaves them; and redirects handled as QNetworkAccessManager would.
#include "namharness.h"

#include <QJsonArray>

using namespace Tessera;
using namespace Tessera::Test;

class tst_NamOrigins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void otherOriginsGetNoBearer();
    void redirectOffTheApiDropsTheBearer();
    void redirectWithinTheApiKeepsIt();
    void callerCredentialsStayOnTheirOrigin_data();
    void callerCredentialsStayOnTheirOrigin();
    void callerCookieKeptWithinTheOrigin();
    void manualRedirectPolicyDeliversTheRedirect();
    void sameOriginPolicyRefusesToLeave();
    void userVerifiedPolicyWaitsForTheCaller();
    void optedOutRequestIsSentAsItIs();
    void authorizeWithAPlainManagerKeepsTheTokenOnItsOrigin();
    void authorizeKeepsAPolicyTheCallerChose();

private:
    QStringList lastHeadersAtSecondOrigin();
    QUrl redirect(const QString &to) const;

    DevServerProcess m_server {{QStringLiteral("--redirect-port"), QStringLiteral("0")}};
};

void tst_NamOrigins::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY(m_server.secondOrigin().isValid());
}

void tst_NamOrigins::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

QStringList tst_NamOrigins::lastHeadersAtSecondOrigin()
{
    const QJsonObject answer =
            m_server.get(QStringLiteral("/_dev/second-origin/last-headers")).body;
    QStringList names;
    for (const QJsonValue &name : answer.value(QStringLiteral("header_names")).toArray())
        names.append(name.toString().toLower());
    return names;
}

QUrl tst_NamOrigins::redirect(const QString &to) const
{
    QUrl url = m_server.url(QStringLiteral("/api/redirect"));
    url.setQuery(QStringLiteral("to=") + to);
    return url;
}

void tst_NamOrigins::otherOriginsGetNoBearer()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    std::unique_ptr<QNetworkReply> reply(h.nam.get(
            QNetworkRequest(m_server.secondOrigin().resolved(QUrl(QStringLiteral("/record"))))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    const QStringList headers = lastHeadersAtSecondOrigin();
    QVERIFY(!headers.isEmpty());
    QVERIFY2(!headers.contains(QStringLiteral("authorization")), qPrintable(headers.join(u',')));
}

void tst_NamOrigins::redirectOffTheApiDropsTheBearer()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second")));
    request.setRawHeader("X-Tessera-Test", "kept");
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QSignalSpy redirected(reply.get(), &QNetworkReply::redirected);
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(redirected.count(), 1);
    QCOMPARE(reply->url().port(), m_server.secondOrigin().port());
    const QStringList headers = lastHeadersAtSecondOrigin();
    QVERIFY(headers.contains(QStringLiteral("x-tessera-test")));
    QVERIFY2(!headers.contains(QStringLiteral("authorization")), qPrintable(headers.join(u',')));
    QCOMPARE(m_server.stats().value(QStringLiteral("api_unauthorized")).toInt(), 0);
}

void tst_NamOrigins::redirectWithinTheApiKeepsIt()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(redirect(QStringLiteral("same")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(reply->url().path(), QStringLiteral("/api/me"));
    QCOMPARE(jsonBody(reply.get()).value(QStringLiteral("user")).toString(), Accounts::alice);
}

void tst_NamOrigins::callerCredentialsStayOnTheirOrigin_data()
{
    QTest::addColumn<QString>("to");
    QTest::newRow("another port") << QStringLiteral("second");
    QTest::newRow("another host and port") << QStringLiteral("second-localhost");
    QTest::newRow("another host, same port") << QStringLiteral("localhost");
}

// A caller's own Authorization and Cookie headers do not follow a redirect off their origin
// (as curl and browsers do), nor does Tessera's bearer token.
void tst_NamOrigins::callerCredentialsStayOnTheirOrigin()
{
    QFETCH(QString, to);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(to));
    request.setRawHeader("X-Tessera-Test", "kept");
    request.setRawHeader("Cookie", "tessera-test-cookie=1");
    request.setRawHeader("Authorization", "Basic dGVzdDp0ZXN0");
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(status(reply.get()), 200);
    QVERIFY(reply->url().host() != m_server.baseUrl().host()
            || reply->url().port() != m_server.baseUrl().port());
    QStringList headers;
    if (to == QLatin1String("localhost")) {
        const QJsonObject echo = jsonBody(reply.get());
        headers = echo.value(QStringLiteral("headers")).toObject().keys();
        QVERIFY(!echo.value(QStringLiteral("authorization_present")).toBool());
    } else {
        headers = lastHeadersAtSecondOrigin();
    }
    QVERIFY2(headers.contains(QStringLiteral("x-tessera-test")), qPrintable(headers.join(u',')));
    QVERIFY2(!headers.contains(QStringLiteral("authorization")), qPrintable(headers.join(u',')));
    QVERIFY2(!headers.contains(QStringLiteral("cookie")), qPrintable(headers.join(u',')));
    QCOMPARE(m_server.stats().value(QStringLiteral("api_unauthorized")).toInt(), 0);
}

void tst_NamOrigins::callerCookieKeptWithinTheOrigin()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QUrl url = m_server.url(QStringLiteral("/api/redirect"));
    url.setQuery(QStringLiteral("to=same&path=/api/echo"));
    QNetworkRequest request(url);
    request.setRawHeader("Cookie", "tessera-test-cookie=1");
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    const QJsonObject echo = jsonBody(reply.get());
    QCOMPARE(echo.value(QStringLiteral("headers")).toObject().value(QStringLiteral("cookie")),
             QJsonValue(QStringLiteral("tessera-test-cookie=1")));
    QVERIFY(echo.value(QStringLiteral("authorization_present")).isUndefined()
            || echo.value(QStringLiteral("jti")).toString() == h.currentJti());
}

void tst_NamOrigins::manualRedirectPolicyDeliversTheRedirect()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second")));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 302);
    QCOMPARE(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl().port(),
             m_server.secondOrigin().port());
    QVERIFY(lastHeadersAtSecondOrigin().isEmpty());
}

void tst_NamOrigins::sameOriginPolicyRefusesToLeave()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second")));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::InsecureRedirectError);
    QVERIFY(lastHeadersAtSecondOrigin().isEmpty());
}

void tst_NamOrigins::userVerifiedPolicyWaitsForTheCaller()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second")));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QSignalSpy redirected(reply.get(), &QNetworkReply::redirected);
    QTRY_COMPARE(redirected.count(), 1);
    QVERIFY(!reply->isFinished());
    Q_EMIT reply->redirectAllowed();
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    QVERIFY(!lastHeadersAtSecondOrigin().contains(QStringLiteral("authorization")));
}

void tst_NamOrigins::optedOutRequestIsSentAsItIs()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.resetStats();
    QNetworkRequest request(m_server.url(QStringLiteral("/api/me")));
    request.setAttribute(NetworkAccessManager::NoAuthorizationAttribute, true);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);
}

// Session::authorize() with a plain QNetworkAccessManager: Qt's default redirect policy would
// carry the bearer token along a redirect to another origin.
void tst_NamOrigins::authorizeWithAPlainManagerKeepsTheTokenOnItsOrigin()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkAccessManager plain;
    QNetworkRequest request(redirect(QStringLiteral("second")));
    QVERIFY(h.session->authorize(request));
    QCOMPARE(request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::SameOriginRedirectPolicy));
    std::unique_ptr<QNetworkReply> reply(plain.get(request));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::InsecureRedirectError);
    // The second origin never heard from it.
    const QJsonObject seen = m_server.get(QStringLiteral("/_dev/second-origin/last-headers")).body;
    QCOMPARE(seen.value(QStringLiteral("count")).toInt(), 0);
}

void tst_NamOrigins::authorizeKeepsAPolicyTheCallerChose()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second")));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QVERIFY(h.session->authorize(request));
    QCOMPARE(request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::ManualRedirectPolicy));
}

QTEST_GUILESS_MAIN(tst_NamOrigins)
#include "tst_nam_origins.moc"
