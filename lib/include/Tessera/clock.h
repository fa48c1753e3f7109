// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

#include <QDateTime>
#include <QObject>

namespace Tessera {

class Alarm;

/*!
 * \brief Where Tessera reads the time, and how it waits for a moment on the wall clock.
 *
 * Session schedules refreshes against a Clock so that tests can move time by hand
 * (ManualClock) and the real clock (Clock::system()) can notice suspend/resume and clock
 * changes without polling.
 */
class TESSERACORE_EXPORT Clock : public QObject
{
    Q_OBJECT
public:
    explicit Clock(QObject *parent = nullptr);
    ~Clock() override;

    /*! \brief The current wall-clock time, in UTC. */
    virtual QDateTime now() const = 0;

    /*! \brief A new, unarmed one-shot alarm on this clock, owned by \a parent. */
    virtual Alarm *createAlarm(QObject *parent) = 0;

    /*! \brief The process-wide real clock. Never null; not owned by the caller. */
    static Clock *system();

Q_SIGNALS:
    /*! \brief The wall clock moved discontinuously (set by hand or NTP step) or the machine
     *  resumed from sleep. Alarms re-check themselves; other users re-read now(). */
    void jumped();
};

/*!
 * \brief Fires once when its clock reaches a wall-clock deadline.
 *
 * A deadline in the past fires at the next turn of the event loop. Time spent suspended
 * counts, so an alarm whose deadline passed during sleep fires promptly on resume.
 */
class TESSERACORE_EXPORT Alarm : public QObject
{
    Q_OBJECT
public:
    ~Alarm() override;

    /*! \brief Arms the alarm for \a deadline, replacing any earlier deadline. */
    virtual void setDeadline(const QDateTime &deadline) = 0;
    /*! \brief Disarms the alarm; it will not fire until armed again. */
    virtual void cancel() = 0;
    /*! \brief The armed deadline, or an invalid QDateTime when unarmed. */
    virtual QDateTime deadline() const = 0;

    bool isArmed() const { return deadline().isValid(); }

Q_SIGNALS:
    void fired();

protected:
    explicit Alarm(QObject *parent);
};

} // namespace Tessera
