// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Tessera::DevServer {

// The settings POST /_dev/config can change while the server runs.
class RuntimeConfig
{
public:
    enum class ExpiryFormat { Iso, Offset, Epoch };
    // What the two discovery documents (/.well-known/…) look like.
    enum class Discovery { Normal, Missing, Malformed, ForeignIssuer, NoDevice, NoIss };
    // Which identity claims an ID token carries; None issues no ID token at all.
    enum class IdTokenClaims { Full, EmailOnly, SubOnly, None };
    // When a device code poll gets slow_down: by the RFC 8628 timing rule, never, or once to
    // the next poll (then never).
    enum class DeviceSlowDown { Timing, Never, Next };

    qint64 accessLifetime = 300;
    qint64 refreshLifetime = 86400;
    QStringList omit;
    ExpiryFormat expiryFormat = ExpiryFormat::Iso;
    bool includeExpiresIn = false;
    // How far the server's clock is off (seconds, negative = behind): shifts the absolute
    // expiries it writes and the Date header of token responses, not what it enforces.
    qint64 clockOffset = 0;
    // The token_type of token responses; empty leaves it out.
    QString tokenType = QStringLiteral("Bearer");
    // A refresh revokes the family's earlier access tokens (a client that keeps using one gets
    // 401): shows whether requests made around a refresh carry the new token.
    bool revokeAccessOnRefresh = false;
    // Appended to every access (refresh) token a token answer carries, while the server goes on
    // knowing the token without it: what a hostile or broken server sends ("\r\nX-Injected:
    // yes", 300,000 characters).
    QString accessTokenSuffix;
    QString refreshTokenSuffix;
    Discovery discovery = Discovery::Normal;
    IdTokenClaims idTokenClaims = IdTokenClaims::Full;
    DeviceSlowDown deviceSlowDown = DeviceSlowDown::Timing;
    // expires_in and interval of device codes issued from now on (seconds).
    qint64 deviceCodeLifetime = 600;
    qint64 deviceInterval = 5;
    // The name the JSON dialect's token answers give as "user" for a login name (an API whose
    // "user" is a display name, "Alice Liddell" for alice); a user not listed: the login name.
    QHash<QString, QString> displayNames;

    bool omits(const QString &field) const { return omit.contains(field); }
    // An expiry instant (epoch seconds) as the current expiry_format renders it.
    QJsonValue formatExpiry(qint64 epochSeconds) const;
    // The Date header of a token response: now on the server's (possibly skewed) clock.
    QByteArray httpDate() const;
    QJsonObject toJson() const;

    // Applies the keys present in `changes`. Everything is validated first: on error nothing
    // changes and *error says why.
    bool apply(const QJsonObject &changes, QString *error);

private:
    static bool readLifetime(const QJsonObject &changes, QLatin1StringView key, qint64 *target,
                             QString *error);
    static bool readFlag(const QJsonObject &changes, QLatin1StringView key, bool *target,
                         QString *error);
    static bool readOmit(const QJsonObject &changes, QStringList *target, QString *error);
    static bool readExtras(const QJsonObject &changes, RuntimeConfig *next, QString *error);
    static bool readSuffix(const QJsonObject &changes, QLatin1StringView key, QString *target,
                           QString *error);
    static bool readExpiryFormat(const QJsonObject &changes, ExpiryFormat *target, QString *error);
    static bool readFlows(const QJsonObject &changes, RuntimeConfig *next, QString *error);
};

} // namespace Tessera::DevServer
