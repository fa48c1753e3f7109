// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>

#include <chrono>
#include <optional>

namespace Tessera {

/*!
 * \brief Delays between retries of a transiently failing request: exponential growth with
 * "equal jitter", so that many clients that failed together do not retry together.
 *
 * Attempt n waits a random time in [d/2, d], where d = min(cap, initial * 2^n).
 */
class TESSERACORE_AUTOTEST_EXPORT Backoff
{
public:
    /*! \a seed 0 draws a random seed; any other value makes the sequence reproducible. */
    explicit Backoff(std::chrono::milliseconds initial = std::chrono::seconds(2),
                     std::chrono::milliseconds cap = std::chrono::minutes(5), quint32 seed = 0);

    /*! \brief The delay before the next attempt; counts the attempt. */
    std::chrono::milliseconds next();
    /*! \brief Starts again from the initial delay (after a success). */
    void reset();
    /*! \brief How many delays next() handed out since construction or reset(). */
    int attempts() const;

    /*!
     * \brief Reads a Retry-After header (RFC 7231, 7.1.3): delta-seconds or an HTTP-date in
     * any of its three formats, relative to \a now.
     *
     * Returns nullopt when the header is absent or unreadable; otherwise the delay clamped to
     * [0, 1 h] (a date in the past means "now").
     */
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &header,
                                                                    const QDateTime &now);

private:
    std::chrono::milliseconds ceiling() const;

    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_cap;
    QRandomGenerator m_random;
    int m_attempts = 0;
};

} // namespace Tessera
