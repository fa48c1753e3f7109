// SPDX-License-Identifier: BSD-3-Clause
// RedirectRule::decide(): what NetworkAccessManager does with an answer that may be a redirect,
// for a request that may carry the bearer token, so a wrong "Follow" would send the token
// where it must not go.
//
// Input: five bytes, then "from URL\nLocation". The bytes pick the status (mostly the five
// redirect codes), the operation, the request's and the manager's redirect policy, the hops
// followed so far and the request's maximum. The URL the request went to is read like a URL an
// app passes in; the Location like Qt's HTTP backend reads the header (QUrl::fromEncoded).
#include "fuzz_common.h"

#include "cannedreply.h"
#include "redirectrule_p.h"

using namespace Tessera;
using Tessera::Test::CannedReply;
using Action = RedirectRule::Action;
using Operation = QNetworkAccessManager::Operation;

namespace {

int statusFrom(quint8 byte)
{
    static constexpr int statuses[] = {301, 302, 303, 307, 308, 200, 304, 300};
    return byte < 0xf0 ? statuses[byte % std::size(statuses)] : 290 + (byte & 0x0f) * 2;
}

bool isHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

} // namespace

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    TesseraFuzz::Input input(data, size);
    const int status = statusFrom(input.byte());
    const auto operation = Operation(input.byte() % (QNetworkAccessManager::CustomOperation + 1));
    const quint8 policies = input.byte();
    const auto managerPolicy = QNetworkRequest::RedirectPolicy(policies & 3);
    const int requestPolicy = (policies >> 2) % 5 - 1; // -1: the request sets none
    const int redirectsSoFar = input.byte() % 64;
    const int maximum = input.byte() % 64;
    const QUrl from(QString::fromUtf8(input.until('\n')));
    const QUrl location = QUrl::fromEncoded(input.rest());

    QNetworkRequest request(from);
    request.setMaximumRedirectsAllowed(maximum);
    if (requestPolicy >= 0)
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, requestPolicy);
    const CannedReply answer(from, status, location);
    const RedirectRule rule =
            RedirectRule::decide(answer, request, operation, managerPolicy, redirectsSoFar);
    const auto policy =
            requestPolicy >= 0 ? QNetworkRequest::RedirectPolicy(requestPolicy) : managerPolicy;

    switch (rule.action) {
    case Action::Deliver:
        FUZZ_CHECK(rule.error == QNetworkReply::NoError);
        break;
    case Action::Refuse:
        FUZZ_CHECK(rule.error != QNetworkReply::NoError);
        break;
    case Action::Follow:
    case Action::AskCaller:
        // Never off http(s), past the hop limit, down from https to http under NoLessSafe, or
        // off the origin under SameOrigin; 303 never keeps a body.
        FUZZ_CHECK(rule.error == QNetworkReply::NoError);
        FUZZ_CHECK(isHttp(rule.target));
        FUZZ_CHECK(redirectsSoFar < maximum);
        FUZZ_CHECK(policy != QNetworkRequest::ManualRedirectPolicy);
        FUZZ_CHECK((rule.action == Action::AskCaller)
                   == (policy == QNetworkRequest::UserVerifiedRedirectPolicy));
        if (policy == QNetworkRequest::NoLessSafeRedirectPolicy
            && from.scheme() == QLatin1String("https"))
            FUZZ_CHECK(rule.target.scheme() == QLatin1String("https"));
        if (policy == QNetworkRequest::SameOriginRedirectPolicy)
            FUZZ_CHECK(sameOrigin(from, rule.target));
        if (status == 303)
            FUZZ_CHECK(!rule.keepsBody);
        break;
    }
    // sameOrigin() is an equivalence: reflexive and symmetric.
    FUZZ_CHECK(sameOrigin(from, from));
    FUZZ_CHECK(sameOrigin(from, location) == sameOrigin(location, from));
    return 0;
}
