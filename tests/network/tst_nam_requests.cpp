// SPDX-License-Identifier: BSD-3-Clause
// Replies of Tessera::NetworkAccessManager behave like plain ones: progress, streaming,
// connection and TLS signals and settings, abort, auto-delete, error codes and timeouts, the
// manager's finished() (tst_nam_bodies covers verbs and bodies through a retry).
#include "namharness.h"

#include <QJsonArray>
#include <QSslConfiguration>

using namespace Tessera;
using namespace Tessera::Test;

class tst_NamRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void managerAnnouncesTheCallersReplyOnce();
    void downloadStreamsWithProgress();
    void uploadReportsProgress();
    void uploadProgressIsOneUploadAcrossARetry();
    void connectionSignalsAreRelayed();
    void sslConfigurationIsThePlainReplys();
    void autoDeleteIsHonoured();
    void abortInFlight();
    void abortWhileWaitingForTheSession();
    void closingAFinishedReplyKeepsItsAnswer();
    void abortWhileA401IsHeld();
    void timeoutWhileA401IsHeldShowsNothingOfIt();
    void linesAreReadAsFromAPlainReply();
    void transferTimeoutMatchesAPlainManager();
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

void tst_NamRequests::uploadProgressIsOneUploadAcrossARetry()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens(); // the upload goes twice: once for the 401, once for real
    const QByteArray upload(2 * 1024 * 1024, 'u');
    QNetworkRequest request(h.api(QStringLiteral("/api/echo")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    std::unique_ptr<QNetworkReply> reply(h.nam.post(request, upload));
    QSignalSpy progress(reply.get(), &QNetworkReply::uploadProgress);
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(h.refreshes(), 1);
    QVERIFY(progress.count() >= 1);
    qint64 last = -1;
    int complete = 0;
    for (const QList<QVariant> &step : progress) {
        const qint64 sent = step.at(0).toLongLong();
        QVERIFY2(sent > last, "upload progress went backwards");
        last = sent;
        complete += sent == upload.size() ? 1 : 0;
    }
    QCOMPARE(last, qint64(upload.size()));
    QCOMPARE(complete, 1);
}

void tst_NamRequests::connectionSignalsAreRelayed()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    NetworkAccessManager fresh(h.session.get()); // no connection open yet
    std::unique_ptr<QNetworkReply> reply(
            fresh.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QSignalSpy connecting(reply.get(), &QNetworkReply::socketStartedConnecting);
    QSignalSpy sent(reply.get(), &QNetworkReply::requestSent);
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(connecting.count(), 1);
    QCOMPARE(sent.count(), 1);
}

void tst_NamRequests::sslConfigurationIsThePlainReplys()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_3OrLater);
    request.setSslConfiguration(configuration);
    std::unique_ptr<QNetworkReply> ours(h.nam.get(request));
    std::unique_ptr<QNetworkReply> theirs = h.plainGet(request);
    QCOMPARE(ours->sslConfiguration().peerVerifyMode(), QSslSocket::VerifyNone);
    QCOMPARE(ours->sslConfiguration().protocol(), QSsl::TlsV1_3OrLater);
    QCOMPARE(ours->sslConfiguration().peerVerifyMode(),
             theirs->sslConfiguration().peerVerifyMode());
    for (QNetworkReply *reply : {ours.get(), theirs.get()}) {
        QSslConfiguration changed = reply->sslConfiguration();
        changed.setPeerVerifyDepth(3);
        reply->setSslConfiguration(changed);
        reply->ignoreSslErrors({QSslError(QSslError::SelfSignedCertificate)});
    }
    QCOMPARE(ours->sslConfiguration().peerVerifyDepth(),
             theirs->sslConfiguration().peerVerifyDepth());
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    QCOMPARE(status(ours.get()), 200);
    QCOMPARE(ours->sslConfiguration().protocol(), theirs->sslConfiguration().protocol());
}

void tst_NamRequests::autoDeleteIsHonoured()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    request.setAttribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute, true);
    QPointer<QNetworkReply> byRequest = h.nam.get(request);
    h.nam.setAutoDeleteReplies(true);
    QPointer<QNetworkReply> byManager =
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    QTRY_VERIFY(!byRequest && !byManager);
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

void tst_NamRequests::closingAFinishedReplyKeepsItsAnswer()
{
    // As with a plain reply: close() stops a download, and does nothing once it is over.
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    std::unique_ptr<QNetworkReply> ours(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    std::unique_ptr<QNetworkReply> theirs =
            h.plainGet(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    ours->close();
    theirs->close();
    QCOMPARE(ours->isOpen(), theirs->isOpen());
    const QByteArray body = theirs->readAll();
    QVERIFY(body.contains(Accounts::alice.toUtf8()));
    QCOMPARE(ours->readAll(), body);
    QCOMPARE(ours->error(), QNetworkReply::NoError);
}

void tst_NamRequests::abortWhileWaitingForTheSession()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.holdTheRefresh(3000);
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

void tst_NamRequests::abortWhileA401IsHeld()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    h.holdTheRefresh(3000);
    m_server.resetStats();
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    ReplySpies spies(reply.get());
    QTRY_COMPARE(h.session->state(), Session::State::Refreshing); // the 401 is held for it
    QVERIFY(!reply->isFinished());
    reply->abort();
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), Session::State::Active, 10000);
    QCoreApplication::processEvents();
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 1); // no retry
}

void tst_NamRequests::timeoutWhileA401IsHeldShowsNothingOfIt()
{
    // The refresh takes longer than the request may wait: the reply ends, canceled, and the
    // 401 it held (headers, body) was never the caller's to see.
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens();
    h.holdTheRefresh(3000);
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    request.setTransferTimeout(500);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    QVERIFY(finishes(reply.get(), 2500));
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QVERIFY(!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid());
    QCOMPARE(reply->bytesAvailable(), qint64(0));
    QCOMPARE(reply->readAll(), QByteArray());
    QTRY_COMPARE_WITH_TIMEOUT(h.session->state(), Session::State::Active, 10000);
}

void tst_NamRequests::linesAreReadAsFromAPlainReply()
{
    // A caller that reads line by line (canReadLine(), readLine()) gets the same lines.
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                       {QStringLiteral("count"), 2},
                       {QStringLiteral("status"), 200},
                       {QStringLiteral("body"), QStringLiteral("html")}});
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    std::unique_ptr<QNetworkReply> ours(h.nam.get(request));
    std::unique_ptr<QNetworkReply> theirs = h.plainGet(request);
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    const auto lines = [](QNetworkReply *reply) {
        QList<QByteArray> read;
        while (reply->canReadLine())
            read.append(reply->readLine());
        return read;
    };
    const QList<QByteArray> expected = lines(theirs.get());
    QCOMPARE(expected.size(), 1);
    QCOMPARE(lines(ours.get()), expected);
}

void tst_NamRequests::transferTimeoutMatchesAPlainManager()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                       {QStringLiteral("count"), 2},
                       {QStringLiteral("delay_ms"), 5000}});
    QNetworkRequest request(h.api(QStringLiteral("/api/me")));
    request.setTransferTimeout(300);
    std::unique_ptr<QNetworkReply> ours(h.nam.get(request));
    std::unique_ptr<QNetworkReply> theirs = h.plainGet(request);
    ReplySpies spies(ours.get());
    QVERIFY(finishes(ours.get(), 4000));
    QVERIFY(finishes(theirs.get(), 4000));
    QCOMPARE(theirs->error(), QNetworkReply::OperationCanceledError);
    QCOMPARE(ours->error(), theirs->error());
    QCOMPARE(ours->errorString(), theirs->errorString());
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(spies.finished.count(), 1);
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
