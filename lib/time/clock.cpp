// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/clock.h>

#include "systemclock_p.h"

#include <QCoreApplication>
#include <QThread>

namespace Tessera {

namespace {

// The clock-change detector belongs to the main thread's event loop; alarms are created on, and
// fire in, whichever thread asks for them.
Clock *onMainThread(Clock *clock)
{
    const QCoreApplication *app = QCoreApplication::instance();
    if (app && clock->thread() != app->thread())
        clock->moveToThread(app->thread());
    return clock;
}

} // namespace

Clock::Clock(QObject *parent)
    : QObject(parent)
{ }

Clock::~Clock() = default;

Clock *Clock::system()
{
    static SystemClock clock;
    static Clock *const instance = onMainThread(&clock);
    return instance;
}

Alarm::Alarm(QObject *parent)
    : QObject(parent)
{ }

Alarm::~Alarm() = default;

} // namespace Tessera
