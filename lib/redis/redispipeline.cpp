// SPDX-License-Identifier: BSD-3-Clause
#include "redispipeline_p.h"

namespace Tessera {

RedisPipeline::RedisPipeline(QObject *parent)
    : QObject(parent)
{ }

RedisPipeline::~RedisPipeline() = default;

void RedisPipeline::hold(Entry entry)
{
    m_held.push_back(std::move(entry));
}

std::deque<RedisPipeline::Entry> RedisPipeline::takeHeld()
{
    std::deque<Entry> held = std::move(m_held);
    m_held.clear();
    return held;
}

void RedisPipeline::await(Entry entry, qsizetype answers)
{
    if (entry.localAnswer) {
        m_awaiting.push_back(std::move(entry));
        return settle();
    }
    for (qsizetype i = 1; i < answers; ++i)
        m_awaiting.push_back(entry);
    m_awaiting.push_back(std::move(entry));
}

const RedisPipeline::Entry *RedisPipeline::head() const
{
    return m_awaiting.empty() ? nullptr : &m_awaiting.front();
}

RedisPipeline::Entry RedisPipeline::takeHead()
{
    Q_ASSERT(!m_awaiting.empty());
    Entry entry = std::move(m_awaiting.front());
    m_awaiting.pop_front();
    settle();
    return entry;
}

void RedisPipeline::answerHead(const RedisReply &reply)
{
    Q_ASSERT(!m_awaiting.empty());
    Entry entry = std::move(m_awaiting.front());
    m_awaiting.pop_front();
    answer(std::move(entry), reply);
    settle();
}

void RedisPipeline::settle()
{
    while (!m_awaiting.empty() && m_awaiting.front().localAnswer) {
        Entry entry = std::move(m_awaiting.front());
        m_awaiting.pop_front();
        const RedisReply reply = *entry.localAnswer;
        answer(std::move(entry), reply);
    }
}

void RedisPipeline::failAll(RedisReply::Failure firstFailure, RedisReply::Failure failure,
                            const QString &text)
{
    std::deque<Entry> entries = std::move(m_awaiting);
    m_awaiting.clear();
    for (Entry &entry : m_held)
        entries.push_back(std::move(entry));
    m_held.clear();
    bool first = true;
    for (Entry &entry : entries) {
        const RedisReply reply =
                entry.localAnswer ? *entry.localAnswer
                                  : RedisReply::fromFailure(first ? firstFailure : failure, text);
        first = false;
        answer(std::move(entry), reply);
    }
}

void RedisPipeline::answer(Entry entry, const RedisReply &reply)
{
    if (entry.role != Role::User)
        return;
    m_outbox.emplace_back(std::move(entry), reply);
    if (m_flushPosted)
        return;
    m_flushPosted = true;
    QMetaObject::invokeMethod(this, &RedisPipeline::flush, Qt::QueuedConnection);
}

void RedisPipeline::flush()
{
    m_flushPosted = false;
    // A handler may destroy the connection, and this with it.
    const QPointer<RedisPipeline> self(this);
    while (!m_outbox.empty()) {
        auto [entry, reply] = std::move(m_outbox.front());
        m_outbox.pop_front();
        if (!entry.context || !entry.handler)
            continue;
        entry.handler(reply);
        if (!self)
            return;
    }
}

} // namespace Tessera
