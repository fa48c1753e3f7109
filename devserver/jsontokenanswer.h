// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httpresponse.h"
#include "issuedtokens.h"
#include "runtimeconfig.h"

namespace Tessera::DevServer {

class DevState;

// The JSON dialect's token answer, {"data": {...}}, as \a config shapes it (omitted fields,
// expiry format, suffixes, token_type, the Date header): of /auth/ and /form-auth/ alike.
HttpResponse jsonTokenAnswer(const RuntimeConfig &config, const IssuedTokens &tokens);

// The JSON dialect's answer to a refresh with \a refreshToken: rotated (the token answer), or
// 401 refresh_token_reused (the family revoked) or invalid_refresh_token.
HttpResponse jsonRefreshAnswer(DevState &state, const QString &refreshToken);

} // namespace Tessera::DevServer
