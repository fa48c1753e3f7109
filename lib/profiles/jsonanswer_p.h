// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Tessera::JsonAnswer {

/*!
 * \brief A server's answer as a JSON object, or, in \a error, what it is instead, named as
 * \a what ("response", "discovery document"): larger than \a maxBytes (when positive), empty,
 * not JSON (an HTML page, or where the parser stopped), or JSON but not an object. Never the
 * body itself.
 */
std::optional<QJsonObject> object(const QByteArray &body, const QString &what, qsizetype maxBytes,
                                  QString *error);

/*! \brief A member that is missing or null: both mean "not given". */
inline bool isAbsent(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

/*!
 * \brief An API's machine-readable error code ("invalid_grant", "TOKEN_EXPIRED"): a letter, then
 * up to 47 of the same case's letters, digits, "_", "." or "-", with at most 6 digits. Anything
 * else (a sentence, a token echoed back) is not a code and never reaches an error string.
 */
bool isErrorCode(QStringView code);

} // namespace Tessera::JsonAnswer
