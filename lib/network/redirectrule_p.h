// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Tessera {

/*!
 * \brief What to do with a redirect answer, the way QNetworkAccessManager itself would: the
 * request's RedirectPolicyAttribute (else the manager's policy), at most
 * maximumRedirectsAllowed() hops (then TooManyRedirectsError), only to http and https
 * (else ProtocolUnknownError), never https to http under NoLessSafeRedirectPolicy nor off the
 * origin under SameOriginRedirectPolicy (InsecureRedirectError); 301, 302 and 303 go on as a
 * GET without a body (HEAD stays HEAD), 307 and 308 keep the verb and the body.
 */
struct TESSERACORE_AUTOTEST_EXPORT RedirectRule
{
    enum class Action {
        Deliver, //!< not a redirect to follow: hand the answer to the caller
        Follow, //!< send the request again to target
        AskCaller, //!< UserVerifiedRedirectPolicy: emit redirected(), follow on redirectAllowed()
        Refuse, //!< fail with error
    };

    Action action = Action::Deliver;
    QUrl target;
    QNetworkAccessManager::Operation operation = QNetworkAccessManager::GetOperation;
    bool keepsBody = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    /*!
     * \param answer the attempt's reply, finished, with its status and Location
     * \param operation the attempt's operation; \a request its request
     * \param redirectsSoFar hops already followed
     */
    static RedirectRule decide(const QNetworkReply &answer, const QNetworkRequest &request,
                               QNetworkAccessManager::Operation operation,
                               QNetworkRequest::RedirectPolicy managerPolicy, int redirectsSoFar);
};

/*! \brief True if \a a and \a b have the same scheme, host and port. */
TESSERACORE_AUTOTEST_EXPORT bool sameOrigin(const QUrl &a, const QUrl &b);

} // namespace Tessera
