// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray [--profile FILE]... [--minimized] [--warn-before MINUTES]...
#include "singleinstance.h"
#include "trayapplication.h"
#include "traycommandline.h"
#include "traylogging.h"

#include <Tessera/profile.h>

#include <QApplication>
#include <QHash>

#include <cstdio>

using namespace Tessera::Tray;

namespace {
QStringList argumentList(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

// The profiles, or the exit code 7 (as the tessera command) when one cannot be loaded or two
// share an id: the id names the session in the keychain, so they would share one session.
int loadProfiles(const QStringList &paths, QList<Tessera::Profile> *profiles)
{
    QHash<QString, QString> pathOfId;
    for (const QString &path : paths) {
        const Tessera::ProfileLoadResult loaded = Tessera::Profile::load(path);
        if (!loaded) {
            std::fprintf(stderr, "tessera-tray: %s\n", qPrintable(loaded.errorString()));
            return 7;
        }
        const QString id = loaded.profile().id();
        if (pathOfId.contains(id)) {
            std::fprintf(stderr, "tessera-tray: %s\n",
                         qPrintable(QCoreApplication::translate(
                                            "tessera-tray",
                                            "%1 and %2 are both profile \"%3\"; give one of "
                                            "them another \"id\"")
                                            .arg(pathOfId.value(id), path, id)));
            return 7;
        }
        pathOfId.insert(id, path);
        profiles->append(loaded.profile());
    }
    return 0;
}

// Becomes the running instance, or hands over to the one running: -1 to go on, else the exit
// code.
int claimOrHandOver(SingleInstance &instance)
{
    if (instance.claim())
        return -1;
    if (instance.notifyRunning()) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QCoreApplication::translate(
                             "tessera-tray",
                             "tessera-tray is already running; showing its status window")));
        return 0;
    }
    std::fprintf(stderr, "tessera-tray: %s\n",
                 qPrintable(QCoreApplication::translate(
                                    "tessera-tray",
                                    "another instance (pid %1) holds %2 but does not answer")
                                    .arg(instance.holder())
                                    .arg(SingleInstance::defaultDirectory()
                                         + QStringLiteral("/tray.lock"))));
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication::setApplicationName(QStringLiteral("tessera-tray"));
    QApplication::setOrganizationName(QStringLiteral("Tessera"));
    QApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION_STRING));

    // Before QApplication: --help, --version and mistakes need no display.
    TrayCommandLine commandLine;
    const bool parsed = commandLine.parse(argumentList(argc, argv));
    if (!parsed || commandLine.helpRequested() || commandLine.versionRequested()) {
        // A core application (no display) loads the user's language; the texts are made again.
        QCoreApplication core(argc, argv);
        TrayCommandLine translated;
        translated.parse(argumentList(argc, argv));
        if (!parsed) {
            std::fprintf(stderr, "tessera-tray: %s\n%s\n", qPrintable(translated.errorText()),
                         qPrintable(QCoreApplication::translate(
                                 "tessera-tray", "(tessera-tray --help lists the options)")));
            return 2;
        }
        std::fputs(qPrintable(commandLine.helpRequested() ? translated.helpText()
                                                          : TrayCommandLine::versionText()),
                   stdout);
        return 0;
    }
    QList<Tessera::Profile> profiles;
    TrayApplication::Options options;
    if (const int failed = loadProfiles(commandLine.profilePaths(), &profiles))
        return failed;
    options.minimized = commandLine.minimized();
    options.warnings = commandLine.warnings();
    options.launchArguments = commandLine.startAtLoginArguments();

    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setDesktopFileName(QStringLiteral("tessera-tray"));
    SingleInstance instance;
    if (const int handedOver = claimOrHandOver(instance); handedOver >= 0)
        return handedOver;
    TrayApplication tray(profiles, options);
    QObject::connect(&instance, &SingleInstance::showRequested, &tray,
                     [&tray] { tray.showStatus(); });
    tray.start();
    return app.exec();
}
