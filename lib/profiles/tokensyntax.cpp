// SPDX-License-Identifier: BSD-3-Clause
#include "tokensyntax_p.h"

#include "ascii_p.h"

namespace Tessera::TokenSyntax {

namespace {

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isB64TokenChar(char c)
{
    return Ascii::isAlphanumeric(char16_t(uchar(c))) || c == '-' || c == '.' || c == '_' || c == '~'
           || c == '+' || c == '/';
}

bool isB64Token(const QByteArray &token)
{
    qsizetype end = token.size();
    while (end > 0 && token.at(end - 1) == '=')
        --end;
    if (end == 0)
        return false;
    for (qsizetype i = 0; i < end; ++i) {
        if (!isB64TokenChar(token.at(i)))
            return false;
    }
    return true;
}

// RFC 6749 appendix A: VSCHAR = %x20-7E.
bool isVisibleAscii(const QByteArray &token)
{
    for (const char c : token) {
        if (uchar(c) < 0x20 || uchar(c) > 0x7e)
            return false;
    }
    return true;
}

QString sizeProblem(qsizetype size, qsizetype limit)
{
    if (size == 0)
        return QStringLiteral("empty");
    if (size > limit)
        return QStringLiteral("longer than %1 bytes").arg(limit);
    return {};
}

} // namespace

QString accessTokenProblem(const QByteArray &token)
{
    if (QString size = sizeProblem(token.size(), MaxTokenBytes); !size.isEmpty())
        return size;
    if (!isB64Token(token))
        return QStringLiteral("not a bearer token (RFC 6750 allows letters, digits and -._~+/ "
                              "followed by =)");
    return {};
}

QString refreshTokenProblem(const QByteArray &token)
{
    if (QString size = sizeProblem(token.size(), MaxTokenBytes); !size.isEmpty())
        return size;
    if (!isVisibleAscii(token))
        return QStringLiteral("not a refresh token (RFC 6749 allows printable ASCII only)");
    return {};
}

QString apiKeyProblem(const QByteArray &key)
{
    if (QString size = sizeProblem(key.size(), MaxTokenBytes); !size.isEmpty())
        return size;
    const QString text = QString::fromUtf8(key);
    if (text.toUtf8() != key || Ascii::firstControlCharacter(text))
        return QStringLiteral("not an API key (UTF-8 text without control characters)");
    return {};
}

QString userProblem(const QString &user)
{
    if (user.toUtf8().size() > MaxUserBytes)
        return QStringLiteral("longer than %1 bytes").arg(MaxUserBytes);
    if (Ascii::firstControlCharacter(user))
        return QStringLiteral("holds a control character");
    return {};
}

std::optional<QByteArray> bearerAuthorization(const Secret &accessToken)
{
    if (!accessTokenProblem(accessToken.reveal()).isEmpty())
        return std::nullopt;
    return QByteArrayLiteral("Bearer ") + accessToken.reveal();
}

} // namespace Tessera::TokenSyntax
