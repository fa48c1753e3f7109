// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace Tessera::DevServer {

// Compact HS256 JSON Web Tokens: base64url without padding, header {"alg":"HS256","typ":"JWT"}.
class Jwt
{
public:
    static QByteArray sign(const QJsonObject &claims, const QByteArray &key);
    // Returns the claims when the token is well formed, uses HS256 and its signature matches
    // the key. Expiry is not checked here.
    static std::optional<QJsonObject> verify(const QByteArray &token, const QByteArray &key);

    static QByteArray base64Url(const QByteArray &data);
    static QByteArray randomBytes(int count);
};

} // namespace Tessera::DevServer
