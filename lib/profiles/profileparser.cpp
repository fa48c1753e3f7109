// SPDX-License-Identifier: BSD-3-Clause
// ProfileParser: profile JSON, validated, into a Profile; its sections, one function each.
#include "profileparser_p.h"

#include "ascii_p.h"
#include "jsonrequestsparser_p.h"
#include "redisurl_p.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace Tessera {

namespace {

using Need = JsonFieldReader::Need;

QStringList words(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

// What a key of the other dialect is told.
QString notUsedBy(Profile::Dialect dialect)
{
    return QStringLiteral("not used by the %1 dialect")
            .arg(QLatin1String(dialect == Profile::Dialect::OAuth2 ? "oauth2" : "json"));
}

// 1 to 64 of A-Z a-z 0-9 . _ -: safe in a keychain entry's name and a file name.
bool isProfileId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return Ascii::isAlphanumeric(c) || c == QLatin1Char('.') || c == QLatin1Char('_')
               || c == QLatin1Char('-');
    });
}

// Names separated by single dots: "data.access_token", "token".
bool isDottedPath(QStringView path)
{
    return !path.isEmpty() && !path.startsWith(QLatin1Char('.')) && !path.endsWith(QLatin1Char('.'))
           && !path.contains(QLatin1String(".."));
}

} // namespace

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

ProfileParser::ProfileParser(const QString &sourceName)
    : m_source(sourceName.isEmpty() ? QStringLiteral("profile") : sourceName)
    , m_defaultId(QFileInfo(sourceName).completeBaseName())
    , m_directory(sourceName.isEmpty() ? QDir::currentPath() : QFileInfo(sourceName).absolutePath())
    , m_data(std::make_unique<ProfileData>())
{ }

ProfileLoadResult ProfileParser::parse(const QByteArray &json, const QString &sourceName)
{
    ProfileParser parser(sourceName);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return ProfileLoadResult::failure(QStringLiteral("%1: not valid JSON: %2 at offset %3")
                                                  .arg(parser.m_source, error.errorString())
                                                  .arg(error.offset));
    if (!document.isObject())
        return ProfileLoadResult::failure(
                QStringLiteral("%1: expected a JSON object at the top level").arg(parser.m_source));
    if (!parser.m_fields.checkControlCharacters(document.object(), QString())
        || !parser.parseRoot(document.object()))
        return ProfileLoadResult::failure(
                QStringLiteral("%1: %2").arg(parser.m_source, parser.m_fields.error()));
    return ProfileLoadResult::success(Profile(parser.m_data.release()));
}

bool ProfileParser::parseRoot(const QJsonObject &root)
{
    const QStringList common =
            words("id name dialect base_url login refresh_lead_seconds "
                  "timeout_seconds max_response_bytes api_origins store error_message");
    const QStringList json = words("refresh logout response request");
    const QStringList oauth2 = words(
            "token_endpoint revocation_endpoint client_id scope client_secret issuer "
            "authorization_endpoint device_authorization_endpoint redirect_port redirect_path "
            "authorization_parameters");
    // Unknown keys first (a misspelt "dialect" is reported as such), then keys of the other
    // dialect.
    if (!m_fields.checkKeys(root, "", common + json + oauth2) || !parseDialect(root))
        return false;
    const bool isOAuth2 = m_data->dialect == Profile::Dialect::OAuth2;
    if (!m_fields.checkKeys(root, "", common + (isOAuth2 ? oauth2 : json), isOAuth2 ? json : oauth2,
                            notUsedBy(m_data->dialect))
        || !parseIdentity(root) || (isOAuth2 && !parseIssuer(root)) || !parseBaseUrl(root)
        || !parseLogin(root))
        return false;
    const bool endpoints = isOAuth2 ? parseOAuth2(root) && parseInteractive(root)
                                    : parseJsonEndpoints(root) && parseResponse(root);
    return endpoints && parseLimits(root) && parseOrigins(root) && parseStore(root)
           && parseErrorMessage(root);
}

bool ProfileParser::parseDialect(const QJsonObject &root)
{
    QString dialect;
    if (!m_fields.readString(root, "dialect", &dialect, Need::Required))
        return false;
    if (dialect != QLatin1String("json") && dialect != QLatin1String("oauth2"))
        return m_fields.fail(QStringLiteral("dialect"),
                             QStringLiteral("expected \"json\" or \"oauth2\", got %1")
                                     .arg(JsonFieldReader::quoted(dialect)));
    m_data->dialect =
            dialect == QLatin1String("json") ? Profile::Dialect::Json : Profile::Dialect::OAuth2;
    return true;
}

bool ProfileParser::parseIdentity(const QJsonObject &root)
{
    const QString rule = QStringLiteral("1 to 64 of A-Z a-z 0-9 . _ -");
    QString id = m_defaultId;
    if (!m_fields.readString(root, "id", &id, Need::Optional))
        return false;
    if (!root.contains(QLatin1String("id")) && m_defaultId.isEmpty())
        return m_fields.fail(QStringLiteral("id"), QStringLiteral("missing"));
    if (!isProfileId(id)) {
        return m_fields.fail(
                QStringLiteral("id"),
                root.contains(QLatin1String("id"))
                        ? QStringLiteral("expected %1, got %2")
                                  .arg(rule, JsonFieldReader::quoted(id))
                        : QStringLiteral("missing, and the file name is no id (%1)").arg(rule));
    }
    m_data->id = id;
    return m_fields.readName(root, "name", &m_data->name, Need::Required);
}

// An oauth2 profile with an issuer may leave base_url out: the issuer stands in for it (the
// base of relative endpoints, and the default API origin).
bool ProfileParser::parseBaseUrl(const QJsonObject &root)
{
    if (!root.contains(QLatin1String("base_url")) && !m_data->issuer.isEmpty()) {
        m_data->baseUrl = m_data->issuer;
        return true;
    }
    QString text;
    if (!m_fields.readName(root, "base_url", &text, Need::Required)
        || !m_fields.readServerUrl(QStringLiteral("base_url"), text, &m_data->baseUrl))
        return false;
    return m_data->baseUrl.hasQuery() ? m_fields.fail(QStringLiteral("base_url"),
                                                      QStringLiteral("must not contain a query"))
                                      : true;
}

// RFC 8414 section 2: an https URL (http only to a loopback host) with no query or fragment.
bool ProfileParser::parseIssuer(const QJsonObject &root)
{
    QString text;
    if (!m_fields.readString(root, "issuer", &text, Need::Nullable))
        return false;
    if (text.isEmpty())
        return true;
    if (!m_fields.readServerUrl(QStringLiteral("issuer"), text, &m_data->issuer))
        return false;
    return m_data->issuer.hasQuery() ? m_fields.fail(QStringLiteral("issuer"),
                                                     QStringLiteral("must not contain a query"))
                                     : true;
}

bool ProfileParser::parseLogin(const QJsonObject &root)
{
    const QStringList fieldKeys = words("path username_field password_field api_key_field");
    const bool oauth2 = m_data->dialect == Profile::Dialect::OAuth2;
    QJsonObject login;
    QString kind = QStringLiteral("password");
    qint64 timeout = m_data->signInTimeout.count();
    if (!m_fields.readObject(root, "login", &login)
        || !m_fields.checkKeys(login, "login",
                               oauth2 ? words("kind timeout_seconds")
                                      : fieldKeys + JsonRequestsParser::loginKeys() + words("kind"),
                               oauth2 ? fieldKeys + JsonRequestsParser::loginKeys()
                                      : words("timeout_seconds"),
                               notUsedBy(m_data->dialect))
        || !m_fields.readString(login, "login.kind", &kind, Need::Optional)
        || !m_fields.readInteger(login, "login.timeout_seconds", 10, 3600, &timeout))
        return false;
    m_data->signInTimeout = std::chrono::seconds(timeout);
    const std::pair<const char *, Profile::LoginKind> kinds[] = {
            {"password", Profile::LoginKind::Password},
            {"api_key", Profile::LoginKind::ApiKey},
            {"browser", Profile::LoginKind::Browser},
            {"device", Profile::LoginKind::Device},
    };
    const auto known = std::find_if(std::begin(kinds), std::end(kinds),
                                    [&](const auto &k) { return kind == QLatin1String(k.first); });
    if (known == std::end(kinds))
        return m_fields.fail(QStringLiteral("login.kind"),
                             QStringLiteral("expected \"password\", \"api_key\", \"browser\" or "
                                            "\"device\", got %1")
                                     .arg(JsonFieldReader::quoted(kind)));
    m_data->loginKind = known->second;
    if (kind == QLatin1String("api_key") && oauth2)
        return m_fields.fail(QStringLiteral("login.kind"),
                             QStringLiteral("\"api_key\" is only valid with the json dialect"));
    if ((kind == QLatin1String("browser") || kind == QLatin1String("device")) && !oauth2)
        return m_fields.fail(QStringLiteral("login.kind"),
                             QStringLiteral("%1 is only valid with the oauth2 dialect")
                                     .arg(JsonFieldReader::quoted(kind)));
    Profile::RequestFields &fields = m_data->requestFields;
    fields = {QStringLiteral("username"), QStringLiteral("password"),
              oauth2 ? QString() : QStringLiteral("api_key"), QStringLiteral("refresh_token")};
    return oauth2
           || (m_fields.readEndpoint(login, "login.path", "/auth/login", Need::Optional,
                                     m_data->baseUrl, &m_data->loginUrl)
               && m_fields.readName(login, "login.username_field", &fields.username, Need::Optional)
               && m_fields.readName(login, "login.password_field", &fields.password, Need::Optional)
               && m_fields.readName(login, "login.api_key_field", &fields.apiKey, Need::Optional));
}

bool ProfileParser::parseJsonEndpoints(const QJsonObject &root)
{
    QJsonObject refresh;
    if (!m_fields.readObject(root, "refresh", &refresh)
        || !m_fields.checkKeys(refresh, "refresh",
                               words("path") + JsonRequestsParser::refreshKeys())
        || !m_fields.readEndpoint(refresh, "refresh.path", "/auth/refresh", Need::Optional,
                                  m_data->baseUrl, &m_data->refreshUrl))
        return false;
    // Absent or null: the API has no server-side logout.
    const QJsonValue logoutValue = root.value(QLatin1String("logout"));
    QJsonObject logout;
    if (!logoutValue.isUndefined() && !logoutValue.isNull()
        && (!m_fields.readObject(root, "logout", &logout)
            || !m_fields.checkKeys(logout, "logout",
                                   words("path") + JsonRequestsParser::logoutKeys())
            || !m_fields.readEndpoint(logout, "logout.path", "", Need::Required, m_data->baseUrl,
                                      &m_data->logoutUrl)))
        return false;
    // The request side: encodings, constants, bearers, secret headers.
    JsonRequestsParser requests(m_fields,
                                [this](const QJsonObject &object, const char *key, QString *out) {
                                    return readPath(object, key, Need::Required, out);
                                });
    return requests.parse(root, &m_data->requestFields, &m_data->jsonRequests);
}

bool ProfileParser::parseResponse(const QJsonObject &root)
{
    using Paths = Profile::ResponsePaths;
    const std::pair<const char *, QString Paths::*> fields[] = {
            {"response.access_token", &Paths::accessToken},
            {"response.refresh_token", &Paths::refreshToken},
            {"response.access_expires_at", &Paths::accessExpiresAt},
            {"response.expires_in", &Paths::accessExpiresIn},
            {"response.refresh_expires_at", &Paths::refreshExpiresAt},
            {"response.refresh_expires_in", &Paths::refreshExpiresIn},
            {"response.user", &Paths::user},
    };
    QJsonObject response;
    if (!m_fields.readObject(root, "response", &response)
        || !m_fields.checkKeys(response, "response",
                               words("access_token refresh_token access_expires_at expires_in "
                                     "refresh_expires_at refresh_expires_in user")))
        return false;
    Paths &paths = m_data->responsePaths;
    paths = {QStringLiteral("data.access_token"),
             QStringLiteral("data.refresh_token"),
             QStringLiteral("data.access_expires_at"),
             QString(),
             QStringLiteral("data.refresh_expires_at"),
             QString(),
             QStringLiteral("data.user")};
    for (const auto &[name, member] : fields) {
        if (!m_fields.readString(response, name, &(paths.*member), Need::Nullable))
            return false;
        if (!(paths.*member).isEmpty() && !isDottedPath(paths.*member))
            return m_fields.fail(QString::fromLatin1(name),
                                 QStringLiteral("expected a dotted path like \"data.token\""));
    }
    return paths.accessToken.isEmpty() ? m_fields.fail(QStringLiteral("response.access_token"),
                                                       QStringLiteral("must not be empty"))
                                       : true;
}

bool ProfileParser::parseOAuth2(const QJsonObject &root)
{
    m_data->responsePaths = {QStringLiteral("access_token"),
                             QStringLiteral("refresh_token"),
                             QString(),
                             QStringLiteral("expires_in"),
                             QString(),
                             QStringLiteral("refresh_expires_in"), // sent by Keycloak and others
                             QString()};
    // With an issuer, an endpoint the profile does not name is discovered; without one, the
    // token endpoint has its default below the base URL.
    const bool discovered = !m_data->issuer.isEmpty();
    QString secret;
    if (!m_fields.readEndpoint(root, "token_endpoint", discovered ? "" : "/oauth/token",
                               discovered ? Need::Nullable : Need::Optional, m_data->baseUrl,
                               &m_data->loginUrl)
        || !m_fields.readEndpoint(root, "revocation_endpoint", "", Need::Nullable, m_data->baseUrl,
                                  &m_data->logoutUrl)
        || !m_fields.readEndpoint(root, "authorization_endpoint", "", Need::Nullable,
                                  m_data->baseUrl, &m_data->authorizationUrl)
        || !m_fields.readEndpoint(root, "device_authorization_endpoint", "", Need::Nullable,
                                  m_data->baseUrl, &m_data->deviceAuthorizationUrl)
        || !m_fields.readName(root, "client_id", &m_data->clientId, Need::Required)
        || !m_fields.readString(root, "client_secret", &secret, Need::Nullable))
        return false;
    m_data->clientSecret = Secret(secret.toUtf8());
    m_data->refreshUrl = m_data->loginUrl;
    return m_fields.readString(root, "scope", &m_data->scope, Need::Nullable);
}

// The keys of a sign-in in the browser or with a device code, and what each kind needs.
bool ProfileParser::parseInteractive(const QJsonObject &root)
{
    qint64 port = 0;
    if (!m_fields.readInteger(root, "redirect_port", 0, 65535, &port)
        || !m_fields.readString(root, "redirect_path", &m_data->redirectPath, Need::Optional)
        || !parseAuthorizationParameters(root))
        return false;
    m_data->redirectPort = quint16(port);
    const QUrl path(m_data->redirectPath, QUrl::StrictMode);
    if (!m_data->redirectPath.startsWith(QLatin1Char('/')) || !path.isValid() || path.hasQuery()
        || path.hasFragment() || m_data->redirectPath.startsWith(QLatin1String("//")))
        return m_fields.fail(QStringLiteral("redirect_path"),
                             QStringLiteral("expected a path like \"/callback\""));
    const bool discovered = !m_data->issuer.isEmpty();
    switch (m_data->loginKind) {
    case Profile::LoginKind::Browser:
        if (!discovered && m_data->authorizationUrl.isEmpty())
            return m_fields.fail(QStringLiteral("login.kind"),
                                 QStringLiteral("\"browser\" needs \"issuer\" or "
                                                "\"authorization_endpoint\""));
        break;
    case Profile::LoginKind::Device:
        if (!discovered && m_data->deviceAuthorizationUrl.isEmpty())
            return m_fields.fail(QStringLiteral("login.kind"),
                                 QStringLiteral("\"device\" needs \"issuer\" or "
                                                "\"device_authorization_endpoint\""));
        break;
    case Profile::LoginKind::Password:
    case Profile::LoginKind::ApiKey:
        break;
    }
    return true;
}

// An object of strings, added to the authorization request. The parameters Tessera sets itself
// are refused: a profile must not be able to turn PKCE off or send the code elsewhere.
bool ProfileParser::parseAuthorizationParameters(const QJsonObject &root)
{
    static const QStringList reserved =
            words("response_type client_id redirect_uri state code_challenge code_challenge_method "
                  "scope");
    QJsonObject parameters;
    if (!m_fields.readObject(root, "authorization_parameters", &parameters))
        return false;
    for (auto it = parameters.constBegin(); it != parameters.constEnd(); ++it) {
        const QString key = QStringLiteral("authorization_parameters.") + it.key();
        if (reserved.contains(it.key()))
            return m_fields.fail(key, it.key() == QLatin1String("scope")
                                              ? QStringLiteral("set by the \"scope\" key")
                                              : QStringLiteral("set by Tessera itself"));
        if (it.key().isEmpty())
            return m_fields.fail(QStringLiteral("authorization_parameters"),
                                 QStringLiteral("a parameter needs a name"));
        if (!it.value().isString())
            return m_fields.failType(key, "a string", it.value());
        m_data->authorizationParameters.append({it.key(), it.value().toString()});
    }
    return true;
}

// "error_message": where a failure answer has the server's own words for people.
bool ProfileParser::parseErrorMessage(const QJsonObject &root)
{
    QString &path = m_data->errorMessagePath;
    if (!m_fields.readString(root, "error_message", &path, Need::Nullable))
        return false;
    return path.isEmpty() || isDottedPath(path)
                   ? true
                   : m_fields.fail(QStringLiteral("error_message"),
                                   QStringLiteral("expected a dotted path like \"error.message\""));
}

// "store": where sessions are kept. A Redis store needs a key to seal the tokens with; its
// password never is in the profile, only the path of a file that holds it.
bool ProfileParser::parseStore(const QJsonObject &root)
{
    QJsonObject store;
    QString kind = QStringLiteral("keychain");
    if (!m_fields.readObject(root, "store", &store)
        || !m_fields.checkKeys(store, "store",
                               words("kind url prefix key_file credentials_file ca_file"))
        || !m_fields.readString(store, "store.kind", &kind, Need::Optional))
        return false;
    if (kind == QLatin1String("keychain")) {
        const QStringList redisKeys = words("url prefix key_file credentials_file ca_file");
        for (const QString &key : redisKeys) {
            if (store.contains(key))
                return m_fields.fail(QStringLiteral("store.") + key,
                                     QStringLiteral("only used by a \"redis\" store"));
        }
        return true;
    }
    if (kind != QLatin1String("redis"))
        return m_fields.fail(QStringLiteral("store.kind"),
                             QStringLiteral("expected \"keychain\" or \"redis\", got %1")
                                     .arg(JsonFieldReader::quoted(kind)));
    Profile::RedisStore &redis = m_data->redisStore;
    redis.prefix = QStringLiteral("tessera");
    if (!m_fields.readName(store, "store.url", &redis.url, Need::Required))
        return false;
    if (const RedisUrlResult url = parseRedisUrl(redis.url); !url.url)
        return m_fields.fail(QStringLiteral("store.url"), url.error);
    if (!m_fields.readName(store, "store.prefix", &redis.prefix, Need::Optional))
        return false;
    if (redis.prefix.size() > 64
        || !std::all_of(redis.prefix.begin(), redis.prefix.end(), [](QChar c) {
               return Ascii::isAlphanumeric(c) || QStringView(u"._:-").contains(c);
           }))
        return m_fields.fail(QStringLiteral("store.prefix"),
                             QStringLiteral("expected 1 to 64 of A-Z a-z 0-9 . _ : -"));
    m_data->storeKind = Profile::StoreKind::Redis;
    return readPath(store, "store.key_file", Need::Required, &redis.keyFile)
           && readPath(store, "store.credentials_file", Need::Optional, &redis.credentialsFile)
           && readPath(store, "store.ca_file", Need::Optional, &redis.caFile);
}

// A file's path: "~/" is the home directory, and a relative path is read from the profile's
// own directory (the current one for a profile that comes from no file).
bool ProfileParser::readPath(const QJsonObject &object, const char *key, Need need, QString *out)
{
    if (need == Need::Optional
        && !object.contains(QString::fromLatin1(key).section(QLatin1Char('.'), -1)))
        return true;
    QString path;
    if (!m_fields.readName(object, key, &path, need))
        return false;
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        path = QDir::homePath() + path.mid(1);
    *out = QDir::cleanPath(QDir(m_directory).absoluteFilePath(path));
    return true;
}

bool ProfileParser::parseLimits(const QJsonObject &root)
{
    qint64 lead = 300;
    qint64 timeout = 30;
    if (!m_fields.readInteger(root, "refresh_lead_seconds", 0, 86400, &lead)
        || !m_fields.readInteger(root, "timeout_seconds", 1, 600, &timeout)
        || !m_fields.readInteger(root, "max_response_bytes", 1024, 64 * 1024 * 1024,
                                 &m_data->maxResponseBytes))
        return false;
    m_data->refreshLead = std::chrono::seconds(lead);
    m_data->requestTimeout = std::chrono::seconds(timeout);
    return true;
}

bool ProfileParser::parseOrigins(const QJsonObject &root)
{
    const QJsonValue value = root.value(QLatin1String("api_origins"));
    if (value.isUndefined()) {
        m_data->apiOrigins = {originOf(m_data->baseUrl)};
        return true;
    }
    if (!value.isArray())
        return m_fields.failType(QStringLiteral("api_origins"), "an array of origins", value);
    const QJsonArray origins = value.toArray();
    if (origins.isEmpty())
        return m_fields.fail(QStringLiteral("api_origins"),
                             QStringLiteral("must list at least one origin"));
    for (qsizetype i = 0; i < origins.size(); ++i) {
        const QString itemKey = QStringLiteral("api_origins[%1]").arg(i);
        const QString path = QUrl(origins.at(i).toString()).path();
        QUrl url;
        if (!origins.at(i).isString())
            return m_fields.failType(itemKey, "a string", origins.at(i));
        if (!m_fields.readServerUrl(itemKey, origins.at(i).toString(), &url))
            return false;
        if ((!path.isEmpty() && path != QLatin1String("/")) || url.hasQuery())
            return m_fields.fail(itemKey,
                                 QStringLiteral("expected an origin like "
                                                "\"https://api.example.com\" (no path or query)"));
        m_data->apiOrigins.append(originOf(url));
    }
    return true;
}

} // namespace Tessera
