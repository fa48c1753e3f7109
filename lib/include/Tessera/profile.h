// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

#include <QList>
#include <QMetaType>
#include <QSharedDataPointer>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace Tessera {

class ProfileData;
class ProfileLoadResult;

/*!
 * \brief One service Tessera can sign in to: where its endpoints are and how it speaks.
 *
 * Profiles are JSON files (see the README's "Profiles" section). Two dialects exist:
 * \c json (custom login APIs: JSON bodies, values at configurable dotted paths) and
 * \c oauth2 (an RFC 6749 token endpoint with the password and refresh_token grants, and
 * RFC 7009 revocation). A Profile is an immutable, implicitly shared value.
 */
class TESSERACORE_EXPORT Profile
{
    Q_GADGET
public:
    enum class Dialect { Json, OAuth2 };
    Q_ENUM(Dialect)
    enum class LoginKind { Password, ApiKey };
    Q_ENUM(LoginKind)

    /*! \brief Where the values of a token response are, as dotted JSON paths ("data.access_token").
     *  An empty path means the API does not send that value. */
    struct ResponsePaths
    {
        QString accessToken;
        QString refreshToken;
        QString accessExpiresAt; //!< absolute: ISO 8601 (any offset) or epoch seconds
        QString accessExpiresIn; //!< relative seconds, counted from when the response arrived
        QString refreshExpiresAt;
        QString refreshExpiresIn;
        QString user;
    };

    /*! \brief Names of the fields Tessera sends to a \c json dialect API. */
    struct RequestFields
    {
        QString username;
        QString password;
        QString apiKey;
        QString refreshToken;
    };

    Profile();
    Profile(const Profile &other);
    Profile(Profile &&other) noexcept;
    Profile &operator=(const Profile &other);
    Profile &operator=(Profile &&other) noexcept;
    ~Profile();

    /*! \brief Reads and validates a profile file. */
    static ProfileLoadResult load(const QString &filePath);
    /*! \brief Where Tessera's programs look for a profile when none is named:
     *  `$TESSERA_PROFILE`, else `~/.config/tessera/profile.json`. */
    static QString defaultLocation();
    /*! \brief Validates a profile from JSON; \a sourceName names it in error messages. */
    static ProfileLoadResult fromJson(const QByteArray &json, const QString &sourceName);

    bool isValid() const;

    /*! \brief Stable identifier; names the keychain entries. */
    QString id() const;
    /*! \brief Human-readable service name ("Example API"). */
    QString name() const;
    Dialect dialect() const;
    LoginKind loginKind() const;
    QUrl baseUrl() const;

    QUrl loginUrl() const; //!< json: login endpoint; oauth2: token endpoint
    QUrl refreshUrl() const; //!< json: refresh endpoint; oauth2: token endpoint
    QUrl logoutUrl() const; //!< json: logout endpoint; oauth2: revocation endpoint; may be empty

    QString clientId() const; //!< oauth2 only
    QString scope() const; //!< oauth2 only, may be empty

    RequestFields requestFields() const;
    ResponsePaths responsePaths() const;

    /*! \brief How long before access-token expiry a refresh is attempted (default 5 minutes).
     *  Scaled down for short-lived tokens, see RefreshPolicy. */
    std::chrono::seconds refreshLead() const;
    /*! \brief Upper bound for each request Tessera makes (default 30 s). */
    std::chrono::milliseconds requestTimeout() const;
    /*! \brief Responses larger than this are refused (default 1 MiB). */
    qint64 maxResponseBytes() const;
    /*! \brief Origins (scheme, host, port) that may receive the bearer token.
     *  Defaults to the base URL's origin. */
    QList<QUrl> apiOrigins() const;
    /*! \brief True if \a url has one of apiOrigins()' scheme, host and port. */
    bool isApiOrigin(const QUrl &url) const;

private:
    friend class ProfileParser;
    explicit Profile(ProfileData *data);
    QSharedDataPointer<ProfileData> d;
};

/*!
 * \brief The outcome of Profile::load() / Profile::fromJson(): a profile or a message
 * that names the file, the key and what is wrong with it.
 */
class TESSERACORE_EXPORT ProfileLoadResult
{
public:
    static ProfileLoadResult success(const Profile &profile);
    static ProfileLoadResult failure(const QString &message);

    explicit operator bool() const { return m_profile.has_value(); }
    const Profile &profile() const { return *m_profile; }
    QString errorString() const { return m_error; }

private:
    std::optional<Profile> m_profile;
    QString m_error;
};

} // namespace Tessera

Q_DECLARE_METATYPE(Tessera::Profile)
