// SPDX-License-Identifier: BSD-3-Clause
#include "storedsession_p.h"

#include "tokensyntax_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace Tessera {

namespace {

// JSON field names; the error messages use the same names.
const QLatin1String VersionField("version");
const QLatin1String UserField("user");
const QLatin1String DisplayNameField("displayName");
const QLatin1String AccessTokenField("accessToken");
const QLatin1String RefreshTokenField("refreshToken");
const QLatin1String AccessExpiresField("accessExpiresAt");
const QLatin1String RefreshExpiresField("refreshExpiresAt");
const QLatin1String ObtainedField("obtainedAt");
const QLatin1String ApiKeyField("apiKey");
const QLatin1String GenerationField("generation");
const QLatin1String TokenEndpointField("tokenEndpoint");
const QLatin1String RevocationEndpointField("revocationEndpoint");

// Every session that TokenSyntax lets in can be stored and read back: at worst each byte of the
// user name and API key is a \u00XX escape (6 bytes), each of the refresh token's a two-byte
// escape (\" or \\); the access token needs none. 1 KiB covers the field names, timestamps and
// generation.
static_assert(2 * 6 * TokenSyntax::MaxUserBytes + TokenSyntax::MaxTokenBytes
                              + 2 * TokenSyntax::MaxTokenBytes + 6 * TokenSyntax::MaxTokenBytes
                              + 1024
                      <= MaxStoredSessionSize,
              "a session with tokens of the largest size accepted could not be read back");

// Largest integer a JSON number (an IEEE double) holds exactly.
constexpr double MaxExactInteger = 9007199254740992.0; // 2^53
// ECMAScript's Date range, well inside QDateTime's.
constexpr double MaxTimestampMs = 8.64e15;

void putSecret(QJsonObject &object, QLatin1String name, const Secret &secret)
{
    if (!secret.isEmpty())
        object.insert(name, QString::fromUtf8(secret.reveal()));
}

void putTimestamp(QJsonObject &object, QLatin1String name, const QDateTime &time)
{
    if (time.isValid())
        object.insert(name, static_cast<double>(time.toMSecsSinceEpoch()));
}

// Reads the fields one by one; the first problem is kept in `error`, and later reads are no-ops.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object)
        : m_object(object)
    { }

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    std::optional<double> integer(QLatin1String name, double min, double max, bool required)
    {
        const QJsonValue value = m_object.value(name);
        if (!present(name, value, required))
            return std::nullopt;
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || std::trunc(number) != number) {
            fail(name, QStringLiteral("expected an integer"));
            return std::nullopt;
        }
        if (number < min || number > max) {
            fail(name, QStringLiteral("out of range"));
            return std::nullopt;
        }
        return number;
    }

    QString string(QLatin1String name, bool required)
    {
        const QJsonValue value = m_object.value(name);
        if (!present(name, value, required))
            return {};
        if (!value.isString()) {
            fail(name, QStringLiteral("expected a string"));
            return {};
        }
        const QString text = value.toString();
        if (required && text.isEmpty())
            fail(name, QStringLiteral("empty"));
        return text;
    }

    // A secret, held to what Tessera accepts when it arrives (\a problem: one of TokenSyntax's
    // checks): a stored session is input too, and its tokens go into requests.
    Secret secret(QLatin1String name, bool required, QString (*problem)(const QByteArray &))
    {
        Secret value(string(name, required).toUtf8());
        if (!failed() && !value.isEmpty())
            check(name, problem(value.reveal()));
        return value;
    }

    QString user()
    {
        const QString value = string(UserField, true);
        if (!failed())
            check(UserField, TokenSyntax::userProblem(value));
        return value;
    }

    // Optional, by the user name's rule.
    QString displayName()
    {
        const QString value = string(DisplayNameField, false);
        if (!failed())
            check(DisplayNameField, TokenSyntax::userProblem(value));
        return value;
    }

    // An endpoint found at sign-in: an absolute http(s) URL with a host. Refresh tokens go
    // there, so a damaged entry must not be able to name something else.
    QUrl endpoint(QLatin1String name)
    {
        const QString text = string(name, false);
        if (failed() || text.isEmpty())
            return {};
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty()
            || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
            fail(name, QStringLiteral("expected an http or https URL"));
        return url;
    }

    QDateTime timestamp(QLatin1String name)
    {
        const std::optional<double> ms = integer(name, -MaxTimestampMs, MaxTimestampMs, false);
        if (!ms)
            return {};
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(*ms), Qt::UTC);
    }

private:
    // False when there is nothing to read: an earlier failure, an optional field left out (or
    // null), or a required one missing (which is recorded as the failure).
    bool present(QLatin1String name, const QJsonValue &value, bool required)
    {
        if (failed())
            return false;
        if (value.isUndefined() || (!required && value.isNull())) {
            if (required)
                fail(name, QStringLiteral("missing"));
            return false;
        }
        return true;
    }

    void check(QLatin1String name, const QString &problem)
    {
        if (!problem.isEmpty())
            fail(name, problem);
    }

    void fail(QLatin1String name, const QString &problem)
    {
        m_error = name + QLatin1String(": ") + problem;
    }

    const QJsonObject &m_object;
    QString m_error;
};

StoredSessionResult failure(const QString &error)
{
    return StoredSessionResult {std::nullopt, error};
}

} // namespace

bool operator==(const StoredSession &a, const StoredSession &b)
{
    return a.version == b.version && a.user == b.user && a.accessToken == b.accessToken
           && a.refreshToken == b.refreshToken && a.accessExpiresAt == b.accessExpiresAt
           && a.refreshExpiresAt == b.refreshExpiresAt && a.obtainedAt == b.obtainedAt
           && a.displayName == b.displayName && a.apiKey == b.apiKey && a.generation == b.generation
           && a.tokenEndpoint == b.tokenEndpoint && a.revocationEndpoint == b.revocationEndpoint;
}

Secret serializeStoredSession(const StoredSession &s)
{
    QJsonObject object;
    object.insert(VersionField, s.version);
    object.insert(UserField, s.user);
    if (!s.displayName.isEmpty())
        object.insert(DisplayNameField, s.displayName);
    putSecret(object, AccessTokenField, s.accessToken);
    putSecret(object, RefreshTokenField, s.refreshToken);
    putTimestamp(object, AccessExpiresField, s.accessExpiresAt);
    putTimestamp(object, RefreshExpiresField, s.refreshExpiresAt);
    putTimestamp(object, ObtainedField, s.obtainedAt);
    putSecret(object, ApiKeyField, s.apiKey);
    object.insert(GenerationField, static_cast<double>(s.generation));
    if (!s.tokenEndpoint.isEmpty())
        object.insert(TokenEndpointField, s.tokenEndpoint.toString(QUrl::FullyEncoded));
    if (!s.revocationEndpoint.isEmpty())
        object.insert(RevocationEndpointField, s.revocationEndpoint.toString(QUrl::FullyEncoded));
    return Secret(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

StoredSessionResult parseStoredSession(const Secret &data)
{
    if (data.isEmpty())
        return failure(QStringLiteral("data: empty"));
    if (data.size() > MaxStoredSessionSize)
        return failure(QStringLiteral("data: too large (%1 bytes, at most %2)")
                               .arg(data.size())
                               .arg(MaxStoredSessionSize));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data.reveal(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(QStringLiteral("data: not JSON (%1 at offset %2)")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    if (!document.isObject())
        return failure(QStringLiteral("data: expected a JSON object"));

    const QJsonObject object = document.object();
    FieldReader reader(object);
    const std::optional<double> version = reader.integer(VersionField, 0, MaxExactInteger, true);
    if (version && *version != StoredSessionVersion)
        return failure(QStringLiteral("version: unsupported version %1").arg(*version));

    StoredSession s;
    s.user = reader.user();
    s.displayName = reader.displayName();
    s.accessToken = reader.secret(AccessTokenField, true, TokenSyntax::accessTokenProblem);
    s.refreshToken = reader.secret(RefreshTokenField, false, TokenSyntax::refreshTokenProblem);
    s.accessExpiresAt = reader.timestamp(AccessExpiresField);
    s.refreshExpiresAt = reader.timestamp(RefreshExpiresField);
    s.obtainedAt = reader.timestamp(ObtainedField);
    s.apiKey = reader.secret(ApiKeyField, false, TokenSyntax::apiKeyProblem);
    s.tokenEndpoint = reader.endpoint(TokenEndpointField);
    s.revocationEndpoint = reader.endpoint(RevocationEndpointField);
    const std::optional<double> generation =
            reader.integer(GenerationField, 0, MaxExactInteger, false);
    if (reader.failed())
        return failure(reader.error());
    s.generation = generation ? static_cast<quint64>(*generation) : 0;
    return StoredSessionResult {std::move(s), QString()};
}

QString storedSessionKey(const QString &profileId, const QString &user)
{
    return profileId + QLatin1Char('/') + user;
}

QString currentAccountKey(const QString &profileId)
{
    return profileId;
}

} // namespace Tessera
