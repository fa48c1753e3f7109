// SPDX-License-Identifier: BSD-3-Clause
// The profile's max_response_bytes bounds the memory an answer takes while it arrives, not only
// what is kept of it: every token-API request (sign-in, refresh, revocation) against the dev
// server's streamed answers of hundreds of MiB, chunked, ended by the connection closing, with a
// Content-Length that lies, and gzip bombs. The measure is the process's peak resident memory
// (VmHWM) during the exchange, above what was resident before it.
#include "authclient_p.h"
#include "devserverprocess.h"
#include "peakmemory.h"

#include <Tessera/clock.h>

#include <QDeadlineTimer>
#include <QNetworkReply>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;
using Purpose = AuthClient::Purpose;
using Dialect = Profile::Dialect;

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 limit = MiB; // the profiles' max_response_bytes
// What an exchange may take beyond the limit: the reply's read buffer, socket buffers, Qt's
// per-request objects; far below the hundreds of MiB the server offers.
constexpr qint64 slack = 4 * MiB;
constexpr qint64 offered = 256 * MiB;

// Listed in tests/test-secrets.txt; the requests that carry it are answered by faults only.
const QByteArray sentToken = "opaque-refresh-sample";

// An application whose main thread is busy (painting, a slow slot) for a while just as the
// answer starts: whatever Qt's network thread reads meanwhile piles up. A manager that keeps
// the main thread busy for up to 300 ms when an answer's headers are in, or until the process
// holds more than \a bound above what it did when the request was made.
class BusyWhenAnswered : public QNetworkAccessManager
{
public:
    explicit BusyWhenAnswered(qint64 bound)
        : m_bound(bound)
    { }

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
        const qint64 before = PeakMemory::resident();
        connect(reply, &QNetworkReply::metaDataChanged, this, [this, before] {
            const QDeadlineTimer busy(300);
            while (!busy.hasExpired() && PeakMemory::resident() - before <= m_bound) { }
        });
        return reply;
    }

private:
    qint64 m_bound;
};

} // namespace

class tst_ResponseLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void memoryStaysWithinTheLimit_data();
    void memoryStaysWithinTheLimit();
    void answersWithinTheLimitStillWork();

private:
    DevServerProcess m_server;
};

void tst_ResponseLimit::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY2(PeakMemory().start(), "this test needs Linux's /proc/self/clear_refs");
}

void tst_ResponseLimit::init()
{
    m_server.clearFaults();
}

void tst_ResponseLimit::memoryStaysWithinTheLimit_data()
{
    QTest::addColumn<Purpose>("purpose");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QJsonObject>("stream"); // the fault's stream fields
    const auto chunked = QJsonObject {{QStringLiteral("stream_bytes"), double(offered)}};
    const auto untilClose = QJsonObject {{QStringLiteral("stream_bytes"), double(offered)},
                                         {QStringLiteral("framing"), QStringLiteral("close")}};
    const auto lyingLength = QJsonObject {{QStringLiteral("stream_bytes"), double(offered)},
                                          {QStringLiteral("framing"), QStringLiteral("length")},
                                          {QStringLiteral("declared_length"), 1000}};
    // About 4 MiB on the wire that inflate to 4 GiB; and one that is small on the wire too.
    const auto gzipBomb = QJsonObject {{QStringLiteral("stream_bytes"), double(4096 * MiB)},
                                       {QStringLiteral("encoding"), QStringLiteral("gzip")}};
    const auto smallGzipBomb = QJsonObject {{QStringLiteral("stream_bytes"), double(512 * MiB)},
                                            {QStringLiteral("encoding"), QStringLiteral("gzip")},
                                            {QStringLiteral("framing"), QStringLiteral("length")}};
    const auto S = Purpose::SignIn;
    const auto J = Dialect::Json;
    const auto O = Dialect::OAuth2;
    QTest::newRow("sign-in, chunked") << S << J << chunked;
    QTest::newRow("sign-in, no length, ends with the connection") << S << J << untilClose;
    QTest::newRow("sign-in, Content-Length 1000 but 256 MiB sent") << S << J << lyingLength;
    QTest::newRow("sign-in, gzip bomb, chunked") << S << J << gzipBomb;
    QTest::newRow("sign-in, gzip bomb under the limit on the wire") << S << O << smallGzipBomb;
    QTest::newRow("oauth2 sign-in, chunked") << S << O << chunked;
    QTest::newRow("refresh, chunked") << Purpose::Refresh << J << chunked;
    QTest::newRow("oauth2 refresh, gzip bomb") << Purpose::Refresh << O << gzipBomb;
    QTest::newRow("oauth2 revocation, chunked") << Purpose::SignOut << O << chunked;
    QTest::newRow("json logout, no length") << Purpose::SignOut << J << untilClose;
}

void tst_ResponseLimit::memoryStaysWithinTheLimit()
{
    QFETCH(Purpose, purpose);
    QFETCH(Dialect, dialect);
    QFETCH(QJsonObject, stream);
    const Profile profile = m_server.profile(dialect, Profile::LoginKind::Password,
                                             {{QStringLiteral("max_response_bytes"), double(limit)},
                                              {QStringLiteral("timeout_seconds"), 60}});
    AuthRequest request;
    switch (purpose) {
    case Purpose::SignOut:
        request = AuthRequests::signOut(profile, Secret(sentToken), Secret(sentToken)).first();
        break;
    case Purpose::Refresh:
        request = AuthRequests::refresh(profile, Secret(sentToken));
        break;
    default:
        request = AuthRequests::passwordLogin(profile, Accounts::alice,
                                              Secret(Accounts::alicePassword));
        break;
    }
    QJsonObject fault = stream;
    fault.insert(QStringLiteral("path"), request.request.url().path());
    fault.insert(QStringLiteral("body"), QStringLiteral("stream"));
    m_server.addFault(fault);

    BusyWhenAnswered manager(limit + slack);
    AuthClient client(profile, Clock::system());
    client.setNetworkAccessManager(&manager);
    std::optional<AuthOutcome> outcome;
    PeakMemory memory;
    QVERIFY(memory.start());
    client.send(request, purpose, [&](const AuthOutcome &o) { outcome = o; });
    QVERIFY2(QTest::qWaitFor([&] { return outcome.has_value(); }, 60000),
             "the exchange did not end");
    const qint64 growth = memory.growth();
    qInfo("peak resident memory grew by %.1f MiB during the exchange (limit %.1f MiB)",
          double(growth) / MiB, double(limit) / MiB);
    QVERIFY2(growth <= limit + slack,
             qPrintable(QStringLiteral("peak memory grew by %1 bytes, more than the limit of %2 "
                                       "and %3 more")
                                .arg(growth)
                                .arg(limit)
                                .arg(slack)));
    // Whatever arrived, it is not a usable answer, and not a network failure either.
    QCOMPARE(outcome->error, AuthOutcome::Error::BadResponse);
    QVERIFY(outcome->kind != AuthOutcome::Kind::Granted
            && outcome->kind != AuthOutcome::Kind::Done);
}

// The bound must not cost the ordinary answers: a sign-in, a refresh and a revocation of the
// real server still work, and an answer of exactly the limit is still read whole.
void tst_ResponseLimit::answersWithinTheLimitStillWork()
{
    const Profile profile = m_server.profile(Dialect::OAuth2);
    QNetworkAccessManager manager;
    AuthClient client(profile, Clock::system());
    client.setNetworkAccessManager(&manager);
    const auto exchange = [&](const AuthRequest &request, Purpose purpose) {
        std::optional<AuthOutcome> outcome;
        client.send(request, purpose, [&](const AuthOutcome &o) { outcome = o; });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 10000))
            qWarning("the exchange did not end");
        return outcome.value_or(AuthOutcome());
    };
    const AuthOutcome signedIn = exchange(
            AuthRequests::passwordLogin(profile, Accounts::alice, Secret(Accounts::alicePassword)),
            Purpose::SignIn);
    QCOMPARE(signedIn.kind, AuthOutcome::Kind::Granted);
    const AuthOutcome refreshed = exchange(
            AuthRequests::refresh(profile, signedIn.grant->refreshToken), Purpose::Refresh);
    QCOMPARE(refreshed.kind, AuthOutcome::Kind::Granted);
    const AuthOutcome revoked =
            exchange(AuthRequests::signOut(profile, refreshed.grant->accessToken,
                                           refreshed.grant->refreshToken)
                             .first(),
                     Purpose::SignOut);
    QCOMPARE(revoked.kind, AuthOutcome::Kind::Done);
    QCOMPARE(m_server.refreshTokenState(refreshed.grant->refreshToken.reveal()),
             QStringLiteral("revoked"));

    // Exactly the limit (the dev server's 5 MiB answer under a 5 MiB limit) is read whole:
    // the answer is then judged on what it says.
    const Profile roomy =
            m_server.profile(Dialect::OAuth2, Profile::LoginKind::Password,
                             {{QStringLiteral("max_response_bytes"), double(5 * MiB)}});
    AuthClient roomyClient(roomy, Clock::system());
    roomyClient.setNetworkAccessManager(&manager);
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/oauth/token")},
                       {QStringLiteral("body"), QStringLiteral("huge")}});
    std::optional<AuthOutcome> outcome;
    roomyClient.send(
            AuthRequests::passwordLogin(roomy, Accounts::alice, Secret(Accounts::alicePassword)),
            Purpose::SignIn, [&](const AuthOutcome &o) { outcome = o; });
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 10000));
    QCOMPARE(outcome->error, AuthOutcome::Error::BadResponse);
    QVERIFY2(!outcome->errorString.contains(QStringLiteral("larger than")),
             qPrintable(outcome->errorString));
}

QTEST_GUILESS_MAIN(tst_ResponseLimit)
#include "tst_response_limit.moc"
