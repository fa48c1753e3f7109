// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/session.h>

#include <QDateTime>
#include <QIcon>
#include <QList>

#include <chrono>

namespace Tessera::Tray {

/*!
 * \brief What the tray shows for a session: six looks, told apart by shape (tick, hourglass,
 * arrows, paused ring, warning triangle, barred ring) as well as colour.
 */
enum class TrayState {
    SignedOut,
    Active,
    ExpiringSoon, //!< active, but the whole session (refresh token) ends soon
    Refreshing,
    Offline, //!< renewal failing transiently (retrying) or waiting for the network
    SignInNeeded, //!< re-authentication required
};

/*! \brief The look of \a session at \a now; ExpiringSoon within \a warning of the session's end. */
TrayState trayStateOf(const Tessera::Session &session, const QDateTime &now,
                      std::chrono::seconds warning);
/*!
 * \brief Which look needs the user most: sign-in needed, offline, ending soon, signed out,
 * refreshing, active. A signed-out account ranks above working ones, so that one account
 * without a session is not hidden behind another's tick.
 */
int urgency(TrayState state);
/*! \brief The look that needs attention most, of several sessions (SignedOut if none). */
TrayState mostUrgent(const QList<TrayState> &states);
/*! \brief The pixmap for \a state at \a size px, from the application's resources: the
 *  SVG of resources/icons rendered at the build (TESSERA_TRAY_ICON_SIZES). */
QString trayIconPath(TrayState state, int size);
/*! \brief A new icon for \a state, of its pixmaps at every size (each is read when it is
 *  first painted). */
QIcon trayIcon(TrayState state);
/*! \brief "signedout", "active", "expiring", "refreshing", "offline", "reauth": the base
 *  name of the SVG in resources/icons. */
QString trayStateName(TrayState state);

} // namespace Tessera::Tray
