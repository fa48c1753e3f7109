// SPDX-License-Identifier: BSD-3-Clause
#include "trayicons.h"

using State = Tessera::Session::State;

TrayState trayStateOf(const Tessera::Session &session, const QDateTime &now,
                      std::chrono::seconds warning)
{
    switch (session.state()) {
    case State::SignedOut:
    case State::SigningOut:
        return TrayState::SignedOut;
    case State::ReauthenticationRequired:
        return TrayState::SignInNeeded;
    case State::Refreshing:
    case State::Restoring:
    case State::SigningIn:
        return TrayState::Refreshing;
    case State::RefreshRetrying:
    case State::WaitingForNetwork:
        return TrayState::Offline;
    case State::Active:
        break;
    }
    // The session's end is the refresh token's expiry, or the access token's without one.
    const QDateTime end =
            session.refreshExpiresAt().isValid() ? session.refreshExpiresAt() : QDateTime();
    if (end.isValid() && now.secsTo(end) <= warning.count())
        return TrayState::ExpiringSoon;
    return TrayState::Active;
}

int urgency(TrayState state)
{
    switch (state) {
    case TrayState::SignInNeeded:
        return 5;
    case TrayState::Offline:
        return 4;
    case TrayState::ExpiringSoon:
        return 3;
    case TrayState::Refreshing:
        return 2;
    case TrayState::Active:
        return 1;
    case TrayState::SignedOut:
        break;
    }
    return 0;
}

TrayState mostUrgent(const QList<TrayState> &states)
{
    TrayState worst = TrayState::SignedOut;
    bool any = false;
    for (const TrayState state : states) {
        if (!any || urgency(state) > urgency(worst))
            worst = state;
        any = true;
    }
    return worst;
}

QString trayIconPath(TrayState state)
{
    switch (state) {
    case TrayState::SignedOut:
        return QStringLiteral(":/icons/signedout.svg");
    case TrayState::Active:
        return QStringLiteral(":/icons/active.svg");
    case TrayState::ExpiringSoon:
        return QStringLiteral(":/icons/expiring.svg");
    case TrayState::Refreshing:
        return QStringLiteral(":/icons/refreshing.svg");
    case TrayState::Offline:
        return QStringLiteral(":/icons/offline.svg");
    case TrayState::SignInNeeded:
        return QStringLiteral(":/icons/reauth.svg");
    }
    return QString();
}

QIcon trayIcon(TrayState state)
{
    return QIcon(trayIconPath(state));
}
