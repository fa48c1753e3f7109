// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Tessera {

/*!
 * \brief What RedisConnection knows about a command before it sends it: its bytes on the
 * wire, the name it may log, and whether RedisConnection::command() sends it at all.
 */
namespace RedisCommand {

/*!
 * \brief \a args as RESP (hiredis' `redisFormatCommandArgv()`): every argument binary-safe,
 * NUL bytes included. Empty when \a args is empty.
 *
 * The result may hold a password (AUTH): the caller wipes it once it is written.
 */
TESSERACORE_AUTOTEST_EXPORT QByteArray format(const QList<QByteArray> &args);

/*!
 * \brief The command's name for logs: the first argument in upper case when it is a word of
 * at most 32 ASCII letters, digits, '-' or '_' (every Redis command is), else "?". Never an
 * argument: `SET` is logged, not its key or value.
 */
TESSERACORE_AUTOTEST_EXPORT QByteArray name(const QList<QByteArray> &args);

/*!
 * \brief Why RedisConnection::command() does not send \a args, or an empty string.
 *
 * Refused: no arguments; AUTH and HELLO (the connection authenticates itself, in RESP2);
 * SELECT (the database is the URL's, chosen again on every open()); SUBSCRIBE and the other
 * pub/sub commands (RedisConnection::subscribe(), on a connection of its own); and MONITOR,
 * SYNC, PSYNC, RESET, QUIT and CLIENT REPLY, which break the pairing of commands and replies.
 */
TESSERACORE_AUTOTEST_EXPORT QString refusal(const QList<QByteArray> &args);

} // namespace RedisCommand
} // namespace Tessera
