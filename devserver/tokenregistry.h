// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "issuedtokenlog.h"
#include "issuedtokens.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <optional>

namespace Tessera::DevServer {

// Token families: each login starts one, each refresh rotates its refresh token. Presenting a
// rotated refresh token again revokes the whole family (reuse detection).
class TokenRegistry
{
public:
    enum class RotationResult { Rotated, Invalid, Reused };

    // Every token it issues is recorded in `issuedLog` (--issued-tokens-file), if that is open.
    TokenRegistry(QByteArray signingKey, IssuedTokenLog &issuedLog);

    IssuedTokens startFamily(const QString &user, const QString &scope, qint64 accessLifetime,
                             qint64 refreshLifetime);
    // With revokeEarlierAccess, the family's access tokens issued so far stop working.
    RotationResult rotate(const QByteArray &refreshToken, qint64 accessLifetime,
                          qint64 refreshLifetime, IssuedTokens *issued,
                          bool revokeEarlierAccess = false);
    // An OpenID Connect ID token with these claims, signed like access tokens and recorded.
    QByteArray signIdToken(const QJsonObject &claims);
    // The jti claim of a valid access token (an id, not a secret); empty if none.
    QString jtiOf(const QByteArray &accessToken) const;

    // The user of a valid access token: signature ok, not expired, not revoked.
    std::optional<QString> authenticate(const QByteArray &accessToken) const;

    // "active", "rotated", "revoked", "expired" or "unknown"; never mutates.
    QString refreshTokenState(const QByteArray &refreshToken) const;
    // "active", "revoked", "expired" or "invalid"; never mutates.
    QString accessTokenState(const QByteArray &accessToken) const;

    // Each returns whether something that was still valid got revoked.
    bool revokeFamilyOfRefreshToken(const QByteArray &refreshToken);
    bool revokeFamilyOfAccessToken(const QByteArray &accessToken);
    bool revokeAccessToken(const QByteArray &accessToken);
    bool revokeFamily(const QString &familyId);
    int revokeUser(const QString &user);
    // Revokes every access token issued so far, leaving refresh tokens alone: the next API
    // call with one of them gets 401, and a refresh fixes it.
    int revokeAccessTokens();

private:
    struct Family
    {
        QString user;
        QString scope;
        bool revoked = false;
    };
    struct RefreshRecord
    {
        QString familyId;
        qint64 expiresAt = 0; // epoch seconds
        bool rotated = false;
    };
    struct AccessRecord
    {
        QString familyId;
        qint64 expiresAt = 0; // epoch seconds
        bool revoked = false;
    };

    IssuedTokens issue(const QString &familyId, qint64 accessLifetime, qint64 refreshLifetime);
    const AccessRecord *accessRecord(const QByteArray &accessToken) const;
    bool familyRevoked(const QString &familyId) const;
    static QByteArray refreshKey(const QByteArray &refreshToken);

    QByteArray m_signingKey;
    IssuedTokenLog &m_issuedLog;
    QHash<QString, Family> m_families;
    QHash<QByteArray, RefreshRecord> m_refreshTokens; // SHA-256 of the token -> record
    QHash<QString, AccessRecord> m_accessTokens; // jti -> record
};

} // namespace Tessera::DevServer
