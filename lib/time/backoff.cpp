// SPDX-License-Identifier: BSD-3-Clause
#include "backoff_p.h"

#include "ascii_p.h"

#include <QLocale>

#include <algorithm>
#include <limits>
#include <random>

namespace Tessera {

namespace {

constexpr std::chrono::milliseconds maxRetryAfter = std::chrono::hours(1);

quint32 effectiveSeed(quint32 seed)
{
    return seed != 0 ? seed : QRandomGenerator::global()->generate();
}

std::chrono::milliseconds clampRetryAfter(qint64 ms)
{
    return std::clamp(std::chrono::milliseconds(ms), std::chrono::milliseconds(0), maxRetryAfter);
}

// delta-seconds = 1*DIGIT
std::optional<std::chrono::milliseconds> parseDeltaSeconds(const QByteArray &value)
{
    if (!std::all_of(value.cbegin(), value.cend(),
                     [](char c) { return Ascii::isDigit(char16_t(uchar(c))); }))
        return std::nullopt;
    // More digits than fit in a qint64 of milliseconds is still just "a long time".
    if (value.size() > 12)
        return maxRetryAfter;
    return clampRetryAfter(value.toLongLong() * 1000);
}

QDateTime utcFrom(const QDate &date, const QString &time)
{
    const QTime t = QLocale::c().toTime(time, QStringLiteral("hh:mm:ss"));
    if (!date.isValid() || !t.isValid())
        return QDateTime();
    return QDateTime(date, t, Qt::UTC);
}

// RFC 850's two-digit year: more than 50 years ahead means the most recent such year in the past.
QDate fixTwoDigitYear(QDate date, const QDateTime &now)
{
    if (!date.isValid())
        return date;
    while (date.year() + 100 <= now.date().year() + 50)
        date = date.addYears(100);
    return date;
}

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
// asctime "Sun Nov  6 08:49:37 1994".
QDateTime parseHttpDate(const QByteArray &value, const QDateTime &now)
{
    const QStringList parts = QString::fromLatin1(value).simplified().split(QLatin1Char(' '));
    const QLocale c = QLocale::c();
    if (parts.size() == 6 && parts[0].endsWith(QLatin1Char(','))
        && parts[5] == QLatin1String("GMT")) {
        const QString date = parts.mid(1, 3).join(QLatin1Char(' '));
        return utcFrom(c.toDate(date, QStringLiteral("dd MMM yyyy")), parts[4]);
    }
    if (parts.size() == 4 && parts[0].endsWith(QLatin1Char(','))
        && parts[3] == QLatin1String("GMT")) {
        const QDate date = c.toDate(parts[1], QStringLiteral("dd-MMM-yy"));
        return utcFrom(fixTwoDigitYear(date, now), parts[2]);
    }
    if (parts.size() == 5 && parts[0].size() == 3) {
        const QString date = QStringList {parts[1], parts[2], parts[4]}.join(QLatin1Char(' '));
        return utcFrom(c.toDate(date, QStringLiteral("MMM d yyyy")), parts[3]);
    }
    return QDateTime();
}

} // namespace

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap, quint32 seed)
    : m_initial(std::max(initial, std::chrono::milliseconds(0)))
    , m_cap(std::max(cap, std::chrono::milliseconds(0)))
    , m_random(effectiveSeed(seed))
{ }

std::chrono::milliseconds Backoff::ceiling() const
{
    // initial * 2^attempts, computed by doubling so that it cannot overflow
    std::chrono::milliseconds d = std::min(m_initial, m_cap);
    for (int i = 0; i < m_attempts && d < m_cap && d.count() > 0; ++i)
        d = d > m_cap / 2 ? m_cap : d * 2;
    return d;
}

std::chrono::milliseconds Backoff::next()
{
    const qint64 d = ceiling().count();
    std::uniform_int_distribution<qint64> jitter(d / 2, d);
    if (m_attempts < std::numeric_limits<int>::max())
        ++m_attempts;
    return std::chrono::milliseconds(jitter(m_random));
}

void Backoff::reset()
{
    m_attempts = 0;
}

int Backoff::attempts() const
{
    return m_attempts;
}

std::optional<std::chrono::milliseconds> Backoff::parseRetryAfter(const QByteArray &header,
                                                                  const QDateTime &now)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    if (const auto seconds = parseDeltaSeconds(value))
        return seconds;
    const QDateTime at = parseHttpDate(value, now);
    if (!at.isValid() || !now.isValid())
        return std::nullopt;
    return clampRetryAfter(now.msecsTo(at));
}

} // namespace Tessera
