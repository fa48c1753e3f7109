// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/clock.h>

#include <chrono>
#include <memory>

namespace Tessera {

class ManualClockPrivate;

/*!
 * \brief A clock that moves only when told to; for tests.
 *
 * advance() moves time forward and fires, in deadline order, every alarm it passes.
 * jump() sets the time like an NTP step or a resume from sleep: it emits jumped() and fires
 * the alarms that are now due. Alarms fire from the event loop (queued), as real ones do.
 *
 * When a queued alarm fires, now() is the time the clock was moved to, not its deadline. A due
 * alarm stays armed until it fires, at most once per arming; cancel(), a new deadline or moving
 * the clock back before the event loop comes round prevents that firing. Alarms belong to the
 * parent given to createAlarm() and may outlive the clock, after which they never fire.
 */
class TESSERACORE_EXPORT ManualClock : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(const QDateTime &start, QObject *parent = nullptr);
    ~ManualClock() override;

    QDateTime now() const override;
    Alarm *createAlarm(QObject *parent) override;

    /*! \brief Moves now() forward by \a by (negative values are ignored with a warning) and
     *  queues the alarms it passed, in deadline order. */
    void advance(std::chrono::milliseconds by);
    /*! \brief Sets now() to \a to, forward or back; emits jumped() before returning, then
     *  queues the alarms that are due, in deadline order. \sa Clock::jumped() */
    void jump(const QDateTime &to);

private:
    std::unique_ptr<ManualClockPrivate> const d;
};

} // namespace Tessera
