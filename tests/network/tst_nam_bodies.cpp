// SPDX-License-Identifier: BSD-3-Clause
// Every verb and body kind through a 401, one refresh and one retry: the replayed attempt has
// the same verb, headers and body (byte for byte) as the first; bodies that cannot be sent
// again get their 401, before any refresh is spent on them.
#include "namharness.h"
#include "onceonlydevice.h"
#include "requestbody_p.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QHttpMultiPart>
#include <QTemporaryFile>

using namespace Tessera;
using namespace Tessera::Test;

namespace {
QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

enum class BodyKind { None, Bytes, Buffer, File, MultiPart, Sequential, SequentialUnsized };

/*! \brief The bodies of one request, each kind built fresh, the same bytes every time. */
struct Bodies
{
    explicit Bodies(const QByteArray &payload)
        : sequential(payload)
        , multiPart(QHttpMultiPart::FormDataType)
    {
        buffer.setData(payload);
        buffer.open(QIODevice::ReadOnly);
        if (file.open()) {
            file.write(payload);
            file.seek(0);
        }
        sequential.open(QIODevice::ReadOnly);
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QByteArray("form-data; name=\"payload\""));
        part.setBody(payload);
        multiPart.append(part);
        multiPart.setBoundary("tessera-boundary");
    }
    QBuffer buffer;
    QTemporaryFile file;
    OnceOnlyDevice sequential;
    QHttpMultiPart multiPart;
};

QNetworkReply *send(QNetworkAccessManager &nam, const QByteArray &verb, BodyKind kind,
                    QNetworkRequest request, const QByteArray &payload, Bodies &bodies)
{
    if (kind == BodyKind::Sequential)
        request.setHeader(QNetworkRequest::ContentLengthHeader, payload.size());
    switch (kind) {
    case BodyKind::None:
        if (verb == "GET")
            return nam.get(request);
        if (verb == "HEAD")
            return nam.head(request);
        return verb == "DELETE" ? nam.deleteResource(request)
                                : nam.sendCustomRequest(request, verb);
    case BodyKind::Bytes:
        return verb == "POST"  ? nam.post(request, payload)
               : verb == "PUT" ? nam.put(request, payload)
                               : nam.sendCustomRequest(request, verb, payload);
    case BodyKind::Buffer:
    case BodyKind::File:
    case BodyKind::Sequential:
    case BodyKind::SequentialUnsized: {
        QIODevice *device = kind == BodyKind::Buffer ? static_cast<QIODevice *>(&bodies.buffer)
                            : kind == BodyKind::File ? static_cast<QIODevice *>(&bodies.file)
                                                     : &bodies.sequential;
        return verb == "POST"  ? nam.post(request, device)
               : verb == "PUT" ? nam.put(request, device)
                               : nam.sendCustomRequest(request, verb, device);
    }
    case BodyKind::MultiPart:
        return verb == "POST"  ? nam.post(request, &bodies.multiPart)
               : verb == "PUT" ? nam.put(request, &bodies.multiPart)
                               : nam.sendCustomRequest(request, verb, &bodies.multiPart);
    }
    return nullptr;
}
} // namespace

class tst_NamBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void replayedLikeTheFirstAttempt_data();
    void replayedLikeTheFirstAttempt();
    void multiPartWithAPartThatCannotRewindGetsIts401();
    void deviceThatCannotRewindGetsIts401();
    void sequentialBodyPastTheRecordLimitGetsIts401();

private:
    QNetworkRequest echoRequest(NamHarness &h) const;
    DevServerProcess m_server;
    QByteArray m_payload;
};

void tst_NamBodies::initTestCase()
{
    QVERIFY(m_server.start());
    m_payload = QByteArray("tessera body \xe2\x9c\x93 ").repeated(1000);
}

void tst_NamBodies::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

QNetworkRequest tst_NamBodies::echoRequest(NamHarness &h) const
{
    QNetworkRequest request(h.api(QStringLiteral("/api/echo")));
    request.setRawHeader("X-Tessera-Test", "kept");
    request.setRawHeader("Accept-Language", "eo");
    return request;
}

void tst_NamBodies::replayedLikeTheFirstAttempt_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<BodyKind>("body");
    QTest::newRow("GET") << QByteArray("GET") << BodyKind::None;
    QTest::newRow("HEAD") << QByteArray("HEAD") << BodyKind::None;
    QTest::newRow("DELETE") << QByteArray("DELETE") << BodyKind::None;
    QTest::newRow("OPTIONS custom, no body") << QByteArray("OPTIONS") << BodyKind::None;
    QTest::newRow("POST bytes") << QByteArray("POST") << BodyKind::Bytes;
    QTest::newRow("PUT bytes") << QByteArray("PUT") << BodyKind::Bytes;
    QTest::newRow("PATCH custom bytes") << QByteArray("PATCH") << BodyKind::Bytes;
    QTest::newRow("POST QBuffer") << QByteArray("POST") << BodyKind::Buffer;
    QTest::newRow("PUT QBuffer") << QByteArray("PUT") << BodyKind::Buffer;
    QTest::newRow("PURGE custom QBuffer") << QByteArray("PURGE") << BodyKind::Buffer;
    QTest::newRow("PUT QFile") << QByteArray("PUT") << BodyKind::File;
    QTest::newRow("POST QFile") << QByteArray("POST") << BodyKind::File;
    QTest::newRow("POST multipart") << QByteArray("POST") << BodyKind::MultiPart;
    QTest::newRow("PUT multipart") << QByteArray("PUT") << BodyKind::MultiPart;
    QTest::newRow("PATCH custom multipart") << QByteArray("PATCH") << BodyKind::MultiPart;
    QTest::newRow("POST sequential, sized") << QByteArray("POST") << BodyKind::Sequential;
    QTest::newRow("PUT sequential, sized") << QByteArray("PUT") << BodyKind::Sequential;
    QTest::newRow("POST sequential, unsized") << QByteArray("POST") << BodyKind::SequentialUnsized;
}

void tst_NamBodies::replayedLikeTheFirstAttempt()
{
    QFETCH(QByteArray, verb);
    QFETCH(BodyKind, body);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request = echoRequest(h);
    if (body != BodyKind::MultiPart)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-test"));

    // What a plain manager sends for the same request: the bytes to expect on the retry.
    QNetworkAccessManager plain;
    QNetworkRequest plainRequest = request;
    h.session->authorize(plainRequest);
    Bodies plainBodies(m_payload);
    std::unique_ptr<QNetworkReply> reference(
            send(plain, verb, body, plainRequest, m_payload, plainBodies));
    QVERIFY(finishes(reference.get()));
    QCOMPARE(status(reference.get()), 200);
    const QJsonObject expected = jsonBody(reference.get());

    h.revokeAccessTokens(); // the next call gets 401; one refresh fixes it
    m_server.resetStats();
    Bodies bodies(m_payload);
    std::unique_ptr<QNetworkReply> reply(send(h.nam, verb, body, request, m_payload, bodies));
    ReplySpies spies(reply.get());
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(spies.finished.count(), 1);
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("api_unauthorized")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("api_requests")).toInt(), 2);
    if (verb == "HEAD")
        return;

    const QJsonObject echo = jsonBody(reply.get());
    QCOMPARE(echo.value(QStringLiteral("method")).toString().toLatin1(), verb);
    if (body != BodyKind::None && body != BodyKind::MultiPart)
        QCOMPARE(echo.value(QStringLiteral("body_sha256")).toString().toLatin1(),
                 sha256(m_payload));
    QCOMPARE(echo.value(QStringLiteral("body_sha256")),
             expected.value(QStringLiteral("body_sha256")));
    QCOMPARE(echo.value(QStringLiteral("body_size")), expected.value(QStringLiteral("body_size")));
    const QJsonObject headers = echo.value(QStringLiteral("headers")).toObject();
    const QJsonObject plainHeaders = expected.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("x-tessera-test")).toString(), QStringLiteral("kept"));
    QCOMPARE(headers.value(QStringLiteral("accept-language")).toString(), QStringLiteral("eo"));
    QCOMPARE(headers.value(QStringLiteral("content-type")),
             plainHeaders.value(QStringLiteral("content-type")));
    if (body == BodyKind::MultiPart)
        QVERIFY(headers.value(QStringLiteral("content-type"))
                        .toString()
                        .contains(QStringLiteral("boundary=\"tessera-boundary\"")));
    else if (body != BodyKind::None)
        QCOMPARE(headers.value(QStringLiteral("content-type")).toString(),
                 QStringLiteral("application/x-test"));
    QCOMPARE(headers.value(QStringLiteral("content-length")),
             plainHeaders.value(QStringLiteral("content-length")));
}

// A QHttpMultiPart says it can seek, but its reset() fails when a part's body device cannot go
// back. (One whose part device is sequential is not tried here: a plain QNetworkAccessManager
// never finishes uploading it.)
void tst_NamBodies::multiPartWithAPartThatCannotRewindGetsIts401()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    m_server.resetStats();
    QHttpMultiPart multiPart(QHttpMultiPart::FormDataType);
    ForwardOnlyDevice stream(m_payload);
    stream.open(QIODevice::ReadOnly);
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArray("form-data; name=\"stream\""));
    part.setBodyDevice(&stream);
    multiPart.append(part);
    std::unique_ptr<QNetworkReply> reply(h.nam.post(echoRequest(h), &multiPart));
    ReplySpies spies(reply.get());
    QSignalSpy progress(reply.get(), &QNetworkReply::downloadProgress);
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(spies.finished.count(), 1);
    // Found out before a refresh was spent on it, and delivered with its progress.
    QCOMPARE(h.refreshes(), 0);
    QVERIFY(progress.count() >= 1);
    const QByteArray answer = reply->readAll();
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(answer.size()));
    QVERIFY(answer.contains("invalid_token"));
}

void tst_NamBodies::deviceThatCannotRewindGetsIts401()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    m_server.resetStats();
    ForwardOnlyDevice device(m_payload);
    device.open(QIODevice::ReadOnly);
    std::unique_ptr<QNetworkReply> reply(h.nam.put(echoRequest(h), &device));
    ReplySpies spies(reply.get());
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(h.refreshes(), 0);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 1);
}

void tst_NamBodies::sequentialBodyPastTheRecordLimitGetsIts401()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    m_server.resetStats();
    const QByteArray big(RequestBody::recordLimit + 4096, 's');
    OnceOnlyDevice device(big);
    device.open(QIODevice::ReadOnly);
    QNetworkRequest request = echoRequest(h);
    request.setHeader(QNetworkRequest::ContentLengthHeader, big.size());
    std::unique_ptr<QNetworkReply> reply(h.nam.post(request, &device));
    QVERIFY(finishes(reply.get(), 30000));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(h.refreshes(), 0);
}

QTEST_GUILESS_MAIN(tst_NamBodies)
#include "tst_nam_bodies.moc"
