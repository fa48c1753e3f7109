// SPDX-License-Identifier: BSD-3-Clause
#include "stats.h"

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

QJsonObject Stats::toJson() const
{
    return QJsonObject {
            {u"logins"_s, logins},
            {u"login_failures"_s, loginFailures},
            {u"refreshes"_s, refreshes},
            {u"refresh_failures"_s, refreshFailures},
            {u"reuse_detections"_s, reuseDetections},
            {u"revocations"_s, revocations},
            {u"logouts"_s, logouts},
            {u"api_requests"_s, apiRequests},
            {u"api_unauthorized"_s, apiUnauthorized},
            {u"authorizations"_s, authorizations},
            {u"device_authorizations"_s, deviceAuthorizations},
            {u"code_exchanges"_s, codeExchanges},
            {u"device_polls"_s, devicePolls},
    };
}

} // namespace Tessera::DevServer
