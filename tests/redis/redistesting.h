// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redisconnection_p.h"
#include "redisserverprocess.h"

#include <QDebug>
#include <QLoggingCategory>
#include <QStringList>
#include <QTest>

#include <optional>

namespace Tessera::Test {

/*! \brief Values the tests store and publish; listed in tests/test-secrets.txt, like the
 *  passwords, because a reply's payload must never reach a log. */
namespace RedisValues {
inline const QByteArray secretValue = "redis-value-Zt6qW9xkL2";
inline const QByteArray secretPayload = "redis-payload-Pq4hV7nB";
} // namespace RedisValues

/*! \brief The options a connection to \a server needs (its URL, and its CA with TLS). */
inline RedisConnection::Options optionsFor(const RedisServerProcess &server, int database = 0)
{
    RedisConnection::Options options;
    options.url = server.url(database);
    options.caCertificatesPem = server.caCertificatePem();
    return options;
}

/*! \brief open(), then the event loop until the connection is Ready or Failed (10 s at
 *  most); true when Ready. */
inline bool openAndWait(RedisConnection &connection)
{
    connection.open();
    const bool ended = QTest::qWaitFor(
            [&] { return connection.state() != RedisConnection::State::Connecting; }, 10000);
    return ended && connection.state() == RedisConnection::State::Ready;
}

/*! \brief Sends \a args and runs the event loop until the answer comes (\a timeoutMs at
 *  most). Without an answer in time, a Refused failure that says so (a test's, not the
 *  connection's: RedisConnection never refuses a command it sent). */
inline RedisReply run(RedisConnection &connection, const QList<QByteArray> &args,
                      int timeoutMs = 5000)
{
    std::optional<RedisReply> answer;
    QObject context; // gone on return: a late answer is dropped, not written to the stack
    connection.command(args, &context, [&answer](const RedisReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs)) {
        return RedisReply::fromFailure(
                RedisReply::Failure::Refused,
                QStringLiteral("test: no answer within %1 ms").arg(timeoutMs));
    }
    return *answer;
}

/*!
 * \brief Every message the test process logs, with its category, so that a test can fail when
 * a password or a payload appears in one (the suite's tst_no_secrets_in_logs looks again, in
 * every log, child processes included).
 */
class LogCapture
{
public:
    static void install()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.debug=true"));
        s_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    static const QStringList &lines() { return s_lines; }
    /*! \brief The first line holding one of \a secrets, or an empty string. */
    static QString lineWithAnyOf(const QList<QByteArray> &secrets)
    {
        for (const QString &line : std::as_const(s_lines)) {
            for (const QByteArray &secret : secrets) {
                if (line.contains(QString::fromUtf8(secret)))
                    return line;
            }
        }
        return {};
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        s_lines.append(QString::fromLatin1(context.category ? context.category : "")
                       + QStringLiteral(": ") + text);
        if (s_previous)
            s_previous(type, context, text);
    }
    static inline QtMessageHandler s_previous = nullptr;
    static inline QStringList s_lines;
};

/*! \brief The test's own secrets; no log line may hold one. */
inline QList<QByteArray> allRedisSecrets()
{
    return {RedisAccounts::password, RedisAccounts::wrongPassword, RedisAccounts::aclPassword,
            RedisValues::secretValue, RedisValues::secretPayload};
}

} // namespace Tessera::Test

namespace Tessera {
/*! \brief For QCOMPARE: a reply as its QDebug shows it (kind, size, error code; no payload). */
inline char *toString(const RedisReply &reply)
{
    QString text;
    QDebug(&text) << reply;
    return qstrdup(text.toUtf8().constData());
}
} // namespace Tessera
