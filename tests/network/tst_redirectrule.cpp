// SPDX-License-Identifier: BSD-3-Clause
// RedirectRule on canned answers: what NetworkAccessManager does with each redirect, the way
// a plain QNetworkAccessManager would (tst_nam_redirects checks the same against Qt's own).
#include "cannedreply.h"
#include "redirectrule_p.h"

#include <QTest>

using namespace Tessera;
using Tessera::Test::CannedReply;
using Operation = QNetworkAccessManager::Operation;
using Action = RedirectRule::Action;

namespace {

constexpr int noPolicy = -1;
} // namespace

class tst_RedirectRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void sameOriginComparesSchemeHostAndPort_data();
    void sameOriginComparesSchemeHostAndPort();
};

void tst_RedirectRule::decide_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("location");
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<int>("requestPolicy");
    QTest::addColumn<int>("managerPolicy");
    QTest::addColumn<int>("redirectsSoFar");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("target");
    QTest::addColumn<Operation>("nextOperation");
    QTest::addColumn<bool>("keepsBody");
    QTest::addColumn<QNetworkReply::NetworkError>("error");

    const QString api = QStringLiteral("http://api.test/start");
    const int noLessSafe = QNetworkRequest::NoLessSafeRedirectPolicy;
    const auto row = [&](const char *name, int status, const QString &location, Operation op,
                         Action action, Operation next, bool keepsBody) {
        QTest::newRow(name) << api << status << location << op << noPolicy << noLessSafe << 0
                            << action << QUrl(api).resolved(QUrl(location)).toString() << next
                            << keepsBody << QNetworkReply::NoError;
    };
    const QString there = QStringLiteral("/there");
    row("301 after a GET: GET", 301, there, Operation::GetOperation, Action::Follow,
        Operation::GetOperation, false);
    row("301 after a POST: GET without body", 301, there, Operation::PostOperation, Action::Follow,
        Operation::GetOperation, false);
    row("302 after a POST: GET without body", 302, there, Operation::PostOperation, Action::Follow,
        Operation::GetOperation, false);
    row("302 after a PUT: GET without body, as Qt does", 302, there, Operation::PutOperation,
        Action::Follow, Operation::GetOperation, false);
    row("303 after a PUT: GET", 303, there, Operation::PutOperation, Action::Follow,
        Operation::GetOperation, false);
    row("303 after a custom verb: GET", 303, there, Operation::CustomOperation, Action::Follow,
        Operation::GetOperation, false);
    row("303 after a HEAD: HEAD", 303, there, Operation::HeadOperation, Action::Follow,
        Operation::HeadOperation, false);
    row("307 after a POST: POST with body", 307, there, Operation::PostOperation, Action::Follow,
        Operation::PostOperation, true);
    row("308 after a PUT: PUT with body", 308, there, Operation::PutOperation, Action::Follow,
        Operation::PutOperation, true);
    row("307 after a custom verb: the verb with body", 307, there, Operation::CustomOperation,
        Action::Follow, Operation::CustomOperation, true);
    row("200 is no redirect", 200, there, Operation::GetOperation, Action::Deliver,
        Operation::GetOperation, false);
    row("304 is no redirect", 304, there, Operation::GetOperation, Action::Deliver,
        Operation::GetOperation, false);
    QTest::newRow("302 without Location: delivered")
            << api << 302 << QString() << Operation::GetOperation << noPolicy << noLessSafe << 0
            << Action::Deliver << QString() << Operation::GetOperation << false
            << QNetworkReply::NoError;

    const auto refused = [&](const char *name, const QString &from, const QString &location,
                             int requestPolicy, int soFar, QNetworkReply::NetworkError error) {
        QTest::newRow(name) << from << 302 << location << Operation::GetOperation << requestPolicy
                            << noLessSafe << soFar << Action::Refuse
                            << QUrl(from).resolved(QUrl(location)).toString()
                            << Operation::GetOperation << false << error;
    };
    refused("too many redirects", api, there, noPolicy, 50, QNetworkReply::TooManyRedirectsError);
    refused("ftp: not http", api, QStringLiteral("ftp://api.test/file"), noPolicy, 0,
            QNetworkReply::ProtocolUnknownError);
    refused("file: not http", api, QStringLiteral("file:///etc/hostname"), noPolicy, 0,
            QNetworkReply::ProtocolUnknownError);
    refused("https to http under NoLessSafe", QStringLiteral("https://api.test/start"),
            QStringLiteral("http://api.test/there"), noPolicy, 0,
            QNetworkReply::InsecureRedirectError);
    refused("SameOrigin: another host", api, QStringLiteral("http://other.test/there"),
            QNetworkRequest::SameOriginRedirectPolicy, 0, QNetworkReply::InsecureRedirectError);
    refused("SameOrigin: another scheme", api, QStringLiteral("https://api.test/there"),
            QNetworkRequest::SameOriginRedirectPolicy, 0, QNetworkReply::InsecureRedirectError);
    refused("SameOrigin: another port", api, QStringLiteral("http://api.test:8080/there"),
            QNetworkRequest::SameOriginRedirectPolicy, 0, QNetworkReply::InsecureRedirectError);

    QTest::newRow("SameOrigin: same origin followed")
            << api << 302 << there << Operation::GetOperation
            << int(QNetworkRequest::SameOriginRedirectPolicy) << noLessSafe << 0 << Action::Follow
            << QStringLiteral("http://api.test/there") << Operation::GetOperation << false
            << QNetworkReply::NoError;
    QTest::newRow("http to https under NoLessSafe: followed")
            << api << 302 << QStringLiteral("https://api.test/there") << Operation::GetOperation
            << noPolicy << noLessSafe << 0 << Action::Follow
            << QStringLiteral("https://api.test/there") << Operation::GetOperation << false
            << QNetworkReply::NoError;
    QTest::newRow("49 hops so far: the 50th is followed")
            << api << 302 << there << Operation::GetOperation << noPolicy << noLessSafe << 49
            << Action::Follow << QStringLiteral("http://api.test/there") << Operation::GetOperation
            << false << QNetworkReply::NoError;
    QTest::newRow("UserVerified: asks the caller")
            << api << 307 << there << Operation::PostOperation
            << int(QNetworkRequest::UserVerifiedRedirectPolicy) << noLessSafe << 0
            << Action::AskCaller << QStringLiteral("http://api.test/there")
            << Operation::PostOperation << true << QNetworkReply::NoError;
    QTest::newRow("Manual on the request: delivered")
            << api << 302 << there << Operation::GetOperation
            << int(QNetworkRequest::ManualRedirectPolicy) << noLessSafe << 0 << Action::Deliver
            << QString() << Operation::GetOperation << false << QNetworkReply::NoError;
    QTest::newRow("Manual on the manager: delivered")
            << api << 302 << there << Operation::GetOperation << noPolicy
            << int(QNetworkRequest::ManualRedirectPolicy) << 0 << Action::Deliver << QString()
            << Operation::GetOperation << false << QNetworkReply::NoError;
    QTest::newRow("the request's policy wins over the manager's")
            << api << 302 << there << Operation::GetOperation
            << int(QNetworkRequest::NoLessSafeRedirectPolicy)
            << int(QNetworkRequest::ManualRedirectPolicy) << 0 << Action::Follow
            << QStringLiteral("http://api.test/there") << Operation::GetOperation << false
            << QNetworkReply::NoError;
}

void tst_RedirectRule::decide()
{
    QFETCH(QString, from);
    QFETCH(int, status);
    QFETCH(QString, location);
    QFETCH(Operation, operation);
    QFETCH(int, requestPolicy);
    QFETCH(int, managerPolicy);
    QFETCH(int, redirectsSoFar);

    CannedReply answer(QUrl(from), status, location.isEmpty() ? QUrl() : QUrl(location));
    QNetworkRequest request {QUrl(from)};
    if (requestPolicy != noPolicy)
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, requestPolicy);
    const RedirectRule rule =
            RedirectRule::decide(answer, request, operation,
                                 QNetworkRequest::RedirectPolicy(managerPolicy), redirectsSoFar);
    QTEST(rule.action, "action");
    QTEST(rule.error, "error");
    if (rule.action == Action::Deliver)
        return;
    QTEST(rule.target.toString(), "target");
    if (rule.action == Action::Refuse)
        return;
    QTEST(rule.operation, "nextOperation");
    QTEST(rule.keepsBody, "keepsBody");
}

void tst_RedirectRule::sameOriginComparesSchemeHostAndPort_data()
{
    QTest::addColumn<QUrl>("a");
    QTest::addColumn<QUrl>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("paths differ") << QUrl(QStringLiteral("http://h.test/a"))
                                  << QUrl(QStringLiteral("http://h.test/b?q")) << true;
    QTest::newRow("default port spelt out") << QUrl(QStringLiteral("https://h.test/"))
                                            << QUrl(QStringLiteral("https://h.test:443/")) << true;
    QTest::newRow("host case") << QUrl(QStringLiteral("http://H.test/"))
                               << QUrl(QStringLiteral("http://h.TEST/")) << true;
    QTest::newRow("127.0.0.1 vs localhost")
            << QUrl(QStringLiteral("http://127.0.0.1:80/"))
            << QUrl(QStringLiteral("http://localhost:80/")) << false;
    QTest::newRow("scheme") << QUrl(QStringLiteral("http://h.test/"))
                            << QUrl(QStringLiteral("https://h.test/")) << false;
    QTest::newRow("port") << QUrl(QStringLiteral("http://h.test:1/"))
                          << QUrl(QStringLiteral("http://h.test:2/")) << false;
}

void tst_RedirectRule::sameOriginComparesSchemeHostAndPort()
{
    QFETCH(QUrl, a);
    QFETCH(QUrl, b);
    QTEST(sameOrigin(a, b), "same");
    QTEST(sameOrigin(b, a), "same");
}

QTEST_GUILESS_MAIN(tst_RedirectRule)
#include "tst_redirectrule.moc"
