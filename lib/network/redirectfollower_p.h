// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "redirectrule_p.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Tessera {

class RequestBody;

/*!
 * \brief The redirects of one request, followed hop by hop: each redirect answer is decided by
 * RedirectRule with the hops followed so far, and the request is rewritten for the next hop:
 * its URL and operation; its body kept (307, 308) or dropped, with its Content-Type and
 * Content-Length; its Authorization and Cookie headers dropped when the hop leaves the
 * origin, whoever set them (as browsers and curl do).
 *
 * What the reply does about a redirect (deliver it, refuse it, ask the caller, admit the next
 * hop) is AuthenticatedReply's.
 */
class RedirectFollower
{
public:
    /*!
     * \brief What to do with \a answer, the answer of the hop sent as \a operation, for the
     * request the caller made (\a request: its redirect policy and limit), under the manager's
     * \a managerPolicy.
     */
    RedirectRule decide(const QNetworkReply &answer, const QNetworkRequest &request,
                        QNetworkAccessManager::Operation operation,
                        QNetworkRequest::RedirectPolicy managerPolicy) const;
    /*!
     * \brief Turns \a request, \a operation and \a body (those of the hop that was redirected)
     * into the next hop's, to \a rule's target. False, with nothing changed, if \a rule keeps
     * the body and it cannot be sent again.
     */
    bool follow(const RedirectRule &rule, QNetworkRequest &request,
                QNetworkAccessManager::Operation &operation, RequestBody &body);

private:
    int m_hops = 0;
};

} // namespace Tessera
