// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace Tessera {

class QrCode;

/*!
 * \brief The colour behind the text of the terminal a QR code is printed to.
 * \sa renderForTerminal()
 */
enum class TerminalBackground {
    Dark, //!< light text on a dark background, the common default
    Light, //!< dark text on a light background
};

/*!
 * \brief \a code as lines of text for a terminal, with its quiet zone of 4 modules on every side.
 *
 * Each character stands for one module across and two modules down, with the Unicode half and
 * full blocks (U+2580 ▀, U+2584 ▄, U+2588 █) and the space; every line, the last one included,
 * ends with "\n". A code of \c size modules gives lines of \c size + 8 characters and
 * (\c size + 9) / 2 lines; as that count of module rows is odd, the lower half of the last line is
 * left blank (the terminal's background), outside the quiet zone.
 *
 * A reader wants dark modules on a light ground, but a terminal draws its blocks in the text
 * colour: on a \a background that is TerminalBackground::Dark (the default; most terminals are
 * dark), the blocks are the light modules and the quiet zone, and the dark modules are left
 * blank, as `qrencode -t UTF8` does; on a TerminalBackground::Light one, the blocks are the dark
 * modules (`qrencode -t UTF8i`). Most phone cameras also read a code drawn the wrong way round,
 * but ISO/IEC 18004 does not require them to, so callers that know the background say so.
 *
 * \sa QrCode
 */
QString renderForTerminal(const QrCode &code,
                          TerminalBackground background = TerminalBackground::Dark);

} // namespace Tessera
