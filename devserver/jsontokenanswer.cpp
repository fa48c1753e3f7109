// SPDX-License-Identifier: BSD-3-Clause
#include "jsontokenanswer.h"

#include "devstate.h"

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

HttpResponse jsonTokenAnswer(const RuntimeConfig &config, const IssuedTokens &tokens)
{
    QJsonObject data {{u"access_token"_s,
                       QString::fromLatin1(tokens.accessToken) + config.accessTokenSuffix}};
    if (!config.tokenType.isEmpty())
        data.insert(u"token_type"_s, config.tokenType);
    if (!config.omits(u"refresh_token"_s))
        data.insert(u"refresh_token"_s,
                    QString::fromLatin1(tokens.refreshToken) + config.refreshTokenSuffix);
    if (!config.omits(u"access_expires_at"_s))
        data.insert(u"access_expires_at"_s, config.formatExpiry(tokens.accessExpiresAt));
    if (!config.omits(u"refresh_expires_at"_s))
        data.insert(u"refresh_expires_at"_s, config.formatExpiry(tokens.refreshExpiresAt));
    if (!config.omits(u"user"_s))
        data.insert(u"user"_s, config.displayNames.value(tokens.user, tokens.user));
    if (config.includeExpiresIn && !config.omits(u"expires_in"_s))
        data.insert(u"expires_in"_s, tokens.accessLifetime);
    return HttpResponse::json(200, QJsonObject {{u"data"_s, data}})
            .withHeader("Date", config.httpDate());
}

HttpResponse jsonRefreshAnswer(DevState &state, const QString &refreshToken)
{
    IssuedTokens issued;
    switch (state.refresh(refreshToken, &issued)) {
    case TokenRegistry::RotationResult::Rotated:
        return jsonTokenAnswer(state.config, issued);
    case TokenRegistry::RotationResult::Reused:
        return HttpResponse::error(401, u"refresh_token_reused"_s,
                                   u"Refresh token reuse detected; the session was revoked"_s);
    case TokenRegistry::RotationResult::Invalid:
        break;
    }
    return HttpResponse::error(401, u"invalid_refresh_token"_s,
                               u"The refresh token is unknown, expired or revoked"_s);
}

} // namespace Tessera::DevServer
