// SPDX-License-Identifier: BSD-3-Clause
// parseTokenResponse(), parseErrorResponse() and bearerTypeProblem() on one body, the way
// AuthClient reads a login or refresh answer.
//
// Input: one byte, then the body. Bit 0 of the byte picks the dialect (0 json, 1 oauth2); for
// json, bit 1 picks the dev server's paths (data.access_token, ...) or a deeper custom profile's
// (result.auth.token, ...); the other six bits are a server clock skew in minutes for
// correctForServerClock(). Seeds start with '0' (json), '1' (oauth2) or '2' (nested json).
#include "fuzz_common.h"

#include "tokenresponse_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Tessera;

namespace {

using Paths = Profile::ResponsePaths;

// What ProfileParser (lib/profiles/profileparser.cpp) fills in: the json dialect's paths as the
// shipped devserver-json.json profile sets them, and the oauth2 dialect's fixed ones (RFC 6749 5.1,
// plus Keycloak's refresh_expires_in).
const Paths &jsonPaths()
{
    static const Paths paths {QStringLiteral("data.access_token"),
                              QStringLiteral("data.refresh_token"),
                              QStringLiteral("data.access_expires_at"),
                              QStringLiteral("data.expires_in"),
                              QStringLiteral("data.refresh_expires_at"),
                              QString(),
                              QStringLiteral("data.user")};
    return paths;
}

// A json profile with deeper paths and both relative lifetimes, as tst_tokenresponse's
// "nested" profile: walks more levels and the refresh_expires_in branch.
const Paths &nestedJsonPaths()
{
    static const Paths paths {
            QStringLiteral("result.auth.token"),   QStringLiteral("result.auth.renew"),
            QStringLiteral("result.expiry"),       QStringLiteral("result.auth.ttl"),
            QStringLiteral("result.renew_expiry"), QStringLiteral("result.auth.renew_ttl"),
            QStringLiteral("result.account.name")};
    return paths;
}

const Paths &oauth2Paths()
{
    static const Paths paths {QStringLiteral("access_token"),
                              QStringLiteral("refresh_token"),
                              QString(),
                              QStringLiteral("expires_in"),
                              QString(),
                              QStringLiteral("refresh_expires_in"),
                              QString()};
    return paths;
}

QString joined(const Paths &p)
{
    return QStringList {p.accessToken,
                        p.refreshToken,
                        p.accessExpiresAt,
                        p.accessExpiresIn,
                        p.refreshExpiresAt,
                        p.refreshExpiresIn,
                        p.user}
            .join(QLatin1Char(' '));
}

// Every string value in \a value, at any depth.
void collectStrings(const QJsonValue &value, QStringList *out)
{
    if (value.isString()) {
        out->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectStrings(it.value(), out);
    }
}

// The promise of tokenresponse_p.h: an error names paths, types and short descriptions, never a
// value of the body (any value could be a token). The error is "<path>: <what>", the path one
// of the profile's (or the part of it walked so far); <what> is looked at for values of 12
// characters or more: shorter ones ("string", "at-1") turn up in the fixed texts by chance.
void checkNoValueInError(const QByteArray &body, const QString &error, const Paths &paths)
{
    const QJsonDocument document = QJsonDocument::fromJson(body.trimmed());
    if (!document.isObject())
        return;
    QStringList values;
    collectStrings(document.object(), &values);
    QString what = error;
    const qsizetype colon = error.indexOf(QLatin1String(": "));
    const QStringList all = joined(paths).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (colon > 0 && std::any_of(all.cbegin(), all.cend(), [&](const QString &path) {
            return path.startsWith(error.left(colon));
        }))
        what = error.mid(colon + 2);
    for (const QString &value : qAsConst(values))
        FUZZ_CHECK(value.size() < 12 || !what.contains(value));
}

// tokenresponse_p.h's definition of an error code, written out again independently.
bool looksLikeErrorCode(const QString &code)
{
    if (code.isEmpty() || code.size() > 48)
        return false;
    const auto lower = [](QChar c) {
        return c >= QLatin1Char('a') && c <= QLatin1Char('z');
    };
    const auto upper = [](QChar c) {
        return c >= QLatin1Char('A') && c <= QLatin1Char('Z');
    };
    const bool isLower = lower(code.front());
    if (!isLower && !upper(code.front()))
        return false;
    int digits = 0;
    for (const QChar c : code) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            ++digits;
        else if (!(isLower ? lower(c) : upper(c)) && c != QLatin1Char('_') && c != QLatin1Char('.')
                 && c != QLatin1Char('-'))
            return false;
    }
    return digits <= 6;
}

bool hasExpiry(TokenGrant::ExpirySource source)
{
    return source != TokenGrant::ExpirySource::Unknown;
}

} // namespace

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    TesseraFuzz::Input input(data, size);
    const quint8 selector = input.byte();
    const bool oauth2 = selector & 1;
    const Paths &paths = oauth2 ? oauth2Paths() : (selector & 2) ? nestedJsonPaths() : jsonPaths();
    const int skewMinutes = int(selector >> 2) - 32;
    const QByteArray body = input.rest();

    static const QDateTime receivedAt(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    const TokenResponseResult result = parseTokenResponse(body, paths, receivedAt);
    FUZZ_CHECK(result.grant.has_value() == result.error.isEmpty());
    if (result.grant) {
        TokenGrant grant = *result.grant;
        FUZZ_CHECK(!grant.accessToken.isEmpty());
        FUZZ_CHECK(hasExpiry(grant.expirySource) == grant.accessExpiresAt.isValid());
        FUZZ_CHECK(hasExpiry(grant.refreshExpirySource) == grant.refreshExpiresAt.isValid());
        FUZZ_CHECK(grant.refreshExpirySource != TokenGrant::ExpirySource::Jwt);
        correctForServerClock(&grant, receivedAt.addSecs(qint64(skewMinutes) * 60), receivedAt);
        FUZZ_CHECK(hasExpiry(grant.expirySource) == grant.accessExpiresAt.isValid());
        FUZZ_CHECK(hasExpiry(grant.refreshExpirySource) == grant.refreshExpiresAt.isValid());
    } else {
        checkNoValueInError(body, result.error, paths);
    }

    // AuthClient asks these of the same body: the token type after an oauth2 success, the
    // error code after a failure.
    if (oauth2)
        bearerTypeProblem(body);
    const QString code = parseErrorResponse(body).code;
    FUZZ_CHECK(code.isEmpty() || looksLikeErrorCode(code));
    return 0;
}
