// SPDX-License-Identifier: BSD-3-Clause
#include "refreshschedule_p.h"

#include "logging_p.h"
#include "refreshpolicy_p.h"
#include "storedsession_p.h"

#include <Tessera/clock.h>

#include <QNetworkInformation>

namespace Tessera {

namespace {
// Proactive refreshes of one grant are never closer together than this.
constexpr qint64 minRefreshIntervalMs = 2000;
} // namespace

RefreshSchedule::RefreshSchedule(const Profile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
{ }

RefreshSchedule::~RefreshSchedule() = default;

void RefreshSchedule::setClock(Clock *clock)
{
    if (m_clock == clock)
        return;
    if (m_clock)
        disconnect(m_clock, nullptr, this, nullptr);
    delete m_refreshAlarm;
    delete m_expiryAlarm;
    m_clock = clock;
    m_refreshAlarm = clock->createAlarm(this);
    m_expiryAlarm = clock->createAlarm(this);
    connect(m_refreshAlarm, &Alarm::fired, this, &RefreshSchedule::refreshDue);
    connect(m_expiryAlarm, &Alarm::fired, this, &RefreshSchedule::accessExpired);
    connect(clock, &Clock::jumped, this, &RefreshSchedule::onClockJumped);
}

QDateTime RefreshSchedule::plan(const StoredSession &tokens, bool renewable)
{
    m_retryNotBefore = QDateTime();
    m_networkFailed = false;
    QDateTime due = renewable ? RefreshPolicy::refreshAt(tokens.obtainedAt, tokens.accessExpiresAt,
                                                         m_profile.refreshLead())
                              : QDateTime();
    if (due.isValid() && tokens.obtainedAt.isValid())
        due = std::max(due, tokens.obtainedAt.addMSecs(minRefreshIntervalMs));
    if (due.isValid())
        m_refreshAlarm->setDeadline(due);
    else
        m_refreshAlarm->cancel();
    if (tokens.accessExpiresAt.isValid())
        m_expiryAlarm->setDeadline(tokens.accessExpiresAt);
    else
        m_expiryAlarm->cancel();
    return due;
}

QDateTime RefreshSchedule::planRetry(std::optional<std::chrono::milliseconds> retryAfter,
                                     bool networkFailure)
{
    const std::chrono::milliseconds delay =
            std::max(retryAfter.value_or(std::chrono::milliseconds(0)), m_backoff.next());
    const QDateTime at = m_clock->now().addMSecs(delay.count());
    // A time the server asked for (Retry-After) stands even if the clock jumps; a backoff of
    // this session's own does not.
    m_retryNotBefore = retryAfter ? at : QDateTime();
    m_networkFailed = networkFailure;
    m_refreshAlarm->setDeadline(at);
    if (networkFailure)
        watchNetwork();
    return at;
}

void RefreshSchedule::cancel()
{
    m_refreshAlarm->cancel();
    m_expiryAlarm->cancel();
}

void RefreshSchedule::cancelRefresh()
{
    m_refreshAlarm->cancel();
}

void RefreshSchedule::resetBackoff()
{
    m_backoff.reset();
}

void RefreshSchedule::watchNetwork()
{
    if (m_networkWatched)
        return;
    m_networkWatched = true;
    // The glib backend works without a system bus (NetworkManager's needs one).
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadBackendByName(u"glib")
        && !QNetworkInformation::loadDefaultBackend()) {
        qCDebug(lcNet) << "no network information backend: retrying on the backoff schedule";
        return;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                // The network is back: try now rather than at the backoff time. A server that
                // answered (429, 5xx) is asked again on its schedule.
                if (reachability == QNetworkInformation::Reachability::Online && m_networkFailed)
                    Q_EMIT worthRetryingNow();
            });
}

// After a resume the network is often back: try again now rather than at the backoff time; but
// not before a time the server asked for (its alarm, on the wall clock, fires by itself once a
// jump has carried the clock past it).
void RefreshSchedule::onClockJumped()
{
    if (!m_retryNotBefore.isValid() || m_clock->now() >= m_retryNotBefore)
        Q_EMIT worthRetryingNow();
}

} // namespace Tessera
