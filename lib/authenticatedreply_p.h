// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redirectfollower_p.h"
#include "requestbody_p.h"

#include <QBasicTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimerEvent>

#ifndef QT_NO_SSL
#    include <QSslConfiguration>
#    include <QSslError>
#endif

#include <optional>

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
 * Only the signals someone listens to are relayed from the attempts (connectNotify()), so a
 * reply costs a plain one's work plus little more; when nobody watches the answer arrive
 * (readyRead, downloadProgress, metaDataChanged), it is looked at once, when it finishes.
 */
class AuthenticatedReply : public QNetworkReply
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
    qint64 bytesAvailable() const override;
    bool canReadLine() const override;
    bool isSequential() const override { return true; }
    void setReadBufferSize(qint64 size) override;
    void ignoreSslErrors() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    void connectNotify(const QMetaMethod &signal) override;
    void timerEvent(QTimerEvent *event) override;
#ifndef QT_NO_SSL
    void sslConfigurationImplementation(QSslConfiguration &configuration) const override;
    void setSslConfigurationImplementation(const QSslConfiguration &configuration) override;
    void ignoreSslErrorsImplementation(const QList<QSslError> &errors) override;
#endif

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
    //! Signals relayed from an attempt only while someone listens to them on this reply.
    enum Relay : unsigned {
        RelayReadyRead = 1u << 0,
        RelayDownloadProgress = 1u << 1,
        RelayUploadProgress = 1u << 2,
        RelayRequestSent = 1u << 3,
        RelaySocketStartedConnecting = 1u << 4,
        RelayEncrypted = 1u << 5,
        RelaySslErrors = 1u << 6,
        RelayPreSharedKey = 1u << 7,
        RelayMetaData = 1u << 8,
        //! Someone watches the answer as it arrives: it is decided on when its headers come,
        //! not when it finishes.
        Streaming = RelayReadyRead | RelayDownloadProgress | RelayMetaData,
    };

    // authenticatedreply.cpp: the attempts, and what to do with a redirect
    void attach(QNetworkReply *attempt);
    void onAttemptMetaData();
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
    void dropAttempt();
    QNetworkRequest::RedirectPolicy managerRedirectPolicy() const;

    // authenticatedreplyrelay.cpp: signals and settings relayed to and from the attempts
    void relay(unsigned signals);
    static unsigned relayFor(const QMetaMethod &signal);
    void onAttemptUploadProgress(qint64 sent, qint64 total);
    void onAttemptDownloadProgress(qint64 received, qint64 total);
    void applySettings(QNetworkReply *attempt) const;

    NetworkAccessManagerPrivate *m_gate; //!< null once the manager is gone
    AuthenticatedReply *m_previousLive = nullptr;
    AuthenticatedReply *m_nextLive = nullptr;
    QNetworkRequest m_attemptRequest;
    QNetworkAccessManager::Operation m_attemptOperation;
    RequestBody m_body;
    QNetworkReply *m_attempt = nullptr; //!< a child of this reply
    bool m_passed = false; //!< m_attempt's answer is the caller's (pass()): its data is read
    QByteArray m_kept; //!< what the caller had not read of a finished answer when detached
    QByteArray m_sentAuthorization;
    QBasicTimer m_waitTimer;
    Stage m_stage = Stage::Waiting;
    RedirectFollower m_redirects;
    unsigned m_wanted = 0; //!< Relay bits someone connected to on this reply
    unsigned m_relayed = 0; //!< Relay bits connected on m_attempt
    bool m_retriedUnauthorized = false;
    bool m_askingCaller = false;
    bool m_redirectAllowedConnected = false;
    bool m_ignoreAllSslErrors = false;
    int m_attempts = 0;
    qint64 m_uploadReported = -1;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> m_sslConfiguration;
    QList<QSslError> m_ignoredSslErrors;
#endif
};

} // namespace Tessera
