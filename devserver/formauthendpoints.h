// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

namespace Tessera::DevServer {

class DevState;

// A second JSON API, shaped otherwise and strict about it: what a json profile's request keys
// (request.encoding, fields, headers, secret_headers, bearer, logout's fields) describe.
//   POST /form-auth/login    login, password, device_name
//   POST /form-auth/refresh  the refresh token as the bearer; none in the body
//   POST /form-auth/logout   the access token as the bearer, the refresh token in "token"
// Every request needs a form body with client_id=tessera-desktop, the header X-Api-Version: 2
// and X-App-Key: the server's app key (--app-key-file). Answers are the /auth/ endpoints'
// (jsonTokenAnswer); a request that breaks a rule gets 400 (403 for the app key) with
// {"error":{"code","message"}} whose message names the rule.
class FormAuthEndpoints
{
public:
    explicit FormAuthEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    // The broken rule shared by every endpoint, if any.
    std::optional<HttpResponse> checkCommon(const HttpRequestData &request) const;
    HttpResponse login(const HttpRequestData &request);
    HttpResponse refresh(const HttpRequestData &request);
    HttpResponse logout(const HttpRequestData &request);

    DevState &m_state;
};

} // namespace Tessera::DevServer
