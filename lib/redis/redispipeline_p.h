// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "redisreply_p.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <optional>

namespace Tessera {

/*!
 * \brief The commands of one RedisConnection in the order they were given: held until the
 * connection is Ready, written and waiting for their answers, and the answers on their way to
 * the handlers.
 *
 * What RedisConnection promises about handlers is kept here: each is called once, in the order
 * the commands were given, from the event loop (a queued call, never from inside the call that
 * answered), and not at all once its context is gone. A command refused before it was sent
 * keeps its place in line with the answer it got (localAnswer), so that it does not overtake
 * the commands given before it. Destroying the pipeline drops every handler uncalled.
 */
class TESSERACORE_AUTOTEST_EXPORT RedisPipeline : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const RedisReply &reply)>;

    enum class Role {
        User, //!< a command of the connection's owner: its answer goes to its handler
        Opening, //!< AUTH, SELECT, PING: the connection judges the answer itself
        Subscription, //!< one (UN)SUBSCRIBE confirmation to wait for
    };

    struct Entry
    {
        Role role = Role::User;
        QByteArray name; //!< the command's name, the only part of it ever logged
        QPointer<QObject> context;
        Handler handler;
        QDeadlineTimer deadline; //!< set when the command is written
        std::optional<RedisReply> localAnswer; //!< a refused command's answer
        QByteArray wire; //!< held entries: the bytes to write once Ready
    };

    explicit RedisPipeline(QObject *parent = nullptr);
    ~RedisPipeline() override;

    /*! \brief Keeps \a entry until the connection is Ready. */
    void hold(Entry entry);
    /*! \brief The entries held, in order; none are left. */
    std::deque<Entry> takeHeld();

    /*!
     * \brief \a entry was written and waits for \a answers answers (a subscription to several
     * channels gets one each). An entry with a local answer waits for no answer of the
     * server's: it is answered as soon as every entry before it was.
     */
    void await(Entry entry, qsizetype answers = 1);
    /*! \brief The entry the next answer is for; null when none waits. */
    const Entry *head() const;
    /*! \brief Removes the head, an Opening or Subscription entry whose answer came, and
     *  answers the refused entries behind it. */
    Entry takeHead();
    /*! \brief Answers the head, a User entry, with \a reply, then the refused entries behind
     *  it. */
    void answerHead(const RedisReply &reply);

    /*! \brief Calls \a entry's handler with \a reply from the event loop, after every answer
     *  given before. Only User entries have handlers. */
    void answer(Entry entry, const RedisReply &reply);
    /*!
     * \brief Answers every entry held or waiting with \a text: the first waiting one with
     * \a firstFailure, the others with \a failure (a refused entry with its own answer).
     */
    void failAll(RedisReply::Failure firstFailure, RedisReply::Failure failure,
                 const QString &text);

private:
    void settle();
    void flush();

    std::deque<Entry> m_held;
    std::deque<Entry> m_awaiting;
    std::deque<std::pair<Entry, RedisReply>> m_outbox;
    bool m_flushPosted = false;
};

} // namespace Tessera
