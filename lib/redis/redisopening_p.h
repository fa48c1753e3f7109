// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "redisreply_p.h"

#include <Tessera/secret.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace Tessera {

/*!
 * \brief The commands that open a Redis connection, and what their answers mean: RESP2,
 * `AUTH [user] password` when there is a password, `SELECT db` when db is not 0, then `PING`.
 *
 * The PING makes Ready mean "commands will run": a server that wants a password and got none
 * says NOAUTH to it, before any command of the owner's does.
 */
namespace RedisOpening {

/*! \brief One opening command: its name ("AUTH", "SELECT", "PING") and its bytes. */
struct Step
{
    QByteArray name;
    QByteArray wire; //!< AUTH's holds the password: the caller wipes it once it is written
};

TESSERACORE_AUTOTEST_EXPORT QList<Step> steps(const QByteArray &user, const Secret &password,
                                              int database);

/*! \brief What an answer to an opening step means. */
struct Verdict
{
    enum class Kind {
        Next, //!< answered well: on to the next step, or Ready
        Refused, //!< WRONGPASS, NOAUTH, NOPERM, a refused SELECT: fix the options
        ServerError, //!< another error (LOADING …): try again later
        ProtocolError, //!< not the answer this step gets
    };
    Kind kind = Kind::Next;
    QString reason; //!< for people: \a server and the error's code, never the server's text
};

/*!
 * \brief Judges \a reply to the opening step \a name sent to \a server (for messages).
 *
 * The server's error text is never repeated, only its code (errorCode()): for AUTH it could
 * echo what was sent.
 */
TESSERACORE_AUTOTEST_EXPORT Verdict judge(const QByteArray &name, const RedisReply &reply,
                                          const QString &server);

} // namespace RedisOpening
} // namespace Tessera
