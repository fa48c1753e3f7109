// SPDX-License-Identifier: BSD-3-Clause
#include "rediscommand_p.h"

#include "ascii_p.h"

#include <QCoreApplication>

#include <hiredis/hiredis.h>

#include <vector>

namespace Tessera::RedisCommand {

namespace {

bool isWord(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 32)
        return false;
    for (const char c : text) {
        if (!Ascii::isAlphanumeric(char16_t(c)) && c != '-' && c != '_')
            return false;
    }
    return true;
}

} // namespace

QByteArray format(const QList<QByteArray> &args)
{
    if (args.isEmpty())
        return {};
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    char *command = nullptr;
    const int length =
            redisFormatCommandArgv(&command, int(args.size()), argv.data(), lengths.data());
    if (length < 0 || !command)
        return {};
    const QByteArray result(command, length);
    std::fill(command, command + length, '\0');
    redisFreeCommand(command);
    return result;
}

QByteArray name(const QList<QByteArray> &args)
{
    if (args.isEmpty() || !isWord(args.first()))
        return QByteArrayLiteral("?");
    return args.first().toUpper();
}

QString refusal(const QList<QByteArray> &args)
{
    if (args.isEmpty())
        return QCoreApplication::translate("Tessera::RedisCommand",
                                           "a command needs at least its name");
    const QByteArray command = name(args);
    if (command == "AUTH" || command == "HELLO")
        return QCoreApplication::translate(
                       "Tessera::RedisCommand",
                       "%1: the connection authenticates itself (RedisConnection::Options)")
                .arg(QLatin1String(command));
    if (command == "SELECT")
        return QCoreApplication::translate("Tessera::RedisCommand",
                                           "SELECT: the database is the URL's");
    static const QList<QByteArray> pubSub = {"SUBSCRIBE",   "PSUBSCRIBE",   "SSUBSCRIBE",
                                             "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"};
    if (pubSub.contains(command))
        return QCoreApplication::translate(
                       "Tessera::RedisCommand",
                       "%1: use RedisConnection::subscribe(), on a connection of its own")
                .arg(QLatin1String(command));
    static const QList<QByteArray> streamBreakers = {"MONITOR", "SYNC", "PSYNC", "RESET", "QUIT"};
    const bool clientReply =
            command == "CLIENT" && args.size() > 1 && args.at(1).toUpper() == "REPLY";
    if (streamBreakers.contains(command) || clientReply)
        return QCoreApplication::translate("Tessera::RedisCommand",
                                           "%1: it would break the pairing of commands and replies")
                .arg(QLatin1String(clientReply ? QByteArrayLiteral("CLIENT REPLY") : command));
    return {};
}

} // namespace Tessera::RedisCommand
