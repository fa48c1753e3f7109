// SPDX-License-Identifier: BSD-3-Clause
// The device authorization grant (RFC 8628): the endpoint's answer, and what to do after a poll.
#include "deviceauthorization_p.h"

#include "jsonanswer_p.h"
#include "jsonfieldreader_p.h"
#include "tokensyntax_p.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace Tessera {

namespace {

constexpr qint64 kMaxExpiresIn = 86400;

// A required string; null is as absent.
bool readRequiredString(JsonFieldReader &fields, const QJsonObject &root, const char *key,
                        QString *out)
{
    if (root.value(QLatin1String(key)).isNull())
        return fields.fail(QString::fromLatin1(key), QStringLiteral("missing"));
    return fields.readString(root, key, out, JsonFieldReader::Need::Required);
}

bool readDeviceCode(JsonFieldReader &fields, const QJsonObject &root, Secret *out)
{
    QString text;
    if (!readRequiredString(fields, root, "device_code", &text))
        return false;
    const QString key = QStringLiteral("device_code");
    if (text.isEmpty())
        return fields.fail(key, QStringLiteral("must not be empty"));
    if (text.size() > TokenSyntax::MaxTokenBytes)
        return fields.fail(key,
                           QStringLiteral("longer than %1 bytes").arg(TokenSyntax::MaxTokenBytes));
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return fields.fail(key, QStringLiteral("not a device code (RFC 8628 allows printable "
                                                   "ASCII only)"));
    }
    *out = Secret(text.toLatin1());
    return true;
}

bool isPrintable(char32_t c)
{
    return QChar::isPrint(c) && QChar::category(c) != QChar::Separator_Line
           && QChar::category(c) != QChar::Separator_Paragraph;
}

bool readUserCode(JsonFieldReader &fields, const QJsonObject &root, QString *out)
{
    QString text;
    if (!readRequiredString(fields, root, "user_code", &text))
        return false;
    const QString key = QStringLiteral("user_code");
    if (text.trimmed().isEmpty())
        return fields.fail(key, QStringLiteral("must not be empty"));
    const QList<uint> codePoints = text.toUcs4();
    if (codePoints.size() > MaxUserCodeLength)
        return fields.fail(key, QStringLiteral("longer than %1 characters").arg(MaxUserCodeLength));
    // toUcs4() turns a lone surrogate into U+FFFD, which is printable: look for them first.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool paired =
                c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        if (paired) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return fields.fail(key, QStringLiteral("holds a character that is not printable"));
    }
    for (const uint c : codePoints) {
        if (!isPrintable(c))
            return fields.fail(key, QStringLiteral("holds a character that is not printable"));
    }
    *out = text;
    return true;
}

// An absolute http:// or https:// URL with a host and no user info; the browser opens it.
bool readBrowserUrl(JsonFieldReader &fields, const QString &key, const QString &text, QUrl *out)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return fields.fail(key, QStringLiteral("expected an absolute http:// or https:// URL"));
    if (!url.userInfo().isEmpty())
        return fields.fail(key, QStringLiteral("must not contain a user name or password"));
    *out = url;
    return true;
}

bool readVerificationUris(JsonFieldReader &fields, const QJsonObject &root,
                          DeviceAuthorization *out)
{
    const char *key =
            JsonAnswer::isAbsent(root.value(QLatin1String("verification_uri")))
                            && !JsonAnswer::isAbsent(root.value(QLatin1String("verification_url")))
                    ? "verification_url"
                    : "verification_uri";
    QString text;
    if (!readRequiredString(fields, root, key, &text)
        || !readBrowserUrl(fields, QString::fromLatin1(key), text, &out->verificationUri))
        return false;
    if (JsonAnswer::isAbsent(root.value(QLatin1String("verification_uri_complete"))))
        return true;
    return fields.readString(root, "verification_uri_complete", &text,
                             JsonFieldReader::Need::Required)
           && readBrowserUrl(fields, QStringLiteral("verification_uri_complete"), text,
                             &out->verificationUriComplete);
}

bool readSeconds(JsonFieldReader &fields, const QJsonObject &root, const char *key, qint64 min,
                 qint64 max, bool required, qint64 *out)
{
    if (JsonAnswer::isAbsent(root.value(QLatin1String(key))))
        return required ? fields.fail(QString::fromLatin1(key), QStringLiteral("missing")) : true;
    return fields.readInteger(root, key, min, max, out);
}

} // namespace

DeviceAuthorizationResult parseDeviceAuthorization(const QByteArray &body,
                                                   const QDateTime &receivedAt)
{
    QString error;
    const std::optional<QJsonObject> root =
            JsonAnswer::object(body, QStringLiteral("device authorization response"),
                               MaxDeviceAuthorizationBytes, &error);
    if (!root)
        return {std::nullopt, error};
    JsonFieldReader fields;
    DeviceAuthorization authorization;
    qint64 expiresIn = 0;
    // Whole seconds up to a large bound, so that a huge interval is clamped, not refused.
    qint64 interval = DefaultPollInterval.count();
    if (!readDeviceCode(fields, *root, &authorization.deviceCode)
        || !readUserCode(fields, *root, &authorization.userCode)
        || !readVerificationUris(fields, *root, &authorization)
        || !readSeconds(fields, *root, "expires_in", 1, kMaxExpiresIn, true, &expiresIn))
        return {std::nullopt, fields.error()};
    const QJsonValue intervalValue = root->value(QLatin1String("interval"));
    if (!JsonAnswer::isAbsent(intervalValue)) {
        const QString key = QStringLiteral("interval");
        if (!intervalValue.isDouble())
            return {std::nullopt,
                    (fields.failType(key, "a number", intervalValue), fields.error())};
        const double seconds = intervalValue.toDouble();
        if (seconds != std::floor(seconds) || seconds < 0)
            return {std::nullopt,
                    (fields.fail(key, QStringLiteral("expected a whole number of seconds, at "
                                                     "least 0")),
                     fields.error())};
        interval = seconds > double(MaxPollInterval.count()) ? MaxPollInterval.count()
                                                             : static_cast<qint64>(seconds);
    }
    authorization.expiresIn = std::chrono::seconds(expiresIn);
    authorization.expiresAt = receivedAt.toUTC().addSecs(expiresIn);
    authorization.interval = std::chrono::seconds(
            std::clamp(interval, qint64(MinPollInterval.count()), qint64(MaxPollInterval.count())));
    return {authorization, QString()};
}

namespace {

QString expiredMessage()
{
    return QStringLiteral("The sign-in code expired before the sign-in was approved. Start the "
                          "sign-in again to get a new code.");
}

} // namespace

PollDecision decidePoll(int httpStatus, const QString &errorCode, std::chrono::seconds interval)
{
    using Outcome = PollDecision::Outcome;
    if (errorCode.isEmpty()) {
        if (httpStatus >= 200 && httpStatus < 300)
            return {Outcome::Granted, interval, QString()};
        return {Outcome::Failed, interval,
                QStringLiteral("The token endpoint answered HTTP %1 without an error code.")
                        .arg(httpStatus)};
    }
    if (errorCode == QLatin1String("authorization_pending"))
        return {Outcome::KeepPolling, interval, QString()};
    if (errorCode == QLatin1String("slow_down"))
        return {Outcome::SlowDown, interval + std::chrono::seconds(5), QString()};
    if (errorCode == QLatin1String("access_denied"))
        return {Outcome::Denied, interval,
                QStringLiteral("The sign-in was denied (access_denied): it was declined in the "
                               "browser.")};
    if (errorCode == QLatin1String("expired_token"))
        return {Outcome::Expired, interval, expiredMessage()};
    const QString shown = JsonAnswer::isErrorCode(errorCode)
                                  ? errorCode
                                  : QStringLiteral("an error code Tessera does not show");
    return {Outcome::Failed, interval,
            QStringLiteral("The token endpoint refused the device code: %1 (HTTP %2).")
                    .arg(shown)
                    .arg(httpStatus)};
}

std::optional<PollDecision> decideLifetime(const QDateTime &expiresAt, const QDateTime &now)
{
    if (expiresAt.isValid() && now.isValid() && now < expiresAt)
        return std::nullopt;
    return PollDecision {PollDecision::Outcome::Expired, std::chrono::seconds(0), expiredMessage()};
}

} // namespace Tessera
