// SPDX-License-Identifier: BSD-3-Clause
#include "qrcode.h"

#include <qrencode.h>

#include <memory>
#include <utility>

namespace Tessera {

namespace {

struct QRcodeFree
{
    void operator()(QRcode *code) const { QRcode_free(code); }
};
using QRcodePointer = std::unique_ptr<QRcode, QRcodeFree>;

} // namespace

std::optional<QrCode> QrCode::encode(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    if (bytes.isEmpty() || bytes.size() > MaximumBytes)
        return std::nullopt;
    // QRcode_encodeData() takes the bytes as they are (no NUL terminator, no mode guessing):
    // 8-bit mode, version 0 = the smallest that fits.
    const QRcodePointer code(QRcode_encodeData(
            int(bytes.size()), reinterpret_cast<const unsigned char *>(bytes.constData()), 0,
            QR_ECLEVEL_M));
    if (!code || code->width <= 0)
        return std::nullopt;
    const int size = code->width;
    QBitArray modules(size * size);
    // libqrencode: one byte per module, row by row; its lowest bit is set for a dark module.
    for (int i = 0; i < size * size; ++i)
        modules.setBit(i, code->data[i] & 0x01);
    return QrCode(size, std::move(modules));
}

QrCode::QrCode(int size, QBitArray modules)
    : m_size(size)
    , m_modules(std::move(modules))
{ }

bool QrCode::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false;
    return m_modules.testBit(y * m_size + x);
}

} // namespace Tessera
