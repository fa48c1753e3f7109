// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "profile_p.h"

namespace Tessera {

/*!
 * \brief Validates profile JSON and builds a Profile from it (see docs/profiles.md).
 *
 * Stops at the first problem; the message names the source, the dotted key and what is wrong.
 * Values are quoted back only where they are short words of the profile itself (a dialect, a
 * login kind, an id), never URLs, which could carry user-info.
 */
class ProfileParser
{
public:
    static ProfileLoadResult parse(const QByteArray &json, const QString &sourceName);

    // for messages: a dotted key, a list of words, a word quoted back (cut at 40 characters)
    static QString key(const char *dotted);
    static QStringList words(const char *spaceSeparated);
    static QString quoted(const QString &word);

private:
    // Optional: absent keeps the default, null is a type error; Required: absent is an error;
    // Nullable: absent keeps the default, null means "none" (an empty string).
    enum class Need { Optional, Required, Nullable };

    explicit ProfileParser(const QString &sourceName);
    static QString readableNumber(double number);

    bool checkControlCharacters(const QJsonValue &value, const QString &path);
    bool parseRoot(const QJsonObject &root);
    bool parseDialect(const QJsonObject &root);
    bool parseIdentity(const QJsonObject &root);
    bool parseBaseUrl(const QJsonObject &root);
    bool parseLogin(const QJsonObject &root);
    bool parseJsonEndpoints(const QJsonObject &root);
    bool parseResponse(const QJsonObject &root);
    bool parseOAuth2(const QJsonObject &root);
    bool parseLimits(const QJsonObject &root);
    bool parseOrigins(const QJsonObject &root);

    // Keys are dotted ("login.kind"); the last segment is looked up in the object passed.
    bool checkKeys(const QJsonObject &object, const char *prefix, const QStringList &known,
                   const QStringList &otherDialect = {});
    bool readObject(const QJsonObject &parent, const char *key, QJsonObject *out);
    bool readString(const QJsonObject &parent, const char *key, QString *out, Need need);
    bool readName(const QJsonObject &parent, const char *key, QString *out, Need need);
    bool readInteger(const QJsonObject &parent, const char *key, qint64 min, qint64 max,
                     qint64 *out);
    bool readEndpoint(const QJsonObject &parent, const char *key, const char *fallback, Need need,
                      QUrl *out);
    bool readServerUrl(const QString &key, const QString &text, QUrl *out);

    bool fail(const QString &key, const QString &what);
    bool failType(const QString &key, const char *expected, const QJsonValue &got);

    QString m_source; // as shown in messages
    QString m_defaultId; // the source's base name, used when "id" is absent
    QString m_error;
    std::unique_ptr<ProfileData> m_data;
};

} // namespace Tessera
