// SPDX-License-Identifier: BSD-3-Clause
#include "options.h"

#include "exitcode.h"

#include <Tessera/profile.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace Tessera::Cli {

namespace {

const char *const description = QT_TRANSLATE_NOOP(
        "tessera", "Signs in to a token API and keeps the session in the keychain.\n\n"
                   "Commands:\n"
                   "  status    show the session (--json for scripts, --watch to follow it)\n"
                   "  login     sign in; the password or API key is read from the terminal,\n"
                   "            or from standard input with --password-stdin / --api-key-stdin\n"
                   "  token     print a valid access token, refreshing first if needed\n"
                   "  refresh   refresh the access token now\n"
                   "  logout    revoke the session on the server and remove it from the keychain\n"
                   "  set-secret NAME     keep a secret a profile's request sends (an app key)\n"
                   "                      in the keychain; the value is read like a password\n"
                   "                      (--value-stdin: from standard input)\n"
                   "  remove-secret NAME  remove it from the keychain");

std::optional<Options::Command> commandNamed(const QString &name)
{
    if (name == QLatin1String("status"))
        return Options::Command::Status;
    if (name == QLatin1String("login"))
        return Options::Command::Login;
    if (name == QLatin1String("token"))
        return Options::Command::Token;
    if (name == QLatin1String("refresh"))
        return Options::Command::Refresh;
    if (name == QLatin1String("logout"))
        return Options::Command::Logout;
    if (name == QLatin1String("set-secret"))
        return Options::Command::SetSecret;
    if (name == QLatin1String("remove-secret"))
        return Options::Command::RemoveSecret;
    return std::nullopt;
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << "\n\n"
                        << parser.helpText();
    return UsageError;
}

} // namespace

ParsedOptions parseOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("tessera", description));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption profile(
            QStringLiteral("profile"),
            QCoreApplication::translate("tessera", "Service profile (JSON file)."),
            QStringLiteral("file"));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QCoreApplication::translate("tessera", "Account name."),
                                  QStringLiteral("name"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QCoreApplication::translate("tessera", "status: print JSON."));
    const QCommandLineOption watch(
            QStringLiteral("watch"),
            QCoreApplication::translate("tessera", "status: keep the session alive and print it "
                                                   "every second."));
    const QCommandLineOption passwordStdin(
            QStringLiteral("password-stdin"),
            QCoreApplication::translate("tessera", "login: read the password from stdin."));
    const QCommandLineOption apiKeyStdin(
            QStringLiteral("api-key-stdin"),
            QCoreApplication::translate("tessera", "login: read the API key from stdin."));
    const QCommandLineOption rememberKey(
            QStringLiteral("remember-key"),
            QCoreApplication::translate("tessera", "login: keep the API key in the keychain "
                                                   "to sign in again by itself."));
    const QCommandLineOption noBrowser(
            QStringLiteral("no-browser"),
            QCoreApplication::translate("tessera", "login: print the sign-in link instead of "
                                                   "opening a browser."));
    const QCommandLineOption device(
            QStringLiteral("device"),
            QCoreApplication::translate("tessera", "login: sign in with a code entered on "
                                                   "another device."));
    const QCommandLineOption valueStdin(
            QStringLiteral("value-stdin"),
            QCoreApplication::translate("tessera", "set-secret: read the value from stdin."));
    parser.addOptions({profile, user, json, watch, passwordStdin, apiKeyStdin, rememberKey,
                       noBrowser, device, valueStdin});
    parser.addPositionalArgument(
            QStringLiteral("command"),
            QCoreApplication::translate("tessera", "status, login, token, refresh, logout, "
                                                   "set-secret NAME or remove-secret NAME"));

    if (!parser.parse(arguments))
        return {std::nullopt, usageError(parser, parser.errorText())};
    if (parser.isSet(help)) {
        QTextStream(stdout) << parser.helpText();
        return {std::nullopt, Success};
    }
    if (parser.isSet(version)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' '
                            << QCoreApplication::applicationVersion() << '\n';
        return {std::nullopt, Success};
    }
    const QStringList positional = parser.positionalArguments();
    const QString name = positional.value(0, QStringLiteral("status"));
    const std::optional<Options::Command> command = commandNamed(name);
    if (!command)
        return {std::nullopt,
                usageError(
                        parser,
                        QCoreApplication::translate("tessera", "unknown command: %1").arg(name))};
    const bool named = needsNoProfile(*command);
    if (positional.size() > (named ? 2 : 1))
        return {std::nullopt, usageError(parser, QCoreApplication::translate(
                                                         "tessera", "one command at a time"))};
    if (named && positional.size() < 2)
        return {std::nullopt, usageError(parser, QCoreApplication::translate(
                                                         "tessera", "%1 needs the secret's name")
                                                         .arg(name))};
    if (parser.isSet(passwordStdin) && parser.isSet(apiKeyStdin))
        return {std::nullopt,
                usageError(parser,
                           QCoreApplication::translate(
                                   "tessera", "--password-stdin or --api-key-stdin, not both"))};

    Options options;
    options.command = *command;
    options.profilePath = resolveProfilePath(parser.value(profile));
    options.user = parser.value(user);
    options.json = parser.isSet(json);
    options.watch = parser.isSet(watch);
    options.passwordStdin = parser.isSet(passwordStdin);
    options.apiKeyStdin = parser.isSet(apiKeyStdin);
    options.rememberKey = parser.isSet(rememberKey);
    options.noBrowser = parser.isSet(noBrowser);
    options.device = parser.isSet(device);
    options.secretName = positional.value(1);
    options.valueStdin = parser.isSet(valueStdin);
    return {options, Success};
}

bool needsNoProfile(Options::Command command)
{
    return command == Options::Command::SetSecret || command == Options::Command::RemoveSecret;
}

QString resolveProfilePath(const QString &fromCommandLine)
{
    if (!fromCommandLine.isEmpty())
        return fromCommandLine;
    return Tessera::Profile::defaultLocation();
}

} // namespace Tessera::Cli
