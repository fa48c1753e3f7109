// SPDX-License-Identifier: BSD-3-Clause
#include "discoveryendpoints.h"

#include "devstate.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

DiscoveryEndpoints::DiscoveryEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse DiscoveryEndpoints::handle(const HttpRequestData &request)
{
    using Discovery = RuntimeConfig::Discovery;
    const Discovery mode = m_state.config.discovery;
    const bool known = request.path == "/.well-known/openid-configuration"_L1
                       || request.path == "/.well-known/oauth-authorization-server"_L1;
    if (!known || mode == Discovery::Missing)
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    if (request.method != "GET" && request.method != "HEAD")
        return HttpResponse::error(405, u"method_not_allowed"_s, u"Use GET"_s)
                .withHeader("Allow", "GET, HEAD");
    if (mode == Discovery::Malformed) {
        // Cut off in the middle: no JSON parser accepts it.
        return HttpResponse {200,
                             "application/json",
                             "{\"issuer\":\"" + m_state.issuer().toUtf8()
                                     + "\",\"token_endpoint\":",
                             {}};
    }
    return HttpResponse::json(200, document());
}

QJsonObject DiscoveryEndpoints::document() const
{
    using Discovery = RuntimeConfig::Discovery;
    const Discovery mode = m_state.config.discovery;
    const QString base = m_state.baseUrl();
    QJsonObject document {
            {u"issuer"_s, m_state.issuer()},
            {u"authorization_endpoint"_s, base + "/oauth/authorize"_L1},
            {u"token_endpoint"_s, base + "/oauth/token"_L1},
            {u"revocation_endpoint"_s, base + "/oauth/revoke"_L1},
            {u"response_types_supported"_s, QJsonArray {u"code"_s}},
            {u"grant_types_supported"_s,
             QJsonArray {u"authorization_code"_s, u"refresh_token"_s, u"password"_s,
                         u"urn:ietf:params:oauth:grant-type:device_code"_s}},
            {u"code_challenge_methods_supported"_s, QJsonArray {u"S256"_s}},
            {u"scopes_supported"_s,
             QJsonArray {u"openid"_s, u"profile"_s, u"email"_s, u"offline_access"_s}},
            {u"token_endpoint_auth_methods_supported"_s,
             QJsonArray {u"none"_s, u"client_secret_post"_s, u"client_secret_basic"_s}},
            {u"subject_types_supported"_s, QJsonArray {u"public"_s}},
            {u"id_token_signing_alg_values_supported"_s, QJsonArray {u"HS256"_s}},
            {u"authorization_response_iss_parameter_supported"_s, mode != Discovery::NoIss},
    };
    if (mode != Discovery::NoDevice)
        document.insert(u"device_authorization_endpoint"_s,
                        base + "/oauth/device_authorization"_L1);
    return document;
}

} // namespace Tessera::DevServer
