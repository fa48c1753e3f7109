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

namespace {
const QString kEntryName = QStringLiteral("autostart/tessera-tray.desktop");

// The system's entry that starts the tray unless the user's overrides it; empty if none.
QString systemEntryPath()
{
    const QStringList found =
            QStandardPaths::locateAll(QStandardPaths::GenericConfigLocation, kEntryName);
    for (const QString &path : found) {
        if (path != entryPath())
            return path;
    }
    return QString();
}

// False if the entry at \a path says it starts nothing (Hidden, or GNOME's switch off).
bool startsTheTray(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine(4096).trimmed();
        if (line.startsWith('['))
            inMainGroup = line == "[Desktop Entry]";
        else if (inMainGroup
                 && (line == "Hidden=true" || line == "X-GNOME-Autostart-enabled=false"))
            return false;
    }
    return true;
}

bool write(const QString &entry, QString *error)
{
    QDir().mkpath(QFileInfo(entryPath()).absolutePath());
    QSaveFile file(entryPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(entry.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}
} // namespace

QString entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QLatin1Char('/') + kEntryName;
}

bool isEnabled()
{
    if (QFileInfo::exists(entryPath()))
        return startsTheTray(entryPath());
    const QString system = systemEntryPath();
    return !system.isEmpty() && startsTheTray(system);
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
    return write(entry, error);
}

bool disable(QString *error)
{
    // A system entry would start the tray once the user's is gone: hide it instead.
    const QString system = systemEntryPath();
    if (!system.isEmpty() && startsTheTray(system))
        return write(QStringLiteral("[Desktop Entry]\nType=Application\nName=Tessera\n"
                                    "Hidden=true\n"),
                     error);
    QFile file(entryPath());
    if (!file.exists() || file.remove())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

} // namespace Autostart

} // namespace Tessera::Tray
