// SPDX-License-Identifier: BSD-3-Clause
#include "redisreplyreader_p.h"

#include <hiredis/hiredis.h>

namespace Tessera {

namespace {

// hiredis gets the bytes in pieces no larger than this, so that the limit is checked often.
constexpr qsizetype kPieceBytes = 16 * 1024;

// The framing of the one bulk string (or line) being received, beyond its bytes: '$', up to 20
// digits and two CRLFs. It is not charged, so that a string of exactly the limit is read.
constexpr qint64 kFramingBytes = 32;

RedisReplyReader *readerOf(const redisReadTask *task)
{
    return static_cast<RedisReplyReader *>(task->privdata);
}

} // namespace

void RedisReplyReader::ReaderDeleter::operator()(redisReader *reader) const
{
    redisReaderFree(reader);
}

RedisReplyReader::RedisReplyReader(qint64 maxReplyBytes)
    : m_maxReplyBytes(maxReplyBytes)
{
    reset();
}

RedisReplyReader::~RedisReplyReader() = default;

void RedisReplyReader::reset()
{
    static redisReplyObjectFunctions functions = {
            &RedisReplyReader::createString, &RedisReplyReader::createArray,
            &RedisReplyReader::createInteger, &RedisReplyReader::createNil,
            &RedisReplyReader::freeObject};
    m_reader.reset(redisReaderCreateWithFunctions(&functions));
    if (m_reader)
        m_reader->privdata = this;
    m_charged = 0;
    m_status = m_reader ? Status::Ok : Status::ProtocolError;
}

qint64 RedisReplyReader::pendingBytes() const
{
    if (!m_reader)
        return 0;
    return m_charged + qint64(m_reader->len - m_reader->pos);
}

RedisReplyReader::Status RedisReplyReader::feed(QByteArrayView bytes, QList<RedisReply> *replies)
{
    while (m_status == Status::Ok && !bytes.isEmpty()) {
        const QByteArrayView piece = bytes.first(qMin(bytes.size(), kPieceBytes));
        bytes = bytes.sliced(piece.size());
        m_status = feedPiece(piece, replies);
    }
    return m_status;
}

RedisReplyReader::Status RedisReplyReader::feedPiece(QByteArrayView piece,
                                                     QList<RedisReply> *replies)
{
    if (redisReaderFeed(m_reader.get(), piece.data(), size_t(piece.size())) != REDIS_OK)
        return Status::ProtocolError;
    for (;;) {
        void *object = nullptr;
        if (redisReaderGetReply(m_reader.get(), &object) != REDIS_OK)
            return m_status == Status::TooLarge ? Status::TooLarge : Status::ProtocolError;
        if (!object)
            break;
        const std::unique_ptr<RedisReply> reply(static_cast<RedisReply *>(object));
        replies->append(std::move(*reply));
        m_charged = 0;
    }
    // What hiredis holds of the reply being read and has not parsed yet: a bulk string is
    // only parsed once all of it is there.
    return pendingBytes() > m_maxReplyBytes + kFramingBytes ? Status::TooLarge : Status::Ok;
}

bool RedisReplyReader::charge(qint64 bytes)
{
    // The bytes not parsed yet are counted after each piece (feedPiece()), not here: hiredis
    // makes an object before it moves past the bytes the object was read from.
    m_charged += bytes;
    if (m_charged <= m_maxReplyBytes)
        return true;
    m_status = Status::TooLarge; // hiredis reports "out of memory"; this says why
    return false;
}

RedisReply *RedisReplyReader::place(const redisReadTask *task, RedisReply &&value)
{
    if (!task->parent)
        return new RedisReply(std::move(value));
    // The parent's element list was sized when it was created and is never copied while the
    // reply is read, so the slot (and a nested array's own slots) stays where it is.
    auto *parent = static_cast<RedisReply *>(task->parent->obj);
    RedisReply &slot = parent->m_elements[task->idx];
    slot = std::move(value);
    return &slot;
}

void *RedisReplyReader::createString(const redisReadTask *task, char *bytes, size_t length)
{
    if (!readerOf(task)->charge(qint64(length)))
        return nullptr;
    const QByteArray data(bytes, qsizetype(length));
    switch (task->type) {
    case REDIS_REPLY_STATUS:
        return place(task, RedisReply::fromStatus(data));
    case REDIS_REPLY_ERROR:
        return place(task, RedisReply::fromError(data));
    default:
        return place(task, RedisReply::fromString(data));
    }
}

void *RedisReplyReader::createArray(const redisReadTask *task, int elements)
{
    // Charged before the element table exists: an announced length is not memory yet.
    const qint64 cost = qint64(qMax(elements, 0)) * qint64(sizeof(RedisReply));
    if (elements < 0 || !readerOf(task)->charge(cost))
        return nullptr;
    RedisReply array;
    array.m_kind = RedisReply::Kind::Array;
    array.m_elements.resize(elements);
    return place(task, std::move(array));
}

// An integer or a nil takes no memory beyond its array element, charged with the array.
void *RedisReplyReader::createInteger(const redisReadTask *task, long long value)
{
    return place(task, RedisReply::fromInteger(value));
}

void *RedisReplyReader::createNil(const redisReadTask *task)
{
    return place(task, RedisReply());
}

void RedisReplyReader::freeObject(void *object)
{
    // hiredis frees only the root of a reply it gives up on; the elements are inside it.
    delete static_cast<RedisReply *>(object);
}

} // namespace Tessera
