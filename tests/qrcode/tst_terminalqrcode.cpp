// SPDX-License-Identifier: BSD-3-Clause
#include "qrcode.h"
#include "qrreader.h"
#include "terminalqrcode.h"

#include <QTest>

#include <vector>

using namespace Tessera;
using namespace Tessera::Test;

Q_DECLARE_METATYPE(Tessera::TerminalBackground)

namespace {

constexpr int QuietZone = 4;
const QString Url = QStringLiteral("https://example.com/device?user_code=WDJB-MJHT");

// The text read back into module rows, two per line, true where a block is drawn; empty with a
// failure (QTest::currentTestFailed()) if the text is not lines of equal length of blocks.
std::vector<std::vector<bool>> blocksOf(const QString &text)
{
    std::vector<std::vector<bool>> rows;
    [&] {
        QVERIFY2(text.endsWith(QLatin1Char('\n')), "the last line ends with a newline");
        const QStringList lines = text.chopped(1).split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            QCOMPARE(line.size(), lines.first().size());
            std::vector<bool> upper, lower;
            for (const QChar c : line) {
                QVERIFY2(QStringView(u" \u2580\u2584\u2588").contains(c),
                         qPrintable(QStringLiteral("unexpected U+%1").arg(c.unicode(), 4, 16)));
                upper.push_back(c == QChar(0x2580) || c == QChar(0x2588));
                lower.push_back(c == QChar(0x2584) || c == QChar(0x2588));
            }
            rows.push_back(upper);
            rows.push_back(lower);
        }
    }();
    if (QTest::currentTestFailed())
        rows.clear();
    return rows;
}

} // namespace

class tst_TerminalQrCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blocksAreTheModulesWithAQuietZone_data();
    void blocksAreTheModulesWithAQuietZone();
    void aDarkTerminalShowsLightModulesAsBlocks();
    void aReaderReadsTheBlocks_data();
    void aReaderReadsTheBlocks();
};

void tst_TerminalQrCode::blocksAreTheModulesWithAQuietZone_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TerminalBackground>("background");
    QTest::addColumn<bool>("blocksAreLight");
    QTest::newRow("dark terminal, version 1")
            << QStringLiteral("a") << TerminalBackground::Dark << true;
    QTest::newRow("dark terminal, verification URL") << Url << TerminalBackground::Dark << true;
    QTest::newRow("light terminal, version 1")
            << QStringLiteral("a") << TerminalBackground::Light << false;
    QTest::newRow("light terminal, verification URL") << Url << TerminalBackground::Light << false;
}

void tst_TerminalQrCode::blocksAreTheModulesWithAQuietZone()
{
    QFETCH(QString, text);
    QFETCH(TerminalBackground, background);
    QFETCH(bool, blocksAreLight);
    const std::optional<QrCode> code = QrCode::encode(text);
    QVERIFY(code);
    const std::vector<std::vector<bool>> blocks = blocksOf(renderForTerminal(*code, background));
    QVERIFY(!QTest::currentTestFailed());

    const int side = code->size() + 2 * QuietZone; // odd: the last line's lower half is blank
    QCOMPARE(int(blocks.size()), side + 1);
    QCOMPARE(int(blocks.front().size()), side);
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const bool dark = code->isDark(x - QuietZone, y - QuietZone);
            if (blocks[y][x] != (dark != blocksAreLight))
                QFAIL(qPrintable(
                        QStringLiteral("module %1, %2 (quiet zone included)").arg(x).arg(y)));
        }
    }
    QCOMPARE(blocks.back(), std::vector<bool>(side, false));
}

void tst_TerminalQrCode::aDarkTerminalShowsLightModulesAsBlocks()
{
    const std::optional<QrCode> code = QrCode::encode(QStringLiteral("a"));
    QVERIFY(code);
    const QStringList lines = renderForTerminal(*code).split(QLatin1Char('\n'));
    const QString full(21 + 2 * QuietZone, QChar(0x2588));
    QCOMPARE(lines.size(), (21 + 2 * QuietZone + 1) / 2 + 1); // the last "line" is after "\n"
    QCOMPARE(lines.at(0), full);
    QCOMPARE(lines.at(1), full);
    // Row 4 is the finders' top edge (dark: blank) over row 5 (dark, light, light, ... , dark).
    QCOMPARE(lines.at(2).left(QuietZone + 7), QString(QuietZone, QChar(0x2588)) + QLatin1Char(' ')
                                                      + QString(5, QChar(0x2584))
                                                      + QLatin1Char(' '));
    // The last module row over the quiet zone, the quiet zone, then the quiet zone over nothing.
    QCOMPARE(lines.at(lines.size() - 4).left(QuietZone + 1),
             QString(QuietZone, QChar(0x2588)) + QChar(0x2584));
    QCOMPARE(lines.at(lines.size() - 3), full);
    QCOMPARE(lines.at(lines.size() - 2), QString(21 + 2 * QuietZone, QChar(0x2580)));
    QCOMPARE(lines.last(), QString());
}

void tst_TerminalQrCode::aReaderReadsTheBlocks_data()
{
    QTest::addColumn<TerminalBackground>("background");
    QTest::newRow("dark terminal") << TerminalBackground::Dark;
    QTest::newRow("light terminal") << TerminalBackground::Light;
}

void tst_TerminalQrCode::aReaderReadsTheBlocks()
{
    QFETCH(TerminalBackground, background);
    QVERIFY2(QrReader::isAvailable(), QrReader::Missing);
    const std::optional<QrCode> code = QrCode::encode(Url);
    QVERIFY(code);
    const std::vector<std::vector<bool>> blocks = blocksOf(renderForTerminal(*code, background));
    QVERIFY(!QTest::currentTestFailed());
    // What the terminal shows: blocks in its text colour on its background.
    const bool blocksAreDark = background == TerminalBackground::Light;
    const int side = int(blocks.front().size());
    const QImage screen =
            QrReader::image(side, [&](int x, int y) { return blocks[y][x] == blocksAreDark; });
    const QrReader::Result read = QrReader::read(screen);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.text, Url);
}

QTEST_GUILESS_MAIN(tst_TerminalQrCode)
#include "tst_terminalqrcode.moc"
