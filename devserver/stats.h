// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QStringList>

namespace Tessera::DevServer {

// Counters reported by GET /_dev/stats. Both dialects count together.
struct Stats
{
    qint64 logins = 0;
    qint64 loginFailures = 0;
    qint64 refreshes = 0;
    qint64 refreshFailures = 0;
    qint64 reuseDetections = 0;
    qint64 revocations = 0;
    qint64 logouts = 0;
    qint64 apiRequests = 0;
    qint64 apiUnauthorized = 0;
    qint64 authorizations = 0; // authorization codes issued
    qint64 deviceAuthorizations = 0; // device codes issued
    qint64 codeExchanges = 0; // authorization_code grant requests, whatever their outcome
    qint64 devicePolls = 0; // device_code grant requests, whatever their outcome
    // /oauth/revoke calls in order, by the kind of token each carried (GET
    // /_dev/revoke-requests); not part of toJson()
    QStringList revokeRequests;

    QJsonObject toJson() const;
};

} // namespace Tessera::DevServer
