// SPDX-License-Identifier: BSD-3-Clause
// AuthenticatedReply following a redirect itself: refused, delivered, asked about or followed,
// each hop onto an API origin admitted like a first attempt.
#include "authenticatedreply_p.h"

#include "networkaccessmanager_p.h"
#include "redirectrule_p.h"

namespace Tessera {

void AuthenticatedReply::onRedirectAnswer()
{
    const RedirectRule rule = RedirectRule::decide(*m_attempt, request(), m_attemptOperation,
                                                   managerRedirectPolicy(), m_redirects);
    switch (rule.action) {
    case RedirectRule::Action::Deliver:
        deliverHeld();
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
            follow(rule.target, rule.operation, rule.keepsBody);
        return;
    }
}

void AuthenticatedReply::onRedirectAllowed()
{
    if (m_stage != Stage::HoldingRedirect || !m_askingCaller || !m_attempt)
        return;
    m_askingCaller = false;
    const RedirectRule rule = RedirectRule::decide(*m_attempt, request(), m_attemptOperation,
                                                   managerRedirectPolicy(), m_redirects);
    follow(rule.target, rule.operation, rule.keepsBody);
}

void AuthenticatedReply::follow(const QUrl &target, QNetworkAccessManager::Operation operation,
                                bool keepBody)
{
    if (!m_gate || (keepBody && !m_body.rewind())) {
        deliverHeld(); // a 307/308 whose body cannot be sent again is the caller's
        return;
    }
    ++m_redirects;
    if (!keepBody || !m_body.device()) {
        m_body.drop();
        m_attemptRequest.setHeader(QNetworkRequest::ContentTypeHeader, QVariant());
        m_attemptRequest.setHeader(QNetworkRequest::ContentLengthHeader, QVariant());
    }
    if (!sameOrigin(m_attemptRequest.url(), target)) {
        // Whoever set them, credentials do not cross origins (as browsers and curl do).
        m_attemptRequest.setRawHeader("Authorization", QByteArray());
        m_attemptRequest.setRawHeader("Cookie", QByteArray());
    }
    m_attemptRequest.setUrl(target);
    m_attemptOperation = operation;
    m_retriedUnauthorized = false;
    m_stage = Stage::Waiting;
    if (m_gate->isApiOrigin(target))
        m_gate->admit(this); // a hop onto an API origin waits for a fresh token like any other
    else
        dispatch();
}

} // namespace Tessera
