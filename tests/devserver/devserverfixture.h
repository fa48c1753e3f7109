// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What every tst_devserver_* test shares: the real tessera-devserver binary, started once per
// test program (with a second origin), and small helpers to talk HTTP to it.
#include <QtTest>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpSocket>

#include <memory>

using namespace Qt::StringLiterals;

using namespace Qt::StringLiterals;

namespace DevServerTesting {

// Credentials the secret scanner looks for (tests/test-secrets.txt).
inline const QString alicePassword = u"correct-horse-7Qx9"_s;
inline const QString bobPassword = u"tr0ub4dor-bob-5Kp"_s;
inline const QString aliceApiKey = u"ak_live_alice_3Jd8fK2m"_s;

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject data() const { return json.value("data"_L1).toObject(); }
    QString errorCode() const
    {
        const QJsonValue error = json.value("error"_L1);
        return error.isObject() ? error.toObject().value("code"_L1).toString() : error.toString();
    }
};

QByteArray form(std::initializer_list<std::pair<const char *, QString>> fields);

QJsonObject jwtClaims(const QString &token);

class DevServerFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

protected:
    QNetworkReply *start(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                         const Headers &headers = {}, quint16 port = 0);
    Reply finish(QNetworkReply *reply);
    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
               const Headers &headers = {}, quint16 port = 0)
    {
        return finish(start(verb, path, body, headers, port));
    }
    Reply postJson(const QString &path, const QJsonObject &object, const Headers &headers = {})
    {
        return send("POST", path, QJsonDocument(object).toJson(QJsonDocument::Compact),
                    Headers {{"Content-Type", "application/json"}} + headers);
    }
    Reply postForm(const QString &path, const QByteArray &body)
    {
        return send("POST", path, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    Reply getWithToken(const QString &path, const QString &token)
    {
        return send("GET", path, {}, {{"Authorization", "Bearer " + token.toLatin1()}});
    }
    QJsonObject login(const QString &user = u"alice"_s, const QString &password = alicePassword)
    {
        return postJson(u"/auth/login"_s, {{u"username"_s, user}, {u"password"_s, password}})
                .data();
    }
    // Every line the server has written to its --issued-tokens-file so far.
    QList<QByteArray> issuedSecrets() const;
    QString inspect(const char *kind, const QString &token)
    {
        return postJson(u"/_dev/inspect"_s, {{QString::fromLatin1(kind), token}})
                .json.value("state"_L1)
                .toString();
    }

    QProcess m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    quint16 m_secondPort = 0;
    QString m_issuedTokensFile; // where the server records every token it issues
};

} // namespace DevServerTesting
