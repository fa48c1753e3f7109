// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace Tessera::DevServer {

// Proof Key for Code Exchange (RFC 7636): the shape of verifiers and challenges, and S256.
class Pkce
{
public:
    // 43 to 128 characters of [A-Z] [a-z] [0-9] - . _ ~ (RFC 7636 sections 4.1 and 4.2).
    static bool isWellFormed(const QString &text);
    // BASE64URL(SHA256(ASCII(verifier))), without padding.
    static QString s256Challenge(const QString &verifier);
};

} // namespace Tessera::DevServer
