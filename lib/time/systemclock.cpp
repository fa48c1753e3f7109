// SPDX-License-Identifier: BSD-3-Clause
#include "systemclock_p.h"

#include "logging_p.h"

#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>

#if defined(Q_OS_LINUX) && !defined(TESSERA_NO_TIMERFD)
#    define TESSERA_HAVE_TIMERFD 1
#    include <sys/timerfd.h>

#    include <cerrno>
#    include <cstring>
#    include <ctime>
#    include <unistd.h>
#endif

namespace Tessera {

namespace {

// Without timerfds an alarm re-reads the wall clock at least this often.
constexpr qint64 maxTimerChunkMs = 60 * 1000;

#ifdef TESSERA_HAVE_TIMERFD
// The clock-change detector expires this far in the future; it exists only to be cancelled.
constexpr time_t jumpDetectorHorizonSecs = time_t(100) * 365 * 24 * 3600;

QString lastError(int error = errno)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Arms \a fd to expire once, \a ms from now; a zero it_value would disarm instead of firing,
// so a due deadline gets one nanosecond.
bool armRelative(int fd, qint64 ms)
{
    itimerspec spec {};
    if (ms > 0) {
        spec.it_value.tv_sec = time_t(ms / 1000);
        spec.it_value.tv_nsec = long(ms % 1000) * 1000000L;
    } else {
        spec.it_value.tv_nsec = 1;
    }
    return timerfd_settime(fd, 0, &spec, nullptr) == 0;
}

void disarm(int fd)
{
    const itimerspec spec {};
    timerfd_settime(fd, 0, &spec, nullptr);
}

// Reads, and so clears, the expiration count. False (errno set) when nothing expired.
bool drain(int fd)
{
    quint64 expirations = 0;
    return ::read(fd, &expirations, sizeof expirations) == ssize_t(sizeof expirations);
}

bool bootTimeAvailable()
{
    const int fd = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}
#endif

SystemClock::Backend resolve(SystemClock::Backend requested)
{
    using Backend = SystemClock::Backend;
    if (requested == Backend::Timer)
        return Backend::Timer;
#ifdef TESSERA_HAVE_TIMERFD
    if (bootTimeAvailable())
        return Backend::TimerFd;
    qCWarning(lcClock).noquote() << "CLOCK_BOOTTIME timers unavailable:" << lastError()
                                 << "- alarms will re-read the wall clock once a minute";
#endif
    if (requested == Backend::TimerFd)
        qCWarning(lcClock) << "timerfd alarms are not supported here; using timers";
    return Backend::Timer;
}

} // namespace

// --- alarms ------------------------------------------------------------------------------------

/*!
 * \brief An alarm of SystemClock: a CLOCK_BOOTTIME timerfd armed for (deadline - now), or a
 * QTimer that wakes at least once a minute. Either way a wake before the deadline (the wall
 * clock moved back) re-arms rather than fires.
 */
class SystemAlarm : public Alarm
{
    Q_OBJECT
public:
    SystemAlarm(SystemClock *clock, QObject *parent);
    ~SystemAlarm() override;

    void setDeadline(const QDateTime &deadline) override;
    void cancel() override;
    QDateTime deadline() const override { return m_deadline; }

private:
    bool openTimerFd();
    void closeTimerFd();
    void useTimer();
    void arm();
    void onTimerFdActivated();
    void onExpired();

    QDateTime m_deadline;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_timer = nullptr;
};

SystemAlarm::SystemAlarm(SystemClock *clock, QObject *parent)
    : Alarm(parent)
{
    if (clock->backend() != SystemClock::Backend::TimerFd || !openTimerFd())
        useTimer();
    // The wall clock moved: the deadline is now nearer or further than the armed interval.
    connect(clock, &Clock::jumped, this, [this] {
        if (isArmed())
            arm();
    });
}

SystemAlarm::~SystemAlarm()
{
    closeTimerFd();
}

bool SystemAlarm::openTimerFd()
{
#ifdef TESSERA_HAVE_TIMERFD
    m_fd = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_fd < 0) {
        qCWarning(lcClock).noquote() << "cannot create an alarm timerfd:" << lastError()
                                     << "- this alarm re-reads the wall clock once a minute";
        return false;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SystemAlarm::onTimerFdActivated);
    return true;
#else
    return false;
#endif
}

void SystemAlarm::closeTimerFd()
{
#ifdef TESSERA_HAVE_TIMERFD
    // The notifier must stop watching before its descriptor is closed (and maybe reused).
    delete m_notifier;
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
#endif
}

void SystemAlarm::useTimer()
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SystemAlarm::onExpired);
}

void SystemAlarm::setDeadline(const QDateTime &deadline)
{
    if (!deadline.isValid()) {
        cancel();
        return;
    }
    m_deadline = deadline.toUTC();
    arm();
}

void SystemAlarm::cancel()
{
    m_deadline = QDateTime();
#ifdef TESSERA_HAVE_TIMERFD
    if (m_fd >= 0)
        disarm(m_fd);
#endif
    if (m_timer)
        m_timer->stop();
}

void SystemAlarm::arm()
{
    const qint64 remaining = QDateTime::currentDateTimeUtc().msecsTo(m_deadline);
#ifdef TESSERA_HAVE_TIMERFD
    if (m_fd >= 0) {
        if (armRelative(m_fd, remaining))
            return;
        qCWarning(lcClock).noquote() << "cannot arm an alarm timerfd:" << lastError()
                                     << "- this alarm re-reads the wall clock once a minute";
        closeTimerFd();
        useTimer();
    }
#endif
    m_timer->start(int(std::clamp<qint64>(remaining, 0, maxTimerChunkMs)));
}

void SystemAlarm::onTimerFdActivated()
{
#ifdef TESSERA_HAVE_TIMERFD
    // Nothing to read: cancelled or re-armed after the notifier saw it expire.
    if (!drain(m_fd))
        return;
#endif
    onExpired();
}

void SystemAlarm::onExpired()
{
    if (!isArmed())
        return;
    if (QDateTime::currentDateTimeUtc() < m_deadline) {
        arm();
        return;
    }
    m_deadline = QDateTime();
    Q_EMIT fired();
}

// --- the clock ---------------------------------------------------------------------------------

SystemClock::SystemClock(Backend backend, QObject *parent)
    : Clock(parent)
    , m_backend(resolve(backend))
{
    if (m_backend == Backend::TimerFd)
        startJumpDetector();
}

SystemClock::~SystemClock()
{
#ifdef TESSERA_HAVE_TIMERFD
    delete m_jumpNotifier;
    if (m_jumpFd >= 0)
        ::close(m_jumpFd);
#endif
}

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

Alarm *SystemClock::createAlarm(QObject *parent)
{
    return new SystemAlarm(this, parent);
}

SystemClock::Backend SystemClock::backend() const
{
    return m_backend;
}

void SystemClock::startJumpDetector()
{
#ifdef TESSERA_HAVE_TIMERFD
    m_jumpFd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_jumpFd < 0) {
        qCWarning(lcClock).noquote() << "cannot watch for wall-clock changes:" << lastError();
        return;
    }
    m_jumpNotifier = new QSocketNotifier(m_jumpFd, QSocketNotifier::Read, this);
    connect(m_jumpNotifier, &QSocketNotifier::activated, this,
            &SystemClock::onJumpDetectorActivated);
    armJumpDetector();
#endif
}

void SystemClock::armJumpDetector()
{
#ifdef TESSERA_HAVE_TIMERFD
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    itimerspec spec {};
    spec.it_value.tv_sec = now.tv_sec + jumpDetectorHorizonSecs;
    if (timerfd_settime(m_jumpFd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr)
        != 0) {
        // Left unarmed, a cancelled timerfd would stay readable and spin the event loop.
        qCWarning(lcClock).noquote() << "cannot watch for wall-clock changes:" << lastError();
        m_jumpNotifier->setEnabled(false);
    }
#endif
}

void SystemClock::onJumpDetectorActivated()
{
#ifdef TESSERA_HAVE_TIMERFD
    if (drain(m_jumpFd)) {
        armJumpDetector(); // the far-future expiry itself; not a change
        return;
    }
    const int error = errno;
    if (error == EAGAIN)
        return;
    armJumpDetector();
    if (error != ECANCELED) {
        qCWarning(lcClock).noquote() << "clock-change detector:" << lastError(error);
        return;
    }
    qCDebug(lcClock) << "the wall clock was set or the machine resumed; now" << now();
    Q_EMIT jumped();
#endif
}

} // namespace Tessera

#include "systemclock.moc"
