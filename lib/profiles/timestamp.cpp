// SPDX-License-Identifier: BSD-3-Clause
#include "timestamp_p.h"

#include "ascii_p.h"

#include <algorithm>
#include <cmath>

namespace Tessera {

namespace {

// Numbers above this are epoch milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
constexpr double kMillisecondsThreshold = 1e11;
// 9999-12-31T23:59:59Z, the last instant ISO 8601's four-digit years can name.
constexpr double kMaxEpochSeconds = 253402300799.0;
constexpr double kMaxDurationSeconds = 10 * 366 * 86400.0;

// Skips up to \a max ASCII digits at \a *pos; returns how many there were.
int skipDigits(QStringView text, qsizetype *pos, int max)
{
    int count = 0;
    while (count < max && *pos < text.size() && Ascii::isDigit(text[*pos])) {
        ++*pos;
        ++count;
    }
    return count;
}

// The value of exactly \a width digits at \a *pos (which moves past them); -1 if they are not
// all there.
int fixedNumber(QStringView text, qsizetype *pos, int width)
{
    if (text.size() - *pos < width)
        return -1;
    int value = 0;
    for (int i = 0; i < width; ++i) {
        const QChar c = text[*pos + i];
        if (!Ascii::isDigit(c))
            return -1;
        value = value * 10 + (c.unicode() - '0');
    }
    *pos += width;
    return value;
}

// Moves past the character at \a *pos if it is one of \a chars.
bool skipOneOf(QStringView text, qsizetype *pos, QLatin1String chars)
{
    if (*pos >= text.size() || !chars.contains(text[*pos]))
        return false;
    ++*pos;
    return true;
}

// 1 to 20 digits, then optionally a point and 1 to 9 digits: "1767225600", "3600.5".
bool isPlainNumber(QStringView text)
{
    qsizetype pos = 0;
    if (skipDigits(text, &pos, 20) == 0)
        return false;
    if (skipOneOf(text, &pos, QLatin1String(".")) && skipDigits(text, &pos, 9) == 0)
        return false;
    return pos == text.size();
}

std::optional<double> numberOf(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (!isPlainNumber(text))
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

// Seconds east of UTC for "", "Z", "+02", "+02:00", "-0530"; nullopt if malformed or out of
// range.
std::optional<int> offsetSeconds(QStringView zone)
{
    if (zone.isEmpty() || zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) == 0)
        return 0;
    qsizetype pos = 0;
    if (!skipOneOf(zone, &pos, QLatin1String("+-")))
        return std::nullopt;
    const int sign = zone.front() == QLatin1Char('-') ? -1 : 1;
    const int hours = fixedNumber(zone, &pos, 2);
    int minutes = 0;
    if (pos < zone.size()) {
        skipOneOf(zone, &pos, QLatin1String(":"));
        minutes = fixedNumber(zone, &pos, 2);
    }
    if (pos != zone.size() || hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
        return std::nullopt;
    return sign * (hours * 3600 + minutes * 60);
}

// "YYYY-MM-DDTHH:MM[:SS[.fraction]][zone]", the T also "t" or a space, the fraction 1 to 9
// digits after "." or ",", the zone as offsetSeconds() reads it.
std::optional<QDateTime> fromIso(QStringView text)
{
    qsizetype pos = 0;
    const int year = fixedNumber(text, &pos, 4);
    const bool dateSeparated = skipOneOf(text, &pos, QLatin1String("-"));
    const int month = fixedNumber(text, &pos, 2);
    const bool daySeparated = skipOneOf(text, &pos, QLatin1String("-"));
    const int day = fixedNumber(text, &pos, 2);
    const bool timeSeparated = skipOneOf(text, &pos, QLatin1String("Tt "));
    const int hour = fixedNumber(text, &pos, 2);
    const bool minuteSeparated = skipOneOf(text, &pos, QLatin1String(":"));
    const int minute = fixedNumber(text, &pos, 2);
    if (!dateSeparated || !daySeparated || !timeSeparated || !minuteSeparated
        || std::min({year, month, day, hour, minute}) < 0)
        return std::nullopt;
    int second = 0;
    int msecs = 0;
    if (skipOneOf(text, &pos, QLatin1String(":"))) {
        second = fixedNumber(text, &pos, 2);
        if (second < 0)
            return std::nullopt;
        if (skipOneOf(text, &pos, QLatin1String(".,"))) {
            const qsizetype start = pos;
            const int digits = skipDigits(text, &pos, 9);
            if (digits == 0)
                return std::nullopt;
            for (int i = 0; i < 3; ++i)
                msecs = msecs * 10 + (i < digits ? text[start + i].unicode() - '0' : 0);
        }
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, msecs);
    const std::optional<int> offset = offsetSeconds(text.mid(pos));
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
