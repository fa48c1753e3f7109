// SPDX-License-Identifier: BSD-3-Clause
#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Tessera::Tray {

namespace Autostart {

namespace {
// Quoting rules of the Exec key: inside double quotes, \ " ` $ take a backslash.
QString quoted(const QString &argument)
{
    QString escaped;
    escaped.reserve(argument.size() + 2);
    escaped += QLatin1Char('"');
    for (const QChar c : argument) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('"') || c == QLatin1Char('`')
            || c == QLatin1Char('$'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    escaped += QLatin1Char('"');
    return escaped;
}

// The escapes of every string value in a desktop entry, applied after the quoting (so a
// backslash of the quoting becomes two), and field codes: a literal % is written %%.
QString stringValue(const QString &text)
{
    QString value;
    value.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            value += QLatin1String("\\\\");
            break;
        case '\n':
            value += QLatin1String("\\n");
            break;
        case '\t':
            value += QLatin1String("\\t");
            break;
        case '\r':
            value += QLatin1String("\\r");
            break;
        case '%':
            value += QLatin1String("%%");
            break;
        default:
            value += c;
        }
    }
    return value;
}
} // namespace

QString execLine(const QString &program, const QStringList &arguments)
{
    QStringList exec {quoted(program)};
    for (const QString &argument : arguments)
        exec.append(quoted(argument));
    return stringValue(exec.join(QLatin1Char(' ')));
}

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
    const QString entry =
            QStringLiteral("[Desktop Entry]\nType=Application\nName=Tessera\n"
                           "Comment=Keeps you signed in to your token-based "
                           "services\nExec=%1\nIcon=tessera-tray\nTerminal=false\n"
                           "X-GNOME-Autostart-enabled=true\n")
                    .arg(execLine(program,
                                  arguments + QStringList {QStringLiteral("--minimized")}));
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

} // namespace Tessera::Tray
