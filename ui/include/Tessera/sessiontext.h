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
 */
namespace SessionText {

/*! \brief "0:07", "4:32", "59:59", "1:02:03", "3 days"; negative counts as 0. */
TESSERAWIDGETS_EXPORT QString countdown(qint64 seconds);
/*! \brief "Signed in", "Refreshing…", "Sign-in needed"… */
TESSERAWIDGETS_EXPORT QString stateText(Session::State state);
/*! \brief What went wrong, in words for the user ("Wrong user name or password"). */
TESSERAWIDGETS_EXPORT QString errorText(Session::Error error);
/*!
 * \brief One line for a tooltip or a menu header: "alice @ Example API — expires in 4:32",
 * "Example API — signed out", "alice @ Example API — sign in again".
 */
TESSERAWIDGETS_EXPORT QString summary(const Session &session, const QDateTime &now);
/*! \brief "in 4:32" / "expired" / "unknown" for an expiry seen at \a now. */
TESSERAWIDGETS_EXPORT QString expiry(const QDateTime &at, const QDateTime &now);

} // namespace SessionText
} // namespace Tessera
