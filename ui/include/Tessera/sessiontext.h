// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/session.h>
#include <Tessera/tesserawidgets_export.h>

#include <QDateTime>
#include <QString>

namespace Tessera {

/*!
 * \brief The plain words Tessera's widgets and tray use for a session: one place, so that the
 * login dialog, the status view, the tray's tooltip and its menu all say the same thing.
 *
 * The texts are translated in the context "Tessera::SessionText".
 */
namespace SessionText {

/*!
 * \brief Whether this computer is on a network, as far as is known (QNetworkInformation): the
 * words for a server that cannot be reached depend on it.
 */
enum class Network {
    Unknown, //!< no way to tell (no network information backend)
    Offline, //!< no network at all
    Online, //!< the network is up: a server that cannot be reached is the server's doing
};

/*! \brief "0:07", "4:32", "59:59", "1:02:03", "1 day 23:59:59", "3 days"; negative counts as 0. */
TESSERAWIDGETS_EXPORT QString countdown(qint64 seconds);
/*!
 * \brief A moment as the user's clock shows it, seen from \a now: "14:05:32" today,
 * "Tue 14:05" within the next six days, else the date and time.
 */
TESSERAWIDGETS_EXPORT QString clockTime(const QDateTime &at, const QDateTime &now);
/*! \brief "Signed out", "Refreshing…", "Sign-in needed"… */
TESSERAWIDGETS_EXPORT QString stateText(Session::State state);
/*!
 * \brief stateText(), with a session waiting to renew an expired token
 * (Session::State::WaitingForNetwork) in words that fit why: "Waiting for the server —
 * retrying" when the server answered with an error or \a network is up, "Offline — waiting for
 * the network" otherwise.
 */
TESSERAWIDGETS_EXPORT QString stateText(Session::State state, Session::Error error,
                                        Network network);
/*! \brief What went wrong, in words for the user ("Wrong user name or password"). */
TESSERAWIDGETS_EXPORT QString errorText(Session::Error error);
/*!
 * \brief errorText(), with a server that could not be reached (Session::Error::NetworkError)
 * told apart by \a network: "You are offline — check your network connection", or "The server
 * is not responding — your network is fine"; errorText(error) when it is unknown.
 */
TESSERAWIDGETS_EXPORT QString errorText(Session::Error error, Network network);
/*!
 * \brief One line for a menu header, with a live countdown: "alice @ Example API — expires in
 * 4:32", "Example API — signed out", "alice @ Example API — sign in again".
 * \sa toolTipLine()
 */
TESSERAWIDGETS_EXPORT QString summary(const Session &session, const QDateTime &now);
/*!
 * \brief One line for a tooltip that stays right however long it is shown without being
 * updated: the expiry as a time of day ("alice @ Example API — expires at 14:05:32"), never a
 * countdown. It changes only when the session does.
 * \sa summary()
 */
TESSERAWIDGETS_EXPORT QString toolTipLine(const Session &session, const QDateTime &now);
/*! \brief "in 4:32" / "expired" / "unknown" for an expiry seen at \a now. */
TESSERAWIDGETS_EXPORT QString expiry(const QDateTime &at, const QDateTime &now);

} // namespace SessionText
} // namespace Tessera
