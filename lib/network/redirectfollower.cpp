// SPDX-License-Identifier: BSD-3-Clause
#include "redirectfollower_p.h"

#include "requestbody_p.h"

namespace Tessera {

RedirectRule RedirectFollower::decide(const QNetworkReply &answer, const QNetworkRequest &request,
                                      QNetworkAccessManager::Operation operation,
                                      QNetworkRequest::RedirectPolicy managerPolicy) const
{
    return RedirectRule::decide(answer, request, operation, managerPolicy, m_hops);
}

bool RedirectFollower::follow(const RedirectRule &rule, QNetworkRequest &request,
                              QNetworkAccessManager::Operation &operation, RequestBody &body)
{
    if (rule.keepsBody && !body.rewind())
        return false;
    ++m_hops;
    if (!rule.keepsBody || !body.device()) {
        body.drop();
        request.setHeader(QNetworkRequest::ContentTypeHeader, QVariant());
        request.setHeader(QNetworkRequest::ContentLengthHeader, QVariant());
    }
    if (!sameOrigin(request.url(), rule.target)) {
        // Whoever set them, credentials do not cross origins (as browsers and curl do).
        request.setRawHeader("Authorization", QByteArray());
        request.setRawHeader("Cookie", QByteArray());
    }
    request.setUrl(rule.target);
    operation = rule.operation;
    return true;
}

} // namespace Tessera
