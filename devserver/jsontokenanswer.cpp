// SPDX-License-Identifier: BSD-3-Clause
#include "jsontokenanswer.h"

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

} // namespace Tessera::DevServer
