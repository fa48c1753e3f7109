// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringList>

namespace Tessera::Tray {

/*!
 * \brief The XDG autostart entry that starts the tray at login:
 * `$XDG_CONFIG_HOME/autostart/tessera-tray.desktop`.
 */
namespace Autostart {
QString entryPath();
bool isEnabled();
/*! \brief Writes the entry, starting \a program with \a arguments (and --minimized). */
bool enable(const QString &program, const QStringList &arguments, QString *error);
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
