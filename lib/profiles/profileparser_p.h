// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "jsonfieldreader_p.h"
#include "profile_p.h"

namespace Tessera {

/*!
 * \brief Validates profile JSON and builds a Profile from it (see docs/profiles.md): the
 * sections of a profile, one function each, read with a JsonFieldReader.
 *
 * Stops at the first problem; the message names the source, the dotted key and what is wrong.
 * Values are quoted back only where they are short words of the profile itself (a dialect, a
 * login kind, an id), never URLs, which could carry user-info.
 */
class ProfileParser
{
public:
    static ProfileLoadResult parse(const QByteArray &json, const QString &sourceName);

private:
    explicit ProfileParser(const QString &sourceName);

    bool parseRoot(const QJsonObject &root);
    bool parseDialect(const QJsonObject &root);
    bool parseIdentity(const QJsonObject &root);
    bool parseIssuer(const QJsonObject &root);
    bool parseBaseUrl(const QJsonObject &root);
    bool parseLogin(const QJsonObject &root);
    bool parseJsonEndpoints(const QJsonObject &root);
    bool parseResponse(const QJsonObject &root);
    bool parseOAuth2(const QJsonObject &root);
    bool parseInteractive(const QJsonObject &root);
    bool parseAuthorizationParameters(const QJsonObject &root);
    bool parseLimits(const QJsonObject &root);
    bool parseOrigins(const QJsonObject &root);
    bool parseStore(const QJsonObject &root);
    bool parseErrorMessage(const QJsonObject &root);
    bool readPath(const QJsonObject &object, const char *key, JsonFieldReader::Need need,
                  QString *out);

    QString m_source; // as shown in messages
    QString m_defaultId; // the source's base name, used when "id" is absent
    QString m_directory; // where relative paths are read from: the source's directory
    JsonFieldReader m_fields;
    std::unique_ptr<ProfileData> m_data;
};

} // namespace Tessera
