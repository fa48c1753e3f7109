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

    int refreshes() { return server.stats().value(QStringLiteral("refreshes")).toInt(); }

    QUrl api(const QString &path) const { return server.url(path); }

    DevServerProcess &server;
    NetworkAccessManager nam;
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

} // namespace Tessera::Test
