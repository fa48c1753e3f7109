// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>

namespace Tessera::Test {

/*!
 * \brief What the X server itself says about windows (through xwininfo), so that the tray
 * tests check what a user would see rather than what Qt believes.
 */
namespace XWindows {

/*! \brief The ids of the windows on \a display whose WM_CLASS instance is \a instance (set
 *  per process with RESOURCE_NAME) and whose name is \a title; mapped or not. */
QList<quint64> byInstance(const QString &display, const QString &instance, const QString &title);
/*! \brief True if \a window on \a display is mapped and all its ancestors are (IsViewable). */
bool isViewable(const QString &display, quint64 window);
/*! \brief True if a window named \a title of the process started with RESOURCE_NAME
 *  \a instance is viewable on \a display. */
bool hasViewableWindow(const QString &display, const QString &instance, const QString &title);
/*! \brief The id of trayer's panel window on \a display, 0 if there is none. */
quint64 trayerPanel(const QString &display);
/*! \brief True if \a window is somewhere inside \a ancestor's window tree. */
bool isInside(const QString &display, quint64 window, quint64 ancestor);

} // namespace XWindows
} // namespace Tessera::Test
