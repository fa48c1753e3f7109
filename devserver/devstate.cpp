// SPDX-License-Identifier: BSD-3-Clause
#include "devstate.h"

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

DevState::DevState(const DevServerOptions &options)
    : tokens(options.signingKey, issuedLog)
    , pending(issuedLog)
    , m_passwords(options.passwords)
    , m_apiKeys(options.apiKeys)
{
    appKey = options.appKey;
    config.accessLifetime = options.accessLifetime;
    config.refreshLifetime = options.refreshLifetime;
    m_initialConfig = config;
}

std::optional<QString> DevState::userForPassword(const QString &user, const QString &password) const
{
    const auto it = m_passwords.constFind(user);
    if (it == m_passwords.cend() || *it != password)
        return std::nullopt;
    return user;
}

std::optional<QString> DevState::userForApiKey(const QString &apiKey) const
{
    const auto it = m_apiKeys.constFind(apiKey);
    if (it == m_apiKeys.cend())
        return std::nullopt;
    return *it;
}

TokenRegistry::RotationResult DevState::refresh(const QString &refreshToken, IssuedTokens *issued)
{
    const auto result = tokens.rotate(refreshToken.toUtf8(), config.accessLifetime,
                                      config.refreshLifetime, issued, config.revokeAccessOnRefresh);
    switch (result) {
    case TokenRegistry::RotationResult::Rotated:
        ++stats.refreshes;
        break;
    case TokenRegistry::RotationResult::Reused:
        ++stats.reuseDetections;
        ++stats.revocations;
        ++stats.refreshFailures;
        break;
    case TokenRegistry::RotationResult::Invalid:
        ++stats.refreshFailures;
        break;
    }
    return result;
}

QString DevState::baseUrl() const
{
    return u"http://127.0.0.1:%1"_s.arg(port);
}

QString DevState::issuer() const
{
    if (config.discovery == RuntimeConfig::Discovery::ForeignIssuer)
        return u"https://foreign.example"_s;
    return baseUrl();
}

void DevState::reset()
{
    config = m_initialConfig;
    stats = Stats();
    faults.clear();
    secondOrigin = SecondOriginLog();
}

} // namespace Tessera::DevServer
