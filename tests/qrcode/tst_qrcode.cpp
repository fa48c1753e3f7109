// SPDX-License-Identifier: BSD-3-Clause
#include "qrcode.h"
#include "qrreader.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

constexpr int QuietZone = 4;

// Whether the 7x7 modules from \a left, \a top are a finder pattern: a dark ring, a light ring and
// a dark 3x3 centre (ISO/IEC 18004 6.3.3).
bool isFinderPattern(const QrCode &code, int left, int top)
{
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const int ring = qMin(qMin(x, y), qMin(6 - x, 6 - y)); // 0 outermost, 3 the centre
            if (code.isDark(left + x, top + y) != (ring != 1))
                return false;
        }
    }
    return true;
}

QString ofBytes(int count)
{
    return QString(count, QLatin1Char('a'));
}

} // namespace

class tst_QrCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sizeIsTheSmallestVersionThatHoldsTheText_data();
    void sizeIsTheSmallestVersionThatHoldsTheText();
    void findersTimingAndDarkModuleAreWhereTheStandardPutsThem();
    void outsideTheSymbolIsLight();
    void emptyTextHasNoCode();
    void textLongerThanTheCapHasNoCode_data();
    void textLongerThanTheCapHasNoCode();
    void aReaderReadsTheText_data();
    void aReaderReadsTheText();
};

// Byte-mode capacities at level M (ISO/IEC 18004 table 7): version 1 holds 14 bytes, 2 holds 26,
// 3 holds 42, 4 holds 62; a version-v code is 17 + 4v modules on a side.
void tst_QrCode::sizeIsTheSmallestVersionThatHoldsTheText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("size");
    QTest::newRow("one byte: version 1") << QStringLiteral("a") << 21;
    QTest::newRow("14 bytes, the most version 1 holds") << ofBytes(14) << 21;
    QTest::newRow("15 bytes: version 2") << ofBytes(15) << 25;
    QTest::newRow("26 bytes, the most version 2 holds") << ofBytes(26) << 25;
    QTest::newRow("27 bytes: version 3") << ofBytes(27) << 29;
    QTest::newRow("a 29-character verification URL: version 3")
            << QStringLiteral("https://auth.example/activate") << 29;
    QTest::newRow("42 bytes, the most version 3 holds") << ofBytes(42) << 29;
    QTest::newRow("43 bytes: version 4") << ofBytes(43) << 33;
    // Counted in UTF-8 bytes: 8 characters that Latin-1 would fit in version 1 need 16 bytes.
    QTest::newRow("7 two-byte characters are 14 bytes: version 1") << QString(7, QChar(0xe4)) << 21;
    QTest::newRow("8 two-byte characters are 16 bytes: version 2") << QString(8, QChar(0xe4)) << 25;
    // Taken by length, not as a C string that would end at the NUL.
    QTest::newRow("15 bytes with a NUL inside: version 2")
            << (ofBytes(7) + QChar(0) + ofBytes(7)) << 25;
}

void tst_QrCode::sizeIsTheSmallestVersionThatHoldsTheText()
{
    QFETCH(QString, text);
    QFETCH(int, size);
    const std::optional<QrCode> code = QrCode::encode(text);
    QVERIFY(code);
    QCOMPARE(code->size(), size);
}

void tst_QrCode::findersTimingAndDarkModuleAreWhereTheStandardPutsThem()
{
    const std::optional<QrCode> code =
            QrCode::encode(QStringLiteral("https://auth.example/activate"));
    QVERIFY(code);
    const int size = code->size();
    QVERIFY(isFinderPattern(*code, 0, 0));
    QVERIFY(isFinderPattern(*code, size - 7, 0));
    QVERIFY(isFinderPattern(*code, 0, size - 7));
    QVERIFY(!isFinderPattern(*code, size - 7, size - 7));
    // The light separators around the finders.
    for (int i = 0; i < 8; ++i) {
        QVERIFY2(!code->isDark(7, i) && !code->isDark(i, 7), "top left separator");
        QVERIFY2(!code->isDark(size - 8, i) && !code->isDark(size - 1 - i, 7),
                 "top right separator");
        QVERIFY2(!code->isDark(7, size - 1 - i) && !code->isDark(i, size - 8),
                 "bottom left separator");
    }
    // The timing patterns in row and column 6 alternate, dark on even modules.
    for (int i = 8; i < size - 8; ++i) {
        QCOMPARE(code->isDark(i, 6), i % 2 == 0);
        QCOMPARE(code->isDark(6, i), i % 2 == 0);
    }
    // The one module that is always dark, above the bottom left finder's separator.
    QVERIFY(code->isDark(8, size - 8));
}

void tst_QrCode::outsideTheSymbolIsLight()
{
    const std::optional<QrCode> code =
            QrCode::encode(QStringLiteral("https://auth.example/activate"));
    QVERIFY(code);
    const int last = code->size() - 1;
    // The corners of the symbol are finder modules, dark; one step out is the quiet zone.
    QVERIFY(code->isDark(0, 0) && code->isDark(last, 0) && code->isDark(0, last));
    QVERIFY(!code->isDark(-1, 0));
    QVERIFY(!code->isDark(0, -1));
    QVERIFY(!code->isDark(last + 1, 0));
    QVERIFY(!code->isDark(0, last + 1));
    QVERIFY(!code->isDark(last + 1, last + 1));
    QVERIFY(!code->isDark(-QuietZone, -QuietZone));
    QVERIFY(!code->isDark(std::numeric_limits<int>::min(), 0));
    QVERIFY(!code->isDark(0, std::numeric_limits<int>::max()));
}

void tst_QrCode::emptyTextHasNoCode()
{
    QVERIFY(!QrCode::encode(QString()));
    QVERIFY(!QrCode::encode(QStringLiteral("")));
    QVERIFY(QrCode::encode(QStringLiteral(" ")));
}

void tst_QrCode::textLongerThanTheCapHasNoCode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("encoded");
    QTest::newRow("1024 bytes, the cap") << ofBytes(QrCode::MaximumBytes) << true;
    QTest::newRow("1025 bytes") << ofBytes(QrCode::MaximumBytes + 1) << false;
    QTest::newRow("512 two-byte characters, the cap") << QString(512, QChar(0xe4)) << true;
    QTest::newRow("513 two-byte characters, 1026 bytes") << QString(513, QChar(0xe4)) << false;
    QTest::newRow("5000 bytes, more than any QR code holds") << ofBytes(5000) << false;
}

void tst_QrCode::textLongerThanTheCapHasNoCode()
{
    QFETCH(QString, text);
    QFETCH(bool, encoded);
    const std::optional<QrCode> code = QrCode::encode(text);
    QCOMPARE(bool(code), encoded);
    if (code) { // the size of a version: 17 + 4v modules, v from 1 to 40
        QCOMPARE((code->size() - 17) % 4, 0);
        QVERIFY(code->size() > 21 && code->size() <= 177);
    }
}

void tst_QrCode::aReaderReadsTheText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("verification URL") << QStringLiteral("https://auth.example/activate");
    QTest::newRow("verification URL with the user code (verification_uri_complete)")
            << QStringLiteral("https://example.com/device?user_code=WDJB-MJHT");
    QTest::newRow("non-ASCII text, as UTF-8") << QStringLiteral("https://example.com/gerät?c=ÄÖÜ€");
    QTest::newRow("1024 bytes") << QStringLiteral("https://example.com/?q=") + ofBytes(1001);
}

void tst_QrCode::aReaderReadsTheText()
{
    QFETCH(QString, text);
    QVERIFY2(QrReader::isAvailable(), QrReader::Missing);
    const std::optional<QrCode> code = QrCode::encode(text);
    QVERIFY(code);
    const QImage image = QrReader::image(code->size() + 2 * QuietZone, [&](int x, int y) {
        return code->isDark(x - QuietZone, y - QuietZone);
    });
    const QrReader::Result read = QrReader::read(image);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.text, text);
}

QTEST_GUILESS_MAIN(tst_QrCode)
#include "tst_qrcode.moc"
