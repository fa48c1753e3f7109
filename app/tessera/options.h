// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Tessera::Cli {

/*! \brief What the command line asked for. */
struct Options
{
    enum class Command { Status, Login, Token, Refresh, Logout, SetSecret, RemoveSecret };

    Command command = Command::Status;
    QString profilePath;
    QString user;
    bool json = false;
    bool watch = false;
    bool passwordStdin = false;
    bool apiKeyStdin = false;
    bool rememberKey = false;
    bool noBrowser = false; //!< login, browser profiles: only print the URL
    bool device = false; //!< login: sign in with a device code
    QString secretName; //!< set-secret, remove-secret: the keychain entry's name
    bool valueStdin = false; //!< set-secret: read the value from standard input
};

/*! \brief True for the commands that need no profile (set-secret, remove-secret). */
bool needsNoProfile(Options::Command command);

/*! \brief Parses \a arguments (argv, program name first). On a usage error or --help/--version
 *  it prints what it must and returns the exit code to leave with instead. */
struct ParsedOptions
{
    std::optional<Options> options;
    int exitCode = 0;
};
ParsedOptions parseOptions(const QStringList &arguments);

/*! \brief The profile file to use: --profile, else $TESSERA_PROFILE, else
 *  $XDG_CONFIG_HOME/tessera/profile.json. */
QString resolveProfilePath(const QString &fromCommandLine);

} // namespace Tessera::Cli
