// SPDX-License-Identifier: BSD-3-Clause
#include "jsonanswer_p.h"

#include "ascii_p.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Tessera::JsonAnswer {

std::optional<QJsonObject> object(const QByteArray &body, const QString &what, qsizetype maxBytes,
                                  QString *error)
{
    if (maxBytes > 0 && body.size() > maxBytes) {
        *error = QStringLiteral("%1 is larger than %2 KiB").arg(what).arg(maxBytes / 1024);
        return std::nullopt;
    }
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("%1 is empty").arg(what);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = trimmed.startsWith('<')
                         ? QStringLiteral("%1 is not JSON (an HTML page?)").arg(what)
                         : QStringLiteral("%1 is not JSON (%2 at offset %3)")
                                   .arg(what, parseError.errorString())
                                   .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object").arg(what);
        return std::nullopt;
    }
    return document.object();
}

bool isErrorCode(QStringView code)
{
    if (code.isEmpty() || code.size() > 48)
        return false;
    const bool lower = Ascii::isLower(code.front());
    if (!lower && !Ascii::isUpper(code.front()))
        return false;
    int digits = 0;
    for (const QChar c : code) {
        const bool digit = Ascii::isDigit(c);
        digits += digit ? 1 : 0;
        const bool letter = lower ? Ascii::isLower(c) : Ascii::isUpper(c);
        if (!letter && !digit && c != QLatin1Char('_') && c != QLatin1Char('.')
            && c != QLatin1Char('-'))
            return false;
    }
    return digits <= 6;
}

} // namespace Tessera::JsonAnswer
