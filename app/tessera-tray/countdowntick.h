// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/clock.h>

#include <QDateTime>
#include <QTimer>

namespace Tessera::Tray {

/*!
 * \brief Starts \a timer to fire just after \a clock's next second turns, so that a countdown
 * drawn then steps by exactly one: the ticks of the menu's and the tooltip's countdowns.
 */
inline void startAtNextSecond(QTimer &timer, const Tessera::Clock &clock)
{
    timer.start(1000 - clock.now().time().msec() + 5);
}

} // namespace Tessera::Tray
