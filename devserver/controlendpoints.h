// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

namespace Tessera::DevServer {

class DevState;

// The development control API under /_dev/.
class ControlEndpoints
{
public:
    explicit ControlEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse stats(const HttpRequestData &request);
    HttpResponse resetStats(const HttpRequestData &request);
    HttpResponse revokeRequests(const HttpRequestData &request);
    HttpResponse config(const HttpRequestData &request);
    HttpResponse updateConfig(const HttpRequestData &request);
    HttpResponse listFaults(const HttpRequestData &request);
    HttpResponse addFault(const HttpRequestData &request);
    HttpResponse clearFaults(const HttpRequestData &request);
    HttpResponse inspect(const HttpRequestData &request);
    HttpResponse revokeUser(const HttpRequestData &request);
    HttpResponse revokeAccessTokens(const HttpRequestData &request);
    HttpResponse secondOriginHeaders(const HttpRequestData &request);
    HttpResponse reset(const HttpRequestData &request);
    HttpResponse echoHeaders(const HttpRequestData &request);
    HttpResponse expireDeviceCodes(const HttpRequestData &request);

    DevState &m_state;
};

} // namespace Tessera::DevServer
