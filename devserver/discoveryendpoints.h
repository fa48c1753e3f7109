// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

#include <QJsonObject>

namespace Tessera::DevServer {

class DevState;

// The server's metadata: GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0)
// and GET /.well-known/oauth-authorization-server (RFC 8414), one document under both paths,
// shaped by the discovery setting of POST /_dev/config.
class DiscoveryEndpoints
{
public:
    explicit DiscoveryEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    QJsonObject document() const;

    DevState &m_state;
};

} // namespace Tessera::DevServer
