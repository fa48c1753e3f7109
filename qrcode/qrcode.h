// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QBitArray>
#include <QString>

#include <optional>

namespace Tessera {

/*!
 * \brief The modules of a QR code (ISO/IEC 18004) that encodes a short text, such as the
 * verification URL of a device sign-in (RFC 8628 section 3.3.1), for a phone to scan.
 *
 * The text is encoded as its UTF-8 bytes in 8-bit byte mode, with error correction level M
 * (about 15 % of the code can be lost) and the smallest version that holds it. The matrix holds
 * the symbol only: whoever draws it adds the quiet zone, a light margin 4 modules wide on every
 * side, without which readers fail to find the code. Dark modules are drawn dark on a light
 * ground; readers are not required to decode the reverse.
 *
 * A value type: encode() does all the work, with libqrencode, and keeps nothing of it.
 *
 * \sa renderForTerminal(), QrCodeView
 */
class QrCode
{
public:
    /*! \brief The longest text, in UTF-8 bytes, that encode() takes. A URL is far shorter. */
    static constexpr int MaximumBytes = 1024;

    /*!
     * \brief The QR code of \a text, or std::nullopt if \a text is empty, longer than
     * MaximumBytes in UTF-8, or cannot be encoded.
     */
    static std::optional<QrCode> encode(const QString &text);

    /*! \brief The number of modules on each side, without the quiet zone: 21 to 177. */
    int size() const { return m_size; }

    /*!
     * \brief Whether the module in column \a x and row \a y (from the top left corner, 0-based)
     * is dark. False outside the symbol, as the quiet zone is light.
     */
    bool isDark(int x, int y) const;

private:
    QrCode(int size, QBitArray modules);

    int m_size = 0;
    QBitArray m_modules; //!< row by row, true for dark
};

} // namespace Tessera
