// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/clock.h>

#include <memory>

namespace Tessera {

class ManualClockPrivate;

/*!
 * \brief A clock that moves only when told to; for tests.
 *
 * advance() moves time forward and fires, in deadline order, every alarm it passes.
 * jump() sets the time like an NTP step or a resume from sleep: it emits jumped() and fires
 * the alarms that are now due. Alarms fire from the event loop (queued), as real ones do.
 */
class TESSERACORE_EXPORT ManualClock : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(const QDateTime &start, QObject *parent = nullptr);
    ~ManualClock() override;

    QDateTime now() const override;
    Alarm *createAlarm(QObject *parent) override;

    void advance(std::chrono::milliseconds by);
    void jump(const QDateTime &to);

private:
    std::unique_ptr<ManualClockPrivate> const d;
};

} // namespace Tessera
