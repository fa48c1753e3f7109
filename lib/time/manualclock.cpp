// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/manualclock.h>

#include "logging_p.h"

#include <algorithm>
#include <vector>

namespace Tessera {

class ManualAlarm;

class ManualClockPrivate
{
public:
    void queueDueAlarms();

    QDateTime now;
    std::vector<ManualAlarm *> alarms; //!< in creation order
};

/*!
 * \brief An alarm of ManualClock. A due alarm stays armed until its queued firing is delivered;
 * every arming, cancel() or new queueing supersedes firings queued before it.
 */
class ManualAlarm : public Alarm
{
    Q_OBJECT
public:
    ManualAlarm(ManualClockPrivate *clock, QObject *parent);
    ~ManualAlarm() override;

    void setDeadline(const QDateTime &deadline) override;
    void cancel() override;
    QDateTime deadline() const override { return m_deadline; }

    bool isDue() const;
    void queueFiring();
    void detach() { m_clock = nullptr; }

private:
    void deliver(quint64 ticket);

    ManualClockPrivate *m_clock;
    QDateTime m_deadline;
    quint64 m_ticket = 0;
};

ManualAlarm::ManualAlarm(ManualClockPrivate *clock, QObject *parent)
    : Alarm(parent)
    , m_clock(clock)
{
    m_clock->alarms.push_back(this);
}

ManualAlarm::~ManualAlarm()
{
    if (m_clock) {
        auto &alarms = m_clock->alarms;
        alarms.erase(std::remove(alarms.begin(), alarms.end(), this), alarms.end());
    }
}

void ManualAlarm::setDeadline(const QDateTime &deadline)
{
    if (!deadline.isValid()) {
        cancel();
        return;
    }
    m_deadline = deadline.toUTC();
    ++m_ticket;
    if (isDue())
        queueFiring();
}

void ManualAlarm::cancel()
{
    m_deadline = QDateTime();
    ++m_ticket;
}

bool ManualAlarm::isDue() const
{
    return m_clock && m_deadline.isValid() && m_deadline <= m_clock->now;
}

void ManualAlarm::queueFiring()
{
    QMetaObject::invokeMethod(
            this, [this, ticket = ++m_ticket] { deliver(ticket); }, Qt::QueuedConnection);
}

void ManualAlarm::deliver(quint64 ticket)
{
    // Superseded, or the clock was moved back before the event loop came round.
    if (ticket != m_ticket || !isDue())
        return;
    m_deadline = QDateTime();
    ++m_ticket;
    Q_EMIT fired();
}

void ManualClockPrivate::queueDueAlarms()
{
    std::vector<ManualAlarm *> due;
    std::copy_if(alarms.cbegin(), alarms.cend(), std::back_inserter(due),
                 [](const ManualAlarm *alarm) { return alarm->isDue(); });
    std::stable_sort(due.begin(), due.end(), [](const ManualAlarm *a, const ManualAlarm *b) {
        return a->deadline() < b->deadline();
    });
    // Re-queueing an alarm that was already queued keeps the whole batch in deadline order.
    for (ManualAlarm *alarm : due)
        alarm->queueFiring();
}

ManualClock::ManualClock(const QDateTime &start, QObject *parent)
    : Clock(parent)
    , d(std::make_unique<ManualClockPrivate>())
{
    d->now = start.toUTC();
}

ManualClock::~ManualClock()
{
    for (ManualAlarm *alarm : d->alarms)
        alarm->detach();
}

QDateTime ManualClock::now() const
{
    return d->now;
}

Alarm *ManualClock::createAlarm(QObject *parent)
{
    return new ManualAlarm(d.get(), parent);
}

void ManualClock::advance(std::chrono::milliseconds by)
{
    if (by.count() < 0) {
        qCWarning(lcClock) << "ManualClock::advance() cannot go back; use jump()";
        return;
    }
    d->now = d->now.addMSecs(by.count());
    d->queueDueAlarms();
}

void ManualClock::jump(const QDateTime &to)
{
    if (!to.isValid()) {
        qCWarning(lcClock) << "ManualClock::jump() to an invalid time ignored";
        return;
    }
    d->now = to.toUTC();
    Q_EMIT jumped();
    d->queueDueAlarms();
}

} // namespace Tessera

#include "manualclock.moc"
