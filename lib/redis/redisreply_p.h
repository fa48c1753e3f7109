// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace Tessera {

/*!
 * \brief One answer to a Redis command (RESP2), or the failure that stands in for one.
 *
 * A reply is nil, a status (`+OK`), an error (`-WRONGPASS …`), an integer, a bulk string, or
 * an array of replies. RedisConnection also hands its handlers an Error reply when a command
 * got no answer; failure() then says why (the connection was lost, the command timed out …),
 * and the text is Tessera's own.
 *
 * \b Secrecy: a bulk string may be a token or a password (that is what the token store keeps
 * in Redis), and a server's error text may repeat a command's arguments (`ERR unknown command
 * 'x', with args beginning with: …`). Neither is ever logged: QDebug shows a reply's kind and
 * size only, and an error's code (errorCode()).
 *
 * \sa RedisConnection, RedisReplyReader
 */
class TESSERACORE_AUTOTEST_EXPORT RedisReply
{
public:
    enum class Kind { Nil, Status, Error, Integer, String, Array };

    /*! \brief Why a command got no answer from the server (Kind::Error); None for answers. */
    enum class Failure {
        None, //!< the server's own reply
        NotConnected, //!< sent while the connection was neither Ready nor Connecting
        ConnectionLost, //!< the connection failed or was closed before the answer came
        Timeout, //!< no answer within the command timeout; the connection was closed
        TooLarge, //!< the answer was larger than the limit; the connection was closed
        Refused, //!< RedisConnection does not send this command (see RedisConnection::command())
    };

    /*! \brief A nil reply. */
    RedisReply() = default;

    static RedisReply fromStatus(const QByteArray &text);
    static RedisReply fromError(const QByteArray &text);
    static RedisReply fromInteger(qint64 value);
    static RedisReply fromString(const QByteArray &bytes);
    static RedisReply fromArray(const QList<RedisReply> &elements);
    /*! \brief An Error reply made by Tessera: \a failure (not None) and a text for people. */
    static RedisReply fromFailure(Failure failure, const QString &text);

    Kind kind() const { return m_kind; }
    bool isNil() const { return m_kind == Kind::Nil; }
    bool isStatus() const { return m_kind == Kind::Status; }
    bool isError() const { return m_kind == Kind::Error; }
    bool isInteger() const { return m_kind == Kind::Integer; }
    bool isString() const { return m_kind == Kind::String; }
    bool isArray() const { return m_kind == Kind::Array; }
    /*! \brief True for a `+OK` status. */
    bool isOk() const;

    /*! \brief Why there is no answer from the server; None for a reply the server sent. */
    Failure failure() const { return m_failure; }

    /*!
     * \brief A bulk string's bytes, a status's text, or an error's text (without the '-';
     * UTF-8 for a failure). Empty for the other kinds. An error's text may repeat arguments:
     * show it to people with care, log errorCode() only.
     */
    const QByteArray &bytes() const { return m_bytes; }
    /*! \brief An integer reply's value; 0 for the other kinds. */
    qint64 toInteger() const { return m_integer; }
    /*! \brief An array's elements; empty for the other kinds. */
    const QList<RedisReply> &elements() const { return m_elements; }

    /*!
     * \brief An error's code: the first word of its text when it is an upper-case word
     * (`WRONGPASS`, `NOAUTH`, `ERR`), else empty. For a failure, the Failure's name
     * (`TIMEOUT`, `CONNECTIONLOST` …). Safe to log.
     */
    QByteArray errorCode() const;

    bool operator==(const RedisReply &other) const;
    bool operator!=(const RedisReply &other) const { return !(*this == other); }

private:
    friend class RedisReplyReader; // builds arrays in place, element by element

    Kind m_kind = Kind::Nil;
    Failure m_failure = Failure::None;
    qint64 m_integer = 0;
    QByteArray m_bytes;
    QList<RedisReply> m_elements;
};

/*! \brief `RedisReply(String, 12 bytes)`, `RedisReply(Error NOAUTH)`: never a payload. */
TESSERACORE_AUTOTEST_EXPORT QDebug operator<<(QDebug debug, const RedisReply &reply);

} // namespace Tessera
