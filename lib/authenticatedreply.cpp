// SPDX-License-Identifier: BSD-3-Clause
#include "authenticatedreply_p.h"

#include "logging_p.h"
#include "networkaccessmanager_p.h"
#include "redirectrule_p.h"

#include <Tessera/networkaccessmanager.h>

#include <array>

namespace Tessera {

namespace {
// The reply attributes a plain reply carries about its answer; the caller sees the final
// attempt's.
constexpr std::array answerAttributes {
        QNetworkRequest::HttpStatusCodeAttribute,
        QNetworkRequest::HttpReasonPhraseAttribute,
        QNetworkRequest::RedirectionTargetAttribute,
        QNetworkRequest::ConnectionEncryptedAttribute,
        QNetworkRequest::SourceIsFromCacheAttribute,
        QNetworkRequest::HttpPipeliningWasUsedAttribute,
        QNetworkRequest::Http2WasUsedAttribute,
        QNetworkRequest::OriginalContentLengthAttribute,
};
} // namespace

AuthenticatedReply::AuthenticatedReply(NetworkAccessManager *manager,
                                       NetworkAccessManagerPrivate *gate,
                                       QNetworkAccessManager::Operation operation,
                                       const QNetworkRequest &request, QIODevice *body)
    : QNetworkReply(manager)
    , m_manager(manager)
    , m_gate(gate)
    , m_attemptRequest(request)
    , m_attemptOperation(operation)
    , m_body(body)
{
    setRequest(request);
    setOperation(operation);
    setUrl(request.url());
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    // Redirects are followed here, so that the bearer never follows one off the API origins.
    m_attemptRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                  QNetworkRequest::ManualRedirectPolicy);
    m_attemptRequest.setAttribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute, false);
    connect(this, &QNetworkReply::redirectAllowed, this, [this] {
        if (m_stage != Stage::HoldingRedirect || !m_attempt)
            return;
        const RedirectRule rule =
                RedirectRule::decide(*m_attempt, this->request(), m_attemptOperation,
                                     m_manager->redirectPolicy(), m_redirects);
        follow(rule.target, rule.operation, rule.keepsBody);
    });
}

AuthenticatedReply::~AuthenticatedReply()
{
    m_gate->forget(this);
}

void AuthenticatedReply::send()
{
    if (m_stage == Stage::Done)
        return;
    if (m_attempts++ > 0 && !m_body.rewind()) {
        complete(ContentReSendError, tr("The request body cannot be sent again"));
        return;
    }
    QNetworkRequest request = m_attemptRequest;
    m_sentAuthorization.clear();
    if (m_gate->session && m_gate->session->authorize(request))
        m_sentAuthorization = request.rawHeader("Authorization");
    m_stage = Stage::Undecided;
    attach(m_gate->sendAttempt(m_attemptOperation, request, m_body.device()));
}

void AuthenticatedReply::attach(QNetworkReply *attempt)
{
    if (m_attempt) {
        m_attempt->disconnect(this);
        m_attempt->deleteLater();
    }
    m_attempt = attempt;
    attempt->setParent(this);
    if (readBufferSize() > 0)
        attempt->setReadBufferSize(readBufferSize());
    connect(attempt, &QNetworkReply::metaDataChanged, this, &AuthenticatedReply::onAttemptMetaData);
    connect(attempt, &QNetworkReply::readyRead, this, [this] {
        if (m_stage == Stage::Passing)
            Q_EMIT readyRead();
    });
    connect(attempt, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_stage == Stage::Passing)
            Q_EMIT downloadProgress(received, total);
    });
    connect(attempt, &QNetworkReply::uploadProgress, this, &QNetworkReply::uploadProgress);
    connect(attempt, &QNetworkReply::finished, this, &AuthenticatedReply::onAttemptFinished);
#ifndef QT_NO_SSL
    connect(attempt, &QNetworkReply::sslErrors, this, &QNetworkReply::sslErrors);
    connect(attempt, &QNetworkReply::encrypted, this, &QNetworkReply::encrypted);
#endif
}

void AuthenticatedReply::onAttemptMetaData()
{
    if (m_stage != Stage::Undecided && m_stage != Stage::Passing)
        return;
    if (m_stage == Stage::Passing) {
        copyMetaData(*m_attempt);
        Q_EMIT metaDataChanged();
        return;
    }
    const int status = m_attempt->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 && unauthorizedIsFixable()) {
        m_stage = Stage::HoldingUnauthorized;
        return;
    }
    if (RedirectRule::decide(*m_attempt, request(), m_attemptOperation, m_manager->redirectPolicy(),
                             m_redirects)
                .action
        != RedirectRule::Action::Deliver) {
        m_stage = Stage::HoldingRedirect;
        return;
    }
    pass();
}

bool AuthenticatedReply::unauthorizedIsFixable() const
{
    return !m_retriedUnauthorized && !m_sentAuthorization.isEmpty() && m_body.isReplayable();
}

void AuthenticatedReply::pass()
{
    m_stage = Stage::Passing;
    copyMetaData(*m_attempt);
    Q_EMIT metaDataChanged();
    if (m_attempt->bytesAvailable() > 0)
        Q_EMIT readyRead();
}

void AuthenticatedReply::copyMetaData(const QNetworkReply &from)
{
    for (const QNetworkRequest::Attribute attribute : answerAttributes)
        setAttribute(attribute, from.attribute(attribute));
    for (const QNetworkReply::RawHeaderPair &header : from.rawHeaderPairs())
        setRawHeader(header.first, header.second);
    setUrl(from.url());
}

void AuthenticatedReply::onAttemptFinished()
{
    switch (m_stage) {
    case Stage::HoldingUnauthorized: {
        m_retriedUnauthorized = true;
        const QByteArray current = m_gate->authorizationFor(m_attemptRequest.url());
        if (!current.isEmpty() && current != m_sentAuthorization) {
            // The token changed while this request was out: no refresh needed, just try again.
            send();
            return;
        }
        qCDebug(lcNet) << "401 from" << m_attemptRequest.url().host()
                       << "with the current token; refreshing once";
        m_gate->refreshAfterUnauthorized(this);
        return;
    }
    case Stage::HoldingRedirect:
        onRedirectAnswer();
        return;
    case Stage::Undecided: // finished without headers: connection refused, timeout, abort...
        m_stage = Stage::Passing;
        copyMetaData(*m_attempt);
        break;
    default:
        break;
    }
    if (m_stage == Stage::Passing)
        complete(m_attempt->error(), m_attempt->errorString());
}

void AuthenticatedReply::onRedirectAnswer()
{
    const RedirectRule rule = RedirectRule::decide(*m_attempt, request(), m_attemptOperation,
                                                   m_manager->redirectPolicy(), m_redirects);
    switch (rule.action) {
    case RedirectRule::Action::Deliver:
        pass();
        complete(m_attempt->error(), m_attempt->errorString());
        return;
    case RedirectRule::Action::Refuse:
        copyMetaData(*m_attempt);
        complete(rule.error, rule.error == TooManyRedirectsError
                                     ? tr("Too many redirects")
                                     : tr("Refused to follow a redirect to %1")
                                               .arg(rule.target.toDisplayString(
                                                       QUrl::RemoveUserInfo | QUrl::RemoveQuery)));
        return;
    case RedirectRule::Action::AskCaller:
        Q_EMIT redirected(rule.target);
        return; // follows on redirectAllowed()
    case RedirectRule::Action::Follow:
        Q_EMIT redirected(rule.target);
        follow(rule.target, rule.operation, rule.keepsBody);
        return;
    }
}

void AuthenticatedReply::follow(const QUrl &target, QNetworkAccessManager::Operation operation,
                                bool keepBody)
{
    if (keepBody && !m_body.isReplayable()) {
        pass();
        complete(m_attempt->error(), m_attempt->errorString());
        return;
    }
    ++m_redirects;
    if (!keepBody) {
        m_body.drop();
        m_attemptRequest.setHeader(QNetworkRequest::ContentTypeHeader, QVariant());
        m_attemptRequest.setHeader(QNetworkRequest::ContentLengthHeader, QVariant());
    }
    if (!sameOrigin(m_attemptRequest.url(), target)) {
        // Whoever set it, credentials do not cross origins (as browsers do).
        m_attemptRequest.setRawHeader("Authorization", QByteArray());
    }
    m_attemptRequest.setUrl(target);
    m_attemptOperation = operation;
    m_retriedUnauthorized = false;
    send();
}

void AuthenticatedReply::sessionSettled()
{
    if (m_stage == Stage::Waiting) {
        if (m_gate->session && m_gate->session->hasValidAccessToken())
            send();
        else
            refuse();
        return;
    }
    if (m_stage == Stage::HoldingUnauthorized) {
        const QByteArray now = m_gate->authorizationFor(m_attemptRequest.url());
        if (now.isEmpty() || now == m_sentAuthorization)
            deliverHeld(); // the refresh did not produce a new token
        else
            send();
    }
}

void AuthenticatedReply::deliverHeld()
{
    if (m_stage == Stage::Done || !m_attempt)
        return;
    pass();
    if (m_attempt->isFinished())
        complete(m_attempt->error(), m_attempt->errorString());
}

void AuthenticatedReply::refuse()
{
    const auto [error, text] = m_gate->refusal();
    qCDebug(lcNet) << "request to" << m_attemptRequest.url().host() << "refused:" << error;
    completeLater(error, text);
}

void AuthenticatedReply::completeLater(NetworkError error, const QString &text)
{
    m_stage = Stage::Passing; // nothing else may happen to it now
    // Like a plain reply, never from inside the call that made the request.
    QMetaObject::invokeMethod(
            this, [this, error, text] { complete(error, text); }, Qt::QueuedConnection);
}

void AuthenticatedReply::complete(NetworkError error, const QString &text)
{
    if (m_stage == Stage::Done)
        return;
    m_stage = Stage::Done;
    m_gate->forget(this);
    if (error != NoError) {
        setError(error, text);
        Q_EMIT errorOccurred(error);
    }
    setFinished(true);
    Q_EMIT readChannelFinished();
    Q_EMIT finished();
}

void AuthenticatedReply::abort()
{
    if (m_stage == Stage::Done)
        return;
    if (m_attempt && !m_attempt->isFinished() && m_stage != Stage::HoldingUnauthorized) {
        m_stage = Stage::Passing;
        m_attempt->abort(); // finishes it, with OperationCanceledError, through onAttemptFinished
    }
    complete(OperationCanceledError, tr("Operation canceled"));
}

void AuthenticatedReply::close()
{
    abort();
    QNetworkReply::close();
}

qint64 AuthenticatedReply::bytesAvailable() const
{
    const qint64 pending = m_stage == Stage::Passing || m_stage == Stage::Done
                                   ? (m_attempt ? m_attempt->bytesAvailable() : 0)
                                   : 0;
    return QNetworkReply::bytesAvailable() + pending;
}

qint64 AuthenticatedReply::readData(char *data, qint64 maxSize)
{
    if ((m_stage != Stage::Passing && m_stage != Stage::Done) || !m_attempt)
        return isFinished() ? -1 : 0;
    const qint64 read = m_attempt->read(data, maxSize);
    if (read <= 0)
        return isFinished() && m_attempt->bytesAvailable() == 0 ? -1 : 0;
    return read;
}

void AuthenticatedReply::setReadBufferSize(qint64 size)
{
    QNetworkReply::setReadBufferSize(size);
    if (m_attempt)
        m_attempt->setReadBufferSize(size);
}

void AuthenticatedReply::ignoreSslErrors()
{
    QNetworkReply::ignoreSslErrors();
    if (m_attempt)
        m_attempt->ignoreSslErrors();
}

} // namespace Tessera
