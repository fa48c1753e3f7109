// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runtimeconfig.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <deque>

namespace Tessera::DevServer {

class IssuedTokenLog;

// The codes of the two interactive flows until they are redeemed: authorization codes (RFC 6749
// section 4.1, bound to a client, a redirect URI, a PKCE challenge, a user and a scope) and
// device codes with their user codes (RFC 8628). Codes are kept by their SHA-256, never as they
// are, and recorded in the issued-tokens log when they are issued. Each kind is capped at
// maxEntries, the oldest dropped first, so a client in a loop cannot grow the server without
// bound. Lifetimes and poll intervals run on the real (monotonic) clock.
class PendingAuthorizations
{
public:
    static constexpr int maxEntries = 1000;
    static constexpr qint64 codeLifetimeMs = 60 * 1000;
    static constexpr qint64 slowDownStepMs = 5 * 1000; // RFC 8628 section 3.5

    struct AuthorizationCode
    {
        QString clientId;
        QString redirectUri;
        QString codeChallenge; // S256
        QString user;
        QString scope;
        QString nonce; // OpenID Connect: copied into the ID token; empty if none was sent
        qint64 expiresAtMs = 0;
        bool used = false;
        QString familyId; // the family its exchange started; empty until then
    };
    enum class Redemption { Redeemed, Unknown, Reused, Expired };

    struct DeviceCode
    {
        enum class State { Pending, Approved, Denied, Used };
        QString clientId;
        QString scope;
        QString userCode;
        QString user; // who approved it
        State state = State::Pending;
        qint64 expiresAtMs = 0;
        qint64 intervalMs = 0;
        qint64 lastPollMs = -1; // -1 = not polled yet
    };
    enum class Poll { Unknown, WrongClient, Used, Expired, SlowDown, Pending, Denied, Approved };

    explicit PendingAuthorizations(IssuedTokenLog &issuedLog);

    // A new authorization code for `binding`, valid codeLifetimeMs.
    QByteArray issueCode(AuthorizationCode binding);
    // Uses `code` up, whatever the caller then decides, and copies what it is bound to into
    // *bound. A code that was used before is Reused; *bound then names the family to revoke.
    Redemption redeemCode(const QByteArray &code, AuthorizationCode *bound);
    void setFamily(const QByteArray &code, const QString &familyId);

    // A new device code; *userCode gets its user code ("WDJB-MJHT").
    QByteArray issueDeviceCode(const QString &clientId, const QString &scope, qint64 lifetime,
                               qint64 interval, QString *userCode);
    // One poll of the token endpoint. `rule` Next forces a slow_down whatever the timing. An
    // Approved code is used up and copied into *approved.
    Poll pollDeviceCode(const QByteArray &deviceCode, const QString &clientId,
                        RuntimeConfig::DeviceSlowDown rule, DeviceCode *approved);
    // Approves the pending, live code for `user`, or denies it when `user` is empty. False when
    // there is no such code (unknown, expired or decided already).
    bool decide(const QString &userCode, const QString &user);
    // Expires the device code of `userCode` now, or every device code when it is empty;
    // returns how many were still live.
    int expireDeviceCodes(const QString &userCode);

    // RFC 8628 section 6.1: case and punctuation do not matter ("wdjb mjht" is "WDJB-MJHT").
    static QString normalizeUserCode(const QString &text);

private:
    QString newUserCode() const;

    IssuedTokenLog &m_issuedLog;
    QHash<QByteArray, AuthorizationCode> m_codes; // SHA-256 of the code -> binding
    std::deque<QByteArray> m_codeOrder; // oldest first
    QHash<QByteArray, DeviceCode> m_devices; // SHA-256 of the device code -> state
    std::deque<QByteArray> m_deviceOrder; // oldest first
    QHash<QString, QByteArray> m_userCodes; // user code -> key in m_devices
};

} // namespace Tessera::DevServer
