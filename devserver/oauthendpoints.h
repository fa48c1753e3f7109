// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"
#include "issuedtokens.h"

#include <QHash>

namespace Tessera::DevServer {

class DevState;

// The OAuth 2 dialect: POST /oauth/token (RFC 6749 password and refresh_token grants) and
// POST /oauth/revoke (RFC 7009).
class OAuthEndpoints
{
public:
    explicit OAuthEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse token(const HttpRequestData &request);
    HttpResponse passwordGrant(const QHash<QString, QString> &form);
    HttpResponse refreshGrant(const QHash<QString, QString> &form);
    HttpResponse revoke(const HttpRequestData &request);
    HttpResponse tokenResponse(const IssuedTokens &tokens) const;

    DevState &m_state;
};

} // namespace Tessera::DevServer
