// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redirectfollower_p.h"
#include "replyrelay_p.h"
#include "requestbody_p.h"

#include <QBasicTimer>
#include <QNetworkAccessManager>
#include <QTimerEvent>

namespace Tessera {

class NetworkAccessManagerPrivate;

/*!
 * \brief The reply NetworkAccessManager hands out for a request to an API origin. It runs one
 * or more attempts (plain replies of the manager's base class: the first, one more after a
 * 401, one per redirect) and shows the caller exactly one of them: headers, attributes, data,
 * progress and errors of the attempt that ends the request, as a plain reply would.
 *
 * Every attempt to an API origin goes through the gate's admission (a fresh token, or wait
 * for one). An attempt's answer is looked at when its headers arrive. A 401 the session may
 * fix, or a redirect this reply follows, is held back (nothing of it reaches the caller) and
 * acted on when that attempt finishes; any other answer is passed through from then on.
 *
 * Showing the caller the attempt of the moment as a plain reply is ReplyRelay's job; following
 * a redirect's hops, RedirectFollower's. When nobody watches the answer arrive (readyRead,
 * downloadProgress, metaDataChanged), it is looked at once, when it finishes.
 */
class AuthenticatedReply : public ReplyRelay
{
    Q_OBJECT
public:
    AuthenticatedReply(NetworkAccessManagerPrivate *gate,
                       QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                       QIODevice *body);
    ~AuthenticatedReply() override;

    // called by the gate (NetworkAccessManagerPrivate)
    void dispatch(); //!< send the next attempt now
    void refuse(); //!< no token to be had: fail, from the event loop
    void startWaiting(); //!< parked: the wait is bounded by the transfer timeout
    void sessionSettled();
    void deliverHeld();
    void detach(); //!< the manager is going and this reply outlives it

    // QNetworkReply
    void abort() override;
    void close() override;

protected:
    void timerEvent(QTimerEvent *event) override;
    // ReplyRelay
    bool isPassing() const override { return m_stage == Stage::Passing; }
    void onAttemptMetaData() override;
    void onStreamingWanted() override;

private:
    friend class NetworkAccessManagerPrivate; // the intrusive list of live replies

    enum class Stage {
        Waiting, //!< for the session, before an attempt
        Undecided, //!< an attempt is out; its headers have not arrived
        Passing, //!< the attempt's answer is the caller's
        HoldingUnauthorized, //!< a 401 that one refresh may fix
        HoldingRedirect, //!< a redirect to follow (or to ask the caller about)
        Done,
    };

    void attach(QNetworkReply *next);
    void decide();
    void onAttemptFinished();
    void onUnauthorizedFinished();
    void onRedirectAnswer();
    void onRedirectAllowed();
    void follow(const RedirectRule &rule);
    void pass();
    void copyMetaData(const QNetworkReply &from);
    void complete(NetworkError error, const QString &text);
    void completeLater(NetworkError error, const QString &text);
    QNetworkRequest::RedirectPolicy managerRedirectPolicy() const;

    NetworkAccessManagerPrivate *m_gate; //!< null once the manager is gone
    AuthenticatedReply *m_previousLive = nullptr;
    AuthenticatedReply *m_nextLive = nullptr;
    QNetworkRequest m_attemptRequest;
    QNetworkAccessManager::Operation m_attemptOperation;
    RequestBody m_body;
    QByteArray m_sentAuthorization;
    QBasicTimer m_waitTimer;
    Stage m_stage = Stage::Waiting;
    RedirectFollower m_redirects;
    bool m_retriedUnauthorized = false;
    bool m_askingCaller = false;
    bool m_redirectAllowedConnected = false;
    int m_attempts = 0;
};

} // namespace Tessera
