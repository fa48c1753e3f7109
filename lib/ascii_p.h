// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QChar>
#include <QStringView>

#include <optional>

// ASCII character classes, for the formats that are defined in ASCII (timestamps, error codes,
// profile ids, base64url, Retry-After). QChar::isDigit() and friends are Unicode's: they would
// take an Arabic-Indic digit or an accented letter.
namespace Tessera::Ascii {

constexpr bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}
constexpr bool isLower(char16_t c)
{
    return c >= u'a' && c <= u'z';
}
constexpr bool isUpper(char16_t c)
{
    return c >= u'A' && c <= u'Z';
}
constexpr bool isAlphanumeric(char16_t c)
{
    return isDigit(c) || isLower(c) || isUpper(c);
}

constexpr bool isDigit(QChar c)
{
    return isDigit(c.unicode());
}
constexpr bool isLower(QChar c)
{
    return isLower(c.unicode());
}
constexpr bool isUpper(QChar c)
{
    return isUpper(c.unicode());
}
constexpr bool isAlphanumeric(QChar c)
{
    return isAlphanumeric(c.unicode());
}

// C0 controls and DEL, and the C1 controls (U+0080 to U+009F) that Latin-1 adds: what can end a
// line, hide text or steer a terminal. Not ASCII alone, but the one check for "no control
// characters" that text Tessera reads (profiles, tokens, user names) is held to.
constexpr bool isControl(char16_t c)
{
    return c < u' ' || (c >= 0x7f && c < 0xa0);
}

// The first control character in \a text, if any (U+0000 is one: no null QChar can stand for
// "none").
inline std::optional<QChar> firstControlCharacter(QStringView text)
{
    for (const QChar c : text) {
        if (isControl(c.unicode()))
            return c;
    }
    return std::nullopt;
}

} // namespace Tessera::Ascii
