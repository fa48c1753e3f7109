// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringList>

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
} // namespace Autostart
