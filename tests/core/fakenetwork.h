// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <deque>
#include <utility>

namespace Tessera::Test {

/*! \brief What one fake reply answers: a status, headers and a body, or a network error, or
 *  nothing at all (hangs until aborted or deleted). */
struct FakeAnswer
{
    int status = 200;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    bool hang = false;
};

/*! \brief A QNetworkReply that plays back a FakeAnswer from the event loop. */
class FakeReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
              const FakeAnswer &answer, QObject *parent)
        : QNetworkReply(parent)
        , m_answer(answer)
    {
        setOperation(operation);
        setRequest(request);
        setUrl(request.url());
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        if (!answer.hang)
            QTimer::singleShot(0, this, &FakeReply::play);
    }

    void abort() override
    {
        if (isFinished())
            return;
        setError(OperationCanceledError, QStringLiteral("Operation canceled"));
        setFinished(true);
        Q_EMIT errorOccurred(OperationCanceledError);
        Q_EMIT finished();
    }
    qint64 bytesAvailable() const override
    {
        return m_answer.body.size() - m_offset + QIODevice::bytesAvailable();
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_answer.body.size() - m_offset);
        memcpy(data, m_answer.body.constData() + m_offset, size_t(n));
        m_offset += n;
        return n;
    }

private:
    void play()
    {
        if (isFinished())
            return;
        if (m_answer.error != NoError) {
            setError(m_answer.error, QStringLiteral("fake network error"));
            setFinished(true);
            Q_EMIT errorOccurred(m_answer.error);
            Q_EMIT finished();
            return;
        }
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_answer.status);
        for (const auto &[name, value] : m_answer.headers)
            setRawHeader(name, value);
        setHeader(QNetworkRequest::ContentLengthHeader, m_answer.body.size());
        Q_EMIT metaDataChanged();
        if (m_answer.status >= 400)
            setError(ProtocolInvalidOperationError, QStringLiteral("HTTP error"));
        if (!m_answer.body.isEmpty())
            Q_EMIT readyRead();
        setFinished(true);
        Q_EMIT finished();
    }

    FakeAnswer m_answer;
    qint64 m_offset = 0;
};

/*! \brief A network access manager that answers every request with the next queued FakeAnswer
 *  (or a hanging reply when none is queued), and keeps the requests it got. */
class FakeNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    using QNetworkAccessManager::QNetworkAccessManager;

    void enqueue(const FakeAnswer &answer) { m_answers.push_back(answer); }
    QList<QNetworkRequest> requests;

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *) override
    {
        requests.append(request);
        FakeAnswer answer;
        answer.hang = true;
        if (!m_answers.empty()) {
            answer = m_answers.front();
            m_answers.pop_front();
        }
        return new FakeReply(operation, request, answer, this);
    }

private:
    std::deque<FakeAnswer> m_answers;
};

} // namespace Tessera::Test
