// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "jsonfieldreader_p.h"

#include <Tessera/profile.h>

#include <functional>

namespace Tessera {

/*!
 * \brief Reads the request side of a \c json dialect profile (docs/profiles.md, "Requests"):
 * the \c request object (encoding, fields, headers and secret headers common to login, refresh
 * and logout), and the \c fields, \c headers and \c bearer keys of \c login, \c refresh and
 * \c logout, into a Profile::JsonRequests.
 *
 * The rules, each refused with the key's path and never its value:
 * - \c encoding is "json" or "form".
 * - A constant field is a string, a number or a boolean, and may not be named like a field
 *   Tessera fills in that request (the user name, the password, the API key, a token field):
 *   the profile would then decide what a credential is.
 * - A header name is an RFC 9110 token. Tessera's own headers may not be set: \c Authorization
 *   (the bearer is the \c bearer key's), \c Content-Type (the encoding's), \c Content-Length,
 *   \c Host, \c Cookie, \c Connection, \c Transfer-Encoding and \c Accept-Encoding (Tessera
 *   asks for an unencoded answer, whose size it counts). A header value is a string.
 * - A secret header is an object with exactly one of \c file (a path, "~/" and relative paths
 *   as every path of a profile) or \c keychain (1 to 64 of A-Z a-z 0-9 . _ -). Its name may not
 *   be a constant header's too. A constant header whose name suggests a secret (it contains
 *   "key", "secret", "token", "password" or "auth") is refused with a pointer to
 *   \c secret_headers: such a value does not belong in a file that is shared and checked in.
 * - \c refresh.bearer is null (the default), "refresh_token" or "access_token"; with null the
 *   refresh token must go in a field, so \c refresh.refresh_token_field may not be null then.
 * - \c logout.bearer is "access_token" (the default), "refresh_token" or null;
 *   \c logout.refresh_token_field defaults to the refresh request's field, and
 *   \c logout.access_token_field to none; null is none for both.
 */
class JsonRequestsParser
{
public:
    /*! \brief Reads a file's path as the profile reads all of them (ProfileParser::readPath). */
    using PathReader =
            std::function<bool(const QJsonObject &object, const char *key, QString *out)>;

    JsonRequestsParser(JsonFieldReader &fields, PathReader readPath);

    /*! \brief Reads everything above from the profile's top level \a root into \a out, with
     *  \a names the credential fields already read (login's, refresh's); false on the first
     *  problem, kept in the JsonFieldReader. */
    bool parse(const QJsonObject &root, Profile::RequestFields *names, Profile::JsonRequests *out);

    /*! \brief The keys this parser reads in \c login, \c refresh and \c logout. */
    static QStringList loginKeys();
    static QStringList refreshKeys();
    static QStringList logoutKeys();

private:
    bool parseCommon(const QJsonObject &request, Profile::JsonRequests *out,
                     Profile::JsonRequests::Constants *common);
    bool parseRequest(const QJsonObject &object, const QString &prefix, const QStringList &filled,
                      const Profile::JsonRequests::Constants &common,
                      Profile::JsonRequests::Constants *out);
    bool parseConstants(const QJsonObject &object, const QString &prefix, const QStringList &filled,
                        Profile::JsonRequests::Constants *out);
    bool parseFields(const QJsonValue &value, const QString &key, const QStringList &filled,
                     QList<std::pair<QString, QJsonValue>> *out);
    bool parseHeaders(const QJsonValue &value, const QString &key,
                      QList<std::pair<QByteArray, QByteArray>> *out);
    bool parseSecretHeaders(const QJsonValue &value, Profile::JsonRequests *out);
    bool checkSecretHeadersAlone(const Profile::JsonRequests &requests);
    bool checkHeaderName(const QString &name, const QString &key);
    bool readBearer(const QJsonObject &object, const char *key, Profile::JsonRequests::Bearer *out);

    JsonFieldReader &m_fields;
    PathReader m_readPath;
};

} // namespace Tessera
