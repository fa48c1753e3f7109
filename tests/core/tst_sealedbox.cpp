// SPDX-License-Identifier: BSD-3-Clause
// SealedBox (lib/redis/sealedbox_p.h): a record opens only with its key, under its own name, and
// unchanged; it never shows its plaintext; its layout is the documented one, checked here with
// libsodium directly.
#include "sealedbox_p.h"

#include <QTest>

#include <sodium.h>

using namespace Tessera;

class tst_SealedBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void opensWhatItSealed_data();
    void opensWhatItSealed();
    void recordHoldsNoPlaintext();
    void layoutIsTheDocumentedOne();
    void everyFlippedBitIsRefused();
    void anotherKeyCannotOpen();
    void recordMovedToAnotherNameIsRefused_data();
    void recordMovedToAnotherNameIsRefused();
    void cutOrLengthenedRecordIsRefused();
    void malformedRecordIsRefused_data();
    void malformedRecordIsRefused();
    void eachSealHasItsOwnNonce();
    void sizeLimits();
    void badKeysMakeNoBox_data();
    void badKeysMakeNoBox();
    void newKeysAreRandom();
    void copiesShareTheKey();

private:
    std::optional<SealedBox> m_box;
};

namespace {

// Tokens from tests/test-secrets.txt: the log scan fails the suite if one is ever printed.
const QByteArray AccessToken("Yq3tV_9xKw2LmN8pQr5sTu7vWx0yZa1bCc4dEe6fGg8");
const QByteArray RefreshToken("opaque-refresh-sample");
const QByteArray Alice("tessera:session:fleet/alice");
const QByteArray Bob("tessera:session:fleet/bob");

QByteArray sessionRecord()
{
    return R"({"access_token":")" + AccessToken + R"(","refresh_token":")" + RefreshToken
           + R"(","user":"alice"})";
}

Secret fixedKey(char first)
{
    QByteArray key(SealedBox::KeySize, '\x5a');
    key[0] = first;
    return Secret(key);
}

QByteArray flipped(QByteArray bytes, qsizetype at, char mask)
{
    bytes[at] = char(bytes.at(at) ^ mask);
    return bytes;
}

} // namespace

void tst_SealedBox::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    m_box = SealedBox::fromKey(fixedKey('k'));
    QVERIFY(m_box);
}

void tst_SealedBox::opensWhatItSealed_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("associated");
    QTest::newRow("a session record under its key") << sessionRecord() << Alice;
    QTest::newRow("an empty plaintext") << QByteArray() << Alice;
    QTest::newRow("one byte") << QByteArray("x") << Alice;
    QTest::newRow("bytes with NULs and high bits")
            << QByteArray("\0\xff\x01\0\x80 token", 12) << Alice;
    QTest::newRow("no associated data") << sessionRecord() << QByteArray();
    QTest::newRow("associated data with NULs") << sessionRecord() << QByteArray("a\0b", 3);
}

void tst_SealedBox::opensWhatItSealed()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, associated);
    const Secret sealed = m_box->seal(Secret(plain), associated);
    QCOMPARE(sealed.size(), plain.size() + SealedBox::Overhead);
    const std::optional<Secret> opened = m_box->open(sealed, associated);
    QVERIFY(opened);
    QVERIFY2(opened->reveal() == plain, "the opened plaintext differs from the sealed one");
}

void tst_SealedBox::recordHoldsNoPlaintext()
{
    const Secret sealed = m_box->seal(Secret(sessionRecord()), Alice);
    const QByteArray &record = sealed.reveal();
    // Not the tokens, not any eight bytes of them, not their base64 or hex forms.
    for (const QByteArray &token : {AccessToken, RefreshToken}) {
        for (qsizetype at = 0; at + 8 <= token.size(); ++at)
            QVERIFY2(!record.contains(token.mid(at, 8)), "eight bytes of a token in the record");
        QVERIFY(!record.toBase64().contains(token.toBase64().mid(4, 12)));
        QVERIFY(!record.toHex().contains(token.toHex()));
    }
    QVERIFY(!record.contains(QByteArray("access_token")));
    QVERIFY(!record.contains(Alice));
    // ... and a check that finds what is there, so the one above can fail.
    QVERIFY(sessionRecord().contains(AccessToken.mid(5, 8)));
}

void tst_SealedBox::layoutIsTheDocumentedOne()
{
    const QByteArray plain = sessionRecord();
    const Secret sealed = m_box->seal(Secret(plain), Alice);
    const QByteArray &record = sealed.reveal();
    QCOMPARE(record.size(), 1 + 24 + plain.size() + 16);
    QCOMPARE(record.at(0), '\x01');
    // Opened by hand: nonce at 1..24, ciphertext and tag after, AD = version byte + name.
    const QByteArray ad = QByteArray(1, '\x01') + Alice;
    QByteArray out(plain.size(), '\0');
    unsigned long long length = 0;
    const auto *in = reinterpret_cast<const unsigned char *>(record.constData());
    const int result = crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(out.data()), &length, nullptr, in + 25,
            size_t(record.size() - 25), reinterpret_cast<const unsigned char *>(ad.constData()),
            size_t(ad.size()), in + 1,
            reinterpret_cast<const unsigned char *>(fixedKey('k').reveal().constData()));
    QCOMPARE(result, 0);
    QCOMPARE(qsizetype(length), plain.size());
    QVERIFY(out == plain);
}

void tst_SealedBox::everyFlippedBitIsRefused()
{
    const QByteArray record = m_box->seal(Secret(sessionRecord()), Alice).reveal();
    QVERIFY(m_box->open(Secret(record), Alice)); // the unchanged record does open
    for (qsizetype at = 0; at < record.size(); ++at) {
        for (const char mask : {'\x01', '\x80'}) {
            if (m_box->open(Secret(flipped(record, at, mask)), Alice))
                QFAIL(qPrintable(QStringLiteral("a record with byte %1 changed opened").arg(at)));
        }
    }
}

void tst_SealedBox::anotherKeyCannotOpen()
{
    const Secret sealed = m_box->seal(Secret(sessionRecord()), Alice);
    for (const char first : {'K', 'l', '\0'}) {
        const std::optional<SealedBox> other = SealedBox::fromKey(fixedKey(first));
        QVERIFY(other);
        QVERIFY(!other->open(sealed, Alice));
    }
    const std::optional<SealedBox> same = SealedBox::fromKey(fixedKey('k'));
    QVERIFY(same);
    QVERIFY(same->open(sealed, Alice));
}

void tst_SealedBox::recordMovedToAnotherNameIsRefused_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("another account of the profile") << Bob;
    QTest::newRow("the same account of another profile") << QByteArray("tessera:session:ci/alice");
    QTest::newRow("a prefix of the name") << Alice.chopped(1);
    QTest::newRow("the name and one more byte") << Alice + 'x';
    QTest::newRow("the name in another case") << Alice.toUpper();
    QTest::newRow("no name at all") << QByteArray();
}

void tst_SealedBox::recordMovedToAnotherNameIsRefused()
{
    QFETCH(QByteArray, name);
    const Secret sealed = m_box->seal(Secret(sessionRecord()), Alice);
    QVERIFY(!m_box->open(sealed, name));
    QVERIFY(m_box->open(sealed, Alice));
}

void tst_SealedBox::cutOrLengthenedRecordIsRefused()
{
    const QByteArray record = m_box->seal(Secret(sessionRecord()), Alice).reveal();
    for (qsizetype length = 0; length < record.size(); ++length) {
        if (m_box->open(Secret(record.left(length)), Alice))
            QFAIL(qPrintable(QStringLiteral("a record cut to %1 bytes opened").arg(length)));
    }
    QVERIFY(!m_box->open(Secret(record + '\0'), Alice));
    QVERIFY(!m_box->open(Secret(record + record), Alice));
    QVERIFY(!m_box->open(Secret(record.mid(1)), Alice));
}

void tst_SealedBox::malformedRecordIsRefused_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only the version byte") << QByteArray(1, '\x01');
    QTest::newRow("one byte short of the overhead") << QByteArray(SealedBox::Overhead - 1, '\x01');
    QTest::newRow("exactly the overhead, zeros") << QByteArray(SealedBox::Overhead, '\0');
    QTest::newRow("exactly the overhead, version 1")
            << QByteArray(1, '\x01') + QByteArray(SealedBox::Overhead - 1, '\x33');
    QTest::newRow("garbage after version 1") << QByteArray(1, '\x01') + QByteArray(1000, '\xa7');
    QTest::newRow("a token in the clear") << QByteArray(1, '\x01') + sessionRecord();
    QTest::newRow("version 0") << QByteArray(1, '\0') + QByteArray(100, '\x11');
    QTest::newRow("version 2") << QByteArray(1, '\x02') + QByteArray(100, '\x11');
    QTest::newRow("the largest record, garbage")
            << QByteArray(1, '\x01') + QByteArray(SealedBox::MaxPlainSize + 40, '\x42');
    QTest::newRow("one byte past the largest record")
            << QByteArray(1, '\x01') + QByteArray(SealedBox::MaxPlainSize + 41, '\x42');
}

void tst_SealedBox::malformedRecordIsRefused()
{
    QFETCH(QByteArray, record);
    QVERIFY(!m_box->open(Secret(record), Alice));
}

void tst_SealedBox::eachSealHasItsOwnNonce()
{
    const Secret plain(sessionRecord());
    const QByteArray first = m_box->seal(plain, Alice).reveal();
    const QByteArray second = m_box->seal(plain, Alice).reveal();
    QCOMPARE(first.size(), second.size());
    QVERIFY(first.mid(1, 24) != second.mid(1, 24));
    QVERIFY(first.mid(25) != second.mid(25));
    QVERIFY(m_box->open(Secret(first), Alice));
    QVERIFY(m_box->open(Secret(second), Alice));
    // Nor does an empty plaintext give the same record twice.
    QVERIFY(m_box->seal(Secret(), Alice).reveal() != m_box->seal(Secret(), Alice).reveal());
}

void tst_SealedBox::sizeLimits()
{
    const QByteArray largest(SealedBox::MaxPlainSize, 't');
    const Secret sealed = m_box->seal(Secret(largest), Alice);
    QCOMPARE(sealed.size(), SealedBox::MaxPlainSize + SealedBox::Overhead);
    const std::optional<Secret> opened = m_box->open(sealed, Alice);
    QVERIFY(opened);
    QVERIFY(opened->reveal() == largest);
    QVERIFY(m_box->seal(Secret(largest + 't'), Alice).isEmpty());
}

void tst_SealedBox::badKeysMakeNoBox_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("31 bytes") << QByteArray(31, '\x5a');
    QTest::newRow("33 bytes") << QByteArray(33, '\x5a');
    QTest::newRow("64 bytes") << QByteArray(64, '\x5a');
    QTest::newRow("32 zero bytes") << QByteArray(32, '\0');
    QTest::newRow("a key in hex, 64 characters") << fixedKey('k').reveal().toHex();
}

void tst_SealedBox::badKeysMakeNoBox()
{
    QFETCH(QByteArray, key);
    QVERIFY(!SealedBox::fromKey(Secret(key)));
}

void tst_SealedBox::newKeysAreRandom()
{
    const Secret first = SealedBox::newKey();
    const Secret second = SealedBox::newKey();
    QCOMPARE(first.size(), SealedBox::KeySize);
    QCOMPARE(second.size(), SealedBox::KeySize);
    QVERIFY(first != second);
    QVERIFY(first.reveal() != QByteArray(SealedBox::KeySize, '\0'));
    const std::optional<SealedBox> box = SealedBox::fromKey(first);
    QVERIFY(box);
    QVERIFY(box->open(box->seal(Secret(sessionRecord()), Alice), Alice));
    QVERIFY(!m_box->open(box->seal(Secret(sessionRecord()), Alice), Alice));
}

void tst_SealedBox::copiesShareTheKey()
{
    auto original = std::make_unique<SealedBox>(*SealedBox::fromKey(fixedKey('c')));
    const Secret sealed = original->seal(Secret(sessionRecord()), Alice);
    const SealedBox copy = *original;
    original.reset(); // the copy keeps the key's memory alive
    const std::optional<Secret> opened = copy.open(sealed, Alice);
    QVERIFY(opened);
    QVERIFY(opened->reveal() == sessionRecord());
}

QTEST_GUILESS_MAIN(tst_SealedBox)
#include "tst_sealedbox.moc"
