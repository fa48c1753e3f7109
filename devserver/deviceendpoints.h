// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

namespace Tessera::DevServer {

class DevState;

// The device authorization grant's two front doors (RFC 8628): POST
// /oauth/device_authorization, where a device gets a device code and a user code, and the
// verification page GET/POST /device, where the user enters that code, signs in and approves
// or denies it. The device's polls are answered by the token endpoint (OAuthEndpoints).
class DeviceEndpoints
{
public:
    explicit DeviceEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse authorizeDevice(const HttpRequestData &request);
    HttpResponse verify(const HttpRequestData &request);
    HttpResponse page(const QString &userCode, const QString &username,
                      const QString &message) const;

    DevState &m_state;
};

} // namespace Tessera::DevServer
