// SPDX-License-Identifier: BSD-3-Clause
#include "authorizationcallback_p.h"

#include <QTest>
#include <QUrlQuery>

using namespace Tessera;
using Outcome = AuthorizationCallback::Outcome;

Q_DECLARE_METATYPE(Tessera::AuthorizationCallback::Outcome)

class TestAuthorizationCallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judge_data();
    void judge();
    void descriptionIsCut();
};

namespace {

const QByteArray kState = "q0Xh3vR8LkT2mN5pW7zY1a";
const QByteArray kCode = "SplxlOBeZQQYbYS6WxSbIA";
const QString kIssuer = QStringLiteral("https://id.example.com");

QUrl url(const QString &pathAndQuery)
{
    return QUrl(pathAndQuery, QUrl::StrictMode);
}

QString withState(const QString &rest = QString())
{
    QString query = QStringLiteral("/callback?state=") + QString::fromLatin1(kState);
    if (!rest.isEmpty())
        query += QLatin1Char('&') + rest;
    return query;
}

QString ok()
{
    return withState(QStringLiteral("code=") + QString::fromLatin1(kCode));
}

// Every value of a parameter in \a request's query, decoded.
QStringList valuesOf(const QUrl &request, const QString &name)
{
    return QUrlQuery(request).allQueryItemValues(name, QUrl::FullyDecoded);
}

} // namespace

void TestAuthorizationCallback::judge_data()
{
    QTest::addColumn<QUrl>("request");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<bool>("issSupported");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QByteArray>("code"); // for Code
    QTest::addColumn<QString>("messagePart"); // for Failed: a part of the message

    const QString none;
    const QByteArray noCode;
    const QString code = QString::fromLatin1(kCode);

    // Success
    QTest::newRow("code and state") << url(ok()) << none << false << Outcome::Code << kCode << none;
    QTest::newRow("parameters in another order") << url(
            QStringLiteral("/callback?code=%1&state=%2").arg(code, QString::fromLatin1(kState)))
                                                 << none << false << Outcome::Code << kCode << none;
    QTest::newRow("percent-encoded code is decoded")
            << url(withState(QStringLiteral("code=a%2Fb%3Dc"))) << none << false << Outcome::Code
            << QByteArray("a/b=c") << none;
    QTest::newRow("+ in the code is a space (form encoding)")
            << url(withState(QStringLiteral("code=a+b"))) << none << false << Outcome::Code
            << QByteArray("a b") << none;
    QTest::newRow("unknown parameters are ignored")
            << url(ok() + QStringLiteral("&session_state=xyz&scope=openid")) << none << false
            << Outcome::Code << kCode << none;
    QTest::newRow("code of exactly 16 KiB")
            << url(withState(QStringLiteral("code=") + QString(16 * 1024, QLatin1Char('c'))))
            << none << false << Outcome::Code << QByteArray(16 * 1024, 'c') << none;

    // Ignore: not this sign-in's answer
    QTest::newRow("favicon") << url(QStringLiteral("/favicon.ico")) << none << false
                             << Outcome::Ignore << noCode << none;
    QTest::newRow("another path with a valid answer")
            << url(QStringLiteral("/other?state=%1&code=%2").arg(QString::fromLatin1(kState), code))
            << none << false << Outcome::Ignore << noCode << none;
    QTest::newRow("path differs in case") << url(
            QStringLiteral("/Callback?state=%1&code=%2").arg(QString::fromLatin1(kState), code))
                                          << none << false << Outcome::Ignore << noCode << none;
    QTest::newRow("path with a trailing slash") << url(
            QStringLiteral("/callback/?state=%1&code=%2").arg(QString::fromLatin1(kState), code))
                                                << none << false << Outcome::Ignore << noCode
                                                << none;
    QTest::newRow("root path") << url(QStringLiteral("/")) << none << false << Outcome::Ignore
                               << noCode << none;
    QTest::newRow("no query") << url(QStringLiteral("/callback")) << none << false
                              << Outcome::Ignore << noCode << none;
    QTest::newRow("no state") << url(QStringLiteral("/callback?code=") + code) << none << false
                              << Outcome::Ignore << noCode << none;
    QTest::newRow("empty state") << url(QStringLiteral("/callback?state=&code=") + code) << none
                                 << false << Outcome::Ignore << noCode << none;
    QTest::newRow("state without =") << url(QStringLiteral("/callback?state&code=") + code) << none
                                     << false << Outcome::Ignore << noCode << none;
    QTest::newRow("wrong state") << url(
            QStringLiteral("/callback?state=q0Xh3vR8LkT2mN5pW7zY1b&code=") + code)
                                 << none << false << Outcome::Ignore << noCode << none;
    QTest::newRow("state a prefix of the expected one")
            << url(QStringLiteral("/callback?state=q0Xh3vR8LkT2&code=") + code) << none << false
            << Outcome::Ignore << noCode << none;
    QTest::newRow("state with a suffix")
            << url(withState(QStringLiteral("code=%1"))
                           .arg(code)
                           .replace(QStringLiteral("state=") + QString::fromLatin1(kState),
                                    QStringLiteral("state=") + QString::fromLatin1(kState)
                                            + QLatin1Char('x')))
            << none << false << Outcome::Ignore << noCode << none;
    QTest::newRow("state twice") << url(ok() + QStringLiteral("&state=")
                                        + QString::fromLatin1(kState))
                                 << none << false << Outcome::Ignore << noCode << none;
    QTest::newRow("wrong state with an error does not end the sign-in")
            << url(QStringLiteral("/callback?state=forged&error=access_denied")) << none << false
            << Outcome::Ignore << noCode << none;

    // Failed: the server's error
    QTest::newRow("access_denied")
            << url(withState(QStringLiteral("error=access_denied"))) << none << false
            << Outcome::Failed << noCode << QStringLiteral("declined, by you or by the server");
    QTest::newRow("invalid_request") << url(withState(QStringLiteral("error=invalid_request")))
                                     << none << false << Outcome::Failed << noCode
                                     << QStringLiteral("refused the sign-in request as malformed");
    QTest::newRow("unauthorized_client")
            << url(withState(QStringLiteral("error=unauthorized_client"))) << none << false
            << Outcome::Failed << noCode
            << QStringLiteral("does not allow this application to sign in");
    QTest::newRow("unsupported_response_type")
            << url(withState(QStringLiteral("error=unsupported_response_type"))) << none << false
            << Outcome::Failed << noCode
            << QStringLiteral("does not offer sign-in with an authorization code");
    QTest::newRow("invalid_scope")
            << url(withState(QStringLiteral("error=invalid_scope"))) << none << false
            << Outcome::Failed << noCode << QStringLiteral("refused the permissions (scopes)");
    QTest::newRow("server_error") << url(withState(QStringLiteral("error=server_error"))) << none
                                  << false << Outcome::Failed << noCode
                                  << QStringLiteral("ran into an error");
    QTest::newRow("temporarily_unavailable")
            << url(withState(QStringLiteral("error=temporarily_unavailable"))) << none << false
            << Outcome::Failed << noCode << QStringLiteral("cannot handle a sign-in right now");
    QTest::newRow("login_required (OpenID Connect)")
            << url(withState(QStringLiteral("error=login_required"))) << none << false
            << Outcome::Failed << noCode << QStringLiteral("complete the sign-in in the browser");
    QTest::newRow("unknown error is not shown")
            << url(withState(QStringLiteral("error=weird_thing"))) << none << false
            << Outcome::Failed << noCode << QStringLiteral("The server refused the sign-in.");
    QTest::newRow("empty error") << url(withState(QStringLiteral("error="))) << none << false
                                 << Outcome::Failed << noCode
                                 << QStringLiteral("The server refused the sign-in.");
    QTest::newRow("error beside a code: the error wins")
            << url(ok() + QStringLiteral("&error=access_denied")) << none << false
            << Outcome::Failed << noCode << QStringLiteral("declined");
    QTest::newRow("error_description is shown")
            << url(withState(QStringLiteral(
                       "error=invalid_scope&error_description=Scope+admin+is+not+allowed")))
            << none << false << Outcome::Failed << noCode
            << QStringLiteral("The server said: \u201cScope admin is not allowed\u201d");
    QTest::newRow("error_description: control characters and new lines removed")
            << url(withState(QStringLiteral(
                       "error=server_error&error_description=a%0D%0Ab%07c%09%09d%E2%80%AEe")))
            << none << false << Outcome::Failed << noCode << QStringLiteral("\u201ca bc de\u201d");
    QTest::newRow("error_description: markup defused")
            << url(withState(QStringLiteral("error=server_error&error_description=%3Cb%3Ebold%3C%"
                                            "2Fb%3E%3Cimg+src%3Dx%3E")))
            << none << false << Outcome::Failed << noCode
            << QStringLiteral("\u201c\u2039b\u203abold\u2039/b\u203a\u2039img src=x\u203a\u201d");
    QTest::newRow("error_description: only white space is left out")
            << url(withState(QStringLiteral("error=server_error&error_description=+%0A+"))) << none
            << false << Outcome::Failed << noCode << QStringLiteral("Please try again.");
    QTest::newRow("error_description echoing the state is left out")
            << url(withState(QStringLiteral("error=server_error&error_description=bad+state+")
                             + QString::fromLatin1(kState)))
            << none << false << Outcome::Failed << noCode << QStringLiteral("Please try again.");
    QTest::newRow("error_description echoing the code is left out") << url(withState(
            QStringLiteral("code=%1&error=server_error&error_description=code+%1").arg(code)))
                                                                    << none << false
                                                                    << Outcome::Failed << noCode
                                                                    << QStringLiteral(
                                                                               "Please try again.");
    QTest::newRow("error_description: invalid UTF-8 shown as U+FFFD")
            << url(withState(QStringLiteral("error=server_error&error_description=a%FFb"))) << none
            << false << Outcome::Failed << noCode << QStringLiteral("\u201ca\ufffdb\u201d");

    // Failed: no usable code
    QTest::newRow("neither code nor error") << url(withState()) << none << false << Outcome::Failed
                                            << noCode << QStringLiteral("named no code");
    QTest::newRow("empty code") << url(withState(QStringLiteral("code="))) << none << false
                                << Outcome::Failed << noCode << QStringLiteral("named no code");
    QTest::newRow("code without =") << url(withState(QStringLiteral("code"))) << none << false
                                    << Outcome::Failed << noCode << QStringLiteral("named no code");
    QTest::newRow("code one byte over 16 KiB")
            << url(withState(QStringLiteral("code=") + QString(16 * 1024 + 1, QLatin1Char('c'))))
            << none << false << Outcome::Failed << noCode << QStringLiteral("malformed code");
    QTest::newRow("code with a new line")
            << url(withState(QStringLiteral("code=ab%0Acd"))) << none << false << Outcome::Failed
            << noCode << QStringLiteral("malformed code");
    QTest::newRow("code with a NUL")
            << url(withState(QStringLiteral("code=ab%00cd"))) << none << false << Outcome::Failed
            << noCode << QStringLiteral("malformed code");
    QTest::newRow("code with DEL")
            << url(withState(QStringLiteral("code=ab%7Fcd"))) << none << false << Outcome::Failed
            << noCode << QStringLiteral("malformed code");
    QTest::newRow("code with non-ASCII")
            << url(withState(QStringLiteral("code=ab%C3%A9cd"))) << none << false << Outcome::Failed
            << noCode << QStringLiteral("malformed code");
    QTest::newRow("code twice") << url(ok() + QStringLiteral("&code=") + code) << none << false
                                << Outcome::Failed << noCode << QStringLiteral("given twice");
    QTest::newRow("error twice") << url(
            withState(QStringLiteral("error=access_denied&error=server_error")))
                                 << none << false << Outcome::Failed << noCode
                                 << QStringLiteral("given twice");

    // RFC 9207: the issuer
    const QString iss = QStringLiteral("&iss=https%3A%2F%2Fid.example.com");
    QTest::newRow("matching iss") << url(ok() + iss) << kIssuer << true << Outcome::Code << kCode
                                  << none;
    QTest::newRow("matching iss, support not advertised")
            << url(ok() + iss) << kIssuer << false << Outcome::Code << kCode << none;
    QTest::newRow("iss without a configured issuer is not checked")
            << url(ok() + QStringLiteral("&iss=https%3A%2F%2Fevil.example")) << none << false
            << Outcome::Code << kCode << none;
    QTest::newRow("no iss, none advertised")
            << url(ok()) << kIssuer << false << Outcome::Code << kCode << none;
    QTest::newRow("different iss")
            << url(ok() + QStringLiteral("&iss=https%3A%2F%2Fevil.example")) << kIssuer << true
            << Outcome::Failed << noCode << QStringLiteral("came from another server");
    QTest::newRow("different iss, support not advertised")
            << url(ok() + QStringLiteral("&iss=https%3A%2F%2Fevil.example")) << kIssuer << false
            << Outcome::Failed << noCode << QStringLiteral("came from another server");
    QTest::newRow("iss with a trailing slash differs")
            << url(ok() + QStringLiteral("&iss=https%3A%2F%2Fid.example.com%2F")) << kIssuer << true
            << Outcome::Failed << noCode << QStringLiteral("came from another server");
    QTest::newRow("iss differing in case differs")
            << url(ok() + QStringLiteral("&iss=https%3A%2F%2FID.example.com")) << kIssuer << true
            << Outcome::Failed << noCode << QStringLiteral("came from another server");
    QTest::newRow("empty iss differs")
            << url(ok() + QStringLiteral("&iss=")) << kIssuer << true << Outcome::Failed << noCode
            << QStringLiteral("came from another server");
    QTest::newRow("iss missing although advertised")
            << url(ok()) << kIssuer << true << Outcome::Failed << noCode
            << QStringLiteral("did not say which server sent it");
    QTest::newRow("iss missing although advertised, no issuer configured")
            << url(ok()) << none << true << Outcome::Failed << noCode
            << QStringLiteral("did not say which server sent it");
    QTest::newRow("iss checked before an error is reported")
            << url(withState(QStringLiteral("error=access_denied&iss=https%3A%2F%2Fevil.example")))
            << kIssuer << true << Outcome::Failed << noCode
            << QStringLiteral("came from another server");
    QTest::newRow("iss missing on an error although advertised")
            << url(withState(QStringLiteral("error=access_denied"))) << kIssuer << true
            << Outcome::Failed << noCode << QStringLiteral("did not say which server sent it");
    QTest::newRow("iss twice") << url(ok() + iss + iss) << kIssuer << true << Outcome::Failed
                               << noCode << QStringLiteral("given twice");
    QTest::newRow("wrong iss on a request with a wrong state is ignored")
            << url(QStringLiteral("/callback?state=forged&code=x&iss=https%3A%2F%2Fevil.example"))
            << kIssuer << true << Outcome::Ignore << noCode << none;
}

void TestAuthorizationCallback::judge()
{
    QFETCH(QUrl, request);
    QFETCH(QString, issuer);
    QFETCH(bool, issSupported);
    QFETCH(Outcome, outcome);
    QFETCH(QByteArray, code);
    QFETCH(QString, messagePart);

    QVERIFY2(request.isValid(), qPrintable(request.errorString()));
    AuthorizationCallback::Expectation expected;
    expected.redirectPath = QStringLiteral("/callback");
    expected.state = kState;
    expected.issuer = issuer;
    expected.issuerParameterSupported = issSupported;

    const AuthorizationCallback::Verdict verdict = AuthorizationCallback::judge(request, expected);
    QCOMPARE(verdict.outcome, outcome);
    switch (outcome) {
    case Outcome::Code:
        QCOMPARE(verdict.code.reveal(), code);
        QVERIFY(verdict.message.isEmpty());
        break;
    case Outcome::Failed:
        QVERIFY(verdict.code.isEmpty());
        QVERIFY(!verdict.message.isEmpty());
        QVERIFY2(verdict.message.contains(messagePart), qPrintable(verdict.message));
        break;
    case Outcome::Ignore:
        QVERIFY(verdict.code.isEmpty());
        QVERIFY(verdict.message.isEmpty());
        break;
    }

    // No message ever carries the code, the state or the issuer from the request.
    QVERIFY2(!verdict.message.contains(QString::fromLatin1(kState)), qPrintable(verdict.message));
    QVERIFY2(!verdict.message.contains(QString::fromLatin1(kCode)), qPrintable(verdict.message));
    for (const QString &value : valuesOf(request, QStringLiteral("code"))
                                        + valuesOf(request, QStringLiteral("state"))
                                        + valuesOf(request, QStringLiteral("iss"))) {
        if (value.size() >= 4) // "x" or "ab" may well occur in a sentence
            QVERIFY2(!verdict.message.contains(value), qPrintable(verdict.message));
    }
}

void TestAuthorizationCallback::descriptionIsCut()
{
    AuthorizationCallback::Expectation expected;
    expected.redirectPath = QStringLiteral("/callback");
    expected.state = kState;

    const QString longText = QString(150, QLatin1Char('a')) + QLatin1Char(' ')
                             + QString(150, QChar(0x00e9)); // é, two bytes in UTF-8
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(kState));
    query.addQueryItem(QStringLiteral("error"), QStringLiteral("server_error"));
    query.addQueryItem(QStringLiteral("error_description"), longText);
    QUrl request(QStringLiteral("/callback"));
    request.setQuery(query);

    const AuthorizationCallback::Verdict verdict = AuthorizationCallback::judge(request, expected);
    QCOMPARE(verdict.outcome, Outcome::Failed);
    const QString shown = QString(150, QLatin1Char('a')) + QLatin1Char(' ')
                          + QString(49, QChar(0x00e9)) + QChar(0x2026);
    QVERIFY2(verdict.message.endsWith(QStringLiteral("\u201c") + shown + QStringLiteral("\u201d")),
             qPrintable(verdict.message));

    // Exactly the limit: no ellipsis.
    query.removeAllQueryItems(QStringLiteral("error_description"));
    query.addQueryItem(QStringLiteral("error_description"), QString(200, QLatin1Char('b')));
    request.setQuery(query);
    const QString exact = AuthorizationCallback::judge(request, expected).message;
    QVERIFY2(exact.endsWith(QStringLiteral("\u201c") + QString(200, QLatin1Char('b'))
                            + QStringLiteral("\u201d")),
             qPrintable(exact));
}

QTEST_GUILESS_MAIN(TestAuthorizationCallback)
#include "tst_authorizationcallback.moc"
