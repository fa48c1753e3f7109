// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"
#include "issuedtokens.h"

#include <QHash>

namespace Tessera::DevServer {

class DevState;

// The OAuth 2 dialect: POST /oauth/token (RFC 6749 password, refresh_token and
// authorization_code grants, the last with PKCE, RFC 7636; the device_code grant of RFC 8628)
// and POST /oauth/revoke (RFC 7009). The code and device grants add an OpenID Connect ID token
// when their scope has openid.
class OAuthEndpoints
{
public:
    explicit OAuthEndpoints(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

private:
    HttpResponse token(const HttpRequestData &request);
    HttpResponse passwordGrant(const QHash<QString, QString> &form);
    HttpResponse refreshGrant(const QHash<QString, QString> &form);
    HttpResponse authorizationCodeGrant(const QHash<QString, QString> &form,
                                        const QString &clientId);
    HttpResponse deviceCodeGrant(const QHash<QString, QString> &form, const QString &clientId);
    // A new family for a user who signed in through a browser or a device, with an ID token
    // when the scope has openid; *familyId (if given) names the family.
    HttpResponse signedInResponse(const QString &user, const QString &scope,
                                  const QString &clientId, const QString &nonce, QString *familyId);
    HttpResponse revoke(const HttpRequestData &request);
    HttpResponse tokenResponse(const IssuedTokens &tokens, const QByteArray &idToken = {}) const;

    DevState &m_state;
};

} // namespace Tessera::DevServer
