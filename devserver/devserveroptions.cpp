// SPDX-License-Identifier: BSD-3-Clause
#include "devserveroptions.h"

#include "jwt.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

constexpr qint64 maxLifetime = 10LL * 365 * 24 * 3600;

std::optional<qint64> parseInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

// Splits "NAME:SECRET" at the first colon; both parts must be non-empty.
std::optional<std::pair<QString, QString>> splitPair(const QString &text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0 || colon == text.size() - 1)
        return std::nullopt;
    return std::make_pair(text.left(colon), text.mid(colon + 1));
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
            u"Development authentication server for Tessera. Listens on 127.0.0.1 only."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
            {u"port"_s, u"TCP port to listen on (0 = ephemeral). Default 8765."_s, u"N"_s},
            {u"access-lifetime"_s, u"Access token lifetime. Default 300."_s, u"SECONDS"_s},
            {u"refresh-lifetime"_s, u"Refresh token lifetime. Default 86400."_s, u"SECONDS"_s},
            {u"user"_s, u"Add a user (repeatable). Default alice and bob."_s, u"NAME:PASSWORD"_s},
            {u"api-key"_s, u"Add an API key for a user (repeatable)."_s, u"NAME:KEY"_s},
            {u"signing-key"_s, u"HS256 signing key. Default: random per run."_s, u"STRING"_s},
            {u"redirect-port"_s, u"Also listen on a second loopback origin (0 = ephemeral)."_s,
             u"N"_s},
            {u"issued-tokens-file"_s,
             u"Append every issued access and refresh token to FILE (for secret scans)."_s,
             u"FILE"_s},
            {u"app-key-file"_s,
             u"The app key /form-auth/ wants in X-App-Key, read from FILE's first line. "
             "Default: random per run."_s,
             u"FILE"_s},
            {u"verbose"_s, u"Log every request (method, path, status)."_s},
    });
}

} // namespace

bool DevServerOptions::parse(const QCoreApplication &app, QString *error)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);
    if (!parser.positionalArguments().isEmpty()) {
        *error = u"unexpected argument: %1"_s.arg(parser.positionalArguments().constFirst());
        return false;
    }
    verbose = parser.isSet(u"verbose"_s);
    issuedTokensFile = parser.value(u"issued-tokens-file"_s);
    signingKey = parser.isSet(u"signing-key"_s) ? parser.value(u"signing-key"_s).toUtf8()
                                                : Jwt::randomBytes(32);
    if (signingKey.isEmpty()) {
        *error = u"--signing-key must not be empty"_s;
        return false;
    }
    return readNumbers(parser, error) && readCredentials(parser, error)
           && readAppKey(parser, error);
}

// A file, so that the key is in no process's argv.
bool DevServerOptions::readAppKey(const QCommandLineParser &parser, QString *error)
{
    if (!parser.isSet(u"app-key-file"_s)) {
        appKey = Jwt::randomBytes(24).toBase64(QByteArray::Base64UrlEncoding
                                               | QByteArray::OmitTrailingEquals);
        return true;
    }
    QFile file(parser.value(u"app-key-file"_s));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"--app-key-file: %1"_s.arg(file.errorString());
        return false;
    }
    appKey = file.readLine(4096).trimmed();
    if (appKey.isEmpty()) {
        *error = u"--app-key-file: the first line is empty"_s;
        return false;
    }
    return true;
}

bool DevServerOptions::readNumbers(const QCommandLineParser &parser, QString *error)
{
    const auto number = [&](const QString &name, qint64 min, qint64 max, qint64 *target) -> bool {
        if (!parser.isSet(name))
            return true;
        const auto value = parseInteger(parser.value(name), min, max);
        if (!value) {
            *error = u"invalid value for --%1: expected an integer in [%2, %3]"_s.arg(name)
                             .arg(min)
                             .arg(max);
            return false;
        }
        *target = *value;
        return true;
    };
    qint64 mainPort = port;
    qint64 secondPort = 0;
    if (!number(u"port"_s, 0, 65535, &mainPort)
        || !number(u"redirect-port"_s, 0, 65535, &secondPort)
        || !number(u"access-lifetime"_s, 0, maxLifetime, &accessLifetime)
        || !number(u"refresh-lifetime"_s, 0, maxLifetime, &refreshLifetime))
        return false;
    port = static_cast<quint16>(mainPort);
    if (parser.isSet(u"redirect-port"_s))
        redirectPort = static_cast<quint16>(secondPort);
    return true;
}

bool DevServerOptions::readCredentials(const QCommandLineParser &parser, QString *error)
{
    for (const QString &entry : parser.values(u"user"_s)) {
        const auto pair = splitPair(entry);
        if (!pair) {
            *error = u"invalid --user value: expected NAME:PASSWORD"_s;
            return false;
        }
        passwords.insert(pair->first, pair->second);
    }
    for (const QString &entry : parser.values(u"api-key"_s)) {
        const auto pair = splitPair(entry);
        if (!pair) {
            *error = u"invalid --api-key value: expected NAME:KEY"_s;
            return false;
        }
        apiKeys.insert(pair->second, pair->first);
    }
    if (passwords.isEmpty()) {
        passwords.insert(u"alice"_s, u"wonderland"_s);
        passwords.insert(u"bob"_s, u"builder"_s);
    }
    if (apiKeys.isEmpty())
        apiKeys.insert(u"ak_alice_devkey"_s, u"alice"_s);
    return true;
}

} // namespace Tessera::DevServer
