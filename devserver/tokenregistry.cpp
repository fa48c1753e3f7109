// SPDX-License-Identifier: BSD-3-Clause
#include "tokenregistry.h"

#include "jwt.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A token lives at least `lifetime` seconds: expiry is rounded up to a whole second. A lifetime
// of 0 yields a token that is already expired.
qint64 expiryFor(qint64 issuedMs, qint64 lifetime)
{
    if (lifetime <= 0)
        return issuedMs / 1000;
    return (issuedMs + 999) / 1000 + lifetime;
}

bool isExpired(qint64 expiresAtSeconds)
{
    return nowMs() >= expiresAtSeconds * 1000;
}

QString randomId()
{
    return QString::fromLatin1(Jwt::base64Url(Jwt::randomBytes(16)));
}

} // namespace

TokenRegistry::TokenRegistry(QByteArray signingKey, IssuedTokenLog &issuedLog)
    : m_signingKey(std::move(signingKey))
    , m_issuedLog(issuedLog)
{ }

QByteArray TokenRegistry::refreshKey(const QByteArray &refreshToken)
{
    return QCryptographicHash::hash(refreshToken, QCryptographicHash::Sha256);
}

IssuedTokens TokenRegistry::startFamily(const QString &user, const QString &scope,
                                        qint64 accessLifetime, qint64 refreshLifetime)
{
    const QString familyId = randomId();
    m_families.insert(familyId, Family {user, scope, false});
    return issue(familyId, accessLifetime, refreshLifetime);
}

IssuedTokens TokenRegistry::issue(const QString &familyId, qint64 accessLifetime,
                                  qint64 refreshLifetime)
{
    const Family &family = m_families[familyId];
    const qint64 issuedMs = nowMs();
    IssuedTokens tokens;
    tokens.user = family.user;
    tokens.scope = family.scope;
    tokens.familyId = familyId;
    tokens.accessLifetime = accessLifetime;
    tokens.accessExpiresAt = expiryFor(issuedMs, accessLifetime);
    tokens.refreshExpiresAt = expiryFor(issuedMs, refreshLifetime);

    const QString jti = randomId();
    const QJsonObject claims {{u"sub"_s, family.user},
                              {u"iat"_s, issuedMs / 1000},
                              {u"exp"_s, tokens.accessExpiresAt},
                              {u"jti"_s, jti},
                              {u"fam"_s, familyId}};
    tokens.accessToken = Jwt::sign(claims, m_signingKey);
    m_accessTokens.insert(jti, AccessRecord {familyId, tokens.accessExpiresAt, false});

    tokens.refreshToken = Jwt::base64Url(Jwt::randomBytes(32));
    m_refreshTokens.insert(refreshKey(tokens.refreshToken),
                           RefreshRecord {familyId, tokens.refreshExpiresAt, false});
    m_issuedLog.record(tokens);
    return tokens;
}

TokenRegistry::RotationResult TokenRegistry::rotate(const QByteArray &refreshToken,
                                                    qint64 accessLifetime, qint64 refreshLifetime,
                                                    IssuedTokens *issued, bool revokeEarlierAccess)
{
    const auto it = m_refreshTokens.find(refreshKey(refreshToken));
    if (it == m_refreshTokens.end() || familyRevoked(it->familyId))
        return RotationResult::Invalid;
    if (it->rotated) {
        revokeFamily(it->familyId);
        return RotationResult::Reused;
    }
    if (isExpired(it->expiresAt))
        return RotationResult::Invalid;
    it->rotated = true;
    const QString familyId = it->familyId; // `it` is invalidated by issue()
    if (revokeEarlierAccess) {
        for (AccessRecord &record : m_accessTokens) {
            if (record.familyId == familyId)
                record.revoked = true;
        }
    }
    *issued = issue(familyId, accessLifetime, refreshLifetime);
    return RotationResult::Rotated;
}

QByteArray TokenRegistry::signIdToken(const QJsonObject &claims)
{
    const QByteArray token = Jwt::sign(claims, m_signingKey);
    m_issuedLog.recordSecret(token);
    return token;
}

const TokenRegistry::AccessRecord *TokenRegistry::accessRecord(const QByteArray &accessToken) const
{
    const auto claims = Jwt::verify(accessToken, m_signingKey);
    if (!claims)
        return nullptr;
    const auto it = m_accessTokens.constFind(claims->value("jti"_L1).toString());
    return it == m_accessTokens.cend() ? nullptr : &*it;
}

bool TokenRegistry::familyRevoked(const QString &familyId) const
{
    const auto it = m_families.constFind(familyId);
    return it == m_families.cend() || it->revoked;
}

QString TokenRegistry::jtiOf(const QByteArray &accessToken) const
{
    const auto claims = Jwt::verify(accessToken, m_signingKey);
    return claims ? claims->value("jti"_L1).toString() : QString();
}

std::optional<QString> TokenRegistry::authenticate(const QByteArray &accessToken) const
{
    if (accessTokenState(accessToken) != "active"_L1)
        return std::nullopt;
    return m_families.value(accessRecord(accessToken)->familyId).user;
}

QString TokenRegistry::refreshTokenState(const QByteArray &refreshToken) const
{
    const auto it = m_refreshTokens.constFind(refreshKey(refreshToken));
    if (it == m_refreshTokens.cend())
        return u"unknown"_s;
    if (familyRevoked(it->familyId))
        return u"revoked"_s;
    if (it->rotated)
        return u"rotated"_s;
    return isExpired(it->expiresAt) ? u"expired"_s : u"active"_s;
}

QString TokenRegistry::accessTokenState(const QByteArray &accessToken) const
{
    const AccessRecord *record = accessRecord(accessToken);
    if (!record)
        return u"invalid"_s;
    if (record->revoked || familyRevoked(record->familyId))
        return u"revoked"_s;
    return isExpired(record->expiresAt) ? u"expired"_s : u"active"_s;
}

bool TokenRegistry::revokeFamily(const QString &familyId)
{
    const auto it = m_families.find(familyId);
    if (it == m_families.end() || it->revoked)
        return false;
    it->revoked = true;
    return true;
}

bool TokenRegistry::revokeFamilyOfRefreshToken(const QByteArray &refreshToken)
{
    const auto it = m_refreshTokens.constFind(refreshKey(refreshToken));
    return it != m_refreshTokens.cend() && revokeFamily(it->familyId);
}

bool TokenRegistry::revokeFamilyOfAccessToken(const QByteArray &accessToken)
{
    const AccessRecord *record = accessRecord(accessToken);
    return record && revokeFamily(record->familyId);
}

bool TokenRegistry::revokeAccessToken(const QByteArray &accessToken)
{
    const QString state = accessTokenState(accessToken);
    if (state == "invalid"_L1 || state == "revoked"_L1)
        return false;
    const auto claims = Jwt::verify(accessToken, m_signingKey);
    m_accessTokens[claims->value("jti"_L1).toString()].revoked = true;
    return state == "active"_L1;
}

int TokenRegistry::revokeUser(const QString &user)
{
    int revoked = 0;
    for (auto it = m_families.begin(); it != m_families.end(); ++it) {
        if (it->user == user && !it->revoked) {
            it->revoked = true;
            ++revoked;
        }
    }
    return revoked;
}

int TokenRegistry::revokeAccessTokens()
{
    int revoked = 0;
    for (auto it = m_accessTokens.begin(); it != m_accessTokens.end(); ++it) {
        if (!it->revoked) {
            it->revoked = true;
            ++revoked;
        }
    }
    return revoked;
}

} // namespace Tessera::DevServer
