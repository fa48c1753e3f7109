// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "requestbody_p.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

namespace Tessera {

class NetworkAccessManager;
class NetworkAccessManagerPrivate;

/*!
 * \brief The reply NetworkAccessManager hands out for a request to an API origin. It runs one
 * or more attempts (plain replies of the manager's base class: the first, one more after a
 * 401, one per redirect) and shows the caller exactly one of them: headers, attributes, data,
 * progress and errors of the attempt that ends the request, as a plain reply would.
 *
 * An attempt's answer is looked at when its headers arrive. A 401 the session may fix, or a
 * redirect this reply follows, is held back (nothing of it reaches the caller) and acted on
 * when that attempt finishes; any other answer is passed through from then on.
 */
class AuthenticatedReply : public QNetworkReply
{
    Q_OBJECT
public:
    AuthenticatedReply(NetworkAccessManager *manager, NetworkAccessManagerPrivate *gate,
                       QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                       QIODevice *body);
    ~AuthenticatedReply() override;

    // called by the gate (NetworkAccessManagerPrivate)
    void send();
    void refuse();
    void sessionSettled();
    void deliverHeld();

    // QNetworkReply
    void abort() override;
    void close() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }
    void setReadBufferSize(qint64 size) override;
    void ignoreSslErrors() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    enum class Stage {
        Waiting, //!< for the session, before an attempt
        Undecided, //!< an attempt is out; its headers have not arrived
        Passing, //!< the attempt's answer is the caller's
        HoldingUnauthorized, //!< a 401 that one refresh may fix
        HoldingRedirect, //!< a redirect to follow
        Done,
    };

    void attach(QNetworkReply *attempt);
    void onAttemptMetaData();
    void onAttemptFinished();
    void onRedirectAnswer();
    void follow(const QUrl &target, QNetworkAccessManager::Operation operation, bool keepBody);
    void pass();
    void copyMetaData(const QNetworkReply &from);
    void complete(NetworkError error, const QString &text);
    void completeLater(NetworkError error, const QString &text);
    bool unauthorizedIsFixable() const;

    NetworkAccessManager *const m_manager;
    NetworkAccessManagerPrivate *const m_gate;
    QNetworkRequest m_attemptRequest;
    QNetworkAccessManager::Operation m_attemptOperation;
    RequestBody m_body;
    QPointer<QNetworkReply> m_attempt;
    QByteArray m_sentAuthorization;
    Stage m_stage = Stage::Waiting;
    bool m_retriedUnauthorized = false;
    int m_redirects = 0;
    int m_attempts = 0;
};

} // namespace Tessera
