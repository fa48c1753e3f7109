// SPDX-License-Identifier: BSD-3-Clause
#include "timestamp_p.h"

#include <QRegularExpression>

#include <cmath>

namespace Tessera {

namespace {

// Numbers above this are epoch milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
constexpr double kMillisecondsThreshold = 1e11;
// 9999-12-31T23:59:59Z, the last instant ISO 8601's four-digit years can name.
constexpr double kMaxEpochSeconds = 253402300799.0;
constexpr double kMaxDurationSeconds = 10 * 366 * 86400.0;

std::optional<double> numberOf(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (!value.isString())
        return std::nullopt;
    static const QRegularExpression numeric(QStringLiteral("^[0-9]{1,20}(\\.[0-9]{1,9})?$"));
    const QString text = value.toString();
    if (!numeric.match(text).hasMatch())
        return std::nullopt;
    return text.toDouble();
}

std::optional<QDateTime> fromEpoch(double value)
{
    if (!std::isfinite(value) || value < 0)
        return std::nullopt;
    const double seconds = value > kMillisecondsThreshold ? value / 1000.0 : value;
    if (seconds > kMaxEpochSeconds)
        return std::nullopt;
    const auto msecs = static_cast<qint64>(std::floor(seconds * 1000.0));
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

// Seconds east of UTC for "Z", "+02", "+02:00", "-0530"; nullopt if out of range.
std::optional<int> offsetSeconds(const QString &zone)
{
    if (zone.isEmpty() || zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) == 0)
        return 0;
    const int sign = zone.startsWith(QLatin1Char('-')) ? -1 : 1;
    const QString digits = zone.mid(1).remove(QLatin1Char(':'));
    const int hours = digits.left(2).toInt();
    const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return sign * (hours * 3600 + minutes * 60);
}

std::optional<QDateTime> fromIso(const QString &text)
{
    static const QRegularExpression iso(
            QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
                           "(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
                           "([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$"));
    const QRegularExpressionMatch m = iso.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int msecs = (m.captured(7) + QStringLiteral("00")).left(3).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msecs);
    const std::optional<int> offset = offsetSeconds(m.captured(8));
    if (!date.isValid() || !time.isValid() || !offset)
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC).addSecs(-*offset);
}

} // namespace

std::optional<QDateTime> parseTimestamp(const QJsonValue &value)
{
    if (const std::optional<double> number = numberOf(value))
        return fromEpoch(*number);
    if (value.isString())
        return fromIso(value.toString());
    return std::nullopt;
}

std::optional<qint64> parseSeconds(const QJsonValue &value)
{
    const std::optional<double> number = numberOf(value);
    if (!number || !std::isfinite(*number) || *number < 0 || *number > kMaxDurationSeconds)
        return std::nullopt;
    return static_cast<qint64>(std::floor(*number));
}

} // namespace Tessera
