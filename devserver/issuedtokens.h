// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QString>

namespace Tessera::DevServer {

// A freshly issued access/refresh token pair of one family.
struct IssuedTokens
{
    QByteArray accessToken;
    QByteArray refreshToken;
    qint64 accessExpiresAt = 0; // epoch seconds
    qint64 refreshExpiresAt = 0; // epoch seconds
    qint64 accessLifetime = 0; // seconds
    QString user;
    QString scope;
    QString familyId; // an id, not a secret
};

} // namespace Tessera::DevServer
