// SPDX-License-Identifier: BSD-3-Clause
#include "redirectrule_p.h"

namespace Tessera {

namespace {
int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}
} // namespace

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
           && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

RedirectRule RedirectRule::decide(const QNetworkReply &answer, const QNetworkRequest &request,
                                  QNetworkAccessManager::Operation operation,
                                  QNetworkRequest::RedirectPolicy managerPolicy, int redirectsSoFar)
{
    RedirectRule rule;
    const int status = answer.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl location = answer.attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    const bool redirect =
            status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (!redirect || !location.isValid() || answer.error() != QNetworkReply::NoError)
        return rule;

    const QVariant requested = request.attribute(QNetworkRequest::RedirectPolicyAttribute);
    const auto policy = requested.isValid() ? QNetworkRequest::RedirectPolicy(requested.toInt())
                                            : managerPolicy;
    if (policy == QNetworkRequest::ManualRedirectPolicy)
        return rule;

    // The checks in QNetworkAccessManager's order, with its error codes.
    rule.target = answer.url().resolved(location);
    rule.action = Action::Refuse;
    if (redirectsSoFar >= request.maximumRedirectsAllowed()) {
        rule.error = QNetworkReply::TooManyRedirectsError;
        return rule;
    }
    const QString scheme = rule.target.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        rule.error = QNetworkReply::ProtocolUnknownError;
        return rule;
    }
    const bool downgrade =
            answer.url().scheme() == QLatin1String("https") && scheme == QLatin1String("http");
    if ((policy == QNetworkRequest::NoLessSafeRedirectPolicy && downgrade)
        || (policy == QNetworkRequest::SameOriginRedirectPolicy
            && !sameOrigin(answer.url(), rule.target))) {
        rule.error = QNetworkReply::InsecureRedirectError;
        return rule;
    }

    // 307 and 308 keep the verb and the body; the others go on as a GET without a body (HEAD
    // stays HEAD), as QNetworkAccessManager's own redirects do.
    rule.keepsBody = status == 307 || status == 308;
    rule.operation = rule.keepsBody || operation == QNetworkAccessManager::HeadOperation
                             ? operation
                             : QNetworkAccessManager::GetOperation;
    rule.action = policy == QNetworkRequest::UserVerifiedRedirectPolicy ? Action::AskCaller
                                                                        : Action::Follow;
    return rule;
}

} // namespace Tessera
