// SPDX-License-Identifier: BSD-3-Clause
#include "deviceauthorization_p.h"

#include <QTest>

using namespace Tessera;
using namespace std::chrono_literals;
using Outcome = PollDecision::Outcome;

Q_DECLARE_METATYPE(Tessera::PollDecision::Outcome)
Q_DECLARE_METATYPE(std::chrono::seconds)

class TestDeviceAuthorization : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void decidesPoll_data();
    void decidesPoll();
    void slowDownAddsUp();
    void decidesLifetime_data();
    void decidesLifetime();
};

namespace {

// Every device code below contains this marker; no error and no message may contain it.
constexpr char kMarker[] = "SECRET";
const QByteArray kDeviceCode = "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySECRETk9eS";

const QDateTime kReceivedAt(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

// RFC 8628 section 3.2's example, with the device code marked.
QByteArray rfcExample()
{
    return R"({
      "device_code": "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySECRETk9eS",
      "user_code": "WDJB-MJHT",
      "verification_uri": "https://example.com/device",
      "verification_uri_complete": "https://example.com/device?user_code=WDJB-MJHT",
      "expires_in": 1800,
      "interval": 5
    })";
}

// A response with every required member, \a extra (",\"key\": value" text) added, and the
// members named in \a without left out.
QByteArray body(const QByteArray &extra, const QList<QByteArray> &without = {})
{
    QList<QByteArray> members;
    const QList<QPair<QByteArray, QByteArray>> required = {
            {"device_code", "\"" + kDeviceCode + "\""},
            {"user_code", "\"WDJB-MJHT\""},
            {"verification_uri", "\"https://example.com/device\""},
            {"expires_in", "600"}};
    for (const auto &[key, value] : required) {
        if (!without.contains(key))
            members.append("\"" + key + "\": " + value);
    }
    return "{" + members.join(", ") + extra + "}";
}

QUrl url(const char *text)
{
    return QUrl(QString::fromLatin1(text));
}

} // namespace

void TestDeviceAuthorization::parses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("userCode");
    QTest::addColumn<QUrl>("verification");
    QTest::addColumn<QUrl>("complete");
    QTest::addColumn<std::chrono::seconds>("expiresIn");
    QTest::addColumn<std::chrono::seconds>("interval");

    const QString wdjb = QStringLiteral("WDJB-MJHT");
    const QUrl device = url("https://example.com/device");
    QTest::newRow("RFC 8628's example")
            << rfcExample() << wdjb << device
            << url("https://example.com/device?user_code=WDJB-MJHT") << 1800s << 5s;
    QTest::newRow("Google's verification_url")
            << QByteArray(R"({"device_code": "AH-1Ng2SECRETxyz", "user_code": "GQVQ-JKEC",)"
                          R"( "verification_url": "https://www.google.com/device",)"
                          R"( "expires_in": 1800, "interval": 5})")
            << QStringLiteral("GQVQ-JKEC") << url("https://www.google.com/device") << QUrl()
            << 1800s << 5s;
    QTest::newRow("verification_uri wins over verification_url")
            << body(R"(, "verification_url": "https://other.example/device")") << wdjb << device
            << QUrl() << 600s << 5s;
    QTest::newRow("interval missing") << body({}) << wdjb << device << QUrl() << 600s << 5s;
    QTest::newRow("interval null")
            << body(R"(, "interval": null)") << wdjb << device << QUrl() << 600s << 5s;
    QTest::newRow("interval 0 is raised to 1")
            << body(R"(, "interval": 0)") << wdjb << device << QUrl() << 600s << 1s;
    QTest::newRow("interval 1") << body(R"(, "interval": 1)") << wdjb << device << QUrl() << 600s
                                << 1s;
    QTest::newRow("interval 60") << body(R"(, "interval": 60)") << wdjb << device << QUrl() << 600s
                                 << 60s;
    QTest::newRow("interval 61 is lowered to 60")
            << body(R"(, "interval": 61)") << wdjb << device << QUrl() << 600s << 60s;
    QTest::newRow("huge interval is lowered to 60")
            << body(R"(, "interval": 1e300)") << wdjb << device << QUrl() << 600s << 60s;
    QTest::newRow("expires_in 1") << body({}, {"expires_in"}).replace("}", R"(, "expires_in": 1})")
                                  << wdjb << device << QUrl() << 1s << 5s;
    QTest::newRow("expires_in a day")
            << body({}, {"expires_in"}).replace("}", R"(, "expires_in": 86400})") << wdjb << device
            << QUrl() << 86400s << 5s;
    QTest::newRow("http verification uri on a public host")
            << body({}, {"verification_uri"})
                       .replace("}", R"(, "verification_uri": "http://example.com/device"})")
            << wdjb << url("http://example.com/device") << QUrl() << 600s << 5s;
    QTest::newRow("user code of 64 characters")
            << body({}, {"user_code"})
                       .replace("}", ", \"user_code\": \"" + QByteArray(64, 'A') + "\"}")
            << QString(64, QLatin1Char('A')) << device << QUrl() << 600s << 5s;
    QTest::newRow("non-ASCII user code")
            << body({}, {"user_code"})
                       .replace("}", ", \"user_code\": \"\xc3\x84\xc3\x96-12 \xf0\x9f\x94\x91\"}")
            << QStringLiteral("ÄÖ-12 🔑") << device << QUrl() << 600s << 5s;
    QTest::newRow("unknown members")
            << body(R"(, "message": "Go to the page", "extra": {"a": [1]})") << wdjb << device
            << QUrl() << 600s << 5s;
}

void TestDeviceAuthorization::parses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, userCode);
    QFETCH(QUrl, verification);
    QFETCH(QUrl, complete);
    QFETCH(std::chrono::seconds, expiresIn);
    QFETCH(std::chrono::seconds, interval);

    const DeviceAuthorizationResult result = parseDeviceAuthorization(body, kReceivedAt);
    QVERIFY2(result.authorization, qPrintable(result.error));
    QCOMPARE(result.error, QString());
    const DeviceAuthorization &authorization = *result.authorization;
    QVERIFY(authorization.deviceCode.reveal().contains(kMarker));
    QCOMPARE(authorization.userCode, userCode);
    QCOMPARE(authorization.verificationUri, verification);
    QCOMPARE(authorization.verificationUriComplete, complete);
    QCOMPARE(authorization.expiresIn.count(), expiresIn.count());
    QCOMPARE(authorization.expiresAt, kReceivedAt.addSecs(expiresIn.count()));
    QCOMPARE(authorization.interval.count(), interval.count());
}

void TestDeviceAuthorization::rejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // the whole expected error

    const auto row = [](const char *name, const QByteArray &body, const char *error) {
        QTest::newRow(name) << body << QString::fromUtf8(error);
    };
    row("device_code missing", body({}, {"device_code"}), "device_code: missing");
    row("device_code null", body(R"(, "device_code": null)", {"device_code"}),
        "device_code: missing");
    row("device_code a number", body(R"(, "device_code": 42)", {"device_code"}),
        "device_code: expected a string, got a number");
    row("device_code empty", body(R"(, "device_code": "")", {"device_code"}),
        "device_code: must not be empty");
    row("device_code with a space", body(R"(, "device_code": "SECRET code")", {"device_code"}),
        "device_code: not a device code (RFC 8628 allows printable ASCII only)");
    row("device_code with a newline", body(R"(, "device_code": "SECRET\ncode")", {"device_code"}),
        "device_code: not a device code (RFC 8628 allows printable ASCII only)");
    row("device_code too long",
        body(", \"device_code\": \"SECRET" + QByteArray(16 * 1024, 'a') + "\"", {"device_code"}),
        "device_code: longer than 16384 bytes");
    row("user_code missing", body({}, {"user_code"}), "user_code: missing");
    row("user_code blank", body(R"(, "user_code": "  ")", {"user_code"}),
        "user_code: must not be empty");
    row("user_code too long",
        body(", \"user_code\": \"" + QByteArray(65, 'A') + "\"", {"user_code"}),
        "user_code: longer than 64 characters");
    row("user_code with a newline", body(R"(, "user_code": "WDJB\nMJHT")", {"user_code"}),
        "user_code: holds a character that is not printable");
    row("user_code with a bidi override",
        body(", \"user_code\": \"WDJB\xe2\x80\xae"
             "MJHT\"",
             {"user_code"}),
        "user_code: holds a character that is not printable");
    row("user_code with a lone surrogate", body(R"(, "user_code": "WDJB\ud800")", {"user_code"}),
        "user_code: holds a character that is not printable");
    row("user_code an object", body(R"(, "user_code": {"code": "x"})", {"user_code"}),
        "user_code: expected a string, got an object");
    row("verification_uri missing", body({}, {"verification_uri"}), "verification_uri: missing");
    row("verification_uri relative",
        body(R"(, "verification_uri": "/device")", {"verification_uri"}),
        "verification_uri: expected an absolute http:// or https:// URL");
    row("verification_uri javascript",
        body(R"x(, "verification_uri": "javascript:alert(1)")x", {"verification_uri"}),
        "verification_uri: expected an absolute http:// or https:// URL");
    row("verification_uri with a password",
        body(R"(, "verification_uri": "https://google.com:x@evil.example/")", {"verification_uri"}),
        "verification_uri: must not contain a user name or password");
    row("verification_url a number", body(R"(, "verification_url": 1)", {"verification_uri"}),
        "verification_url: expected a string, got a number");
    row("verification_uri_complete file",
        body(R"(, "verification_uri_complete": "file:///etc/passwd")"),
        "verification_uri_complete: expected an absolute http:// or https:// URL");
    row("verification_uri_complete a boolean", body(R"(, "verification_uri_complete": true)"),
        "verification_uri_complete: expected a string, got a boolean");
    row("expires_in missing", body({}, {"expires_in"}), "expires_in: missing");
    row("expires_in null", body(R"(, "expires_in": null)", {"expires_in"}), "expires_in: missing");
    row("expires_in zero", body(R"(, "expires_in": 0)", {"expires_in"}),
        "expires_in: expected a whole number from 1 to 86400, got 0");
    row("expires_in negative", body(R"(, "expires_in": -5)", {"expires_in"}),
        "expires_in: expected a whole number from 1 to 86400, got -5");
    row("expires_in more than a day", body(R"(, "expires_in": 86401)", {"expires_in"}),
        "expires_in: expected a whole number from 1 to 86400, got 86401");
    row("expires_in a fraction", body(R"(, "expires_in": 1.5)", {"expires_in"}),
        "expires_in: expected a whole number from 1 to 86400, got 1.5");
    row("expires_in a string", body(R"(, "expires_in": "600")", {"expires_in"}),
        "expires_in: expected a number, got a string");
    row("interval a string", body(R"(, "interval": "5")"),
        "interval: expected a number, got a string");
    row("interval negative", body(R"(, "interval": -1)"),
        "interval: expected a whole number of seconds, at least 0");
    row("interval a fraction", body(R"(, "interval": 2.5)"),
        "interval: expected a whole number of seconds, at least 0");
    row("not JSON", "device_code=SECRET&user_code=x",
        "device authorization response is not JSON (illegal value at offset 1)");
    row("an HTML page", "<html>SECRET</html>",
        "device authorization response is not JSON (an HTML page?)");
    row("empty", "", "device authorization response is empty");
    row("a JSON array", "[" + rfcExample() + "]",
        "device authorization response is not a JSON object");
    QByteArray tooLarge = body(R"(, "padding": ")");
    tooLarge.append(QByteArray(MaxDeviceAuthorizationBytes - tooLarge.size() - 1, 'x'));
    tooLarge.append("\"}");
    row("too large", tooLarge, "device authorization response is larger than 64 KiB");
}

void TestDeviceAuthorization::rejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    const DeviceAuthorizationResult result = parseDeviceAuthorization(body, kReceivedAt);
    QVERIFY(!result.authorization);
    QCOMPARE(result.error, error);
    QVERIFY2(!result.error.contains(QLatin1String(kMarker)), qPrintable(result.error));
}

void TestDeviceAuthorization::decidesPoll_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<std::chrono::seconds>("interval");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<std::chrono::seconds>("nextInterval");
    QTest::addColumn<QString>("message"); // empty: none

    const auto row = [](const char *name, int status, const QString &code,
                        std::chrono::seconds interval, Outcome outcome, std::chrono::seconds next,
                        const char *message) {
        QTest::newRow(name) << status << code << interval << outcome << next
                            << QString::fromUtf8(message);
    };
    const QString none;
    const char *expired = "The sign-in code expired before the sign-in was approved. Start the "
                          "sign-in again to get a new code.";
    row("granted", 200, none, 5s, Outcome::Granted, 5s, "");
    row("granted with 201", 201, none, 7s, Outcome::Granted, 7s, "");
    row("pending", 400, QStringLiteral("authorization_pending"), 5s, Outcome::KeepPolling, 5s, "");
    row("pending with 200 (GitHub)", 200, QStringLiteral("authorization_pending"), 5s,
        Outcome::KeepPolling, 5s, "");
    row("slow_down", 400, QStringLiteral("slow_down"), 5s, Outcome::SlowDown, 10s, "");
    row("slow_down at the cap", 400, QStringLiteral("slow_down"), 60s, Outcome::SlowDown, 65s, "");
    row("slow_down with 429", 429, QStringLiteral("slow_down"), 1s, Outcome::SlowDown, 6s, "");
    row("denied", 400, QStringLiteral("access_denied"), 5s, Outcome::Denied, 5s,
        "The sign-in was denied (access_denied): it was declined in the browser.");
    row("expired_token", 400, QStringLiteral("expired_token"), 10s, Outcome::Expired, 10s, expired);
    row("invalid_grant", 400, QStringLiteral("invalid_grant"), 5s, Outcome::Failed, 5s,
        "The token endpoint refused the device code: invalid_grant (HTTP 400).");
    row("invalid_client with 401", 401, QStringLiteral("invalid_client"), 5s, Outcome::Failed, 5s,
        "The token endpoint refused the device code: invalid_client (HTTP 401).");
    row("upper-case code", 400, QStringLiteral("DEVICE_FLOW_DISABLED"), 5s, Outcome::Failed, 5s,
        "The token endpoint refused the device code: DEVICE_FLOW_DISABLED (HTTP 400).");
    row("the device code echoed as the error", 400, QString::fromLatin1(kDeviceCode), 5s,
        Outcome::Failed, 5s,
        "The token endpoint refused the device code: an error code Tessera does not show "
        "(HTTP 400).");
    row("free text as the error", 400, QStringLiteral("Your code SECRET is not valid"), 5s,
        Outcome::Failed, 5s,
        "The token endpoint refused the device code: an error code Tessera does not show "
        "(HTTP 400).");
    row("pending in another case", 400, QStringLiteral("AUTHORIZATION_PENDING"), 5s,
        Outcome::Failed, 5s,
        "The token endpoint refused the device code: AUTHORIZATION_PENDING (HTTP 400).");
    row("no code, 400", 400, none, 5s, Outcome::Failed, 5s,
        "The token endpoint answered HTTP 400 without an error code.");
    row("no code, 503", 503, none, 5s, Outcome::Failed, 5s,
        "The token endpoint answered HTTP 503 without an error code.");
    row("no code, 302", 302, none, 5s, Outcome::Failed, 5s,
        "The token endpoint answered HTTP 302 without an error code.");
}

void TestDeviceAuthorization::decidesPoll()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(std::chrono::seconds, interval);
    QFETCH(Outcome, outcome);
    QFETCH(std::chrono::seconds, nextInterval);
    QFETCH(QString, message);

    const PollDecision decision = decidePoll(status, code, interval);
    QCOMPARE(decision.outcome, outcome);
    QCOMPARE(decision.interval.count(), nextInterval.count());
    QCOMPARE(decision.message, message);
    QVERIFY(!decision.message.contains(QLatin1String(kMarker)));
}

void TestDeviceAuthorization::slowDownAddsUp()
{
    // Section 3.5: every slow_down adds 5 s to the interval used from then on.
    std::chrono::seconds interval = DefaultPollInterval;
    for (int i = 0; i < 3; ++i)
        interval = decidePoll(400, QStringLiteral("slow_down"), interval).interval;
    QCOMPARE(interval.count(), 20);
    interval = decidePoll(400, QStringLiteral("authorization_pending"), interval).interval;
    QCOMPARE(interval.count(), 20);
}

void TestDeviceAuthorization::decidesLifetime_data()
{
    QTest::addColumn<QDateTime>("expiresAt");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<bool>("expired");

    const QDateTime expiresAt = kReceivedAt.addSecs(600);
    QTest::newRow("just issued") << expiresAt << kReceivedAt << false;
    QTest::newRow("a second before") << expiresAt << expiresAt.addSecs(-1) << false;
    QTest::newRow("a millisecond before") << expiresAt << expiresAt.addMSecs(-1) << false;
    QTest::newRow("at the expiry") << expiresAt << expiresAt << true;
    QTest::newRow("after the expiry") << expiresAt << expiresAt.addSecs(3600) << true;
    QTest::newRow("in another time zone")
            << expiresAt << expiresAt.toOffsetFromUtc(7200).addSecs(-1) << false;
    QTest::newRow("invalid expiry") << QDateTime() << kReceivedAt << true;
    QTest::newRow("invalid now") << expiresAt << QDateTime() << true;
}

void TestDeviceAuthorization::decidesLifetime()
{
    QFETCH(QDateTime, expiresAt);
    QFETCH(QDateTime, now);
    QFETCH(bool, expired);

    const std::optional<PollDecision> decision = decideLifetime(expiresAt, now);
    QCOMPARE(decision.has_value(), expired);
    if (decision) {
        QCOMPARE(decision->outcome, Outcome::Expired);
        QCOMPARE(decision->message, decidePoll(400, QStringLiteral("expired_token"), 5s).message);
    }
}

QTEST_GUILESS_MAIN(TestDeviceAuthorization)
#include "tst_deviceauthorization.moc"
