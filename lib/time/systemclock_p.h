// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/clock.h>

class QSocketNotifier;

namespace Tessera {

/*!
 * \brief The real clock behind Clock::system(): UTC wall-clock time, and alarms that count time
 * spent suspended and follow changes of the wall clock without polling.
 *
 * On Linux each armed alarm is a CLOCK_BOOTTIME timerfd armed for (deadline - now), so a
 * deadline that passed during sleep fires right on resume. One CLOCK_REALTIME timerfd with
 * TFD_TIMER_CANCEL_ON_SET notices when the wall clock is set (and, on current kernels, when
 * the machine resumes); the clock then emits jumped() and every armed alarm re-arms itself.
 * An idle alarm costs no wake-ups at all.
 *
 * Elsewhere (or when timerfds are unavailable) alarms use a precise QTimer that wakes at least
 * once a minute to re-read the wall clock, and jumped() is never emitted.
 *
 * Alarms live on, and fire in, the thread that created them.
 */
class TESSERACORE_AUTOTEST_EXPORT SystemClock : public Clock
{
    Q_OBJECT
public:
    enum class Backend {
        Automatic, //!< timerfd where available, Timer otherwise
        TimerFd, //!< Linux timerfds; falls back to Timer if they cannot be created
        Timer, //!< QTimer in chunks of at most a minute
    };
    Q_ENUM(Backend)

    explicit SystemClock(Backend backend = Backend::Automatic, QObject *parent = nullptr);
    ~SystemClock() override;

    QDateTime now() const override;
    Alarm *createAlarm(QObject *parent) override;

    /*! \brief The backend in use: TimerFd or Timer, never Automatic. */
    Backend backend() const;

private:
    void startJumpDetector();
    void armJumpDetector();
    void onJumpDetectorActivated();

    Backend m_backend = Backend::Timer;
    int m_jumpFd = -1;
    QSocketNotifier *m_jumpNotifier = nullptr;
};

} // namespace Tessera
