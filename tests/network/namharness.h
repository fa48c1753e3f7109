// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserverprocess.h"
#include "sessionharness.h"

#include <Tessera/networkaccessmanager.h>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

namespace Tessera::Test {

/*!
 * \brief A signed-in Session (ManualClock, memory store) with a Tessera NetworkAccessManager in
 * front of it, against the dev server.
 */
class NamHarness : public SessionHarness
{
public:
    explicit NamHarness(DevServerProcess &server, Profile::Dialect dialect = Profile::Dialect::Json)
        : SessionHarness(server.profile(dialect))
        , server(server)
        , nam(session.get())
    { }

    bool signIn()
    {
        session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
        return QTest::qWaitFor([this] { return session->state() == Session::State::Active; },
                               10000);
    }

    /*! \brief Makes the server refuse every access token issued so far (401 on the next call);
     *  the refresh token stays good, so one refresh fixes it. */
    void revokeAccessTokens() { server.post(QStringLiteral("/_dev/revoke-access-tokens"), {}); }

    /*! \brief The server answers the next refresh only after \a ms (requests queue meanwhile). */
    void holdTheRefresh(int ms)
    {
        server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                         {QStringLiteral("count"), 1},
                         {QStringLiteral("delay_ms"), ms}});
    }

    /*! \brief From now on a refresh revokes the access tokens issued before it, so a request
     *  that goes out with the old token after the refresh gets 401 (counted by the server). */
    void revokeOnRefresh()
    {
        server.configure({{QStringLiteral("revoke_access_on_refresh"), true}});
    }

    int refreshes() { return server.stats().value(QStringLiteral("refreshes")).toInt(); }
    int unauthorizedAtServer()
    {
        return server.stats().value(QStringLiteral("api_unauthorized")).toInt();
    }

    /*! \brief The jti (an id, not a secret) of the session's current access token. */
    QString currentJti() const
    {
        const QList<QByteArray> parts = session->exportAccessToken().reveal().split('.');
        if (parts.size() != 3)
            return {};
        const QByteArray claims = QByteArray::fromBase64(
                parts.at(1), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        return QJsonDocument::fromJson(claims).object().value(QStringLiteral("jti")).toString();
    }

    QUrl api(const QString &path) const { return server.url(path); }

    /*! \brief GETs \a request through a plain QNetworkAccessManager, the bearer added by hand:
     *  what a reply of Tessera's manager is compared with. */
    std::unique_ptr<QNetworkReply> plainGet(QNetworkRequest request)
    {
        session->authorize(request);
        return std::unique_ptr<QNetworkReply>(plain.get(request));
    }

    DevServerProcess &server;
    NetworkAccessManager nam;
    QNetworkAccessManager plain;
};

/*! \brief Waits for \a reply to finish (bounded) and returns whether it did. */
inline bool finishes(QNetworkReply *reply, int timeoutMs = 10000)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
}

inline int status(const QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

inline QJsonObject jsonBody(QNetworkReply *reply)
{
    return QJsonDocument::fromJson(reply->readAll()).object();
}

/*! \brief Makes a QNetworkAccessManager reply's signals into counts. */
struct ReplySpies
{
    explicit ReplySpies(QNetworkReply *reply)
        : finished(reply, &QNetworkReply::finished)
        , errors(reply, &QNetworkReply::errorOccurred)
        , redirected(reply, &QNetworkReply::redirected)
    { }
    QSignalSpy finished;
    QSignalSpy errors;
    QSignalSpy redirected;
};

} // namespace Tessera::Test
