// SPDX-License-Identifier: BSD-3-Clause
// The real tessera-devserver binary: the device authorization grant (RFC 8628): device and user
// codes, the verification page at /device, and the token endpoint's answers to the polls
// (authorization_pending, slow_down, access_denied, expired_token, tokens).
#include "devserverfixture.h"

#include <QRegularExpression>

using namespace DevServerTesting;

namespace {

const QString clientId = u"tessera-tv"_s;
const QString deviceGrant = u"urn:ietf:params:oauth:grant-type:device_code"_s;

struct DeviceCode
{
    QString deviceCode;
    QString userCode;
};

} // namespace

class tst_DevServerDevice : public DevServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void deviceAuthorization();
    void deviceAuthorizationErrors();
    void deviceAuthorizationFault();
    void lifetimeAndInterval();
    void verificationPage();
    void approve();
    void verifyRejected_data();
    void verifyRejected();
    void deny();
    void slowDownNext();
    void slowDownTiming();
    void expire();
    void pollErrors();
    void deviceCodesAreBounded();

private:
    Reply authorizeDevice(const QString &scope = u"openid profile"_s)
    {
        return postForm(u"/oauth/device_authorization"_s,
                        form({{"client_id", clientId}, {"scope", scope}}));
    }
    DeviceCode newDeviceCode(const QString &scope = u"openid profile"_s)
    {
        const QJsonObject answer = authorizeDevice(scope).json;
        return {answer.value("device_code"_L1).toString(), answer.value("user_code"_L1).toString()};
    }
    Reply poll(const QString &deviceCode, const QString &client = clientId)
    {
        return postForm(u"/oauth/token"_s, form({{"grant_type", deviceGrant},
                                                 {"device_code", deviceCode},
                                                 {"client_id", client}}));
    }
    QString pollError(const QString &deviceCode)
    {
        return poll(deviceCode).json.value("error"_L1).toString();
    }
    Reply verify(const QString &userCode, const QString &action = u"approve"_s,
                 const QString &user = u"bob"_s, const QString &password = bobPassword)
    {
        return postForm(u"/device"_s, form({{"user_code", userCode},
                                            {"username", user},
                                            {"password", password},
                                            {"action", action}}));
    }
    bool setConfig(const QJsonObject &changes)
    {
        return postJson(u"/_dev/config"_s, changes).status == 200;
    }
    QString issuer() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
};

void tst_DevServerDevice::deviceAuthorization()
{
    const Reply reply = authorizeDevice();
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    const QJsonObject answer = reply.json;
    const QString deviceCode = answer.value("device_code"_L1).toString();
    const QString userCode = answer.value("user_code"_L1).toString();
    QCOMPARE(deviceCode.size(), 43);
    QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]{43}$"_s).match(deviceCode).hasMatch());
    QVERIFY2(QRegularExpression(u"^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$"_s)
                     .match(userCode)
                     .hasMatch(),
             qPrintable(userCode));
    QCOMPARE(answer.value("verification_uri"_L1).toString(), issuer() + "/device"_L1);
    QCOMPARE(answer.value("verification_uri_complete"_L1).toString(),
             issuer() + "/device?user_code="_L1 + userCode);
    QCOMPARE(answer.value("expires_in"_L1).toInt(), 600);
    QCOMPARE(answer.value("interval"_L1).toInt(), 5);
    QVERIFY(issuedSecrets().contains(deviceCode.toLatin1()));
    const DeviceCode another = newDeviceCode();
    QVERIFY(another.deviceCode != deviceCode && another.userCode != userCode);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("device_authorizations"_L1).toInt(), 2);
}

void tst_DevServerDevice::deviceAuthorizationErrors()
{
    Reply reply = postForm(u"/oauth/device_authorization"_s, form({{"scope", u"openid"_s}}));
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"invalid_client"_s);
    reply = send("POST", u"/oauth/device_authorization"_s, "{\"client_id\":\"x\"}",
                 {{"Content-Type", "application/json"}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"invalid_request"_s);
    reply = send("GET", u"/oauth/device_authorization"_s);
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.headers.value("allow"), QByteArray("POST"));
    // The client_id may come by Basic authentication.
    reply = send("POST", u"/oauth/device_authorization"_s, {},
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Authorization", "Basic " + QByteArray("tv:secret").toBase64()}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("device_authorizations"_L1).toInt(), 1);
}

void tst_DevServerDevice::deviceAuthorizationFault()
{
    QCOMPARE(postJson(u"/_dev/faults"_s, {{u"path"_s, u"/oauth/device_authorization"_s},
                                          {u"status"_s, 503},
                                          {u"retry_after"_s, 7}})
                     .status,
             200);
    const Reply faulted = authorizeDevice();
    QCOMPARE(faulted.status, 503);
    QCOMPARE(faulted.headers.value("retry-after"), QByteArray("7"));
    QCOMPARE(faulted.json.value("error"_L1).toString(), u"temporarily_unavailable"_s);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("device_authorizations"_L1).toInt(), 0);
    QCOMPARE(postJson(u"/_dev/faults"_s, {{u"path"_s, u"/oauth/device_authorization"_s},
                                          {u"body"_s, u"missing_fields"_s}})
                     .status,
             200);
    QCOMPARE(authorizeDevice().body, QByteArray("{}"));
    QCOMPARE(authorizeDevice().status, 200);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("device_authorizations"_L1).toInt(), 1);
}

void tst_DevServerDevice::lifetimeAndInterval()
{
    QVERIFY(setConfig({{u"device_code_lifetime"_s, 30}, {u"device_interval"_s, 0}}));
    const QJsonObject answer = authorizeDevice().json;
    QCOMPARE(answer.value("expires_in"_L1).toInt(), 30);
    QCOMPARE(answer.value("interval"_L1).toInt(), 0);
    // Interval 0: polls as fast as they come are never too fast.
    const QString deviceCode = answer.value("device_code"_L1).toString();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(pollError(deviceCode), u"authorization_pending"_s);
    // Lifetime 0: expired as soon as it is issued.
    QVERIFY(setConfig({{u"device_code_lifetime"_s, 0}}));
    QCOMPARE(pollError(newDeviceCode().deviceCode), u"expired_token"_s);
}

void tst_DevServerDevice::verificationPage()
{
    const DeviceCode code = newDeviceCode();
    Reply reply = send("GET", u"/device?user_code="_s + code.userCode);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("content-type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply.headers.value("x-frame-options"), QByteArray("DENY"));
    QVERIFY(!reply.headers.value("content-security-policy").contains("script"));
    QVERIFY(!reply.body.contains("<script"));
    QVERIFY(reply.body.contains("<form method=\"post\" action=\"/device\">"));
    QVERIFY(reply.body.contains("name=\"user_code\" value=\"" + code.userCode.toLatin1() + "\""));
    QVERIFY(reply.body.contains("<input id=\"username\" name=\"username\""));
    QVERIFY(reply.body.contains("name=\"password\" type=\"password\""));
    QVERIFY(reply.body.contains("name=\"action\" value=\"approve\">Approve</button>"));
    QVERIFY(reply.body.contains("name=\"action\" value=\"deny\">Deny</button>"));
    reply = send("GET", u"/device?user_code=%3Cb%3E%22x%22"_s);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.contains("name=\"user_code\" value=\"&lt;b&gt;&quot;x&quot;\""));
    QVERIFY(!reply.body.contains("<b>"));
    QVERIFY(send("GET", u"/device"_s).body.contains("name=\"user_code\" value=\"\""));
}

void tst_DevServerDevice::approve()
{
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode code = newDeviceCode();
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    // Case, spaces and dashes do not matter (RFC 8628 section 6.1).
    const QString typed = code.userCode.toLower().remove(u'-').insert(2, u' ');
    const Reply page = verify(typed);
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("You can return to your device"));
    QVERIFY(page.body.contains("bob"));
    const Reply reply = poll(code.deviceCode);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply.json.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(reply.json.value("scope"_L1).toString(), u"openid profile"_s);
    QVERIFY(!reply.json.value("refresh_token"_L1).toString().isEmpty());
    const QString access = reply.json.value("access_token"_L1).toString();
    QCOMPARE(getWithToken(u"/api/me"_s, access).json.value("user"_L1).toString(), u"bob"_s);
    const QJsonObject claims = jwtClaims(reply.json.value("id_token"_L1).toString());
    QCOMPARE(claims.value("iss"_L1).toString(), issuer());
    QCOMPARE(claims.value("sub"_L1).toString(), u"bob"_s);
    QCOMPARE(claims.value("aud"_L1).toString(), clientId);
    QCOMPARE(claims.value("preferred_username"_L1).toString(), u"bob"_s);
    QCOMPARE(claims.value("email"_L1).toString(), u"bob@example.test"_s);
    // Single use: the device code is spent, and the page no longer knows the user code.
    QCOMPARE(poll(code.deviceCode).json.value("error"_L1).toString(), u"invalid_grant"_s);
    QVERIFY(verify(code.userCode).body.contains("role=\"alert\""));
    const QJsonObject stats = send("GET", u"/_dev/stats"_s).json;
    QCOMPARE(stats.value("device_polls"_L1).toInt(), 4);
    QCOMPARE(stats.value("device_authorizations"_L1).toInt(), 1);
    // Without openid in the scope, no ID token.
    const DeviceCode plain = newDeviceCode(u"profile"_s);
    QCOMPARE(verify(plain.userCode).status, 200);
    const Reply plainTokens = poll(plain.deviceCode);
    QCOMPARE(plainTokens.status, 200);
    QVERIFY(!plainTokens.json.contains("id_token"_L1));
}

void tst_DevServerDevice::verifyRejected_data()
{
    QTest::addColumn<QString>("userCode"); // "good": the real one
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong password")
            << u"good"_s << u"approve"_s << alicePassword << u"Wrong user name or password"_s;
    QTest::newRow("unknown code") << u"BCDF-GHJK"_s << u"approve"_s << bobPassword
                                  << u"This code is unknown"_s;
    QTest::newRow("not a code") << u"12345"_s << u"approve"_s << bobPassword
                                << u"This code is unknown"_s;
    QTest::newRow("deny unknown code")
            << u"BCDF-GHJK"_s << u"deny"_s << QString() << u"This code is unknown"_s;
    QTest::newRow("no action") << u"good"_s << QString() << bobPassword
                               << u"Choose Approve or Deny"_s;
}

void tst_DevServerDevice::verifyRejected()
{
    QFETCH(QString, userCode);
    QFETCH(QString, action);
    QFETCH(QString, password);
    QFETCH(QString, message);
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode code = newDeviceCode();
    const Reply reply =
            verify(userCode == "good"_L1 ? code.userCode : userCode, action, u"bob"_s, password);
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.body.contains("<p role=\"alert\">" + message.toUtf8()), reply.body.constData());
    QVERIFY(reply.body.contains("<form method=\"post\" action=\"/device\">"));
    QVERIFY(!reply.body.contains("You can return to your device"));
    if (!password.isEmpty())
        QVERIFY(!reply.body.contains(password.toUtf8()));
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
}

void tst_DevServerDevice::deny()
{
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode code = newDeviceCode();
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    // Denying needs no password.
    const Reply page = verify(code.userCode, u"deny"_s, QString(), QString());
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("You can return to your device"));
    const Reply reply = poll(code.deviceCode);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"access_denied"_s);
    QCOMPARE(pollError(code.deviceCode), u"access_denied"_s);
    // A decided code cannot be approved afterwards.
    QVERIFY(verify(code.userCode).body.contains("This code is unknown"));
    QCOMPARE(pollError(code.deviceCode), u"access_denied"_s);
}

void tst_DevServerDevice::slowDownNext()
{
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode code = newDeviceCode();
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    QVERIFY(setConfig({{u"device_slow_down"_s, u"next"_s}}));
    const Reply slowDown = poll(code.deviceCode);
    QCOMPARE(slowDown.status, 400);
    QCOMPARE(slowDown.json.value("error"_L1).toString(), u"slow_down"_s);
    // Once only: the setting falls back to never.
    QCOMPARE(send("GET", u"/_dev/config"_s).json.value("device_slow_down"_L1).toString(),
             u"never"_s);
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    // It answers the next poll even of an approved code, which is then still good.
    QVERIFY(setConfig({{u"device_slow_down"_s, u"next"_s}}));
    QCOMPARE(verify(code.userCode).status, 200);
    QCOMPARE(pollError(code.deviceCode), u"slow_down"_s);
    QCOMPARE(poll(code.deviceCode).status, 200);
    QCOMPARE(send("GET", u"/_dev/stats"_s).json.value("device_polls"_L1).toInt(), 6);
}

void tst_DevServerDevice::slowDownTiming()
{
    // The real clock: with an interval of 1 s, a second poll straight away is too soon.
    QVERIFY(setConfig({{u"device_interval"_s, 1}}));
    const DeviceCode fast = newDeviceCode();
    QCOMPARE(pollError(fast.deviceCode), u"authorization_pending"_s); // the first poll never is
    QCOMPARE(pollError(fast.deviceCode), u"slow_down"_s);
    // After the slow_down the interval is 6 s, so waiting 1 s is not enough any more.
    const DeviceCode patient = newDeviceCode();
    QCOMPARE(pollError(patient.deviceCode), u"authorization_pending"_s);
    QTest::qWait(1100); // the rule under test runs on the server's real clock
    QCOMPARE(pollError(patient.deviceCode), u"authorization_pending"_s);
    QCOMPARE(pollError(fast.deviceCode), u"slow_down"_s);
    // never switches the rule off.
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    QCOMPARE(pollError(fast.deviceCode), u"authorization_pending"_s);
    QCOMPARE(pollError(fast.deviceCode), u"authorization_pending"_s);
}

void tst_DevServerDevice::expire()
{
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode first = newDeviceCode();
    const DeviceCode second = newDeviceCode();
    const DeviceCode third = newDeviceCode();
    QCOMPARE(verify(second.userCode).status, 200); // approved, not collected yet
    Reply reply = postJson(u"/_dev/device/expire"_s, {{u"user_code"_s, first.userCode}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value("expired"_L1).toInt(), 1);
    reply = poll(first.deviceCode);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"expired_token"_s);
    QVERIFY(verify(first.userCode).body.contains("This code is unknown"));
    QCOMPARE(pollError(third.deviceCode), u"authorization_pending"_s);
    QCOMPARE(postJson(u"/_dev/device/expire"_s, {{u"user_code"_s, first.userCode}})
                     .json.value("expired"_L1)
                     .toInt(),
             0);
    // No body: every device code (here at least the second and the third).
    reply = send("POST", u"/_dev/device/expire"_s);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json.value("expired"_L1).toInt() >= 2);
    QCOMPARE(pollError(second.deviceCode), u"expired_token"_s);
    QCOMPARE(pollError(third.deviceCode), u"expired_token"_s);
    QCOMPARE(send("POST", u"/_dev/device/expire"_s, "{\"user_code\":1}").status, 400);
    QCOMPARE(send("GET", u"/_dev/device/expire"_s).status, 405);
}

void tst_DevServerDevice::pollErrors()
{
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode code = newDeviceCode();
    Reply reply = poll(code.deviceCode, u"another-client"_s);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(poll(u"no-such-device-code"_s).json.value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(poll(QString()).json.value("error"_L1).toString(), u"invalid_request"_s);
    reply = postForm(u"/oauth/token"_s,
                     form({{"grant_type", deviceGrant}, {"device_code", code.deviceCode}}));
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json.value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(pollError(code.deviceCode), u"authorization_pending"_s);
    const Reply unsupported = postForm(u"/oauth/token"_s, "grant_type=magic&client_id=t");
    QCOMPARE(unsupported.json.value("error"_L1).toString(), u"unsupported_grant_type"_s);
    for (const char *grant : {"authorization_code", "urn:ietf:params:oauth:grant-type:device_code"})
        QVERIFY(unsupported.json.value("error_description"_L1)
                        .toString()
                        .contains(QLatin1StringView(grant)));
}

void tst_DevServerDevice::deviceCodesAreBounded()
{
    // The server keeps the 1,000 newest device codes: a client in a loop cannot make it grow.
    QVERIFY(setConfig({{u"device_slow_down"_s, u"never"_s}}));
    const DeviceCode oldest = newDeviceCode();
    const DeviceCode kept = newDeviceCode();
    for (int i = 0; i < 999; ++i)
        QVERIFY(!newDeviceCode().deviceCode.isEmpty());
    const Reply dropped = poll(oldest.deviceCode);
    QCOMPARE(dropped.json.value("error"_L1).toString(), u"invalid_grant"_s);
    QVERIFY(dropped.json.value("error_description"_L1).toString().contains("unknown"_L1));
    QVERIFY(verify(oldest.userCode).body.contains("This code is unknown"));
    QCOMPARE(pollError(kept.deviceCode), u"authorization_pending"_s);
    QCOMPARE(verify(kept.userCode).status, 200);
    QCOMPARE(poll(kept.deviceCode).status, 200);
}

QTEST_GUILESS_MAIN(tst_DevServerDevice)
#include "tst_devserver_device.moc"
