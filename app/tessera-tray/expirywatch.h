// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>

#include <chrono>
#include <memory>
#include <vector>

namespace Tessera {
class Alarm;
class Clock;
class Session;
} // namespace Tessera

namespace Tessera::Tray {

/*!
 * \brief Watches when sessions end (their refresh token's expiry) and says when each warning
 * time before that end is reached: "1 hour left", then "10 minutes left".
 *
 * It waits on the Clock's alarms (CLOCK_BOOTTIME timers for the system clock), so time spent
 * suspended counts, a wall-clock jump re-checks, and lifetimes of months need no care; a
 * ManualClock moves it in tests. Each warning is given once per session: a new sign-in starts
 * over, and so does a refresh that moves the end out of a warning's reach (a sliding end), but
 * not one that moves it a little within reach. An alarm that fires early (the clock went back)
 * only re-arms.
 */
class ExpiryWatch : public QObject
{
    Q_OBJECT
public:
    /*! \brief \a warnings: how long before the end to warn, in any order; \a clock not owned. */
    ExpiryWatch(Tessera::Clock *clock, QList<std::chrono::seconds> warnings,
                QObject *parent = nullptr);
    ~ExpiryWatch() override;

    /*! \brief Follows \a session (not owned; it must outlive this watch). */
    void watch(Tessera::Session *session);
    /*! \brief The earliest warning: from then until the end a session is "ending soon". */
    std::chrono::seconds lookAhead() const;
    /*! \brief The warning times, longest first. */
    QList<std::chrono::seconds> warnings() const { return m_warnings; }

Q_SIGNALS:
    /*! \brief The warning \a warningSeconds before \a session's end was reached;
     *  \a secondsLeft until that end. */
    void warningDue(Tessera::Session *session, qint64 secondsLeft, qint64 warningSeconds);
    /*! \brief A session entered its "ending soon" time. */
    void endingSoon(Tessera::Session *session);

private:
    struct Watched;
    void check(Watched &watched);

    Tessera::Clock *const m_clock;
    QList<std::chrono::seconds> m_warnings;
    std::vector<std::unique_ptr<Watched>> m_watched;
};

} // namespace Tessera::Tray
