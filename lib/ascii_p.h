// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QChar>

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

} // namespace Tessera::Ascii
