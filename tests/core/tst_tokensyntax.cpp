// SPDX-License-Identifier: BSD-3-Clause
#include "tokensyntax_p.h"

#include <QTest>

using namespace Tessera;

// Every value below that is refused contains this marker; no problem text may contain it.
static constexpr char kMarker[] = "SECRET";

class TestTokenSyntax : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accessTokens_data();
    void accessTokens();
    void refreshTokens_data();
    void refreshTokens();
    void apiKeys_data();
    void apiKeys();
    void users_data();
    void users();
    void bearerAuthorization();
};

namespace {

void columns()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("problem"); // the start of the expected problem; empty = accepted
}

void row(const char *name, const QByteArray &value, const char *problem = "")
{
    QTest::newRow(name) << value << QString::fromLatin1(problem);
}

// Both the kind of token and the size limit are the same for every kind: one row set.
void sizeRows()
{
    row("empty", "", "empty");
    row("at the limit", QByteArray(TokenSyntax::MaxTokenBytes, 'a'));
    row("one byte past the limit", QByteArray(TokenSyntax::MaxTokenBytes + 1, 'a'), "longer than");
    row("300,000 characters", QByteArray(300000, 'S'), "longer than 16384 bytes");
}

void verifyProblem(const QString &actual)
{
    QFETCH(QString, problem);
    QVERIFY2(!actual.contains(QLatin1String(kMarker)), "the problem echoes the value");
    if (problem.isEmpty())
        QVERIFY2(actual.isEmpty(), qPrintable(actual));
    else
        QVERIFY2(actual.startsWith(problem), qPrintable(actual));
}

} // namespace

void TestTokenSyntax::accessTokens_data()
{
    columns();
    sizeRows();
    row("opaque", "8f14e45fceea167a");
    row("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln");
    row("every b64token character", "azAZ09-._~+/");
    row("trailing padding", "abc==");
    const char *refused = "not a bearer token";
    row("CR LF header injection", "SECRET\r\nX-Injected: yes", refused);
    row("LF alone", "SECRET\nX", refused);
    row("spaces only", "   ", refused);
    row("space inside", "SECRET part", refused);
    row("NUL", QByteArray("SECRET\0x", 8), refused);
    row("TAB", "SECRET\tx", refused);
    row("DEL", "SECRET\x7fx", refused);
    row("double quote", "SECRET\"x", refused);
    row("comma", "SECRET,x", refused);
    row("semicolon", "SECRET;x", refused);
    row("non-ASCII", "SECRET\xc3\xa9", refused);
    row("padding only", "==", refused);
    row("padding inside", "SECRET=x", refused);
}

void TestTokenSyntax::accessTokens()
{
    QFETCH(QByteArray, value);
    verifyProblem(TokenSyntax::accessTokenProblem(value));
}

void TestTokenSyntax::refreshTokens_data()
{
    columns();
    sizeRows();
    row("opaque", "rt-8f14e45f");
    row("every printable ASCII character",
        " !\"#$%&'()*+,-./"
        "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
    const char *refused = "not a refresh token";
    row("CR LF", "SECRET\r\nX-Injected: yes", refused);
    row("NUL", QByteArray("SECRET\0x", 8), refused);
    row("TAB", "SECRET\tx", refused);
    row("DEL", "SECRET\x7f", refused);
    row("non-ASCII", "SECRET\xc3\xa9", refused);
}

void TestTokenSyntax::refreshTokens()
{
    QFETCH(QByteArray, value);
    verifyProblem(TokenSyntax::refreshTokenProblem(value));
}

void TestTokenSyntax::apiKeys_data()
{
    columns();
    sizeRows();
    row("ascii", "ak_live_8f14e45f");
    row("non-ASCII text", "cl\xc3\xa9-SECRET");
    const char *refused = "not an API key";
    row("LF", "SECRET\nx", refused);
    row("NUL", QByteArray("SECRET\0x", 8), refused);
    row("C1 control", "SECRET\xc2\x85", refused);
    row("invalid UTF-8", "SECRET\xff", refused);
}

void TestTokenSyntax::apiKeys()
{
    QFETCH(QByteArray, value);
    verifyProblem(TokenSyntax::apiKeyProblem(value));
}

void TestTokenSyntax::users_data()
{
    columns();
    row("empty (none reported)", "");
    row("name", "alice");
    row("e-mail address", "alice@example.com");
    row("non-ASCII", "J\xc3\xbcrgen");
    row("at the limit", QByteArray(TokenSyntax::MaxUserBytes, 'a'));
    row("past the limit", QByteArray(TokenSyntax::MaxUserBytes + 1, 'a'), "longer than 1024 bytes");
    row("LF", "alice\nbob", "holds a control character");
    row("ESC (terminal escape)", "alice\x1b[2J", "holds a control character");
}

void TestTokenSyntax::users()
{
    QFETCH(QByteArray, value);
    verifyProblem(TokenSyntax::userProblem(QString::fromUtf8(value)));
}

void TestTokenSyntax::bearerAuthorization()
{
    QCOMPARE(TokenSyntax::bearerAuthorization(Secret("at-1")), QByteArray("Bearer at-1"));
    QCOMPARE(TokenSyntax::bearerAuthorization(Secret()), std::nullopt);
    QCOMPARE(TokenSyntax::bearerAuthorization(Secret("tok\r\nX-Injected: yes")), std::nullopt);
    QCOMPARE(TokenSyntax::bearerAuthorization(
                     Secret(QByteArray(TokenSyntax::MaxTokenBytes + 1, 'a'))),
             std::nullopt);
}

QTEST_GUILESS_MAIN(TestTokenSyntax)
#include "tst_tokensyntax.moc"
