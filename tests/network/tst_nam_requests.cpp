// SPDX-License-Identifier: BSD-3-Clause
// Tessera::NetworkAccessManager against the dev server: every verb and body kind through a
// 401, one refresh and one retry; and replies that behave like plain ones (progress,
// streaming, abort, error codes, the manager's finished()).
#include "namharness.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QTemporaryFile>

using namespace Tessera;
using namespace Tessera::Test;
using Operation = QNetworkAccessManager::Operation;

namespace {
/*! \brief A body that can be read once only, like a socket's or a process's output. */
class OneShotDevice : public QIODevice
{
public:
    explicit OneShotDevice(const QByteArray &data)
        : m_data(data)
    { }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_offset + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min(maxSize, qint64(m_data.size()) - m_offset);
        if (n <= 0)
            return -1;
        memcpy(data, m_data.constData() + m_offset, size_t(n));
        m_offset += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_offset = 0;
};

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

enum class BodyKind { None, Bytes, Buffer, File, MultiPart };
} // namespace

class tst_NamRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void everyVerbAndBodyIsReplayedAfterUnauthorized_data();
    void everyVerbAndBodyIsReplayedAfterUnauthorized();
    void sequentialBodyGetsItsUnauthorized();
    void managerAnnouncesTheCallersReplyOnce();
    void downloadStreamsWithProgress();
    void uploadReportsProgress();
    void abortInFlight();
    void abortWhileWaitingForTheSession();
    void managerDestroyedWithRepliesOutstanding();
    void errorsMatchAPlainManager_data();
    void errorsMatchAPlainManager();

private:
    DevServerProcess m_server {{QStringLiteral("--redirect-port"), QStringLiteral("0")}};
    QByteArray m_payload;
};

void tst_NamRequests::initTestCase()
{
    QVERIFY(m_server.start());
    m_payload = QByteArray("tessera body \xe2\x9c\x93 ").repeated(1000);
}

void tst_NamRequests::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

void tst_NamRequests::everyVerbAndBodyIsReplayedAfterUnauthorized_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<BodyKind>("body");
    QTest::newRow("GET") << QByteArray("GET") << BodyKind::None;
    QTest::newRow("HEAD") << QByteArray("HEAD") << BodyKind::None;
    QTest::newRow("DELETE") << QByteArray("DELETE") << BodyKind::None;
    QTest::newRow("POST bytes") << QByteArray("POST") << BodyKind::Bytes;
    QTest::newRow("PUT bytes") << QByteArray("PUT") << BodyKind::Bytes;
    QTest::newRow("POST QBuffer") << QByteArray("POST") << BodyKind::Buffer;
    QTest::newRow("PUT QFile") << QByteArray("PUT") << BodyKind::File;
    QTest::newRow("POST multipart") << QByteArray("POST") << BodyKind::MultiPart;
    QTest::newRow("PATCH custom bytes") << QByteArray("PATCH") << BodyKind::Bytes;
    QTest::newRow("PURGE custom QBuffer") << QByteArray("PURGE") << BodyKind::Buffer;
}

void tst_NamRequests::everyVerbAndBodyIsReplayedAfterUnauthorized()
{
    QFETCH(QByteArray, verb);
    QFETCH(BodyKind, body);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens(); // the next call gets 401; one refresh fixes it
    m_server.resetStats();

    QNetworkRequest request(h.api(QStringLiteral("/api/echo")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    request.setRawHeader("X-Tessera-Test", "kept");
    QBuffer buffer;
    buffer.setData(m_payload);
    buffer.open(QIODevice::ReadOnly);
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(m_payload);
    file.seek(0);
    QHttpMultiPart multiPart(QHttpMultiPart::FormDataType);
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArray("form-data; name=\"payload\""));
    part.setBody(m_payload);
    multiPart.append(part);
    multiPart.setBoundary("tessera-boundary");

    QNetworkReply *reply = nullptr;
    QByteArray expectedBody = m_payload;
    switch (body) {
    case BodyKind::None:
        expectedBody.clear();
        if (verb == "GET")
            reply = h.nam.get(request);
        else if (verb == "HEAD")
            reply = h.nam.head(request);
        else
            reply = h.nam.deleteResource(request);
        break;
    case BodyKind::Bytes:
        reply = verb == "POST"  ? h.nam.post(request, m_payload)
                : verb == "PUT" ? h.nam.put(request, m_payload)
                                : h.nam.sendCustomRequest(request, verb, m_payload);
        break;
    case BodyKind::Buffer:
        reply = verb == "POST" ? h.nam.post(request, &buffer)
                               : h.nam.sendCustomRequest(request, verb, &buffer);
        break;
    case BodyKind::File:
        reply = h.nam.put(request, &file);
        break;
    case BodyKind::MultiPart:
        reply = h.nam.post(request, &multiPart);
        expectedBody.clear(); // framed by the multipart boundary; checked by size below
        break;
    }
    QVERIFY(finishes(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(status(reply), 200);
    if (verb != "HEAD") {
        const QJsonObject echo = jsonBody(reply);
        QCOMPARE(echo.value(QStringLiteral("method")).toString().toLatin1(), verb);
        if (body == BodyKind::MultiPart)
            QVERIFY(echo.value(QStringLiteral("body_size")).toInt() > m_payload.size());
        else
            QCOMPARE(echo.value(QStringLiteral("body_sha256")).toString().toLatin1(),
                     sha256(expectedBody));
    }
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value(QStringLiteral("api_unauthorized")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("refreshes")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("api_requests")).toInt(), 2);
    delete reply;
}

void tst_NamRequests::sequentialBodyGetsItsUnauthorized()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    m_server.resetStats();
    OneShotDevice device(m_payload);
    device.open(QIODevice::ReadOnly);
    QNetworkRequest request(h.api(QStringLiteral("/api/echo")));
    request.setHeader(QNetworkRequest::ContentLengthHeader, m_payload.size());
    std::unique_ptr<QNetworkReply> reply(h.nam.post(request, &device));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 0);
}

void tst_NamRequests::managerAnnouncesTheCallersReplyOnce()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    QSignalSpy announced(&h.nam, &QNetworkAccessManager::finished);
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finishes(reply.get()));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(announced.count(), 1);
    QCOMPARE(announced.at(0).at(0).value<QNetworkReply *>(), reply.get());
    QCOMPARE(jsonBody(reply.get()).value(QStringLiteral("user")).toString(), Accounts::alice);
}

void tst_NamRequests::downloadStreamsWithProgress()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    constexpr qint64 size = 8 * 1024 * 1024;
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/bytes"))
                                              .resolved(QUrl(QStringLiteral("?n=%1").arg(size))))));
    // A bounded read buffer makes the body arrive in several pieces however busy the machine
    // is (without it, Qt may coalesce a fast loopback download into one readyRead).
    reply->setReadBufferSize(256 * 1024);
    QSignalSpy progress(reply.get(), &QNetworkReply::downloadProgress);
    QSignalSpy metaData(reply.get(), &QNetworkReply::metaDataChanged);
    qint64 received = 0;
    int chunks = 0;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] {
        ++chunks;
        received += reply->readAll().size();
    });
    QVERIFY(finishes(reply.get()));
    received += reply->readAll().size();
    QCOMPARE(received, size);
    QVERIFY2(chunks > 1, qPrintable(QString::number(chunks)));
    QVERIFY(metaData.count() >= 1);
    // Qt sends progress at most every 100 ms, and always the final count.
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toLongLong(), size);
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), size);
}

void tst_NamRequests::uploadReportsProgress()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    const QByteArray upload(4 * 1024 * 1024, 'u');
    QNetworkRequest request(h.api(QStringLiteral("/api/echo")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    std::unique_ptr<QNetworkReply> reply(h.nam.post(request, upload));
    QSignalSpy progress(reply.get(), &QNetworkReply::uploadProgress);
    QVERIFY(finishes(reply.get()));
    qint64 sent = 0;
    for (const QList<QVariant> &step : progress)
        sent = std::max(sent, step.at(0).toLongLong());
    QCOMPARE(sent, qint64(upload.size()));
    QCOMPARE(jsonBody(reply.get()).value(QStringLiteral("body_size")).toInt(), upload.size());
}

void tst_NamRequests::abortInFlight()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 5000}});
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QTest::qWait(100); // let it reach the server
    QVERIFY(!reply->isFinished());
    reply->abort();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

void tst_NamRequests::abortWhileWaitingForTheSession()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 3000}});
    h.session->refresh();
    QCOMPARE(h.session->state(), Session::State::Refreshing);
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(!reply->isFinished());
    reply->abort();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), Session::State::Active, 10000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
}

void tst_NamRequests::managerDestroyedWithRepliesOutstanding()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    auto nam = std::make_unique<NetworkAccessManager>(h.session.get());
    QPointer<QNetworkReply> finished = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    QVERIFY(finishes(finished));
    QPointer<QNetworkReply> inFlight = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    h.session->refresh();
    QPointer<QNetworkReply> waiting = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    nam.reset(); // takes its replies with it, whatever they were doing
    QVERIFY(!finished && !inFlight && !waiting);
    QTRY_COMPARE(h.session->state(), Session::State::Active);
}

void tst_NamRequests::errorsMatchAPlainManager_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("refusedPort");
    QTest::newRow("404") << QStringLiteral("/api/no-such-thing") << false;
    QTest::newRow("403") << QStringLiteral("/api/forbidden") << false;
    QTest::newRow("405") << QStringLiteral("/api/me?method") << false;
    QTest::newRow("connection refused") << QStringLiteral("/api/me") << true;
}

void tst_NamRequests::errorsMatchAPlainManager()
{
    QFETCH(QString, path);
    QFETCH(bool, refusedPort);
    // An API origin nobody listens on: the port of a server that was started and stopped.
    DevServerProcess gone;
    QVERIFY(gone.start());
    const QUrl deadOrigin = gone.baseUrl();
    gone.stop();
    SessionHarness base(m_server.profile(
            Profile::Dialect::Json, Profile::LoginKind::Password,
            {{QStringLiteral("api_origins"),
              QJsonArray {m_server.baseUrl().toString(), deadOrigin.toString()}}}));
    base.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(base.session->state(), Session::State::Active);
    NetworkAccessManager tessera(base.session.get());
    QNetworkAccessManager plain;

    const QUrl url = (refusedPort ? deadOrigin : m_server.baseUrl()).resolved(QUrl(path));
    QNetworkRequest request(url);
    QNetworkRequest plainRequest(url);
    base.session->authorize(plainRequest);
    const bool post = path.endsWith(QStringLiteral("?method"));
    std::unique_ptr<QNetworkReply> ours(post ? tessera.post(request, QByteArray("x"))
                                             : tessera.get(request));
    std::unique_ptr<QNetworkReply> theirs(post ? plain.post(plainRequest, QByteArray("x"))
                                               : plain.get(plainRequest));
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    QVERIFY(ours->error() != QNetworkReply::NoError);
    QCOMPARE(ours->error(), theirs->error());
    QCOMPARE(status(ours.get()), status(theirs.get()));
    QCOMPARE(ours->readAll(), theirs->readAll());
}

QTEST_GUILESS_MAIN(tst_NamRequests)
#include "tst_nam_requests.moc"
