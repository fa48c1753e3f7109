// SPDX-License-Identifier: BSD-3-Clause
#include "replyrelay_p.h"

#include <QMetaMethod>

#include <algorithm>
#include <cstring>

namespace Tessera {

ReplyRelay::ReplyRelay(QObject *parent)
    : QNetworkReply(parent)
{ }

ReplyRelay::~ReplyRelay() = default;

void ReplyRelay::setAttempt(QNetworkReply *attempt, const QNetworkRequest &request)
{
    if (m_attempt) {
        QNetworkReply *previous = std::exchange(m_attempt, nullptr);
        previous->disconnect(this);
        previous->deleteLater();
    }
    m_attempt = attempt;
#ifndef QT_NO_SSL
    m_attemptIsHttps = request.url().scheme() == QLatin1String("https");
#else
    Q_UNUSED(request);
#endif
    m_passed = false;
    m_relayed = 0;
    attempt->setParent(this);
    applySettings(attempt);
    if (m_wanted)
        relay(m_wanted);
}

void ReplyRelay::keepUnreadAnswer()
{
    if (m_passed && m_attempt && m_attempt->isFinished())
        m_kept = m_attempt->readAll();
}

void ReplyRelay::abortAttempt()
{
    if (m_attempt && !m_attempt->isFinished()) {
        m_attempt->disconnect(this);
        m_relayed = 0;
        m_attempt->abort();
    }
}

void ReplyRelay::dropAttempt()
{
    if (!m_attempt)
        return;
    QNetworkReply *attempt = std::exchange(m_attempt, nullptr);
    m_relayed = 0;
    if (!attempt->isFinished()) {
        attempt->disconnect(this);
        attempt->abort();
    }
    delete attempt; // its connections go with it
}

unsigned ReplyRelay::relayFor(const QMetaMethod &signal)
{
    static const QMetaMethod metaDataSignal =
            QMetaMethod::fromSignal(&QNetworkReply::metaDataChanged);
    if (signal == metaDataSignal)
        return RelayMetaData;
    static const QMetaMethod readyReadSignal = QMetaMethod::fromSignal(&QIODevice::readyRead);
    static const QMetaMethod downloadSignal =
            QMetaMethod::fromSignal(&QNetworkReply::downloadProgress);
    static const QMetaMethod uploadSignal = QMetaMethod::fromSignal(&QNetworkReply::uploadProgress);
    static const QMetaMethod requestSentSignal =
            QMetaMethod::fromSignal(&QNetworkReply::requestSent);
    static const QMetaMethod connectingSignal =
            QMetaMethod::fromSignal(&QNetworkReply::socketStartedConnecting);
    if (signal == readyReadSignal)
        return RelayReadyRead;
    if (signal == downloadSignal)
        return RelayDownloadProgress;
    if (signal == uploadSignal)
        return RelayUploadProgress;
    if (signal == requestSentSignal)
        return RelayRequestSent;
    if (signal == connectingSignal)
        return RelaySocketStartedConnecting;
#ifndef QT_NO_SSL
    static const QMetaMethod encryptedSignal = QMetaMethod::fromSignal(&QNetworkReply::encrypted);
    static const QMetaMethod sslErrorsSignal = QMetaMethod::fromSignal(&QNetworkReply::sslErrors);
    static const QMetaMethod pskSignal =
            QMetaMethod::fromSignal(&QNetworkReply::preSharedKeyAuthenticationRequired);
    if (signal == encryptedSignal)
        return RelayEncrypted;
    if (signal == sslErrorsSignal)
        return RelaySslErrors;
    if (signal == pskSignal)
        return RelayPreSharedKey;
#endif
    return 0;
}

void ReplyRelay::connectNotify(const QMetaMethod &signal)
{
    QNetworkReply::connectNotify(signal);
    const unsigned bit = relayFor(signal);
    if (!bit || (m_wanted & bit))
        return;
    m_wanted |= bit;
    if (!m_attempt)
        return;
    relay(bit);
    if (bit & Streaming)
        onStreamingWanted();
}

// Connects the attempt's signals in \a wanted (signals someone connected to on this reply),
// once per attempt. A reply nobody watches but for finished() costs one connection.
void ReplyRelay::relay(unsigned wanted)
{
    QNetworkReply *attempt = m_attempt;
    const auto wants = [&](Relay bit, auto) {
        return (wanted & bit) && !(m_relayed & bit);
    };
    if ((wanted & Streaming) && !(m_relayed & RelayMetaData)) {
        connect(attempt, &QNetworkReply::metaDataChanged, this, &ReplyRelay::onAttemptMetaData);
        m_relayed |= RelayMetaData;
    }
    if (wants(RelayReadyRead, &QIODevice::readyRead)) {
        connect(attempt, &QIODevice::readyRead, this, [this] {
            if (isPassing())
                Q_EMIT readyRead();
        });
        m_relayed |= RelayReadyRead;
    }
    if (wants(RelayDownloadProgress, &QNetworkReply::downloadProgress)) {
        connect(attempt, &QNetworkReply::downloadProgress, this,
                &ReplyRelay::onAttemptDownloadProgress);
        m_relayed |= RelayDownloadProgress;
    }
    if (wants(RelayUploadProgress, &QNetworkReply::uploadProgress)) {
        connect(attempt, &QNetworkReply::uploadProgress, this,
                &ReplyRelay::onAttemptUploadProgress);
        m_relayed |= RelayUploadProgress;
    }
    if (wants(RelayRequestSent, &QNetworkReply::requestSent)) {
        connect(attempt, &QNetworkReply::requestSent, this, &QNetworkReply::requestSent);
        m_relayed |= RelayRequestSent;
    }
    if (wants(RelaySocketStartedConnecting, &QNetworkReply::socketStartedConnecting)) {
        connect(attempt, &QNetworkReply::socketStartedConnecting, this,
                &QNetworkReply::socketStartedConnecting);
        m_relayed |= RelaySocketStartedConnecting;
    }
#ifndef QT_NO_SSL
    // Only an https attempt has anything to say about TLS.
    if (!(wanted & (RelayEncrypted | RelaySslErrors | RelayPreSharedKey)) || !m_attemptIsHttps)
        return;
    if (wants(RelayEncrypted, &QNetworkReply::encrypted)) {
        connect(attempt, &QNetworkReply::encrypted, this, &QNetworkReply::encrypted);
        m_relayed |= RelayEncrypted;
    }
    if (wants(RelaySslErrors, &QNetworkReply::sslErrors)) {
        connect(attempt, &QNetworkReply::sslErrors, this, &QNetworkReply::sslErrors);
        m_relayed |= RelaySslErrors;
    }
    if (wants(RelayPreSharedKey, &QNetworkReply::preSharedKeyAuthenticationRequired)) {
        connect(attempt, &QNetworkReply::preSharedKeyAuthenticationRequired, this,
                &QNetworkReply::preSharedKeyAuthenticationRequired);
        m_relayed |= RelayPreSharedKey;
    }
#endif
}

void ReplyRelay::onAttemptDownloadProgress(qint64 received, qint64 total)
{
    if (isPassing())
        Q_EMIT downloadProgress(received, total);
}

// One upload as far as the caller can tell: a retry or a redirect that sends the body again
// reports progress again only once it passes what was reported before.
void ReplyRelay::onAttemptUploadProgress(qint64 sent, qint64 total)
{
    if (sent <= m_uploadReported)
        return;
    m_uploadReported = sent;
    Q_EMIT uploadProgress(sent, total);
}

void ReplyRelay::applySettings(QNetworkReply *attempt) const
{
    if (readBufferSize() > 0)
        attempt->setReadBufferSize(readBufferSize());
#ifndef QT_NO_SSL
    if (m_sslConfiguration)
        attempt->setSslConfiguration(*m_sslConfiguration);
    if (!m_ignoredSslErrors.isEmpty())
        attempt->ignoreSslErrors(m_ignoredSslErrors);
#endif
    if (m_ignoreAllSslErrors)
        attempt->ignoreSslErrors();
}

qint64 ReplyRelay::bytesAvailable() const
{
    // Only the answer passed to the caller is read: a held 401 or redirect never is, even when
    // the reply then ends for another reason (a timeout, a refused redirect).
    const qint64 pending = m_passed && m_attempt ? m_attempt->bytesAvailable() : m_kept.size();
    return QNetworkReply::bytesAvailable() + pending;
}

bool ReplyRelay::canReadLine() const
{
    if (QNetworkReply::canReadLine())
        return true;
    if (m_passed && m_attempt)
        return m_attempt->canReadLine();
    return m_kept.contains('\n');
}

qint64 ReplyRelay::readData(char *data, qint64 maxSize)
{
    if (!m_kept.isEmpty()) {
        const qint64 read = std::min<qint64>(maxSize, m_kept.size());
        std::memcpy(data, m_kept.constData(), size_t(read));
        m_kept.remove(0, read);
        return read;
    }
    if (!m_passed || !m_attempt)
        return isFinished() ? -1 : 0;
    const qint64 read = m_attempt->read(data, maxSize);
    if (read <= 0)
        return isFinished() && m_attempt->bytesAvailable() == 0 ? -1 : 0;
    return read;
}

void ReplyRelay::setReadBufferSize(qint64 size)
{
    QNetworkReply::setReadBufferSize(size);
    if (m_attempt)
        m_attempt->setReadBufferSize(size);
}

void ReplyRelay::ignoreSslErrors()
{
    m_ignoreAllSslErrors = true;
    QNetworkReply::ignoreSslErrors();
    if (m_attempt)
        m_attempt->ignoreSslErrors();
}

#ifndef QT_NO_SSL
void ReplyRelay::sslConfigurationImplementation(QSslConfiguration &configuration) const
{
    if (m_attempt)
        configuration = m_attempt->sslConfiguration();
    else
        configuration = m_sslConfiguration ? *m_sslConfiguration : request().sslConfiguration();
}

void ReplyRelay::setSslConfigurationImplementation(const QSslConfiguration &configuration)
{
    m_sslConfiguration = configuration;
    if (m_attempt)
        m_attempt->setSslConfiguration(configuration);
}

void ReplyRelay::ignoreSslErrorsImplementation(const QList<QSslError> &errors)
{
    m_ignoredSslErrors = errors;
    if (m_attempt)
        m_attempt->ignoreSslErrors(errors);
}
#endif

} // namespace Tessera
