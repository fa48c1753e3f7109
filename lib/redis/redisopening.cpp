// SPDX-License-Identifier: BSD-3-Clause
#include "redisopening_p.h"

#include "rediscommand_p.h"

#include <QCoreApplication>

namespace Tessera::RedisOpening {

namespace {

Verdict verdict(Verdict::Kind kind, const QString &reason)
{
    return Verdict {kind, reason};
}

} // namespace

QList<Step> steps(const QByteArray &user, const Secret &password, int database)
{
    QList<Step> result;
    if (!password.isEmpty()) {
        QList<QByteArray> auth {QByteArrayLiteral("AUTH")};
        if (!user.isEmpty())
            auth.append(user);
        auth.append(password.reveal());
        result.append({QByteArrayLiteral("AUTH"), RedisCommand::format(auth)});
    }
    if (database != 0) {
        result.append({QByteArrayLiteral("SELECT"),
                       RedisCommand::format(
                               {QByteArrayLiteral("SELECT"), QByteArray::number(database)})});
    }
    result.append({QByteArrayLiteral("PING"), RedisCommand::format({QByteArrayLiteral("PING")})});
    return result;
}

Verdict judge(const QByteArray &name, const RedisReply &reply, const QString &server)
{
    const QString step = QString::fromLatin1(name);
    if (reply.isError()) {
        const QByteArray code = reply.errorCode();
        const QString shownCode =
                code.isEmpty() ? QCoreApplication::translate("Tessera::RedisConnection", "error")
                               : QString::fromLatin1(code);
        if (name == "AUTH" || code == "WRONGPASS") {
            return verdict(Verdict::Kind::Refused,
                           QCoreApplication::translate("Tessera::RedisConnection",
                                                       "%1 refused the user name or password (%2)")
                                   .arg(server, shownCode));
        }
        if (code == "NOAUTH") {
            return verdict(Verdict::Kind::Refused,
                           QCoreApplication::translate(
                                   "Tessera::RedisConnection",
                                   "%1 requires a password (NOAUTH), and none was given")
                                   .arg(server));
        }
        if (name == "SELECT" || code == "NOPERM") {
            return verdict(
                    Verdict::Kind::Refused,
                    QCoreApplication::translate("Tessera::RedisConnection", "%1 refused %2 (%3)")
                            .arg(server, step, shownCode));
        }
        return verdict(Verdict::Kind::ServerError,
                       QCoreApplication::translate("Tessera::RedisConnection",
                                                   "%1 answered %2 with an error (%3)")
                               .arg(server, step, shownCode));
    }
    const bool good = name == "PING" ? reply.isStatus() && reply.bytes() == "PONG" : reply.isOk();
    if (!good) {
        return verdict(Verdict::Kind::ProtocolError,
                       QCoreApplication::translate("Tessera::RedisConnection",
                                                   "%1 answered %2 with something unexpected")
                               .arg(server, step));
    }
    return verdict(Verdict::Kind::Next, QString());
}

} // namespace Tessera::RedisOpening
