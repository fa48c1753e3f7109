// SPDX-License-Identifier: BSD-3-Clause
#include "devserverprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

namespace Tessera::Test {

namespace {
constexpr int controlTimeoutMs = 5000;
}

DevServerProcess::DevServerProcess(const QStringList &extraArguments)
{
    m_arguments = QStringList {
            QStringLiteral("--port"),
            QStringLiteral("0"),
            QStringLiteral("--user"),
            Accounts::alice + QLatin1Char(':') + QString::fromLatin1(Accounts::alicePassword),
            QStringLiteral("--user"),
            Accounts::bob + QLatin1Char(':') + QString::fromLatin1(Accounts::bobPassword),
            QStringLiteral("--api-key"),
            Accounts::alice + QLatin1Char(':') + QString::fromLatin1(Accounts::aliceApiKey),
            QStringLiteral("--issued-tokens-file"),
            QStringLiteral(TESSERA_ISSUED_TOKENS_FILE)};
    m_arguments += extraArguments;
    // The server's own log goes to this test's output, where the secret scan reads it too.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

DevServerProcess::~DevServerProcess()
{
    stop();
}

bool DevServerProcess::start()
{
    m_process.start(QStringLiteral(TESSERA_DEVSERVER_PATH), m_arguments);
    const QRegularExpression listening(
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
    const QRegularExpression second(
            QStringLiteral("second origin on (http://127\\.0\\.0\\.1:\\d+)"));
    const bool wantsSecond = m_arguments.contains(QStringLiteral("--redirect-port"));
    QDeadlineTimer deadline(10000);
    QByteArray seen;
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        if (!m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            continue;
        seen += m_process.readAllStandardOutput();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(seen));
        const QRegularExpressionMatch secondMatch = second.match(QString::fromUtf8(seen));
        if (match.hasMatch() && (!wantsSecond || secondMatch.hasMatch())) {
            m_baseUrl = QUrl(match.captured(1));
            if (wantsSecond)
                m_secondOrigin = QUrl(secondMatch.captured(1));
            return true;
        }
    }
    qWarning("tessera-devserver did not start: %s", seen.constData());
    return false;
}

void DevServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(3000))
        m_process.kill();
    m_process.waitForFinished(3000);
}

bool DevServerProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

QUrl DevServerProcess::url(const QString &path) const
{
    QUrl result = m_baseUrl;
    result.setPath(path);
    return result;
}

QJsonObject DevServerProcess::profileJson(Profile::Dialect dialect, Profile::LoginKind kind,
                                          const QJsonObject &overrides) const
{
    QJsonObject json {{QStringLiteral("id"), QStringLiteral("test-%1").arg(int(dialect))},
                      {QStringLiteral("name"), QStringLiteral("Dev Server")},
                      {QStringLiteral("base_url"), m_baseUrl.toString()}};
    if (dialect == Profile::Dialect::OAuth2) {
        json.insert(QStringLiteral("dialect"), QStringLiteral("oauth2"));
        json.insert(QStringLiteral("token_endpoint"), QStringLiteral("/oauth/token"));
        json.insert(QStringLiteral("revocation_endpoint"), QStringLiteral("/oauth/revoke"));
        json.insert(QStringLiteral("client_id"), QStringLiteral("tessera-tests"));
    } else {
        json.insert(QStringLiteral("dialect"), QStringLiteral("json"));
        json.insert(QStringLiteral("login"),
                    QJsonObject {{QStringLiteral("kind"), kind == Profile::LoginKind::ApiKey
                                                                  ? QStringLiteral("api_key")
                                                                  : QStringLiteral("password")}});
        json.insert(QStringLiteral("logout"),
                    QJsonObject {{QStringLiteral("path"), QStringLiteral("/auth/logout")}});
    }
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

QJsonObject DevServerProcess::issuerProfileJson(const QString &kind,
                                                const QJsonObject &overrides) const
{
    QJsonObject json {{QStringLiteral("id"), QStringLiteral("dev-") + kind},
                      {QStringLiteral("name"), QStringLiteral("Dev Server")},
                      {QStringLiteral("dialect"), QStringLiteral("oauth2")},
                      {QStringLiteral("issuer"), m_baseUrl.toString()},
                      {QStringLiteral("client_id"), QStringLiteral("tessera-tests")},
                      {QStringLiteral("scope"), QStringLiteral("openid")},
                      {QStringLiteral("login"), QJsonObject {{QStringLiteral("kind"), kind}}}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

Profile DevServerProcess::issuerProfile(const QString &kind, const QJsonObject &overrides) const
{
    const ProfileLoadResult loaded = Profile::fromJson(
            QJsonDocument(issuerProfileJson(kind, overrides)).toJson(), QStringLiteral("dev.json"));
    if (!loaded)
        qWarning("test profile rejected: %s", qPrintable(loaded.errorString()));
    return loaded ? loaded.profile() : Profile();
}

QString DevServerProcess::writeProfile(const QString &directory, const QString &id,
                                       Profile::Dialect dialect, Profile::LoginKind kind) const
{
    const QJsonObject json = profileJson(dialect, kind, {{QStringLiteral("id"), id}});
    const QString path = directory + QLatin1Char('/') + id + QStringLiteral(".json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Profile DevServerProcess::profile(Profile::Dialect dialect, Profile::LoginKind kind,
                                  const QJsonObject &overrides) const
{
    const QJsonObject json = profileJson(dialect, kind, overrides);
    const ProfileLoadResult loaded =
            Profile::fromJson(QJsonDocument(json).toJson(), QStringLiteral("test-profile.json"));
    if (!loaded)
        qWarning("test profile rejected: %s", qPrintable(loaded.errorString()));
    return loaded ? loaded.profile() : Profile();
}

DevServerProcess::Answer DevServerProcess::send(const QString &path, const QByteArray &verb,
                                                const QByteArray &body, const QByteArray &bearer)
{
    QNetworkRequest request(url(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(controlTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer;
    if (reply->isFinished()) {
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = QJsonDocument::fromJson(reply->readAll()).object();
    } else {
        qWarning("dev server control call %s timed out", qPrintable(path));
        reply->abort();
    }
    reply->deleteLater();
    return answer;
}

DevServerProcess::Answer DevServerProcess::post(const QString &path, const QJsonObject &body)
{
    return send(path, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact), {});
}

DevServerProcess::Answer DevServerProcess::get(const QString &path, const QByteArray &bearer)
{
    return send(path, "GET", {}, bearer);
}

QJsonObject DevServerProcess::stats()
{
    return get(QStringLiteral("/_dev/stats")).body;
}

void DevServerProcess::resetStats()
{
    post(QStringLiteral("/_dev/stats/reset"), {});
}

void DevServerProcess::reset()
{
    post(QStringLiteral("/_dev/reset"), {});
}

void DevServerProcess::configure(const QJsonObject &config)
{
    QCOMPARE_EQ(post(QStringLiteral("/_dev/config"), config).status, 200);
}

void DevServerProcess::addFault(const QJsonObject &fault)
{
    QCOMPARE_EQ(post(QStringLiteral("/_dev/faults"), fault).status, 200);
}

bool DevServerProcess::waitUntilFaultsTaken(int timeoutMs)
{
    return QTest::qWaitFor(
            [this] {
                return get(QStringLiteral("/_dev/faults"))
                        .body.value(QStringLiteral("faults"))
                        .toArray()
                        .isEmpty();
            },
            timeoutMs);
}

void DevServerProcess::clearFaults()
{
    send(QStringLiteral("/_dev/faults"), "DELETE", {}, {});
}

QString DevServerProcess::refreshTokenState(const QByteArray &refreshToken)
{
    return post(QStringLiteral("/_dev/inspect"),
                {{QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken)}})
            .body.value(QStringLiteral("state"))
            .toString();
}

QString DevServerProcess::accessTokenState(const QByteArray &accessToken)
{
    return post(QStringLiteral("/_dev/inspect"),
                {{QStringLiteral("access_token"), QString::fromLatin1(accessToken)}})
            .body.value(QStringLiteral("state"))
            .toString();
}

} // namespace Tessera::Test
