// SPDX-License-Identifier: BSD-3-Clause
#include "pkce_p.h"

#include "ascii_p.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace Tessera::Pkce {

namespace {

constexpr QByteArray::Base64Options kBase64Url =
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// RFC 7636 section 4.1: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
bool isUnreserved(char c)
{
    return Ascii::isAlphanumeric(char16_t(uchar(c))) || c == '-' || c == '.' || c == '_'
           || c == '~';
}

// \a Words 32-bit words from the system's cryptographic generator, base64url without padding.
// The raw bytes are overwritten before they go out of scope.
template<std::size_t Words>
QByteArray randomBase64Url()
{
    std::array<quint32, Words> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray raw = QByteArray::fromRawData(reinterpret_cast<const char *>(words.data()),
                                                   qsizetype(sizeof(words)));
    QByteArray encoded = raw.toBase64(kBase64Url);
    words.fill(0);
    return encoded;
}

} // namespace

Secret newVerifier()
{
    return Secret(randomBase64Url<8>()); // 32 bytes -> 43 characters
}

QByteArray challengeS256(const Secret &verifier)
{
    const QByteArray &value = verifier.reveal();
    if (value.size() < 43 || value.size() > 128)
        return {};
    for (const char c : value) {
        if (!isUnreserved(c))
            return {};
    }
    return QCryptographicHash::hash(value, QCryptographicHash::Sha256).toBase64(kBase64Url);
}

QByteArray newState()
{
    return randomBase64Url<4>(); // 16 bytes -> 22 characters
}

} // namespace Tessera::Pkce
