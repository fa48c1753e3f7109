// SPDX-License-Identifier: BSD-3-Clause
#include "redisreply_p.h"

#include "ascii_p.h"

#include <QDebug>

namespace Tessera {

namespace {

const char *kindName(RedisReply::Kind kind)
{
    switch (kind) {
    case RedisReply::Kind::Nil:
        return "Nil";
    case RedisReply::Kind::Status:
        return "Status";
    case RedisReply::Kind::Error:
        return "Error";
    case RedisReply::Kind::Integer:
        return "Integer";
    case RedisReply::Kind::String:
        return "String";
    case RedisReply::Kind::Array:
        return "Array";
    }
    return "?";
}

QByteArray failureCode(RedisReply::Failure failure)
{
    switch (failure) {
    case RedisReply::Failure::None:
        break;
    case RedisReply::Failure::NotConnected:
        return "NOTCONNECTED";
    case RedisReply::Failure::ConnectionLost:
        return "CONNECTIONLOST";
    case RedisReply::Failure::Timeout:
        return "TIMEOUT";
    case RedisReply::Failure::TooLarge:
        return "TOOLARGE";
    case RedisReply::Failure::Refused:
        return "REFUSED";
    }
    return {};
}

} // namespace

RedisReply RedisReply::fromStatus(const QByteArray &text)
{
    RedisReply reply;
    reply.m_kind = Kind::Status;
    reply.m_bytes = text;
    return reply;
}

RedisReply RedisReply::fromError(const QByteArray &text)
{
    RedisReply reply;
    reply.m_kind = Kind::Error;
    reply.m_bytes = text;
    return reply;
}

RedisReply RedisReply::fromInteger(qint64 value)
{
    RedisReply reply;
    reply.m_kind = Kind::Integer;
    reply.m_integer = value;
    return reply;
}

RedisReply RedisReply::fromString(const QByteArray &bytes)
{
    RedisReply reply;
    reply.m_kind = Kind::String;
    reply.m_bytes = bytes;
    return reply;
}

RedisReply RedisReply::fromArray(const QList<RedisReply> &elements)
{
    RedisReply reply;
    reply.m_kind = Kind::Array;
    reply.m_elements = elements;
    return reply;
}

RedisReply RedisReply::fromFailure(Failure failure, const QString &text)
{
    Q_ASSERT(failure != Failure::None);
    RedisReply reply;
    reply.m_kind = Kind::Error;
    reply.m_failure = failure;
    reply.m_bytes = text.toUtf8();
    return reply;
}

bool RedisReply::isOk() const
{
    return m_kind == Kind::Status && m_bytes == "OK";
}

QByteArray RedisReply::errorCode() const
{
    if (m_kind != Kind::Error)
        return {};
    if (m_failure != Failure::None)
        return failureCode(m_failure);
    const qsizetype space = m_bytes.indexOf(' ');
    const QByteArray word = space < 0 ? m_bytes : m_bytes.left(space);
    if (word.isEmpty() || word.size() > 32)
        return {};
    for (const char c : word) {
        if (!Ascii::isUpper(char16_t(c)) && !Ascii::isDigit(char16_t(c)) && c != '_')
            return {};
    }
    return word;
}

bool RedisReply::operator==(const RedisReply &other) const
{
    return m_kind == other.m_kind && m_failure == other.m_failure && m_integer == other.m_integer
           && m_bytes == other.m_bytes && m_elements == other.m_elements;
}

QDebug operator<<(QDebug debug, const RedisReply &reply)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "RedisReply(" << kindName(reply.kind());
    switch (reply.kind()) {
    case RedisReply::Kind::Error:
        debug << ' ' << reply.errorCode().constData();
        break;
    case RedisReply::Kind::String:
    case RedisReply::Kind::Status:
        debug << ", " << reply.bytes().size() << " bytes";
        break;
    case RedisReply::Kind::Array:
        debug << ", " << reply.elements().size() << " elements";
        break;
    case RedisReply::Kind::Nil:
    case RedisReply::Kind::Integer:
        break;
    }
    debug << ')';
    return debug;
}

} // namespace Tessera
