// SPDX-License-Identifier: BSD-3-Clause
#include "trayicons.h"

namespace Tessera::Tray {

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
    // The session ends when its refresh token expires. When the API does not say when that
    // is, the end is unknown and the look never turns to the hourglass.
    const QDateTime end = session.refreshExpiresAt();
    if (end.isValid() && now.secsTo(end) <= warning.count())
        return TrayState::ExpiringSoon;
    return TrayState::Active;
}

int urgency(TrayState state)
{
    switch (state) {
    case TrayState::SignInNeeded:
        return 6;
    case TrayState::Offline:
        return 5;
    case TrayState::ExpiringSoon:
        return 4;
    case TrayState::SignedOut:
        return 3;
    case TrayState::Refreshing:
        return 2;
    case TrayState::Active:
        break;
    }
    return 1;
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

QString trayIconPath(TrayState state, int size)
{
    return QStringLiteral(":/icons/%1-%2.png").arg(trayStateName(state)).arg(size);
}

QIcon trayIcon(TrayState state)
{
    QIcon icon;
    for (const int size : {TESSERA_TRAY_ICON_SIZES})
        icon.addFile(trayIconPath(state, size), QSize(size, size));
    return icon;
}

QString trayStateName(TrayState state)
{
    switch (state) {
    case TrayState::SignedOut:
        return QStringLiteral("signedout");
    case TrayState::Active:
        return QStringLiteral("active");
    case TrayState::ExpiringSoon:
        return QStringLiteral("expiring");
    case TrayState::Refreshing:
        return QStringLiteral("refreshing");
    case TrayState::Offline:
        return QStringLiteral("offline");
    case TrayState::SignInNeeded:
        return QStringLiteral("reauth");
    }
    return QString();
}

} // namespace Tessera::Tray
