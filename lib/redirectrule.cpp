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

    rule.target = answer.url().resolved(location);
    if (redirectsSoFar >= request.maximumRedirectsAllowed()) {
        rule.action = Action::Refuse;
        rule.error = QNetworkReply::TooManyRedirectsError;
        return rule;
    }
    const QString scheme = rule.target.scheme().toLower();
    const bool downgrade =
            answer.url().scheme() == QLatin1String("https") && scheme == QLatin1String("http");
    if ((scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || (policy == QNetworkRequest::NoLessSafeRedirectPolicy && downgrade)
        || (policy == QNetworkRequest::SameOriginRedirectPolicy
            && !sameOrigin(answer.url(), rule.target))) {
        rule.action = Action::Refuse;
        rule.error = QNetworkReply::InsecureRedirectError;
        return rule;
    }

    rule.operation = operation;
    rule.keepsBody = status == 307 || status == 308;
    const bool becomesGet = (status == 303 && operation != QNetworkAccessManager::HeadOperation)
                            || ((status == 301 || status == 302)
                                && operation == QNetworkAccessManager::PostOperation);
    if (becomesGet) {
        rule.operation = QNetworkAccessManager::GetOperation;
        rule.keepsBody = false;
    }
    rule.action = policy == QNetworkRequest::UserVerifiedRedirectPolicy ? Action::AskCaller
                                                                        : Action::Follow;
    return rule;
}

} // namespace Tessera
