// SPDX-License-Identifier: BSD-3-Clause
#include "profile_p.h"

#include "logging_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>

namespace Tessera {

namespace {

constexpr qint64 kMaxProfileFileBytes = 1024 * 1024;

QString key(const char *dotted)
{
    return QString::fromLatin1(dotted);
}

QStringList words(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

QString quoted(const QString &word)
{
    const QString shown = word.size() > 40 ? word.left(40) + QStringLiteral("...") : word;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443
                                                     : (scheme == QLatin1String("http") ? 80 : -1));
}

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

// Empty if Tessera may talk to \a url; otherwise what is wrong with it.
QString serverUrlProblem(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("expected an absolute http:// or https:// URL");
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return QStringLiteral("expected an http:// or https:// URL, got %1:").arg(quoted(scheme));
    if (!url.userInfo().isEmpty())
        return QStringLiteral("must not contain a user name or password");
    if (url.hasFragment())
        return QStringLiteral("must not contain a fragment");
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
        return QStringLiteral("http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, "
                              "localhost); use https://");
    return {};
}

} // namespace

QString jsonTypeName(const QJsonValue &value)
{
    static const char *const names[] = {"null",     "a boolean", "a number",
                                        "a string", "an array",  "an object"};
    const int type = value.type();
    return QString::fromLatin1(type >= 0 && type < 6 ? names[type] : "nothing");
}

// --- ProfileParser: reading values ----------------------------------------------------------

ProfileParser::ProfileParser(const QString &sourceName)
    : m_source(sourceName.isEmpty() ? QStringLiteral("profile") : sourceName)
    , m_defaultId(QFileInfo(sourceName).completeBaseName())
    , m_data(std::make_unique<ProfileData>())
{ }

bool ProfileParser::fail(const QString &key, const QString &what)
{
    m_error = QStringLiteral("%1: %2: %3").arg(m_source, key, what);
    return false;
}

bool ProfileParser::failType(const QString &key, const char *expected, const QJsonValue &got)
{
    return fail(
            key,
            QStringLiteral("expected %1, got %2").arg(QLatin1String(expected), jsonTypeName(got)));
}

bool ProfileParser::checkKeys(const QJsonObject &object, const char *prefix,
                              const QStringList &known, const QStringList &otherDialect)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        const QString dotted = *prefix ? key(prefix) + QLatin1Char('.') + it.key() : it.key();
        if (!otherDialect.contains(it.key()))
            return fail(dotted, QStringLiteral("unknown key"));
        const bool oauth2 = m_data->dialect == Profile::Dialect::OAuth2;
        return fail(dotted, QStringLiteral("not used by the %1 dialect")
                                    .arg(QLatin1String(oauth2 ? "oauth2" : "json")));
    }
    return true;
}

bool ProfileParser::readObject(const QJsonObject &parent, const char *dotted, QJsonObject *out)
{
    const QJsonValue value = parent.value(key(dotted).section(QLatin1Char('.'), -1));
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return failType(key(dotted), "an object", value);
    *out = value.toObject();
    return true;
}

bool ProfileParser::readString(const QJsonObject &parent, const char *dotted, QString *out,
                               Need need)
{
    const QJsonValue value = parent.value(key(dotted).section(QLatin1Char('.'), -1));
    if (value.isUndefined())
        return need == Need::Required ? fail(key(dotted), QStringLiteral("missing")) : true;
    if (value.isNull() && need == Need::Nullable) {
        out->clear();
        return true;
    }
    if (!value.isString())
        return failType(key(dotted), "a string", value);
    *out = value.toString();
    return true;
}

bool ProfileParser::readName(const QJsonObject &parent, const char *dotted, QString *out, Need need)
{
    if (!readString(parent, dotted, out, need))
        return false;
    return out->trimmed().isEmpty() ? fail(key(dotted), QStringLiteral("must not be empty")) : true;
}

bool ProfileParser::readInteger(const QJsonObject &parent, const char *dotted, qint64 min,
                                qint64 max, qint64 *out)
{
    const QJsonValue value = parent.value(QLatin1String(dotted));
    if (value.isUndefined())
        return true;
    if (!value.isDouble())
        return failType(key(dotted), "a number", value);
    const double number = value.toDouble();
    if (number != std::floor(number) || number < double(min) || number > double(max))
        return fail(key(dotted), QStringLiteral("expected a whole number from %1 to %2, got %3")
                                         .arg(min)
                                         .arg(max)
                                         .arg(number));
    *out = static_cast<qint64>(number);
    return true;
}

bool ProfileParser::readServerUrl(const QString &key, const QString &text, QUrl *out)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString problem = serverUrlProblem(url);
    if (!problem.isEmpty())
        return fail(key, problem);
    *out = url;
    return true;
}

// A path below base_url ("/auth/login", keeping base_url's own path as a prefix) or an absolute
// URL. With Need::Nullable, null or "" mean "no such endpoint" (an empty QUrl).
bool ProfileParser::readEndpoint(const QJsonObject &parent, const char *dotted,
                                 const char *fallback, Need need, QUrl *out)
{
    QString text = QString::fromLatin1(fallback);
    if (!readString(parent, dotted, &text, need))
        return false;
    out->clear();
    if (text.isEmpty())
        return need == Need::Nullable ? true
                                      : fail(key(dotted), QStringLiteral("must not be empty"));
    const QUrl reference(text, QUrl::StrictMode);
    if (!reference.isRelative())
        return readServerUrl(key(dotted), text, out);
    if (!reference.isValid() || !reference.host().isEmpty() || reference.hasFragment())
        return fail(key(dotted),
                    QStringLiteral("expected a path like \"/auth/login\" or an absolute URL"));
    QString basePath = m_data->baseUrl.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const QString path = reference.path();
    *out = m_data->baseUrl;
    out->setPath(basePath + (path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/"))
                 + path);
    if (reference.hasQuery())
        out->setQuery(reference.query());
    return true;
}

// --- ProfileParser: the sections of a profile -----------------------------------------------

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
    if (!parser.parseRoot(document.object()))
        return ProfileLoadResult::failure(parser.m_error);
    return ProfileLoadResult::success(Profile(parser.m_data.release()));
}

bool ProfileParser::parseRoot(const QJsonObject &root)
{
    const QStringList common = words("id name dialect base_url login refresh_lead_seconds "
                                     "timeout_seconds max_response_bytes api_origins");
    const QStringList json = words("refresh logout response");
    const QStringList oauth2 = words("token_endpoint revocation_endpoint client_id scope");
    // Unknown keys first (a misspelt "dialect" is reported as such), then keys of the other
    // dialect.
    if (!checkKeys(root, "", common + json + oauth2) || !parseDialect(root))
        return false;
    const bool isOAuth2 = m_data->dialect == Profile::Dialect::OAuth2;
    if (!checkKeys(root, "", common + (isOAuth2 ? oauth2 : json), isOAuth2 ? json : oauth2)
        || !parseIdentity(root) || !parseBaseUrl(root) || !parseLogin(root))
        return false;
    const bool endpoints =
            isOAuth2 ? parseOAuth2(root) : parseJsonEndpoints(root) && parseResponse(root);
    return endpoints && parseLimits(root) && parseOrigins(root);
}

bool ProfileParser::parseDialect(const QJsonObject &root)
{
    QString dialect;
    if (!readString(root, "dialect", &dialect, Need::Required))
        return false;
    if (dialect != QLatin1String("json") && dialect != QLatin1String("oauth2"))
        return fail(key("dialect"),
                    QStringLiteral("expected \"json\" or \"oauth2\", got %1").arg(quoted(dialect)));
    m_data->dialect =
            dialect == QLatin1String("json") ? Profile::Dialect::Json : Profile::Dialect::OAuth2;
    return true;
}

bool ProfileParser::parseIdentity(const QJsonObject &root)
{
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    const QString rule = QStringLiteral("1 to 64 of A-Z a-z 0-9 . _ -");
    QString id = m_defaultId;
    if (!readString(root, "id", &id, Need::Optional))
        return false;
    if (!root.contains(QLatin1String("id")) && m_defaultId.isEmpty())
        return fail(key("id"), QStringLiteral("missing"));
    if (!idPattern.match(id).hasMatch()) {
        return fail(key("id"),
                    root.contains(QLatin1String("id"))
                            ? QStringLiteral("expected %1, got %2").arg(rule, quoted(id))
                            : QStringLiteral("missing, and the file name is no id (%1)").arg(rule));
    }
    m_data->id = id;
    return readName(root, "name", &m_data->name, Need::Required);
}

bool ProfileParser::parseBaseUrl(const QJsonObject &root)
{
    QString text;
    if (!readName(root, "base_url", &text, Need::Required)
        || !readServerUrl(key("base_url"), text, &m_data->baseUrl))
        return false;
    return m_data->baseUrl.hasQuery()
                   ? fail(key("base_url"), QStringLiteral("must not contain a query"))
                   : true;
}

bool ProfileParser::parseLogin(const QJsonObject &root)
{
    const QStringList fieldKeys = words("path username_field password_field api_key_field");
    const bool oauth2 = m_data->dialect == Profile::Dialect::OAuth2;
    QJsonObject login;
    QString kind = QStringLiteral("password");
    if (!readObject(root, "login", &login)
        || !checkKeys(login, "login", oauth2 ? words("kind") : fieldKeys + words("kind"),
                      oauth2 ? fieldKeys : QStringList())
        || !readString(login, "login.kind", &kind, Need::Optional))
        return false;
    if (kind == QLatin1String("api_key") && oauth2)
        return fail(key("login.kind"),
                    QStringLiteral("\"api_key\" is only valid with the json dialect"));
    if (kind != QLatin1String("api_key") && kind != QLatin1String("password"))
        return fail(
                key("login.kind"),
                QStringLiteral("expected \"password\" or \"api_key\", got %1").arg(quoted(kind)));
    m_data->loginKind = kind == QLatin1String("api_key") ? Profile::LoginKind::ApiKey
                                                         : Profile::LoginKind::Password;
    Profile::RequestFields &fields = m_data->requestFields;
    fields = {QStringLiteral("username"), QStringLiteral("password"),
              oauth2 ? QString() : QStringLiteral("api_key"), QStringLiteral("refresh_token")};
    return oauth2
           || (readEndpoint(login, "login.path", "/auth/login", Need::Optional, &m_data->loginUrl)
               && readName(login, "login.username_field", &fields.username, Need::Optional)
               && readName(login, "login.password_field", &fields.password, Need::Optional)
               && readName(login, "login.api_key_field", &fields.apiKey, Need::Optional));
}

bool ProfileParser::parseJsonEndpoints(const QJsonObject &root)
{
    QJsonObject refresh;
    if (!readObject(root, "refresh", &refresh)
        || !checkKeys(refresh, "refresh", words("path refresh_token_field"))
        || !readEndpoint(refresh, "refresh.path", "/auth/refresh", Need::Optional,
                         &m_data->refreshUrl)
        || !readName(refresh, "refresh.refresh_token_field", &m_data->requestFields.refreshToken,
                     Need::Optional))
        return false;
    // Absent or null: the API has no server-side logout.
    const QJsonValue logoutValue = root.value(QLatin1String("logout"));
    if (logoutValue.isUndefined() || logoutValue.isNull())
        return true;
    QJsonObject logout;
    return readObject(root, "logout", &logout) && checkKeys(logout, "logout", words("path"))
           && readEndpoint(logout, "logout.path", "", Need::Required, &m_data->logoutUrl);
}

bool ProfileParser::parseResponse(const QJsonObject &root)
{
    static const QRegularExpression dotted(QStringLiteral("^[^.]+(\\.[^.]+)*$"));
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
    if (!readObject(root, "response", &response)
        || !checkKeys(response, "response",
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
        if (!readString(response, name, &(paths.*member), Need::Nullable))
            return false;
        if (!(paths.*member).isEmpty() && !dotted.match(paths.*member).hasMatch())
            return fail(key(name), QStringLiteral("expected a dotted path like \"data.token\""));
    }
    return paths.accessToken.isEmpty()
                   ? fail(key("response.access_token"), QStringLiteral("must not be empty"))
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
    if (!readEndpoint(root, "token_endpoint", "/oauth/token", Need::Optional, &m_data->loginUrl)
        || !readEndpoint(root, "revocation_endpoint", "", Need::Nullable, &m_data->logoutUrl)
        || !readName(root, "client_id", &m_data->clientId, Need::Required))
        return false;
    m_data->refreshUrl = m_data->loginUrl;
    return readString(root, "scope", &m_data->scope, Need::Nullable);
}

bool ProfileParser::parseLimits(const QJsonObject &root)
{
    qint64 lead = 300;
    qint64 timeout = 30;
    if (!readInteger(root, "refresh_lead_seconds", 0, 86400, &lead)
        || !readInteger(root, "timeout_seconds", 1, 600, &timeout)
        || !readInteger(root, "max_response_bytes", 1024, 64 * 1024 * 1024,
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
        return failType(key("api_origins"), "an array of origins", value);
    const QJsonArray origins = value.toArray();
    if (origins.isEmpty())
        return fail(key("api_origins"), QStringLiteral("must list at least one origin"));
    for (qsizetype i = 0; i < origins.size(); ++i) {
        const QString itemKey = QStringLiteral("api_origins[%1]").arg(i);
        const QString path = QUrl(origins.at(i).toString()).path();
        QUrl url;
        if (!origins.at(i).isString())
            return failType(itemKey, "a string", origins.at(i));
        if (!readServerUrl(itemKey, origins.at(i).toString(), &url))
            return false;
        if ((!path.isEmpty() && path != QLatin1String("/")) || url.hasQuery())
            return fail(itemKey, QStringLiteral("expected an origin like "
                                                "\"https://api.example.com\" (no path or query)"));
        m_data->apiOrigins.append(originOf(url));
    }
    return true;
}

// --- Profile --------------------------------------------------------------------------------

Profile::Profile()
    : d(new ProfileData)
{ }
Profile::Profile(ProfileData *data)
    : d(data)
{ }
Profile::Profile(const Profile &other) = default;
Profile::Profile(Profile &&other) noexcept = default;
Profile &Profile::operator=(const Profile &other) = default;
Profile &Profile::operator=(Profile &&other) noexcept = default;
Profile::~Profile() = default;

QString Profile::defaultLocation()
{
    const QString fromEnvironment = qEnvironmentVariable("TESSERA_PROFILE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
            + QStringLiteral("/tessera/profile.json");
}

ProfileLoadResult Profile::load(const QString &filePath)
{
    const QString shownPath = QDir::toNativeSeparators(filePath);
    QFile file(filePath);
    QByteArray json;
    if (file.open(QIODevice::ReadOnly))
        json = file.read(kMaxProfileFileBytes + 1);
    if (!file.isOpen() || file.error() != QFileDevice::NoError)
        return ProfileLoadResult::failure(
                QStringLiteral("%1: cannot read: %2").arg(shownPath, file.errorString()));
    if (json.size() > kMaxProfileFileBytes)
        return ProfileLoadResult::failure(
                QStringLiteral("%1: larger than 1 MiB, not a profile").arg(shownPath));
    ProfileLoadResult result = fromJson(json, QFileInfo(filePath).fileName());
    if (result)
        qCDebug(lcProfile) << "loaded profile" << result.profile().id() << "from" << shownPath;
    return result;
}

ProfileLoadResult Profile::fromJson(const QByteArray &json, const QString &sourceName)
{
    return ProfileParser::parse(json, sourceName);
}

// clang-format off
bool Profile::isValid() const { return !d->id.isEmpty(); }
QString Profile::id() const { return d->id; }
QString Profile::name() const { return d->name; }
Profile::Dialect Profile::dialect() const { return d->dialect; }
Profile::LoginKind Profile::loginKind() const { return d->loginKind; }
QUrl Profile::baseUrl() const { return d->baseUrl; }
QUrl Profile::loginUrl() const { return d->loginUrl; }
QUrl Profile::refreshUrl() const { return d->refreshUrl; }
QUrl Profile::logoutUrl() const { return d->logoutUrl; }
QString Profile::clientId() const { return d->clientId; }
QString Profile::scope() const { return d->scope; }
Profile::RequestFields Profile::requestFields() const { return d->requestFields; }
Profile::ResponsePaths Profile::responsePaths() const { return d->responsePaths; }
std::chrono::seconds Profile::refreshLead() const { return d->refreshLead; }
std::chrono::milliseconds Profile::requestTimeout() const { return d->requestTimeout; }
qint64 Profile::maxResponseBytes() const { return d->maxResponseBytes; }
QList<QUrl> Profile::apiOrigins() const { return d->apiOrigins; }
// clang-format on

bool Profile::isApiOrigin(const QUrl &url) const
{
    if (!url.isValid() || url.isRelative())
        return false;
    for (const QUrl &origin : std::as_const(d->apiOrigins)) {
        if (url.scheme().compare(origin.scheme(), Qt::CaseInsensitive) == 0
            && url.host().compare(origin.host(), Qt::CaseInsensitive) == 0
            && effectivePort(url) == effectivePort(origin))
            return true;
    }
    return false;
}

// --- ProfileLoadResult ----------------------------------------------------------------------

ProfileLoadResult ProfileLoadResult::success(const Profile &profile)
{
    ProfileLoadResult result;
    result.m_profile = profile;
    return result;
}

ProfileLoadResult ProfileLoadResult::failure(const QString &message)
{
    ProfileLoadResult result;
    result.m_error = message;
    return result;
}

} // namespace Tessera
