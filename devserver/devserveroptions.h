// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

class QCoreApplication;
class QCommandLineParser;

namespace Tessera::DevServer {

// Command line of tessera-devserver.
class DevServerOptions
{
public:
    quint16 port = 8765;
    std::optional<quint16> redirectPort;
    qint64 accessLifetime = 300;
    qint64 refreshLifetime = 86400;
    QHash<QString, QString> passwords; // user name -> password
    QHash<QString, QString> apiKeys; // API key -> user name
    QByteArray signingKey;
    QString issuedTokensFile; // empty = do not record issued tokens
    // What the /form-auth/ endpoints want in X-App-Key: --app-key-file's first line, else random
    // per run (which no client knows).
    QByteArray appKey;
    bool verbose = false;

    // Parses the application's arguments. --help and --version print and exit the process.
    // Returns false with a message in *error when an option value is invalid.
    bool parse(const QCoreApplication &app, QString *error);

private:
    bool readNumbers(const QCommandLineParser &parser, QString *error);
    bool readCredentials(const QCommandLineParser &parser, QString *error);
    bool readAppKey(const QCommandLineParser &parser, QString *error);
};

} // namespace Tessera::DevServer
