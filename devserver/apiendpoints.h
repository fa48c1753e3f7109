// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

namespace Tessera::DevServer {

class DevState;

// The protected API: /api/me, /api/echo, /api/redirect, /api/forbidden and /api/bytes.
// /api/echo returns the request's method, headers (Authorization only as present or not), a
// digest of its body, and names the access token it got by its jti (an id, not the token).
class ApiEndpoints
{
public:
    explicit ApiEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse me(const HttpRequestData &request);
    HttpResponse echo(const HttpRequestData &request);
    HttpResponse redirect(const HttpRequestData &request);
    QByteArray redirectTarget(const HttpRequestData &request) const;
    HttpResponse forbidden(const HttpRequestData &request);
    HttpResponse bytes(const HttpRequestData &request);

    static constexpr qint64 maxBytes = 64 * 1024 * 1024;
    HttpResponse unauthorized();

public:
    // The request's headers by lower-case name, without Authorization's value.
    static QJsonObject headersOf(const HttpRequestData &request);

private:
    DevState &m_state;
};

} // namespace Tessera::DevServer
