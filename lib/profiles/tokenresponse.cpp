// SPDX-License-Identifier: BSD-3-Clause
#include "tokenresponse_p.h"

#include "jsonanswer_p.h"
#include "jwt_p.h"
#include "profile_p.h"
#include "timestamp_p.h"
#include "tokensyntax_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cstdlib>

namespace Tessera {

namespace {

// Walks a token response. Every error names a path and a JSON type, never a value.
class ResponseReader
{
public:
    explicit ResponseReader(const QJsonObject &root)
        : m_root(root)
    { }

    QString error() const { return m_error; }

    // The value at a dotted path: Undefined if it (or an object on the way) is absent;
    // nullopt, with error() set, if something on the way is not an object.
    std::optional<QJsonValue> value(const QString &path)
    {
        QJsonValue current = m_root;
        qsizetype walked = 0;
        for (const QString &segment : path.split(QLatin1Char('.'))) {
            if (JsonAnswer::isAbsent(current))
                return QJsonValue(QJsonValue::Undefined);
            if (!current.isObject()) {
                fail(path.left(walked - 1),
                     QStringLiteral("expected an object, got %1").arg(jsonTypeName(current)));
                return std::nullopt;
            }
            current = current.toObject().value(segment);
            walked += segment.size() + 1;
        }
        return current;
    }

    // A string at \a path: nullopt on error; an empty string if absent and not \a required.
    std::optional<QString> string(const QString &path, bool required)
    {
        const std::optional<QJsonValue> v = path.isEmpty() ? QJsonValue() : value(path);
        if (!v)
            return std::nullopt;
        if (JsonAnswer::isAbsent(*v)) {
            if (!required)
                return QString();
            fail(path, QStringLiteral("missing"));
            return std::nullopt;
        }
        if (!v->isString()) {
            fail(path, QStringLiteral("expected a string, got %1").arg(jsonTypeName(*v)));
            return std::nullopt;
        }
        return v->toString();
    }

    // The expiry from an absolute field, else from a relative one. \a source says which.
    bool expiry(const QString &atPath, const QString &inPath, const QDateTime &receivedAt,
                QDateTime *out, TokenGrant::ExpirySource *source)
    {
        const std::optional<QJsonValue> at = atPath.isEmpty() ? QJsonValue() : value(atPath);
        if (!at)
            return false;
        if (!JsonAnswer::isAbsent(*at)) {
            const std::optional<QDateTime> parsed = parseTimestamp(*at);
            if (!parsed)
                return fail(atPath, QStringLiteral("not a timestamp (expected ISO 8601 or epoch "
                                                   "seconds, got %1)")
                                            .arg(jsonTypeName(*at)));
            *out = *parsed;
            *source = TokenGrant::ExpirySource::Absolute;
            return true;
        }
        const std::optional<QJsonValue> in = inPath.isEmpty() ? QJsonValue() : value(inPath);
        if (!in)
            return false;
        if (JsonAnswer::isAbsent(*in))
            return true;
        const std::optional<qint64> seconds = parseSeconds(*in);
        if (!seconds)
            return fail(inPath,
                        QStringLiteral("expected a number of seconds from 0 to ten years, got %1")
                                .arg(jsonTypeName(*in)));
        *out = receivedAt.toUTC().addSecs(*seconds);
        *source = TokenGrant::ExpirySource::Relative;
        return true;
    }

    bool fail(const QString &path, const QString &what)
    {
        m_error = QStringLiteral("%1: %2").arg(path, what);
        return false;
    }

private:
    QJsonObject m_root;
    QString m_error;
};

bool readTokens(ResponseReader &reader, const Profile::ResponsePaths &paths, TokenGrant *grant)
{
    if (paths.accessToken.isEmpty())
        return reader.fail(QStringLiteral("access token"), QStringLiteral("no path configured"));
    const std::optional<QString> access = reader.string(paths.accessToken, true);
    if (!access)
        return false;
    grant->accessToken = Secret(access->toUtf8());
    if (const QString problem = TokenSyntax::accessTokenProblem(grant->accessToken.reveal());
        !problem.isEmpty())
        return reader.fail(paths.accessToken, problem);
    const std::optional<QString> refresh = reader.string(paths.refreshToken, false);
    if (!refresh)
        return false;
    grant->refreshToken = Secret(refresh->toUtf8());
    // An empty string is no refresh token, as if none was sent.
    if (const QString problem = TokenSyntax::refreshTokenProblem(grant->refreshToken.reveal());
        !grant->refreshToken.isEmpty() && !problem.isEmpty())
        return reader.fail(paths.refreshToken, problem);
    const std::optional<QString> user = reader.string(paths.user, false);
    if (!user)
        return false;
    if (const QString problem = TokenSyntax::userProblem(*user); !problem.isEmpty())
        return reader.fail(paths.user, problem);
    grant->user = *user;
    return true;
}

} // namespace

TokenResponseResult parseTokenResponse(const QByteArray &body, const Profile::ResponsePaths &paths,
                                       const QDateTime &receivedAt)
{
    QString error;
    const std::optional<QJsonObject> root =
            JsonAnswer::object(body, QStringLiteral("response"), 0, &error);
    if (!root)
        return {std::nullopt, error};
    ResponseReader reader(*root);
    TokenGrant grant;
    TokenGrant::ExpirySource refreshSource = TokenGrant::ExpirySource::Unknown;
    if (!readTokens(reader, paths, &grant)
        || !reader.expiry(paths.accessExpiresAt, paths.accessExpiresIn, receivedAt,
                          &grant.accessExpiresAt, &grant.expirySource)
        || !reader.expiry(paths.refreshExpiresAt, paths.refreshExpiresIn, receivedAt,
                          &grant.refreshExpiresAt, &refreshSource))
        return {std::nullopt, reader.error()};
    grant.refreshExpirySource = refreshSource;
    if (grant.expirySource == TokenGrant::ExpirySource::Unknown) {
        if (const std::optional<QDateTime> exp = Jwt::expiry(grant.accessToken)) {
            grant.accessExpiresAt = *exp;
            grant.expirySource = TokenGrant::ExpirySource::Jwt;
        }
    }
    return {grant, QString()};
}

QString bearerTypeProblem(const QByteArray &body)
{
    const QJsonValue type =
            QJsonDocument::fromJson(body).object().value(QLatin1String("token_type"));
    if (JsonAnswer::isAbsent(type))
        return {};
    if (!type.isString())
        return QStringLiteral("token_type: expected \"bearer\", got %1").arg(jsonTypeName(type));
    if (type.toString().compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        return QStringLiteral("token_type: not \"bearer\"; Tessera only uses bearer tokens");
    return {};
}

QString idTokenUser(const QByteArray &body)
{
    const QJsonValue idToken =
            QJsonDocument::fromJson(body).object().value(QLatin1String("id_token"));
    return idToken.isString() ? Jwt::userName(Secret(idToken.toString().toUtf8())) : QString();
}

std::optional<QDateTime> parseHttpDate(const QByteArray &header)
{
    if (header.isEmpty() || header.size() > 64)
        return std::nullopt;
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(header.trimmed()),
                                             QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    if (!date.isValid())
        return std::nullopt;
    date.setTimeSpec(Qt::UTC);
    return date;
}

void correctForServerClock(TokenGrant *grant, const QDateTime &serverDate,
                           const QDateTime &receivedAt)
{
    // Date has a precision of one second, and the answer took a moment to arrive.
    constexpr qint64 tolerance = 2000;
    const qint64 skew = serverDate.msecsTo(receivedAt);
    if (std::abs(skew) <= tolerance)
        return;
    using Source = TokenGrant::ExpirySource;
    if (grant->expirySource == Source::Absolute || grant->expirySource == Source::Jwt)
        grant->accessExpiresAt = grant->accessExpiresAt.addMSecs(skew);
    if (grant->refreshExpirySource == Source::Absolute)
        grant->refreshExpiresAt = grant->refreshExpiresAt.addMSecs(skew);
}

ErrorResponse parseErrorResponse(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue error = root.value(QLatin1String("error"));
    const QJsonValue candidates[] = {error, error.toObject().value(QLatin1String("code")),
                                     root.value(QLatin1String("code"))};
    for (const QJsonValue &candidate : candidates) {
        const QString code = candidate.toString();
        if (JsonAnswer::isErrorCode(code))
            return {code};
    }
    return {};
}

} // namespace Tessera
