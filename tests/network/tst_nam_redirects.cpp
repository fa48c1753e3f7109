// SPDX-License-Identifier: BSD-3-Clause
// Redirects of API requests, followed by NetworkAccessManager itself: the verb and body each
// status leads to, the errors, the policies, abort() and finished() on every path, all
// compared with what a plain QNetworkAccessManager does with the same redirect; and every hop
// onto an API origin waits for a fresh token like a first attempt.
#include "namharness.h"
#include "onceonlydevice.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QThread>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}
} // namespace

class tst_NamRedirects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void statusesFollowedLikeAPlainManager_data();
    void statusesFollowedLikeAPlainManager();
    void redirectErrorsMatchAPlainManager_data();
    void redirectErrorsMatchAPlainManager();
    void lateReadyReadConnectionKeepsFollowing();
    void sequentialBodyFollows307();
    void unreplayableBodyGetsThe307();
    void abortWhileTheCallerDecides();
    void refusedRedirectIsNotFollowedByTheCaller();
    void hopOntoTheApiWaitsForAFreshToken();

private:
    QUrl redirect(const QString &to, int status, const QString &path = {}) const;
    QNetworkReply *send(QNetworkAccessManager &nam, const QByteArray &verb, QNetworkRequest request,
                        const QByteArray &body);

    DevServerProcess m_server {{QStringLiteral("--redirect-port"), QStringLiteral("0")}};
    QByteArray m_payload = QByteArray("redirected body \xe2\x9c\x93 ").repeated(500);
};

void tst_NamRedirects::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_NamRedirects::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

QUrl tst_NamRedirects::redirect(const QString &to, int status, const QString &path) const
{
    QUrl url = m_server.url(QStringLiteral("/api/redirect"));
    QString query = QStringLiteral("to=%1&status=%2").arg(to).arg(status);
    if (!path.isEmpty())
        query += QStringLiteral("&path=") + path;
    url.setQuery(query);
    return url;
}

QNetworkReply *tst_NamRedirects::send(QNetworkAccessManager &nam, const QByteArray &verb,
                                      QNetworkRequest request, const QByteArray &body)
{
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    if (verb == "GET")
        return nam.get(request);
    if (verb == "HEAD")
        return nam.head(request);
    if (verb == "POST")
        return nam.post(request, body);
    if (verb == "PUT")
        return nam.put(request, body);
    return nam.sendCustomRequest(request, verb, body);
}

void tst_NamRedirects::statusesFollowedLikeAPlainManager_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("expectedVerb");
    QTest::addColumn<bool>("bodyKept");
    for (int code : {301, 302, 303, 307, 308}) {
        const bool keeps = code == 307 || code == 308;
        for (const QByteArray verb : {"GET", "POST", "PUT", "PATCH", "HEAD"}) {
            const QByteArray expected = keeps || verb == "HEAD" ? verb : QByteArray("GET");
            QTest::addRow("%d after %s", code, verb.constData())
                    << code << verb << expected << (keeps && verb != "GET" && verb != "HEAD");
        }
    }
}

void tst_NamRedirects::statusesFollowedLikeAPlainManager()
{
    QFETCH(int, code);
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, expectedVerb);
    QFETCH(bool, bodyKept);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    const QUrl url = redirect(QStringLiteral("same"), code, QStringLiteral("/api/echo"));
    const QByteArray body = verb == "GET" || verb == "HEAD" ? QByteArray() : m_payload;

    std::unique_ptr<QNetworkReply> ours(send(h.nam, verb, QNetworkRequest(url), body));
    ReplySpies spies(ours.get());
    QNetworkRequest plainRequest(url);
    h.session->authorize(plainRequest);
    QNetworkAccessManager plain;
    std::unique_ptr<QNetworkReply> theirs(send(plain, verb, plainRequest, body));
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));

    QCOMPARE(ours->error(), theirs->error());
    QCOMPARE(status(ours.get()), status(theirs.get()));
    QCOMPARE(status(ours.get()), 200);
    QCOMPARE(ours->url(), theirs->url());
    QCOMPARE(ours->url().path(), QStringLiteral("/api/echo"));
    QCOMPARE(spies.redirected.count(), 1);
    QCOMPARE(spies.finished.count(), 1);
    if (verb == "HEAD")
        return;
    const QJsonObject echo = jsonBody(ours.get());
    const QJsonObject plainEcho = jsonBody(theirs.get());
    QCOMPARE(echo.value(QStringLiteral("method")).toString().toLatin1(), expectedVerb);
    QCOMPARE(echo.value(QStringLiteral("method")), plainEcho.value(QStringLiteral("method")));
    QCOMPARE(echo.value(QStringLiteral("body_sha256")).toString().toLatin1(),
             sha256(bodyKept ? body : QByteArray()));
    QCOMPARE(echo.value(QStringLiteral("body_sha256")),
             plainEcho.value(QStringLiteral("body_sha256")));
    const QJsonObject headers = echo.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("content-type")),
             plainEcho.value(QStringLiteral("headers"))
                     .toObject()
                     .value(QStringLiteral("content-type")));
}

void tst_NamRedirects::redirectErrorsMatchAPlainManager_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("policy");
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::newRow("too many redirects")
            << QStringLiteral("loop") << int(QNetworkRequest::NoLessSafeRedirectPolicy)
            << QNetworkReply::TooManyRedirectsError;
    QTest::newRow("to ftp") << QStringLiteral("ftp")
                            << int(QNetworkRequest::NoLessSafeRedirectPolicy)
                            << QNetworkReply::ProtocolUnknownError;
    QTest::newRow("SameOrigin, to another port")
            << QStringLiteral("second") << int(QNetworkRequest::SameOriginRedirectPolicy)
            << QNetworkReply::InsecureRedirectError;
    QTest::newRow("SameOrigin, to another host")
            << QStringLiteral("localhost") << int(QNetworkRequest::SameOriginRedirectPolicy)
            << QNetworkReply::InsecureRedirectError;
}

void tst_NamRedirects::redirectErrorsMatchAPlainManager()
{
    QFETCH(QString, to);
    QFETCH(int, policy);
    QFETCH(QNetworkReply::NetworkError, error);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(to, 302));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, policy);
    request.setMaximumRedirectsAllowed(3);
    std::unique_ptr<QNetworkReply> ours(h.nam.get(request));
    ReplySpies spies(ours.get());
    std::unique_ptr<QNetworkReply> theirs = h.plainGet(request);
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    QCOMPARE(theirs->error(), error); // what Qt does...
    QCOMPARE(ours->error(), error); // ...and so does Tessera
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(spies.finished.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(spies.finished.count(), 1);
    QVERIFY(m_server.get(QStringLiteral("/_dev/second-origin/last-headers"))
                    .body.value(QStringLiteral("header_names"))
                    .toArray()
                    .isEmpty());
}

void tst_NamRedirects::lateReadyReadConnectionKeepsFollowing()
{
    // The caller connects readyRead() only after the first hop's answer is in, and its end
    // already on its way: the redirect is still followed, and so is every hop after it.
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("loop"), 302));
    request.setMaximumRedirectsAllowed(3);
    std::unique_ptr<QNetworkReply> ours(h.nam.get(request));
    QNetworkReply *firstHop = ours->findChild<QNetworkReply *>();
    QVERIFY(firstHop); // the request went out at once: the token is fresh
    int chunks = 0;
    connect(firstHop, &QNetworkReply::metaDataChanged, this, [&] {
        QThread::msleep(200); // meanwhile the hop's end is queued behind its headers
        connect(ours.get(), &QNetworkReply::readyRead, this, [&] { ++chunks; });
    });
    QSignalSpy redirected(ours.get(), &QNetworkReply::redirected);
    std::unique_ptr<QNetworkReply> theirs = h.plainGet(request);
    QVERIFY(finishes(ours.get()));
    QVERIFY(finishes(theirs.get()));
    QCOMPARE(theirs->error(), QNetworkReply::TooManyRedirectsError);
    QCOMPARE(ours->error(), QNetworkReply::TooManyRedirectsError);
    QCOMPARE(redirected.count(), 3);
}

void tst_NamRedirects::sequentialBodyFollows307()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    OnceOnlyDevice device(m_payload);
    device.open(QIODevice::ReadOnly);
    QNetworkRequest request(redirect(QStringLiteral("same"), 307, QStringLiteral("/api/echo")));
    request.setHeader(QNetworkRequest::ContentLengthHeader, m_payload.size());
    std::unique_ptr<QNetworkReply> reply(h.nam.post(request, &device));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 200);
    const QJsonObject echo = jsonBody(reply.get());
    QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(echo.value(QStringLiteral("body_sha256")).toString().toLatin1(), sha256(m_payload));
}

// A 307 whose body cannot be sent again is not followed: the caller gets the answer the way
// a plain manager gives it (Qt itself tries to rewind the upload on a 307 and reports
// ContentReSendError when it cannot).
void tst_NamRedirects::unreplayableBodyGetsThe307()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    const QUrl url = redirect(QStringLiteral("same"), 307, QStringLiteral("/api/echo"));
    struct Upload
    {
        explicit Upload(const QByteArray &payload)
            : stream(payload)
        {
            stream.open(QIODevice::ReadOnly);
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader,
                           QByteArray("form-data; name=\"stream\""));
            part.setBodyDevice(&stream);
            multiPart.append(part);
        }
        ForwardOnlyDevice stream;
        QHttpMultiPart multiPart {QHttpMultiPart::FormDataType};
    } ours(m_payload), theirs(m_payload);
    std::unique_ptr<QNetworkReply> reply(h.nam.post(QNetworkRequest(url), &ours.multiPart));
    ReplySpies spies(reply.get());
    QNetworkRequest plainRequest(url);
    h.session->authorize(plainRequest);
    QNetworkAccessManager plain;
    std::unique_ptr<QNetworkReply> plainReply(plain.post(plainRequest, &theirs.multiPart));
    QVERIFY(finishes(reply.get()));
    QVERIFY(finishes(plainReply.get()));
    QCOMPARE(status(reply.get()), 307); // not followed: the body cannot go again
    QCOMPARE(status(reply.get()), status(plainReply.get()));
    QCOMPARE(reply->error(), plainReply->error());
    QCOMPARE(reply->url().path(), QStringLiteral("/api/redirect"));
    QCOMPARE(spies.redirected.count(), 0);
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 2); // one each
}

void tst_NamRedirects::abortWhileTheCallerDecides()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("second"), 302));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    ReplySpies spies(reply.get());
    QTRY_COMPARE(spies.redirected.count(), 1);
    QVERIFY(!reply->isFinished());
    reply->abort();
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    Q_EMIT reply->redirectAllowed(); // too late: nothing follows
    QCoreApplication::processEvents();
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(m_server.get(QStringLiteral("/_dev/second-origin/last-headers"))
                     .body.value(QStringLiteral("count"))
                     .toInt(),
             0);
}

void tst_NamRedirects::refusedRedirectIsNotFollowedByTheCaller()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    QNetworkRequest request(redirect(QStringLiteral("ftp"), 302));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(h.nam.get(request));
    ReplySpies spies(reply.get());
    QVERIFY(finishes(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::ProtocolUnknownError);
    QCOMPARE(spies.redirected.count(), 0); // refused before asking
    Q_EMIT reply->redirectAllowed();
    QCoreApplication::processEvents();
    QCOMPARE(spies.finished.count(), 1);
}

// The token runs out while the first attempt is out: the hop waits for the refresh and goes
// with the new token, never with the expired one or none.
void tst_NamRedirects::hopOntoTheApiWaitsForAFreshToken()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeOnRefresh();
    m_server.resetStats();
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/redirect")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("delay_ms"), 1000}});
    h.holdTheRefresh(3000);
    const QString oldJti = h.currentJti();
    std::unique_ptr<QNetworkReply> reply(h.nam.get(
            QNetworkRequest(redirect(QStringLiteral("same"), 302, QStringLiteral("/api/echo")))));
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 1);
    h.advanceTo(h.session->accessExpiresAt().addSecs(1)); // expired; the refresh starts
    QTRY_COMPARE(h.session->state(), State::Refreshing);
    QVERIFY(finishes(reply.get(), 15000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(status(reply.get()), 200);
    QCOMPARE(reply->url().path(), QStringLiteral("/api/echo"));
    const QString hopJti = jsonBody(reply.get()).value(QStringLiteral("jti")).toString();
    QVERIFY(hopJti != oldJti);
    QCOMPARE(hopJti, h.currentJti());
    QCOMPARE(h.unauthorizedAtServer(), 0);
    QCOMPARE(h.refreshes(), 1);
}

QTEST_GUILESS_MAIN(tst_NamRedirects)
#include "tst_nam_redirects.moc"
