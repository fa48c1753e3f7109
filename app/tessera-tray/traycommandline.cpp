// SPDX-License-Identifier: BSD-3-Clause
#include "traycommandline.h"

#include <Tessera/profile.h>

#include <QCoreApplication>
#include <QFileInfo>

namespace Tessera::Tray {

TrayCommandLine::TrayCommandLine()
    : m_help(QStringList {QStringLiteral("h"), QStringLiteral("help")},
             QCoreApplication::translate("Tessera::Tray::TrayCommandLine",
                                         "Shows this help and exits."))
    , m_version(QStringList {QStringLiteral("v"), QStringLiteral("version")},
                QCoreApplication::translate("Tessera::Tray::TrayCommandLine",
                                            "Shows the version and exits."))
    , m_profile(
              QStringLiteral("profile"),
              QCoreApplication::translate("Tessera::Tray::TrayCommandLine",
                                          "A service profile (JSON); repeat for several. Default: "
                                          "$TESSERA_PROFILE or ~/.config/tessera/profile.json."),
              QStringLiteral("file"))
    , m_minimized(QStringLiteral("minimized"),
                  QCoreApplication::translate(
                          "Tessera::Tray::TrayCommandLine",
                          "Starts in the tray without opening any window (the autostart "
                          "entry uses it): a notification asks for a sign-in instead of the "
                          "login dialog. Without a tray the status window still opens."))
    , m_warnBefore(QStringLiteral("warn-before"),
                   QCoreApplication::translate(
                           "Tessera::Tray::TrayCommandLine",
                           "Warns this many minutes before a session ends; repeat for "
                           "several warnings (default: 10). The longest also turns the icon to "
                           "the hourglass."),
                   QStringLiteral("minutes"))
{
    m_parser.setApplicationDescription(QCoreApplication::translate(
            "Tessera::Tray::TrayCommandLine",
            "Keeps you signed in to token-based services and shows the sessions in "
            "the system tray."));
    m_parser.addOptions({m_help, m_version, m_profile, m_minimized, m_warnBefore});
}

bool TrayCommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        m_error = m_parser.errorText();
        return false;
    }
    if (!m_parser.positionalArguments().isEmpty()) {
        m_error = QCoreApplication::translate("Tessera::Tray::TrayCommandLine",
                                              "Unexpected argument: %1")
                          .arg(m_parser.positionalArguments().first());
        return false;
    }
    m_warnings.clear();
    for (const QString &value : m_parser.values(m_warnBefore)) {
        bool ok = false;
        const int minutes = value.toInt(&ok);
        // Up to a year: the clock's alarms have no trouble with long waits.
        if (!ok || minutes < 1 || minutes > 366 * 24 * 60) {
            m_error = QCoreApplication::translate(
                              "Tessera::Tray::TrayCommandLine",
                              "--warn-before takes a number of minutes (1 or more), not "
                              "\"%1\"")
                              .arg(value);
            return false;
        }
        m_warnings.append(std::chrono::minutes(minutes));
    }
    if (m_warnings.isEmpty())
        m_warnings.append(std::chrono::minutes(10));
    return true;
}

bool TrayCommandLine::helpRequested() const
{
    return m_parser.isSet(m_help);
}

bool TrayCommandLine::versionRequested() const
{
    return m_parser.isSet(m_version);
}

QString TrayCommandLine::helpText() const
{
    // The parser takes the program's name from QCoreApplication, which is not there yet.
    QString text = m_parser.helpText();
    // In the user's language when Qt's own translations are loaded ("Aufruf: ").
    const QString usage =
            QCoreApplication::translate("QCommandLineParser", "Usage: %1").arg(QString());
    const qsizetype end = text.indexOf(QLatin1Char(' '), usage.size());
    if (text.startsWith(usage) && end > 0)
        text.replace(usage.size(), end - usage.size(), QCoreApplication::applicationName());
    return text;
}

QString TrayCommandLine::versionText()
{
    return QCoreApplication::applicationName() + QLatin1Char(' ')
           + QCoreApplication::applicationVersion() + QLatin1Char('\n');
}

QStringList TrayCommandLine::profilePaths() const
{
    QStringList paths = m_parser.values(m_profile);
    if (paths.isEmpty())
        paths.append(Tessera::Profile::defaultLocation());
    return paths;
}

QStringList TrayCommandLine::startAtLoginArguments() const
{
    QStringList arguments;
    for (const QString &path : profilePaths())
        arguments << QStringLiteral("--profile") << QFileInfo(path).absoluteFilePath();
    for (const std::chrono::seconds warning : m_warnings)
        arguments << QStringLiteral("--warn-before")
                  << QString::number(
                             std::chrono::duration_cast<std::chrono::minutes>(warning).count());
    return arguments;
}

bool TrayCommandLine::minimized() const
{
    return m_parser.isSet(m_minimized);
}

} // namespace Tessera::Tray
