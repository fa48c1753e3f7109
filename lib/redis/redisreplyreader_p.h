// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "redisreply_p.h"

#include <QByteArrayView>
#include <QList>

#include <memory>

struct redisReader;
struct redisReadTask;

namespace Tessera {

/*!
 * \brief Turns the bytes a Redis server sends into RedisReply values, one reply at a time,
 * and refuses any reply larger than a limit.
 *
 * Parsing is hiredis' (`redisReaderFeed()` / `redisReaderGetReply()`, RESP2), with reply
 * objects of our own (`redisReplyObjectFunctions`) built in place. hiredis bounds the nesting
 * (arrays at most 7 deep) but not the size: its reader buffers a bulk string of any announced
 * length, and allocates an array's element table as soon as its length is read. So that no
 * server answer may choose how much memory Tessera uses, every reply is charged while it is
 * read, against \a maxReplyBytes:
 * - the bytes of its strings (bulk strings, statuses, errors);
 * - sizeof(RedisReply) for each array element, charged when the array's length is read,
 *   before anything is allocated (so `*100000000` is refused at once);
 * - the bytes received for it that hiredis has not parsed yet, beyond the framing of one
 *   string (hiredis parses a bulk string only once all of it is there).
 *
 * A reply whose charge passes the limit ends the reading with TooLarge: a reply that is one
 * bulk string of exactly \a maxReplyBytes bytes is read, one byte more is refused. Bytes go to
 * hiredis in pieces of 16 KiB whatever the caller hands over, and the limit is checked as each
 * object is made and after each piece, so a reply being read never holds much more than twice
 * the limit (parsed objects, and the buffer they were read from until hiredis trims it).
 */
class TESSERACORE_AUTOTEST_EXPORT RedisReplyReader
{
public:
    enum class Status {
        Ok,
        TooLarge, //!< a reply passed the limit
        ProtocolError, //!< not RESP2 (or nested too deeply)
    };

    explicit RedisReplyReader(qint64 maxReplyBytes);
    ~RedisReplyReader();
    RedisReplyReader(const RedisReplyReader &) = delete;
    RedisReplyReader &operator=(const RedisReplyReader &) = delete;

    /*!
     * \brief Reads \a bytes and appends every reply they complete to \a replies, in order.
     * After TooLarge or ProtocolError the reader stays failed (every feed() returns the same)
     * until reset(); the replies completed before the failure are still appended.
     */
    Status feed(QByteArrayView bytes, QList<RedisReply> *replies);
    /*! \brief Forgets everything read so far, and a failure. */
    void reset();

    qint64 maxReplyBytes() const { return m_maxReplyBytes; }
    /*! \brief What the reply being read has been charged so far; 0 between replies. */
    qint64 pendingBytes() const;

private:
    struct ReaderDeleter
    {
        void operator()(redisReader *reader) const;
    };

    Status feedPiece(QByteArrayView piece, QList<RedisReply> *replies);
    bool charge(qint64 bytes);
    static RedisReply *place(const redisReadTask *task, RedisReply &&value);
    static void *createString(const redisReadTask *task, char *bytes, size_t length);
    static void *createArray(const redisReadTask *task, int elements);
    static void *createInteger(const redisReadTask *task, long long value);
    static void *createNil(const redisReadTask *task);
    static void freeObject(void *object);

    std::unique_ptr<redisReader, ReaderDeleter> m_reader;
    qint64 m_maxReplyBytes;
    qint64 m_charged = 0; // what the reply being read has taken, besides unparsed bytes
    Status m_status = Status::Ok;
};

} // namespace Tessera
