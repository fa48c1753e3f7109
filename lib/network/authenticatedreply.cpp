// SPDX-License-Identifier: BSD-3-Clause
#include "authenticatedreply_p.h"

#include "logging_p.h"
#include "networkaccessmanager_p.h"

#include <Tessera/networkaccessmanager.h>

#include <QPointer>

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

qint64 declaredLength(const QNetworkRequest &request)
{
    const QVariant length = request.header(QNetworkRequest::ContentLengthHeader);
    return length.isValid() ? length.toLongLong() : -1;
}
} // namespace

AuthenticatedReply::AuthenticatedReply(NetworkAccessManagerPrivate *gate,
                                       QNetworkAccessManager::Operation operation,
                                       const QNetworkRequest &request, QIODevice *body)
    : ReplyRelay(gate->q)
    , m_gate(gate)
    , m_attemptRequest(request)
    , m_attemptOperation(operation)
    , m_body(body, body && body->isSequential() ? declaredLength(request) : -1)
{
    setRequest(request);
    setOperation(operation);
    setUrl(request.url());
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    // Redirects are followed here, so that the bearer never follows one off the API origins.
    m_attemptRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                  QNetworkRequest::ManualRedirectPolicy);
    // Attempts are deleted by this reply, never by the manager's autoDeleteReplies().
    if (gate->q->autoDeleteReplies()
        || request.attribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute).isValid())
        m_attemptRequest.setAttribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute, false);
    gate->enlist(this);
}

AuthenticatedReply::~AuthenticatedReply()
{
    dropAttempt(); // before the body it may still read from
    if (m_gate) {
        m_gate->forget(this);
        m_gate->delist(this);
    }
}

void AuthenticatedReply::dispatch()
{
    if (m_stage == Stage::Done || !m_gate)
        return;
    if (m_attempts++ > 0 && !m_body.rewind()) {
        complete(ContentReSendError, tr("The request body cannot be sent again"));
        return;
    }
    m_waitTimer.stop();
    m_sentAuthorization.clear();
    if (m_gate->session && m_gate->isApiOrigin(m_attemptRequest.url())
        && m_gate->session->authorize(m_attemptRequest))
        m_sentAuthorization = m_attemptRequest.rawHeader("Authorization");
    m_stage = Stage::Undecided;
    attach(m_gate->sendAttempt(m_attemptOperation, m_attemptRequest, m_body.device()));
}

void AuthenticatedReply::attach(QNetworkReply *next)
{
    setAttempt(next, m_attemptRequest);
    connect(next, &QNetworkReply::finished, this, &AuthenticatedReply::onAttemptFinished);
}

void AuthenticatedReply::onAttemptMetaData()
{
    if (m_stage == Stage::Passing) {
        copyMetaData(*attempt());
        Q_EMIT metaDataChanged();
        return;
    }
    if (m_stage == Stage::Undecided)
        decide();
}

void AuthenticatedReply::onStreamingWanted()
{
    if (m_stage != Stage::Undecided
        || !attempt()->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        return;
    // Its headers came while nobody watched: decide now, from the event loop. Only for this
    // attempt: if its finished() was already queued, a redirect or a retry may have replaced
    // it by then with one whose headers are not in yet.
    const QPointer<QNetworkReply> watched = attempt();
    QMetaObject::invokeMethod(
            this,
            [this, watched] {
                if (m_stage == Stage::Undecided && watched && attempt() == watched)
                    decide();
            },
            Qt::QueuedConnection);
}

// The attempt's headers are in: hold it (a 401 to fix, a redirect to follow) or pass it on.
void AuthenticatedReply::decide()
{
    const int status = attempt()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 && !m_retriedUnauthorized && !m_sentAuthorization.isEmpty()) {
        m_stage = Stage::HoldingUnauthorized; // decided when the attempt finishes
        return;
    }
    if (status >= 300 && status < 400
        && m_redirects.decide(*attempt(), request(), m_attemptOperation, managerRedirectPolicy())
                           .action
                   != RedirectRule::Action::Deliver) {
        m_stage = Stage::HoldingRedirect;
        return;
    }
    pass();
}

QNetworkRequest::RedirectPolicy AuthenticatedReply::managerRedirectPolicy() const
{
    return m_gate ? m_gate->q->redirectPolicy() : QNetworkRequest::NoLessSafeRedirectPolicy;
}

void AuthenticatedReply::pass()
{
    m_stage = Stage::Passing;
    passAttempt();
    copyMetaData(*attempt());
    Q_EMIT metaDataChanged();
    if (attempt()->bytesAvailable() > 0)
        Q_EMIT readyRead();
}

void AuthenticatedReply::copyMetaData(const QNetworkReply &from)
{
    for (const QNetworkRequest::Attribute attribute : answerAttributes) {
        const QVariant value = from.attribute(attribute);
        if (value.isValid() || attribute == QNetworkRequest::RedirectionTargetAttribute)
            setAttribute(attribute, value);
    }
    for (const QNetworkReply::RawHeaderPair &header : from.rawHeaderPairs())
        setRawHeader(header.first, header.second);
    setUrl(from.url());
}

void AuthenticatedReply::onAttemptFinished()
{
    if (m_stage == Stage::Undecided
        && attempt()->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) {
        decide(); // nobody watched it arrive: its headers are looked at now
        if (m_stage == Stage::Done)
            return; // aborted from a slot
    } else if (m_stage == Stage::Passing && !isRelayingMetaData()) {
        copyMetaData(*attempt()); // what changed since it was passed on, unwatched
    }
    switch (m_stage) {
    case Stage::HoldingUnauthorized:
        onUnauthorizedFinished();
        return;
    case Stage::HoldingRedirect:
        onRedirectAnswer();
        return;
    case Stage::Undecided: // finished without headers: connection refused, timeout, abort...
        m_stage = Stage::Passing;
        copyMetaData(*attempt());
        break;
    default:
        break;
    }
    if (m_stage == Stage::Passing)
        complete(attempt()->error(), attempt()->errorString());
}

void AuthenticatedReply::onUnauthorizedFinished()
{
    m_retriedUnauthorized = true;
    // Whether the body can go again is known only by trying, now that the attempt is done.
    if (!m_gate || !m_body.rewind()) {
        qCDebug(lcNet) << "401 from" << m_attemptRequest.url().host()
                       << "delivered: the request body cannot be sent again";
        deliverHeld();
        return;
    }
    const QByteArray current = m_gate->authorizationFor(m_attemptRequest.url());
    if (!current.isEmpty() && current != m_sentAuthorization) {
        // The token changed while this request was out: no refresh needed, just try again.
        m_gate->admit(this);
        return;
    }
    qCDebug(lcNet) << "401 from" << m_attemptRequest.url().host()
                   << "with the current token; refreshing once";
    m_gate->refreshAfterUnauthorized(this);
}

// A redirect held for the end of its attempt: refused, delivered, asked about or followed.
void AuthenticatedReply::onRedirectAnswer()
{
    const RedirectRule rule =
            m_redirects.decide(*attempt(), request(), m_attemptOperation, managerRedirectPolicy());
    switch (rule.action) {
    case RedirectRule::Action::Deliver:
        deliverHeld();
        return;
    case RedirectRule::Action::Refuse:
        copyMetaData(*attempt());
        complete(rule.error, rule.error == TooManyRedirectsError
                                     ? tr("Too many redirects")
                                     : tr("Refused to follow a redirect to %1")
                                               .arg(rule.target.toDisplayString(
                                                       QUrl::RemoveUserInfo | QUrl::RemoveQuery)));
        return;
    case RedirectRule::Action::AskCaller:
        m_askingCaller = true;
        if (!m_redirectAllowedConnected) {
            m_redirectAllowedConnected = true;
            connect(this, &QNetworkReply::redirectAllowed, this,
                    &AuthenticatedReply::onRedirectAllowed);
        }
        Q_EMIT redirected(rule.target);
        return; // follows on redirectAllowed()
    case RedirectRule::Action::Follow:
        Q_EMIT redirected(rule.target);
        if (m_stage == Stage::HoldingRedirect) // not aborted from a slot
            follow(rule);
        return;
    }
}

void AuthenticatedReply::onRedirectAllowed()
{
    if (m_stage != Stage::HoldingRedirect || !m_askingCaller || !attempt())
        return;
    m_askingCaller = false;
    const RedirectRule rule =
            m_redirects.decide(*attempt(), request(), m_attemptOperation, managerRedirectPolicy());
    follow(rule);
}

// The next hop of a redirect, sent like the first attempt.
void AuthenticatedReply::follow(const RedirectRule &rule)
{
    if (!m_gate || !m_redirects.follow(rule, m_attemptRequest, m_attemptOperation, m_body)) {
        deliverHeld(); // a 307/308 whose body cannot be sent again is the caller's
        return;
    }
    m_retriedUnauthorized = false;
    m_stage = Stage::Waiting;
    if (m_gate->isApiOrigin(rule.target))
        m_gate->admit(this); // a hop onto an API origin waits for a fresh token like any other
    else
        dispatch();
}

void AuthenticatedReply::startWaiting()
{
    // A plain reply gives up after transferTimeout() without progress; so does the wait.
    int timeout = m_attemptRequest.transferTimeout();
    if (timeout == 0 && m_gate)
        timeout = m_gate->q->transferTimeout();
    if (timeout > 0 && !m_waitTimer.isActive())
        m_waitTimer.start(timeout, Qt::PreciseTimer, this);
}

void AuthenticatedReply::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_waitTimer.timerId())
        return QNetworkReply::timerEvent(event);
    m_waitTimer.stop();
    qCDebug(lcNet) << "request to" << m_attemptRequest.url().host()
                   << "waited for the session past its transfer timeout";
    complete(OperationCanceledError, tr("Operation canceled"));
}

void AuthenticatedReply::sessionSettled()
{
    if (m_stage == Stage::Waiting) {
        if (m_gate && m_gate->session && m_gate->session->hasValidAccessToken())
            dispatch();
        else
            refuse();
        return;
    }
    if (m_stage == Stage::HoldingUnauthorized) {
        const QByteArray now =
                m_gate ? m_gate->authorizationFor(m_attemptRequest.url()) : QByteArray();
        if (now.isEmpty() || now == m_sentAuthorization)
            deliverHeld(); // the refresh did not produce a new token
        else
            dispatch();
    }
}

void AuthenticatedReply::deliverHeld()
{
    if (m_stage == Stage::Done || !attempt())
        return;
    pass();
    if (!attempt()->isFinished() || m_stage != Stage::Passing)
        return;
    // The attempt's progress was held back with it: one report of all of it, as a plain reply
    // that got this answer quickly would have made.
    const qint64 received = attempt()->bytesAvailable();
    const QVariant length = attempt()->header(QNetworkRequest::ContentLengthHeader);
    Q_EMIT downloadProgress(received, length.isValid() ? length.toLongLong() : received);
    if (m_stage == Stage::Passing)
        complete(attempt()->error(), attempt()->errorString());
}

void AuthenticatedReply::refuse()
{
    const auto [error, text] =
            m_gate ? m_gate->refusal()
                   : std::pair {AuthenticationRequiredError, tr("The session is gone")};
    qCDebug(lcNet) << "request to" << m_attemptRequest.url().host() << "refused:" << error;
    completeLater(error, text);
}

void AuthenticatedReply::completeLater(NetworkError error, const QString &text)
{
    m_stage = Stage::Passing; // nothing else may happen to it now
    m_waitTimer.stop();
    if (m_gate)
        m_gate->forget(this);
    // Like a plain reply, never from inside the call that made the request.
    QMetaObject::invokeMethod(
            this, [this, error, text] { complete(error, text); }, Qt::QueuedConnection);
}

void AuthenticatedReply::complete(NetworkError error, const QString &text)
{
    if (m_stage == Stage::Done)
        return;
    m_stage = Stage::Done;
    m_waitTimer.stop();
    if (m_gate)
        m_gate->forget(this);
    if (error != NoError) {
        setError(error, text);
        Q_EMIT errorOccurred(error);
    }
    setFinished(true);
    Q_EMIT readChannelFinished();
    Q_EMIT finished();
    // The manager deletes the reply if its request asks for it; its own autoDeleteReplies()
    // reaches only the requests it makes itself (the attempts), so it is honoured here.
    if (m_gate && m_gate->q->autoDeleteReplies()
        && request().attribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute).isNull())
        deleteLater();
}

void AuthenticatedReply::detach()
{
    // The attempt belongs to the manager's machinery: it goes with it. The reply finishes now,
    // while the base class (whose connection to finished() is made with the reply as context,
    // not the manager) is still whole; it never emits finished() again. A finished answer
    // stays readable: what the caller has not read yet is kept.
    keepUnreadAnswer();
    dropAttempt();
    // And the attempts it replaced, whose deleteLater() has not come yet: the manager's
    // destructor deletes every reply in its tree, and would delete them a second time.
    qDeleteAll(findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly));
    m_gate = nullptr;
    complete(OperationCanceledError, tr("Operation canceled"));
}

void AuthenticatedReply::abort()
{
    if (m_stage == Stage::Done)
        return;
    abortAttempt();
    complete(OperationCanceledError, tr("Operation canceled"));
}

void AuthenticatedReply::close()
{
    // As a plain reply: once finished, close() leaves the answer readable.
    if (m_stage == Stage::Done)
        return;
    abort();
    QNetworkReply::close();
}

} // namespace Tessera
