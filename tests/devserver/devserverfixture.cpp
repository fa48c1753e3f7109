// SPDX-License-Identifier: BSD-3-Clause
#include "devserverfixture.h"

namespace DevServerTesting {

QByteArray form(std::initializer_list<std::pair<const char *, QString>> fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields)
        body += (body.isEmpty() ? "" : "&") + QByteArray(name) + '='
                + QUrl::toPercentEncoding(value);
    return body;
}

QJsonObject jwtClaims(const QString &token)
{
    const QByteArray payload = token.toLatin1().split('.').value(1);
    return QJsonDocument::fromJson(QByteArray::fromBase64(payload, QByteArray::Base64UrlEncoding))
            .object();
}

void DevServerFixture::initTestCase()
{
#ifdef TESSERA_ISSUED_TOKENS_FILE
    m_issuedTokensFile = QStringLiteral(TESSERA_ISSUED_TOKENS_FILE);
#else
    m_issuedTokensFile = QDir::temp().filePath(u"tst_devserver-issued-tokens.secrets"_s);
#endif
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // The server's log goes to this test's output, where the secret scan reads it too.
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(QStringLiteral(TESSERA_DEVSERVER_PATH),
                   {u"--port"_s, u"0"_s, u"--redirect-port"_s, u"0"_s, u"--user"_s,
                    u"alice:"_s + alicePassword, u"--user"_s, u"bob:"_s + bobPassword,
                    u"--api-key"_s, u"alice:"_s + aliceApiKey, u"--verbose"_s,
                    u"--issued-tokens-file"_s, m_issuedTokensFile});
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.peek(4096).count('\n') >= 2, 10000);
    const QRegularExpression main(u"^tessera-devserver listening on http://127.0.0.1:(\\d+)$"_s);
    const QRegularExpression second(
            u"^tessera-devserver second origin on http://127.0.0.1:(\\d+)$"_s);
    const auto mainMatch = main.match(QString::fromLatin1(m_server.readLine()).trimmed());
    const auto secondMatch = second.match(QString::fromLatin1(m_server.readLine()).trimmed());
    QVERIFY(mainMatch.hasMatch() && secondMatch.hasMatch());
    m_port = mainMatch.captured(1).toUShort();
    m_secondPort = secondMatch.captured(1).toUShort();
    QVERIFY(m_port != 0 && m_secondPort != 0 && m_port != m_secondPort);
}

void DevServerFixture::cleanupTestCase()
{
    m_server.terminate();
    QVERIFY(m_server.waitForFinished(5000));
}

void DevServerFixture::init()
{
    QCOMPARE(send("POST", u"/_dev/reset"_s).status, 200);
    QCOMPARE(send("DELETE", u"/_dev/faults"_s).status, 200);
}

QNetworkReply *DevServerFixture::start(const QByteArray &verb, const QString &path,
                                       const QByteArray &body, const Headers &headers, quint16 port)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port ? port : m_port).arg(path)));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_nam.sendCustomRequest(request, verb, body);
}

Reply DevServerFixture::finish(QNetworkReply *reply)
{
    std::unique_ptr<QNetworkReply> owner(reply);
    Reply result;
    if (!reply->isFinished() && !QSignalSpy(reply, &QNetworkReply::finished).wait(15000))
        return result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    return result;
}

QList<QByteArray> DevServerFixture::issuedSecrets() const
{
    QFile file(m_issuedTokensFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().split('\n');
}

} // namespace DevServerTesting
