// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QNetworkReply>
#include <QNetworkRequest>

#ifndef QT_NO_SSL
#    include <QSslConfiguration>
#    include <QSslError>
#endif

#include <optional>

namespace Tessera {

/*!
 * \brief A reply that shows its caller one attempt at a time (a plain reply it runs itself) as
 * a plain reply would: the attempt's answer is read once it is passed on, the attempt's
 * signals are relayed while someone listens to them on this reply, and what the caller sets
 * on this reply (read buffer size, TLS configuration, SSL errors to ignore) is carried over to
 * every attempt.
 *
 * Which attempt runs, and when its answer becomes the caller's, is the subclass's to decide
 * (AuthenticatedReply). Only the signals someone listens to are relayed (connectNotify()), so
 * a reply costs a plain one's work plus little more; whether anyone watches the answer arrive
 * (readyRead, downloadProgress, metaDataChanged) is the subclass's to ask.
 */
class ReplyRelay : public QNetworkReply
{
    Q_OBJECT
public:
    ~ReplyRelay() override;

    // QNetworkReply
    qint64 bytesAvailable() const override;
    bool canReadLine() const override;
    bool isSequential() const override { return true; }
    void setReadBufferSize(qint64 size) override;
    void ignoreSslErrors() override;

protected:
    explicit ReplyRelay(QObject *parent);

    QNetworkReply *attempt() const { return m_attempt; }
    /*! \brief \a attempt, sent with \a request, is the current attempt from now on: a child of
     *  this reply, with the caller's settings and the signals someone listens to relayed. The
     *  attempt it replaces is deleted later. */
    void setAttempt(QNetworkReply *attempt, const QNetworkRequest &request);
    /*! \brief The current attempt's answer is the caller's: its data is read from now on. */
    void passAttempt() { m_passed = true; }
    /*! \brief Keeps what the caller has not read yet of a finished answer it was passed, so that
     *  it stays readable once the attempt is gone. */
    void keepUnreadAnswer();
    /*! \brief Nothing more is relayed from the current attempt, which is aborted if it is still
     *  running. */
    void abortAttempt();
    /*! \brief Aborts the current attempt if it is still running, and deletes it. */
    void dropAttempt();
    /*! \brief True if someone watches the answer's headers change (metaDataChanged is relayed
     *  from the current attempt to onAttemptMetaData()). */
    bool isRelayingMetaData() const { return m_relayed & RelayMetaData; }

    /*! \brief True while the current attempt's answer reaches the caller: its readyRead and
     *  downloadProgress are relayed only then. */
    virtual bool isPassing() const = 0;
    /*! \brief The current attempt's headers changed, and someone watches the answer arrive. */
    virtual void onAttemptMetaData() = 0;
    /*! \brief Someone started watching the answer arrive while an attempt is out. */
    virtual void onStreamingWanted() = 0;

    qint64 readData(char *data, qint64 maxSize) override;
    void connectNotify(const QMetaMethod &signal) override;
#ifndef QT_NO_SSL
    void sslConfigurationImplementation(QSslConfiguration &configuration) const override;
    void setSslConfigurationImplementation(const QSslConfiguration &configuration) override;
    void ignoreSslErrorsImplementation(const QList<QSslError> &errors) override;
#endif

private:
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

    void relay(unsigned signals);
    static unsigned relayFor(const QMetaMethod &signal);
    void onAttemptUploadProgress(qint64 sent, qint64 total);
    void onAttemptDownloadProgress(qint64 received, qint64 total);
    void applySettings(QNetworkReply *attempt) const;

    QNetworkReply *m_attempt = nullptr; //!< a child of this reply
    bool m_passed = false; //!< m_attempt's answer is the caller's (passAttempt()): its data is read
    QByteArray m_kept; //!< what the caller had not read of a finished answer when it was kept
    unsigned m_wanted = 0; //!< Relay bits someone connected to on this reply
    unsigned m_relayed = 0; //!< Relay bits connected on m_attempt
    bool m_ignoreAllSslErrors = false;
    qint64 m_uploadReported = -1;
#ifndef QT_NO_SSL
    bool m_attemptIsHttps = false; //!< only an https attempt has anything to say about TLS
    std::optional<QSslConfiguration> m_sslConfiguration;
    QList<QSslError> m_ignoredSslErrors;
#endif
};

} // namespace Tessera
