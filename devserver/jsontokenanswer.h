// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httpresponse.h"
#include "issuedtokens.h"
#include "runtimeconfig.h"

namespace Tessera::DevServer {

// The JSON dialect's token answer, {"data": {...}}, as \a config shapes it (omitted fields,
// expiry format, suffixes, token_type, the Date header): of /auth/ and /form-auth/ alike.
HttpResponse jsonTokenAnswer(const RuntimeConfig &config, const IssuedTokens &tokens);

} // namespace Tessera::DevServer
