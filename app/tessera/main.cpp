// SPDX-License-Identifier: BSD-3-Clause
// tessera: sign in to a token API, and hand out its access token, from the command line.
#include "commandrunner.h"
#include "exitcode.h"
#include "options.h"
#include "secretcommand.h"

#include <Tessera/profile.h>
#include <Tessera/session.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION_STRING));
    // The command says what went wrong, once and in plain words; the library's informational
    // lines would say it a second time. QT_LOGGING_RULES still turns any of them on.
    QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.info=false"));

    const Tessera::Cli::ParsedOptions parsed = Tessera::Cli::parseOptions(app.arguments());
    if (!parsed.options)
        return parsed.exitCode;

    if (Tessera::Cli::needsNoProfile(parsed.options->command)) {
        Tessera::Cli::SecretCommand command(*parsed.options);
        QObject::connect(&command, &Tessera::Cli::SecretCommand::finished, &app,
                         &QCoreApplication::exit, Qt::QueuedConnection);
        command.start();
        return app.exec();
    }

    const Tessera::ProfileLoadResult loaded = Tessera::Profile::load(parsed.options->profilePath);
    if (!loaded) {
        QTextStream(stderr) << "tessera: " << loaded.errorString() << '\n';
        return Tessera::Cli::ProfileError;
    }

    Tessera::Session session(loaded.profile());
    // This process ends in a moment: a sign-in the keychain cannot keep is undone on the server.
    session.setInMemoryFallback(false);
    Tessera::Cli::CommandRunner runner(*parsed.options, &session);
    QObject::connect(&runner, &Tessera::Cli::CommandRunner::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    runner.start();
    return app.exec();
}
