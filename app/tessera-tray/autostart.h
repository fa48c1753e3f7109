// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringList>

namespace Tessera::Tray {

/*!
 * \brief The XDG autostart entry that starts the tray at login, as the Desktop Application
 * Autostart Specification reads it: the user's `$XDG_CONFIG_HOME/autostart/tessera-tray.desktop`
 * when there is one, else the system's (`$XDG_CONFIG_DIRS/autostart/`, `/etc/xdg/autostart/`
 * for the Debian package's). An entry with `Hidden=true` (or
 * `X-GNOME-Autostart-enabled=false`) starts nothing.
 */
namespace Autostart {
/*! \brief The user's entry, which enable() and disable() write. */
QString entryPath();
/*! \brief True if the entry in effect (the user's, else the system's) starts the tray. */
bool isEnabled();
/*! \brief Writes the user's entry, starting \a program with \a arguments (and --minimized). */
bool enable(const QString &program, const QStringList &arguments, QString *error);
/*! \brief Stops the tray from starting at login: removes the user's entry, or, when a system
 *  entry would then start it, writes a user's entry with Hidden=true over it. */
bool disable(QString *error);
/*!
 * \brief The value of an Exec key that runs \a program with \a arguments, escaped as the
 * Desktop Entry Specification says: each argument quoted, with `"`, `` ` ``, `$` and `\`
 * escaped inside the quotes; then the string-level escapes (`\\`, `\n`, `\t`, `\r`); and every
 * `%` doubled, since a single one starts a field code.
 */
QString execLine(const QString &program, const QStringList &arguments);
} // namespace Autostart

} // namespace Tessera::Tray
