// SPDX-License-Identifier: BSD-3-Clause
#include "controlendpoints.h"

#include "apiendpoints.h"
#include "devstate.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

using Handler = HttpResponse (ControlEndpoints::*)(const HttpRequestData &);

HttpResponse badRequest(const QString &message)
{
    return HttpResponse::error(400, u"bad_request"_s, message);
}

} // namespace

ControlEndpoints::ControlEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse ControlEndpoints::handle(const HttpRequestData &request)
{
    struct Route
    {
        const char *method;
        QLatin1StringView path;
        Handler handler;
    };
    static const std::array<Route, 15> routes {{
            {"GET", "/_dev/stats"_L1, &ControlEndpoints::stats},
            {"GET", "/_dev/revoke-requests"_L1, &ControlEndpoints::revokeRequests},
            {"POST", "/_dev/stats/reset"_L1, &ControlEndpoints::resetStats},
            {"GET", "/_dev/config"_L1, &ControlEndpoints::config},
            {"POST", "/_dev/config"_L1, &ControlEndpoints::updateConfig},
            {"GET", "/_dev/faults"_L1, &ControlEndpoints::listFaults},
            {"POST", "/_dev/faults"_L1, &ControlEndpoints::addFault},
            {"DELETE", "/_dev/faults"_L1, &ControlEndpoints::clearFaults},
            {"POST", "/_dev/inspect"_L1, &ControlEndpoints::inspect},
            {"POST", "/_dev/revoke-user"_L1, &ControlEndpoints::revokeUser},
            {"POST", "/_dev/revoke-access-tokens"_L1, &ControlEndpoints::revokeAccessTokens},
            {"GET", "/_dev/second-origin/last-headers"_L1, &ControlEndpoints::secondOriginHeaders},
            {"POST", "/_dev/reset"_L1, &ControlEndpoints::reset},
            {"GET", "/_dev/echo-headers"_L1, &ControlEndpoints::echoHeaders},
            {"POST", "/_dev/device/expire"_L1, &ControlEndpoints::expireDeviceCodes},
    }};
    QByteArray allowed;
    for (const Route &route : routes) {
        if (route.path != request.path)
            continue;
        if (request.method == route.method)
            return (this->*route.handler)(request);
        allowed += (allowed.isEmpty() ? "" : ", ") + QByteArray(route.method);
    }
    if (allowed.isEmpty())
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    return HttpResponse::error(405, u"method_not_allowed"_s, u"Method not allowed"_s)
            .withHeader("Allow", allowed);
}

HttpResponse ControlEndpoints::stats(const HttpRequestData &)
{
    return HttpResponse::json(200, m_state.stats.toJson());
}

HttpResponse ControlEndpoints::revokeRequests(const HttpRequestData &)
{
    return HttpResponse::json(
            200, QJsonObject {{u"requests"_s,
                               QJsonArray::fromStringList(m_state.stats.revokeRequests)}});
}

HttpResponse ControlEndpoints::resetStats(const HttpRequestData &)
{
    m_state.stats = Stats();
    return HttpResponse::json(200, m_state.stats.toJson());
}

HttpResponse ControlEndpoints::config(const HttpRequestData &)
{
    return HttpResponse::json(200, m_state.config.toJson());
}

HttpResponse ControlEndpoints::updateConfig(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    if (!body)
        return badRequest(u"The request body must be a JSON object"_s);
    QString error;
    if (!m_state.config.apply(*body, &error))
        return badRequest(error);
    return HttpResponse::json(200, m_state.config.toJson());
}

HttpResponse ControlEndpoints::listFaults(const HttpRequestData &)
{
    return HttpResponse::json(200, QJsonObject {{u"faults"_s, m_state.faults.toJson()}});
}

HttpResponse ControlEndpoints::addFault(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    if (!body)
        return badRequest(u"The request body must be a JSON object"_s);
    QString error;
    const auto fault = Fault::fromJson(*body, &error);
    if (!fault)
        return badRequest(error);
    m_state.faults.append(*fault);
    return HttpResponse::json(200, QJsonObject {{u"faults"_s, m_state.faults.toJson()}});
}

HttpResponse ControlEndpoints::clearFaults(const HttpRequestData &)
{
    return HttpResponse::json(200, QJsonObject {{u"cleared"_s, m_state.faults.clear()}});
}

HttpResponse ControlEndpoints::inspect(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    if (!body)
        return badRequest(u"The request body must be a JSON object"_s);
    const bool hasRefresh = body->value("refresh_token"_L1).isString();
    const bool hasAccess = body->value("access_token"_L1).isString();
    if (hasRefresh == hasAccess)
        return badRequest(u"Give exactly one of refresh_token or access_token (strings)"_s);
    const QString state = hasRefresh ? m_state.tokens.refreshTokenState(
                                  body->value("refresh_token"_L1).toString().toUtf8())
                                     : m_state.tokens.accessTokenState(
                                             body->value("access_token"_L1).toString().toUtf8());
    return HttpResponse::json(200, QJsonObject {{u"state"_s, state}});
}

HttpResponse ControlEndpoints::revokeUser(const HttpRequestData &request)
{
    const auto body = request.jsonObject();
    const QString user = body ? body->value("user"_L1).toString() : QString();
    if (user.isEmpty())
        return badRequest(u"user (string) is required"_s);
    const int revoked = m_state.tokens.revokeUser(user);
    m_state.stats.revocations += revoked;
    return HttpResponse::json(200,
                              QJsonObject {{u"user"_s, user}, {u"revoked_families"_s, revoked}});
}

HttpResponse ControlEndpoints::revokeAccessTokens(const HttpRequestData &)
{
    const int revoked = m_state.tokens.revokeAccessTokens();
    return HttpResponse::json(200, QJsonObject {{u"revoked_access_tokens"_s, revoked}});
}

HttpResponse ControlEndpoints::secondOriginHeaders(const HttpRequestData &)
{
    return HttpResponse::json(200, m_state.secondOrigin.toJson());
}

HttpResponse ControlEndpoints::echoHeaders(const HttpRequestData &request)
{
    const QJsonObject headers = ApiEndpoints::headersOf(request);
    return HttpResponse::json(200, QJsonObject {{u"headers"_s, headers},
                                                {u"authorization_present"_s,
                                                 !request.header("authorization").isNull()}});
}

HttpResponse ControlEndpoints::expireDeviceCodes(const HttpRequestData &request)
{
    QString userCode; // empty: every device code
    if (!request.body.trimmed().isEmpty()) {
        const auto body = request.jsonObject();
        const QJsonValue value = body ? body->value("user_code"_L1) : QJsonValue();
        if (!body || !(value.isString() || value.isUndefined()))
            return badRequest(u"Send {\"user_code\":\"…\"}, {} or nothing"_s);
        userCode = value.toString();
    }
    const int expired = m_state.pending.expireDeviceCodes(userCode);
    return HttpResponse::json(200, QJsonObject {{u"expired"_s, expired}});
}

HttpResponse ControlEndpoints::reset(const HttpRequestData &)
{
    m_state.reset();
    return HttpResponse::json(200, m_state.config.toJson());
}

} // namespace Tessera::DevServer
