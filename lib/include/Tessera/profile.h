// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/secret.h>
#include <Tessera/tesseracore_export.h>

#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QSharedDataPointer>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>
#include <utility>

namespace Tessera {

class ProfileData;
class ProfileLoadResult;

/*!
 * \brief One service Tessera can sign in to: where its endpoints are and how it speaks.
 *
 * Profiles are JSON files (see the README's "Profiles" section). Two dialects exist:
 * \c json (custom login APIs: JSON bodies, values at configurable dotted paths) and
 * \c oauth2 (an RFC 6749 token endpoint with the password and refresh_token grants, and
 * RFC 7009 revocation; a sign-in in the browser (authorization code with PKCE, RFC 8252) or with
 * a device code (RFC 8628), with endpoints found by OpenID Connect discovery from an issuer).
 * A Profile is an immutable, implicitly shared value.
 */
class TESSERACORE_EXPORT Profile
{
    Q_GADGET
public:
    enum class Dialect { Json, OAuth2 };
    Q_ENUM(Dialect)
    enum class LoginKind {
        Password, //!< a user name and password (json, or oauth2's password grant)
        ApiKey, //!< an API key (json only)
        Browser, //!< oauth2: in the user's browser, authorization code with PKCE (RFC 8252)
        Device, //!< oauth2: a code the user enters on another device (RFC 8628)
    };
    Q_ENUM(LoginKind)

    /*! \brief Where a profile's sessions are kept. */
    enum class StoreKind {
        Keychain, //!< the user's keychain (the default): one computer
        Redis, //!< a Redis server: every machine configured with it shares one session
    };
    Q_ENUM(StoreKind)

    /*! \brief The \c store object of a profile whose kind is \c redis. Paths are absolute. */
    struct RedisStore
    {
        QString url; //!< redis://host[:port][/db] or rediss://…; never holds credentials
        QString prefix; //!< the first part of every key (default "tessera")
        QString keyFile; //!< the 32-byte key that seals the tokens at rest; Redis never sees it
        QString credentialsFile; //!< the ACL user and password; empty: no AUTH
        QString caFile; //!< PEM CAs trusted for rediss://; empty: the system's
    };

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

    /*!
     * \brief How a \c json dialect API wants its login, refresh and logout requests (the
     * profile's \c request object and the \c fields, \c headers and \c bearer keys of
     * \c login, \c refresh and \c logout; see docs/profiles.md, "Requests").
     */
    struct JsonRequests
    {
        enum class Encoding {
            Json, //!< application/json (the default)
            Form, //!< application/x-www-form-urlencoded
        };
        /*! \brief Which token a request carries as `Authorization: Bearer`. */
        enum class Bearer { None, AccessToken, RefreshToken };
        /*! \brief What one request carries besides its credentials or tokens, in the
         *  profile's order: the \c request object's, then the request's own (which replace
         *  the common ones of the same name). */
        struct Constants
        {
            QList<std::pair<QString, QJsonValue>> fields; //!< strings, numbers or booleans
            QList<std::pair<QByteArray, QByteArray>> headers;
        };
        /*! \brief A header whose value is a secret, sent with login, refresh and logout. The
         *  value is never in the profile: it is read from an owner-only file, or from the
         *  keychain, when the first request needs it. */
        struct SecretHeader
        {
            QByteArray name;
            QString file; //!< an absolute path; empty: the keychain
            QString keychainEntry; //!< the name given to `tessera set-secret`; empty: the file
        };
        /*! \brief The keychain service that holds secret header values ("tessera-secrets"),
         *  each under its keychain entry's name. */
        static QString keychainService();

        Encoding encoding = Encoding::Json;
        Constants login;
        Constants refresh;
        Constants logout;
        QList<SecretHeader> secretHeaders;
        /*! \brief refresh: the bearer (None, or the refresh or access token). The refresh
         *  token goes in RequestFields::refreshToken unless that is empty. */
        Bearer refreshBearer = Bearer::None;
        Bearer logoutBearer = Bearer::AccessToken;
        QString logoutRefreshTokenField; //!< empty: the refresh token is not in the body
        QString logoutAccessTokenField; //!< empty: the access token is not in the body
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

    /*! \brief json: login endpoint; oauth2: token endpoint. Empty for an oauth2 profile with
     *  an issuer() and no \c token_endpoint: discovery finds it at sign-in. */
    QUrl loginUrl() const;
    QUrl refreshUrl() const; //!< json: refresh endpoint; oauth2: token endpoint (as loginUrl())
    /*! \brief json: logout endpoint; oauth2: revocation endpoint (found by discovery when the
     *  profile has an issuer() and names none). May be empty. */
    QUrl logoutUrl() const;

    QString clientId() const; //!< oauth2 only
    QString scope() const; //!< oauth2 only, may be empty
    /*! \brief oauth2: the client secret some providers issue to desktop apps; empty if none.
     *  It cannot stay secret in a program users have, so it proves nothing about the app. */
    Secret clientSecret() const;

    /*! \brief oauth2: the authorization server's issuer identifier; empty if none. The endpoints
     *  the profile does not name come from its discovery document, fetched once per sign-in. */
    QUrl issuer() const;
    /*! \brief oauth2: the authorization endpoint the profile names; empty: discovered, or none. */
    QUrl authorizationUrl() const;
    /*! \brief oauth2: the device authorization endpoint the profile names; empty: discovered,
     *  or none. */
    QUrl deviceAuthorizationUrl() const;
    /*! \brief True if a device sign-in may work: the profile names a device authorization
     *  endpoint, or an issuer whose discovery document may name one. */
    bool offersDeviceSignIn() const;
    /*! \brief The loopback port the browser is sent back to; 0 (the default): any free one. */
    quint16 redirectPort() const;
    /*! \brief The path of the loopback redirect URI (default "/callback"). */
    QString redirectPath() const;
    /*! \brief Extra parameters of the authorization request (\c audience, \c prompt, ...), in
     *  the profile's order. */
    QList<std::pair<QString, QString>> authorizationParameters() const;
    /*! \brief How long a browser or device sign-in waits for the user (default 5 minutes). */
    std::chrono::seconds signInTimeout() const;

    /*! \brief The dotted path of the server's own words in a failure answer ("error.message");
     *  empty: none is shown. */
    QString errorMessagePath() const;

    /*! \brief Where sessions are kept: the keychain (default), or Redis (redisStore()). */
    StoreKind storeKind() const;
    /*! \brief The Redis settings when storeKind() is Redis. */
    RedisStore redisStore() const;

    /*! \brief json: the names of the fields that carry credentials and the refresh token.
     *  RequestFields::refreshToken is empty when the refresh token goes only in a header. */
    RequestFields requestFields() const;
    /*! \brief json: the rest of each request's shape (encoding, constants, bearers). */
    JsonRequests jsonRequests() const;
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
    friend Profile withEndpoints(const Profile &profile, const QUrl &token, const QUrl &revocation);
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
