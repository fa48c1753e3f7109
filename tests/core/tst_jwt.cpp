// SPDX-License-Identifier: BSD-3-Clause
#include "jwt_p.h"

#include <QTest>

using namespace Tessera;

class TestJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsExp_data();
    void readsExp() { checkExpiry(); }
    void noExpiry_data();
    void noExpiry() { checkExpiry(); }

private:
    void checkExpiry();
};

namespace {

const QByteArray kHeader = R"({"alg":"HS256","typ":"JWT"})";
const QByteArray kSignature = "c2lnbmF0dXJlLW5vdC1jaGVja2Vk";

QByteArray segment(const QByteArray &json, QByteArray::Base64Options padding)
{
    return json.toBase64(QByteArray::Base64UrlEncoding | padding);
}

QByteArray token(const QByteArray &payload,
                 QByteArray::Base64Options padding = QByteArray::OmitTrailingEquals)
{
    return segment(kHeader, padding) + '.' + segment(payload, padding) + '.' + kSignature;
}

} // namespace

void TestJwt::readsExp_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QDateTime>("expected"); // invalid = no expiry

    const QDateTime exp = QDateTime::fromSecsSinceEpoch(1714564800, Qt::UTC);
    QTest::newRow("well-formed token") << token(R"({"sub":"alice","exp":1714564800})") << exp;
    QTest::newRow("unpadded payload, one byte short of a block")
            << token(R"({"exp":1714564800}  )") << exp;
    QTest::newRow("unpadded payload, two bytes short of a block")
            << token(R"({"exp":1714564800} )") << exp;
    QTest::newRow("payload padded with one =")
            << token(R"({"exp":1714564800}  )", QByteArray::KeepTrailingEquals) << exp;
    QTest::newRow("payload padded with two ==")
            << token(R"({"exp":1714564800,"ab":1})", QByteArray::KeepTrailingEquals) << exp;
    QTest::newRow("payload using - and _ of base64url")
            << token(R"({"exp":1714564800,"n":"~~~???>>>"})") << exp;
    QTest::newRow("fractional exp rounded down") << token(R"({"exp":1714564800.9})") << exp;
    QTest::newRow("unsecured token with empty signature")
            << QByteArray(token(R"({"exp":1714564800})").chopped(kSignature.size())) << exp;
}

void TestJwt::noExpiry_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QDateTime>("expected"); // invalid = no expiry

    const QDateTime none;
    QTest::newRow("empty token") << QByteArray() << none;
    QTest::newRow("opaque token") << QByteArray("8f14e45fceea167a5a36dedd4bea2543") << none;
    QTest::newRow("two segments") << segment(kHeader, {}) + '.'
                                             + segment(R"({"exp":1714564800})", {})
                                  << none;
    QTest::newRow("four segments") << token(R"({"exp":1714564800})") + ".extra" << none;
    QTest::newRow("empty payload segment") << segment(kHeader, {}) + ".." + kSignature << none;
    QTest::newRow("payload with characters outside base64url")
            << segment(kHeader, {}) + ".eyJleHAiOjE3MTQ1NjQ4MDB9+/." + kSignature << none;
    QTest::newRow("payload with wrong padding")
            << segment(kHeader, {}) + ".eyJleHAiOjE3MTQ1NjQ4MDB9=." + kSignature << none;
    QTest::newRow("payload that is not json") << token("not json at all") << none;
    QTest::newRow("payload that is a json array") << token("[1714564800]") << none;
    QTest::newRow("header that is not json")
            << QByteArray("bm90IGpzb24." + segment(R"({"exp":1714564800})", {}) + '.' + kSignature)
            << none;
    QTest::newRow("signature with characters outside base64url")
            << token(R"({"exp":1714564800})") + "!" << none;
    QTest::newRow("exp as string") << token(R"({"exp":"1714564800"})") << none;
    QTest::newRow("exp missing") << token(R"({"sub":"alice","iat":1714564800})") << none;
    QTest::newRow("exp null") << token(R"({"exp":null})") << none;
    QTest::newRow("exp negative") << token(R"({"exp":-1})") << none;
    QTest::newRow("exp beyond year 9999") << token(R"({"exp":1e15})") << none;
    QTest::newRow("token longer than 16 KiB")
            << token(R"({"exp":1714564800,"pad":")" + QByteArray(16 * 1024, 'x') + "\"}") << none;
}

void TestJwt::checkExpiry()
{
    QFETCH(QByteArray, token);
    QFETCH(QDateTime, expected);

    const std::optional<QDateTime> exp = Jwt::expiry(Secret(token));
    QCOMPARE(exp.has_value(), expected.isValid());
    if (exp) {
        QCOMPARE(*exp, expected);
        QCOMPARE(exp->timeSpec(), Qt::UTC);
    }
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
