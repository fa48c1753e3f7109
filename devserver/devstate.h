// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserveroptions.h"
#include "faultqueue.h"
#include "issuedtokenlog.h"
#include "pendingauthorizations.h"
#include "runtimeconfig.h"
#include "secondoriginlog.h"
#include "stats.h"
#include "tokenregistry.h"

#include <optional>

namespace Tessera::DevServer {

// Everything the endpoints share: accounts, tokens, runtime config, counters and faults.
class DevState
{
public:
    explicit DevState(const DevServerOptions &options);

    std::optional<QString> userForPassword(const QString &user, const QString &password) const;
    std::optional<QString> userForApiKey(const QString &apiKey) const;
    // Rotates \a refreshToken by the configured lifetimes and counts the outcome in stats
    // (a refresh, or a failure; a reuse also revokes the family and counts as a revocation).
    TokenRegistry::RotationResult refresh(const QString &refreshToken, IssuedTokens *issued);
    // Restores the startup configuration and clears stats, faults and the second-origin log.
    void reset();
    // http://127.0.0.1:PORT, the server as it prints itself: where its endpoints live.
    QString baseUrl() const;
    // The issuer identifier it announces (discovery, redirects' iss, ID tokens): baseUrl(),
    // unless the discovery setting pretends to be another server.
    QString issuer() const;

    IssuedTokenLog issuedLog; // --issued-tokens-file; declared before what records into it
    TokenRegistry tokens;
    PendingAuthorizations pending;
    RuntimeConfig config;
    Stats stats;
    FaultQueue faults;
    SecondOriginLog secondOrigin;
    quint16 port = 0;
    quint16 secondPort = 0; // 0 = no second origin
    QByteArray appKey; // what /form-auth/ wants in X-App-Key

private:
    QHash<QString, QString> m_passwords;
    QHash<QString, QString> m_apiKeys;
    RuntimeConfig m_initialConfig;
};

} // namespace Tessera::DevServer
