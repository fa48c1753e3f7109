// SPDX-License-Identifier: BSD-3-Clause
#include "jwt.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

QByteArray hmacSha256(const QByteArray &data, const QByteArray &key)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

std::optional<QJsonObject> decodeObject(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            part, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

QByteArray Jwt::base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray Jwt::randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    auto *generator = QRandomGenerator::system();
    for (int i = 0; i < count; ++i)
        bytes[i] = static_cast<char>(generator->bounded(256));
    return bytes;
}

QByteArray Jwt::sign(const QJsonObject &claims, const QByteArray &key)
{
    const QJsonObject header {{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}};
    const QByteArray signingInput =
            base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
            + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return signingInput + '.' + base64Url(hmacSha256(signingInput, key));
}

std::optional<QJsonObject> Jwt::verify(const QByteArray &token, const QByteArray &key)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return std::nullopt;
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    if (!constantTimeEquals(parts.at(2), base64Url(hmacSha256(signingInput, key))))
        return std::nullopt;
    const auto header = decodeObject(parts.at(0));
    if (!header || header->value("alg"_L1).toString() != "HS256"_L1)
        return std::nullopt;
    return decodeObject(parts.at(1));
}

} // namespace Tessera::DevServer
