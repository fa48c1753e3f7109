// SPDX-License-Identifier: BSD-3-Clause
#include "terminalqrcode.h"

#include "qrcode.h"

namespace Tessera {

namespace {

constexpr int QuietZone = 4; // modules, on every side (ISO/IEC 18004)

// The character for one column of a line: its upper and lower module drawn as a block or not.
QChar blockFor(bool upper, bool lower)
{
    if (upper && lower)
        return QChar(0x2588); // FULL BLOCK
    if (upper)
        return QChar(0x2580); // UPPER HALF BLOCK
    if (lower)
        return QChar(0x2584); // LOWER HALF BLOCK
    return QLatin1Char(' ');
}

} // namespace

QString renderForTerminal(const QrCode &code, TerminalBackground background)
{
    const int side = code.size() + 2 * QuietZone;
    const bool blocksAreLight = background == TerminalBackground::Dark;
    // Row and column \a x, \a y of the symbol with its quiet zone; rows past it stay blank.
    const auto drawn = [&](int x, int y) {
        if (y >= side)
            return false;
        const bool dark = code.isDark(x - QuietZone, y - QuietZone);
        return dark != blocksAreLight;
    };
    QString text;
    text.reserve((side + 1) * (side + 1) / 2);
    for (int y = 0; y < side; y += 2) {
        for (int x = 0; x < side; ++x)
            text += blockFor(drawn(x, y), drawn(x, y + 1));
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace Tessera
