// SPDX-License-Identifier: BSD-3-Clause
#include "pkce_p.h"

#include <QSet>
#include <QTest>

using namespace Tessera;

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7636AppendixB();
    void challengeRefusesInvalidVerifiers_data();
    void challengeRefusesInvalidVerifiers();
    void challengeAcceptsLongestVerifier();
    void verifierLengthAndAlphabet();
    void verifiersDiffer();
    void stateLengthAndAlphabet();
    void statesDiffer();
};

namespace {

// RFC 7636 section 4.1, without "." and "~", which base64url never produces.
bool isBase64UrlUnpadded(const QByteArray &value)
{
    for (const char c : value) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

// RFC 7636 appendix B. A copy of this vector with the challenge
// "E9Melhoa2OwvFrEMTJguCQwU2wRmWMlj6Pu6ExXlNWI" goes round; it is wrong, that is not the
// SHA-256 of the verifier. `printf %s VERIFIER | openssl dgst -sha256 -binary | basenc
// --base64url` gives the RFC's challenge (and a trailing "=").
void TestPkce::rfc7636AppendixB()
{
    const Secret verifier(QByteArrayLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    QCOMPARE(Pkce::challengeS256(verifier),
             QByteArrayLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

void TestPkce::challengeRefusesInvalidVerifiers_data()
{
    QTest::addColumn<QByteArray>("verifier");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("42 characters") << QByteArray(42, 'a');
    QTest::newRow("129 characters") << QByteArray(129, 'a');
    QTest::newRow("a space") << QByteArray(QByteArray(42, 'a') + ' ');
    QTest::newRow("a plus sign") << QByteArray(QByteArray(42, 'a') + '+');
    QTest::newRow("padding") << QByteArray(QByteArray(42, 'a') + '=');
    QTest::newRow("non-ASCII") << QByteArray(QByteArray(42, 'a') + "\xc3\xa9");
}

void TestPkce::challengeRefusesInvalidVerifiers()
{
    QFETCH(QByteArray, verifier);
    QVERIFY(Pkce::challengeS256(Secret(verifier)).isEmpty());
}

void TestPkce::challengeAcceptsLongestVerifier()
{
    const QByteArray challenge =
            Pkce::challengeS256(Secret(QByteArray(QByteArray(124, 'a') + "-._~")));
    QCOMPARE(challenge.size(), 43);
    QVERIFY(isBase64UrlUnpadded(challenge));
}

void TestPkce::verifierLengthAndAlphabet()
{
    for (int i = 0; i < 100; ++i) {
        const Secret verifier = Pkce::newVerifier();
        QCOMPARE(verifier.size(), 43);
        QVERIFY2(isBase64UrlUnpadded(verifier.reveal()), verifier.redacted().constData());
        const QByteArray challenge = Pkce::challengeS256(verifier);
        QCOMPARE(challenge.size(), 43);
        QVERIFY(isBase64UrlUnpadded(challenge));
    }
}

void TestPkce::verifiersDiffer()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(Pkce::newVerifier().reveal());
    QCOMPARE(seen.size(), 100);
}

void TestPkce::stateLengthAndAlphabet()
{
    for (int i = 0; i < 100; ++i) {
        const QByteArray state = Pkce::newState();
        QCOMPARE(state.size(), 22);
        QVERIFY2(isBase64UrlUnpadded(state), state.constData());
    }
}

void TestPkce::statesDiffer()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(Pkce::newState());
    QCOMPARE(seen.size(), 100);
}

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
