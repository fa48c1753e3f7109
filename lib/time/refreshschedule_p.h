// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "backoff_p.h"

#include <Tessera/profile.h>

#include <QDateTime>
#include <QObject>

#include <chrono>
#include <optional>

namespace Tessera {

class Alarm;
class Clock;
struct StoredSession;

/*!
 * \brief When a session's next refresh falls due and when its access token expires: two alarms
 * on the session's Clock, the backoff between retries, and what makes a retry worth trying at
 * once.
 *
 * - plan() sets the proactive refresh (RefreshPolicy::refreshAt(), never closer than 2 s to the
 *   grant) and the expiry alarm for a grant, and forgets any retry planned.
 * - planRetry() sets the refresh alarm after a transient failure: the backoff's next delay, or
 *   the server's Retry-After if that is later.
 * - worthRetryingNow() comes when the clock jumped (a resume from sleep; not before a time the
 *   server asked for) or, after a network failure, when the network is back. Whether the
 *   session has a retry pending is the session's to judge.
 */
class TESSERACORE_AUTOTEST_EXPORT RefreshSchedule : public QObject
{
    Q_OBJECT
public:
    explicit RefreshSchedule(const Profile &profile, QObject *parent = nullptr);
    ~RefreshSchedule() override;

    /*! \brief Alarms on \a clock from now on; those set before are dropped. */
    void setClock(Clock *clock);
    /*! \brief Returns when \a tokens are refreshed (invalid: never, \a renewable false). */
    QDateTime plan(const StoredSession &tokens, bool renewable);
    /*! \brief Returns when the refresh is tried again; \a networkFailure: also as soon as the
     *  network is back. */
    QDateTime planRetry(std::optional<std::chrono::milliseconds> retryAfter, bool networkFailure);
    void cancel();
    void cancelRefresh();
    void resetBackoff();

Q_SIGNALS:
    void refreshDue();
    void accessExpired();
    void worthRetryingNow();

private:
    void watchNetwork();
    void onClockJumped();

    const Profile m_profile;
    Clock *m_clock = nullptr;
    Alarm *m_refreshAlarm = nullptr;
    Alarm *m_expiryAlarm = nullptr;
    Backoff m_backoff;
    QDateTime m_retryNotBefore; //!< the server's Retry-After for the retry planned, if it gave one
    bool m_networkFailed = false; //!< the retry planned follows a network failure
    bool m_networkWatched = false;
};

} // namespace Tessera
