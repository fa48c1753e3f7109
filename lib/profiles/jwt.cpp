// SPDX-License-Identifier: BSD-3-Clause
#include "jwt_p.h"

#include "ascii_p.h"
#include "tokensyntax_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace Tessera {

namespace {

// 9999-12-31T23:59:59Z; anything later is not a NumericDate a server meant.
constexpr double kMaxExp = 253402300799.0;

bool isBase64UrlSegment(const QByteArray &segment)
{
    qsizetype end = segment.size();
    while (end > 0 && segment.at(end - 1) == '=')
        --end;
    for (qsizetype i = 0; i < end; ++i) {
        const char c = segment.at(i);
        const bool ok = Ascii::isAlphanumeric(char16_t(uchar(c))) || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

std::optional<QJsonObject> decodeObject(const QByteArray &segment)
{
    if (segment.isEmpty() || !isBase64UrlSegment(segment))
        return std::nullopt;
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
            segment, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(decoded.decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

namespace {

// The payload of \a token, if it has the shape of a JWT (see Jwt::expiry()). Only the header and
// payload are copied out of the Secret; the signature is looked at in place, and nothing of the
// token is logged or returned.
std::optional<QJsonObject> payloadOf(const Secret &token)
{
    if (token.isEmpty() || token.size() > TokenSyntax::MaxTokenBytes)
        return std::nullopt;
    const QByteArray &raw = token.reveal();
    const qsizetype firstDot = raw.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : raw.indexOf('.', firstDot + 1);
    if (secondDot < 0 || raw.indexOf('.', secondDot + 1) >= 0)
        return std::nullopt;
    const QByteArray signature =
            QByteArray::fromRawData(raw.constData() + secondDot + 1, raw.size() - secondDot - 1);
    if (!isBase64UrlSegment(signature) || !decodeObject(raw.left(firstDot)))
        return std::nullopt;
    return decodeObject(raw.mid(firstDot + 1, secondDot - firstDot - 1));
}

} // namespace

std::optional<QDateTime> Jwt::expiry(const Secret &token)
{
    const std::optional<QJsonObject> payload = payloadOf(token);
    if (!payload)
        return std::nullopt;
    const QJsonValue exp = payload->value(QLatin1String("exp"));
    if (!exp.isDouble())
        return std::nullopt;
    const double seconds = exp.toDouble();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxExp)
        return std::nullopt;
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(std::floor(seconds)), Qt::UTC);
}

QString Jwt::userName(const Secret &idToken)
{
    const std::optional<QJsonObject> payload = payloadOf(idToken);
    if (!payload)
        return {};
    for (const char *claim : {"preferred_username", "email", "sub"}) {
        const QString name = payload->value(QLatin1String(claim)).toString().trimmed();
        if (!name.isEmpty() && TokenSyntax::userProblem(name).isEmpty())
            return name;
    }
    return {};
}

} // namespace Tessera
