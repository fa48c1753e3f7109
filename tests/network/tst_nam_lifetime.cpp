// SPDX-License-Identifier: BSD-3-Clause
// NetworkAccessManager and its replies when the things they depend on go away: the session
// deleted while requests wait for it, the manager deleted while replies (whatever their
// parent) are outstanding, a manager made without a session.
#include "namharness.h"

#include <QRegularExpression>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

class tst_NamLifetime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void sessionDeletedFailsWaitingRequests();
    void sessionDeletedDeliversAHeld401();
    void requestsAfterTheSessionIsGoneGoWithoutBearer();
    void nullSessionIsAPlainManager();
    void managerDestroyedWithRepliesOutstanding();
    void reparentedRepliesOutliveTheManager_data();
    void reparentedRepliesOutliveTheManager();
    void aFollowedRedirectInTheManagersTreeIsDeletedOnce();

private:
    DevServerProcess m_server;
};

void tst_NamLifetime::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_NamLifetime::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
}

void tst_NamLifetime::sessionDeletedFailsWaitingRequests()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.holdTheRefresh(10000);
    h.session->refresh();
    QCOMPARE(h.session->state(), State::Refreshing);
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    ReplySpies spies(reply.get());
    QCoreApplication::processEvents();
    QVERIFY(!reply->isFinished()); // waiting for the refresh
    h.session.reset();
    QVERIFY(!h.nam.session());
    QVERIFY(finishes(reply.get(), 3000)); // long before the refresh would have answered
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(spies.finished.count(), 1);
    QCOMPARE(spies.errors.count(), 1);
    QCOMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 0);
}

void tst_NamLifetime::sessionDeletedDeliversAHeld401()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.revokeAccessTokens(); // the next call gets 401, which is held for a refresh...
    h.holdTheRefresh(10000); // ...that takes long
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    ReplySpies spies(reply.get());
    QTRY_COMPARE(h.session->state(), State::Refreshing);
    QVERIFY(!reply->isFinished());
    h.session.reset();
    QVERIFY(finishes(reply.get(), 3000));
    QCOMPARE(status(reply.get()), 401);
    QCOMPARE(reply->error(), QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(spies.finished.count(), 1);
}

void tst_NamLifetime::requestsAfterTheSessionIsGoneGoWithoutBearer()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    h.session.reset();
    std::unique_ptr<QNetworkReply> reply(
            h.nam.get(QNetworkRequest(h.api(QStringLiteral("/api/me")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401); // sent as a plain manager would, with no token
    QCOMPARE(m_server.stats().value(QStringLiteral("api_unauthorized")).toInt(), 1);
}

void tst_NamLifetime::nullSessionIsAPlainManager()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    NetworkAccessManager nam(nullptr);
    QVERIFY(!nam.session());
    std::unique_ptr<QNetworkReply> reply(
            nam.get(QNetworkRequest(m_server.url(QStringLiteral("/api/me")))));
    QVERIFY(finishes(reply.get()));
    QCOMPARE(status(reply.get()), 401);
}

void tst_NamLifetime::managerDestroyedWithRepliesOutstanding()
{
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    auto nam = std::make_unique<NetworkAccessManager>(h.session.get());
    QPointer<QNetworkReply> finished = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    QVERIFY(finishes(finished));
    QPointer<QNetworkReply> inFlight = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    h.session->refresh();
    QPointer<QNetworkReply> waiting = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    nam.reset(); // takes the replies it owns with it, whatever they were doing
    QVERIFY(!finished && !inFlight && !waiting);
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_NamLifetime::reparentedRepliesOutliveTheManager_data()
{
    QTest::addColumn<QString>("doing");
    QTest::newRow("in flight") << QStringLiteral("in flight");
    QTest::newRow("waiting for the session") << QStringLiteral("waiting");
    QTest::newRow("holding a 401") << QStringLiteral("holding");
    QTest::newRow("finished") << QStringLiteral("finished");
}

// Qt lets a caller reparent a reply; one that outlives its manager must neither touch it nor
// hang: it finishes (OperationCanceledError unless it already had) and can be read and deleted.
void tst_NamLifetime::reparentedRepliesOutliveTheManager()
{
    QFETCH(QString, doing);
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    auto nam = std::make_unique<NetworkAccessManager>(h.session.get());
    if (doing == QLatin1String("in flight")) {
        m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                           {QStringLiteral("count"), 1},
                           {QStringLiteral("delay_ms"), 5000}});
    } else if (doing == QLatin1String("waiting")) {
        h.holdTheRefresh(5000);
        h.session->refresh();
    } else if (doing == QLatin1String("holding")) {
        h.revokeAccessTokens();
        h.holdTheRefresh(5000);
    }
    QObject owner;
    QNetworkReply *reply = nam->get(QNetworkRequest(h.api(QStringLiteral("/api/me"))));
    reply->setParent(&owner);
    ReplySpies spies(reply);
    if (doing == QLatin1String("finished"))
        QVERIFY(finishes(reply));
    else if (doing == QLatin1String("holding"))
        QTRY_COMPARE(h.session->state(), State::Refreshing);
    else if (doing == QLatin1String("in flight"))
        QTRY_COMPARE(m_server.stats().value(QStringLiteral("api_requests")).toInt(), 1);
    const bool wasFinished = reply->isFinished();
    nam.reset();
    QCOMPARE(reply->parent(), &owner);
    QVERIFY(finishes(reply, 3000));
    QCOMPARE(spies.finished.count(), 1);
    const QByteArray body = reply->readAll();
    if (wasFinished) {
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(status(reply), 200);
        // The answer stays readable (the attempt that carried it went with the manager).
        QVERIFY2(body.contains(Accounts::alice.toUtf8()), body.constData());
    } else {
        QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
        QVERIFY(body.isEmpty()); // nothing of a held 401 or a cut-off answer
    }
    reply->abort(); // harmless now
    QTRY_COMPARE(h.session->state(), State::Active); // the session did not mind
    delete reply;
    QCOMPARE(spies.finished.count(), 1);
}

void tst_NamLifetime::aFollowedRedirectInTheManagersTreeIsDeletedOnce()
{
    // A reply kept by an object of the manager's, destroyed with the manager just after a
    // redirect was followed: the attempt it replaced is still waiting for its deleteLater(),
    // and the manager's destructor, which deletes every reply of its tree, must not delete it
    // a second time.
    NamHarness h(m_server);
    QVERIFY(h.signIn());
    auto nam = std::make_unique<NetworkAccessManager>(h.session.get());
    auto *holder = new QObject(nam.get());
    QUrl url = m_server.url(QStringLiteral("/api/redirect"));
    url.setQuery(QStringLiteral("to=same&status=302&path=/api/me"));
    QPointer<QNetworkReply> reply = nam->get(QNetworkRequest(url));
    reply->setParent(holder);
    int attemptsWhenDestroyed = 0;
    // Queued: it runs before the replaced attempt's deferred delete.
    connect(
            reply, &QNetworkReply::redirected, this,
            [&] {
                attemptsWhenDestroyed = int(reply->findChildren<QNetworkReply *>().size());
                nam.reset();
            },
            Qt::QueuedConnection);
    QTRY_VERIFY(!nam);
    QCOMPARE(attemptsWhenDestroyed, 2); // the case this is about: two attempts alive
    QVERIFY(!reply); // gone with the manager, once
}

QTEST_GUILESS_MAIN(tst_NamLifetime)
#include "tst_nam_lifetime.moc"
