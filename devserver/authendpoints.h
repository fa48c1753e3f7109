// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"
#include "issuedtokens.h"

namespace Tessera::DevServer {

class DevState;

// The JSON dialect: POST /auth/login, /auth/refresh, /auth/logout.
class AuthEndpoints
{
public:
    explicit AuthEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse login(const HttpRequestData &request);
    HttpResponse refresh(const HttpRequestData &request);
    HttpResponse logout(const HttpRequestData &request);

    DevState &m_state;
};

} // namespace Tessera::DevServer
