// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QDateTime>
#include <QJsonValue>

#include <optional>

namespace Tessera {

/*!
 * \brief Reads an absolute point in time the way token APIs send it.
 *
 * Accepts ISO 8601 / RFC 3339 strings ("2024-05-01T12:00:00Z", "+02:00" or "-0530" offsets,
 * fractional seconds; without an offset the time is taken as UTC) and epoch seconds as a JSON
 * number or a numeric string (values above 1e11 are taken as epoch milliseconds).
 * Returns the time in UTC, or nullopt for anything else (garbage, empty, negative, bool, object).
 */
TESSERACORE_AUTOTEST_EXPORT std::optional<QDateTime> parseTimestamp(const QJsonValue &value);

/*!
 * \brief Reads a duration in seconds ("expires_in"): a JSON number or numeric string from 0 to
 * ten years. Fractions are rounded down.
 */
TESSERACORE_AUTOTEST_EXPORT std::optional<qint64> parseSeconds(const QJsonValue &value);

} // namespace Tessera
