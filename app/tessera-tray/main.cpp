// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray [--profile FILE]... [--minimized]
#include "singleinstance.h"
#include "trayapplication.h"

#include <Tessera/profile.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tessera-tray"));
    QApplication::setOrganizationName(QStringLiteral("Tessera"));
    QApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION_STRING));
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setDesktopFileName(QStringLiteral("tessera-tray"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Keeps you signed in to token-based services and "
                                            "shows the session in the system tray."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
            QStringLiteral("profile"),
            QApplication::translate("main", "A service profile (JSON); repeat for several. "
                                            "Default: $TESSERA_PROFILE or "
                                            "~/.config/tessera/profile.json."),
            QStringLiteral("file"));
    const QCommandLineOption minimizedOption(
            QStringLiteral("minimized"),
            QApplication::translate("main", "Start without opening any window."));
    const QCommandLineOption warnOption(
            QStringLiteral("warn-before"),
            QApplication::translate("main", "Warn this many minutes before a session ends "
                                            "(default 10)."),
            QStringLiteral("minutes"), QStringLiteral("10"));
    parser.addOptions({profileOption, minimizedOption, warnOption});
    parser.process(app);

    QStringList paths = parser.values(profileOption);
    if (paths.isEmpty())
        paths.append(Tessera::Profile::defaultLocation());
    QList<Tessera::Profile> profiles;
    QStringList launchArguments;
    for (const QString &path : paths) {
        const Tessera::ProfileLoadResult loaded = Tessera::Profile::load(path);
        if (!loaded) {
            std::fprintf(stderr, "tessera-tray: %s\n", qPrintable(loaded.errorString()));
            return 7;
        }
        profiles.append(loaded.profile());
        launchArguments << QStringLiteral("--profile") << QFileInfo(path).absoluteFilePath();
    }

    SingleInstance instance;
    if (instance.notifyRunning()) {
        std::fprintf(stderr, "tessera-tray is already running; showing its status window\n");
        return 0;
    }
    if (!instance.listen())
        qWarning("tessera-tray: could not claim the single-instance socket");

    TrayApplication::Options options;
    options.minimized = parser.isSet(minimizedOption);
    bool minutesOk = false;
    const int minutes = parser.value(warnOption).toInt(&minutesOk);
    if (!minutesOk || minutes < 0) {
        std::fprintf(stderr, "tessera-tray: --warn-before takes a number of minutes\n");
        return 2;
    }
    options.expiryWarning = std::chrono::minutes(minutes);
    options.launchArguments = launchArguments;
    TrayApplication tray(profiles, options);
    QObject::connect(&instance, &SingleInstance::showRequested, &tray,
                     &TrayApplication::showStatus);
    tray.start();
    return app.exec();
}
