// SPDX-License-Identifier: BSD-3-Clause
#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Autostart {

namespace {
// Desktop Entry Exec quoting: every argument in double quotes, with \ " ` $ escaped.
QString quoted(const QString &argument)
{
    QString escaped = argument;
    for (const QChar special :
         {QLatin1Char('\\'), QLatin1Char('"'), QLatin1Char('`'), QLatin1Char('$')})
        escaped.replace(special, QStringLiteral("\\") + special);
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}
} // namespace

QString entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::ConfigLocation)
           + QStringLiteral("/autostart/tessera-tray.desktop");
}

bool isEnabled()
{
    return QFileInfo::exists(entryPath());
}

bool enable(const QString &program, const QStringList &arguments, QString *error)
{
    QStringList exec {quoted(program)};
    for (const QString &argument : arguments)
        exec.append(quoted(argument));
    exec.append(QStringLiteral("--minimized"));
    const QString entry = QStringLiteral("[Desktop Entry]\nType=Application\nName=Tessera\n"
                                         "Comment=Keeps you signed in to your token-based "
                                         "services\nExec=%1\nIcon=tessera-tray\nTerminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                                  .arg(exec.join(QLatin1Char(' ')));
    QDir().mkpath(QFileInfo(entryPath()).absolutePath());
    QSaveFile file(entryPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(entry.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool disable(QString *error)
{
    QFile file(entryPath());
    if (!file.exists() || file.remove())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

} // namespace Autostart
