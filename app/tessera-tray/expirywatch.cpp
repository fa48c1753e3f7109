// SPDX-License-Identifier: BSD-3-Clause
#include "expirywatch.h"

#include "traylogging.h"

#include <Tessera/clock.h>
#include <Tessera/session.h>

#include <algorithm>

namespace Tessera::Tray {

using Tessera::Session;

struct ExpiryWatch::Watched
{
    Session *session = nullptr;
    Tessera::Alarm *alarm = nullptr;
    QDateTime end; //!< the end the warnings below were given for
    int given = 0; //!< how many of the warnings (longest first) were reached for that end
};

ExpiryWatch::ExpiryWatch(Tessera::Clock *clock, QList<std::chrono::seconds> warnings,
                         QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_warnings(std::move(warnings))
{
    std::sort(m_warnings.begin(), m_warnings.end(), std::greater<>());
    m_warnings.erase(std::unique(m_warnings.begin(), m_warnings.end()), m_warnings.end());
}

ExpiryWatch::~ExpiryWatch() = default;

std::chrono::seconds ExpiryWatch::lookAhead() const
{
    return m_warnings.isEmpty() ? std::chrono::seconds(0) : m_warnings.constFirst();
}

void ExpiryWatch::watch(Session *session)
{
    auto watched = std::make_unique<Watched>();
    watched->session = session;
    watched->alarm = m_clock->createAlarm(this);
    Watched *raw = watched.get();
    connect(watched->alarm, &Tessera::Alarm::fired, this, [this, raw] { check(*raw); });
    connect(session, &Session::refreshExpiresAtChanged, this, [this, raw] { check(*raw); });
    connect(session, &Session::stateChanged, this, [this, raw] { check(*raw); });
    connect(session, &Session::signedIn, this, [this, raw] {
        raw->given = 0; // a new session: its own warnings
        check(*raw);
    });
    m_watched.push_back(std::move(watched));
    check(*raw);
}

void ExpiryWatch::check(Watched &watched)
{
    Session *session = watched.session;
    const QDateTime end = session->refreshExpiresAt();
    if (!session->isSignedIn() || !end.isValid() || m_warnings.isEmpty()) {
        watched.alarm->cancel();
        return;
    }
    const qint64 left = m_clock->now().secsTo(end);
    int reached = 0;
    while (reached < m_warnings.size() && left <= m_warnings.at(reached).count())
        ++reached;
    if (end != watched.end) {
        // A refresh moved the end (a server that slides it, or one whose clock is off, so
        // that each answer places it a little differently): the warnings already given stand
        // while the end is as near; those it moved out of reach are given again.
        watched.end = end;
        watched.given = std::min(watched.given, reached);
    }
    if (left <= 0) {
        watched.alarm->cancel(); // ended: the session's own refresh finds out
        return;
    }
    if (reached > watched.given) {
        // Of several warning times passed at once (a late start, a resume), only the nearest.
        if (watched.given == 0)
            Q_EMIT endingSoon(session);
        watched.given = reached;
        qCDebug(lcTray).noquote() << session->profile().id() << "ends in" << left << "s";
        Q_EMIT warningDue(session, left, m_warnings.at(reached - 1).count());
    }
    if (watched.given < m_warnings.size())
        watched.alarm->setDeadline(end.addSecs(-m_warnings.at(watched.given).count()));
    else
        watched.alarm->cancel();
}

} // namespace Tessera::Tray
