// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

#include <optional>

namespace Tessera::DevServer {

class DevState;

// The browser sign-in of the authorization code flow (RFC 6749 section 4.1 with PKCE, RFC 7636;
// the iss parameter of RFC 9207; loopback redirect URIs only, RFC 8252 section 7.3):
// GET /oauth/authorize shows a sign-in form, POST /oauth/authorize signs in (or cancels) and
// redirects to the app with an authorization code (or an error). The POST checks the request
// again: its hidden fields are trusted no more than the GET's query.
class AuthorizationEndpoint
{
public:
    explicit AuthorizationEndpoint(DevState &state);
    HttpResponse handle(const HttpRequestData &request);

    // http://127.0.0.1:PORT/…, http://localhost:PORT/… or http://[::1]:PORT/…: nothing else is
    // ever redirected to.
    static bool isLoopbackRedirectUri(const QString &uri);

private:
    using Params = QList<QPair<QString, QString>>;

    HttpResponse submit(const HttpRequestData &request);
    // The 400 page for a request that must not be answered by a redirect (bad redirect_uri,
    // missing client_id), if it is one.
    static std::optional<HttpResponse> refusal(const Params &params);
    // The error code (and *description) a redirect reports, or empty when the request is fine.
    static QString requestError(const Params &params, QString *description);
    HttpResponse signInPage(const Params &params, const QString &username,
                            const QString &message) const;
    HttpResponse approve(const Params &params, const QString &user);
    HttpResponse redirect(const Params &params, Params answer) const;

    DevState &m_state;
};

} // namespace Tessera::DevServer
