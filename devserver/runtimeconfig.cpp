// SPDX-License-Identifier: BSD-3-Clause
#include "runtimeconfig.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

#include <array>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

constexpr int offsetSeconds = 2 * 3600; // the "offset" expiry format renders in +02:00
constexpr double maxLifetime = 10.0 * 365 * 24 * 3600;

const QStringList &omittableFields()
{
    static const QStringList fields {u"refresh_token"_s, u"access_expires_at"_s,
                                     u"refresh_expires_at"_s, u"user"_s, u"expires_in"_s};
    return fields;
}

template<typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, QLatin1StringView>, N>;

constexpr NameTable<RuntimeConfig::Discovery, 6> discoveryNames {{
        {RuntimeConfig::Discovery::Normal, "normal"_L1},
        {RuntimeConfig::Discovery::Missing, "missing"_L1},
        {RuntimeConfig::Discovery::Malformed, "malformed"_L1},
        {RuntimeConfig::Discovery::ForeignIssuer, "foreign_issuer"_L1},
        {RuntimeConfig::Discovery::NoDevice, "no_device"_L1},
        {RuntimeConfig::Discovery::NoIss, "no_iss"_L1},
}};

constexpr NameTable<RuntimeConfig::IdTokenClaims, 4> idTokenClaimNames {{
        {RuntimeConfig::IdTokenClaims::Full, "full"_L1},
        {RuntimeConfig::IdTokenClaims::EmailOnly, "email_only"_L1},
        {RuntimeConfig::IdTokenClaims::SubOnly, "sub_only"_L1},
        {RuntimeConfig::IdTokenClaims::None, "none"_L1},
}};

constexpr NameTable<RuntimeConfig::DeviceSlowDown, 3> slowDownNames {{
        {RuntimeConfig::DeviceSlowDown::Timing, "timing"_L1},
        {RuntimeConfig::DeviceSlowDown::Never, "never"_L1},
        {RuntimeConfig::DeviceSlowDown::Next, "next"_L1},
}};

template<typename Enum, std::size_t N>
QString nameOf(const NameTable<Enum, N> &table, Enum value)
{
    for (const auto &[entry, name] : table) {
        if (entry == value)
            return name;
    }
    return QString();
}

// Reads `key` as one of the table's names; absent leaves *target alone.
template<typename Enum, std::size_t N>
bool readChoice(const QJsonObject &changes, QLatin1StringView key, const NameTable<Enum, N> &table,
                Enum *target, QString *error)
{
    if (!changes.contains(key))
        return true;
    const QString name = changes.value(key).toString();
    QStringList names;
    for (const auto &[entry, entryName] : table) {
        if (name == entryName) {
            *target = entry;
            return true;
        }
        names.append(u"\"%1\""_s.arg(entryName));
    }
    *error = u"%1 must be one of %2"_s.arg(key, names.join(u", "_s));
    return false;
}

QString formatName(RuntimeConfig::ExpiryFormat format)
{
    switch (format) {
    case RuntimeConfig::ExpiryFormat::Offset:
        return u"offset"_s;
    case RuntimeConfig::ExpiryFormat::Epoch:
        return u"epoch"_s;
    case RuntimeConfig::ExpiryFormat::Iso:
        break;
    }
    return u"iso"_s;
}

} // namespace

QJsonValue RuntimeConfig::formatExpiry(qint64 epochSeconds) const
{
    epochSeconds += clockOffset;
    switch (expiryFormat) {
    case ExpiryFormat::Epoch:
        return epochSeconds;
    case ExpiryFormat::Offset:
        return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::OffsetFromUTC, offsetSeconds)
                .toString(Qt::ISODate);
    case ExpiryFormat::Iso:
        break;
    }
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(Qt::ISODate);
}

QByteArray RuntimeConfig::httpDate() const
{
    const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(clockOffset);
    return QLocale::c().toString(now, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QJsonObject RuntimeConfig::toJson() const
{
    return QJsonObject {
            {u"access_lifetime"_s, accessLifetime},
            {u"refresh_lifetime"_s, refreshLifetime},
            {u"omit"_s, QJsonArray::fromStringList(omit)},
            {u"expiry_format"_s, formatName(expiryFormat)},
            {u"include_expires_in"_s, includeExpiresIn},
            {u"clock_offset"_s, clockOffset},
            {u"token_type"_s, tokenType},
            {u"revoke_access_on_refresh"_s, revokeAccessOnRefresh},
            {u"access_token_suffix"_s, accessTokenSuffix},
            {u"refresh_token_suffix"_s, refreshTokenSuffix},
            {u"discovery"_s, nameOf(discoveryNames, discovery)},
            {u"id_token_claims"_s, nameOf(idTokenClaimNames, idTokenClaims)},
            {u"device_slow_down"_s, nameOf(slowDownNames, deviceSlowDown)},
            {u"device_code_lifetime"_s, deviceCodeLifetime},
            {u"device_interval"_s, deviceInterval},
            {u"display_names"_s,
             [this] {
                 QJsonObject names;
                 for (auto it = displayNames.cbegin(); it != displayNames.cend(); ++it)
                     names.insert(it.key(), it.value());
                 return names;
             }()},
    };
}

bool RuntimeConfig::apply(const QJsonObject &changes, QString *error)
{
    RuntimeConfig next = *this;
    if (!readLifetime(changes, "access_lifetime"_L1, &next.accessLifetime, error)
        || !readLifetime(changes, "refresh_lifetime"_L1, &next.refreshLifetime, error)
        || !readOmit(changes, &next.omit, error)
        || !readExpiryFormat(changes, &next.expiryFormat, error)
        || !readExtras(changes, &next, error) || !readFlows(changes, &next, error))
        return false;
    if (!readFlag(changes, "include_expires_in"_L1, &next.includeExpiresIn, error)
        || !readFlag(changes, "revoke_access_on_refresh"_L1, &next.revokeAccessOnRefresh, error))
        return false;
    *this = next;
    return true;
}

bool RuntimeConfig::readFlag(const QJsonObject &changes, QLatin1StringView key, bool *target,
                             QString *error)
{
    if (!changes.contains(key))
        return true;
    const QJsonValue value = changes.value(key);
    if (!value.isBool()) {
        *error = u"%1 must be a boolean"_s.arg(key);
        return false;
    }
    *target = value.toBool();
    return true;
}

bool RuntimeConfig::readLifetime(const QJsonObject &changes, QLatin1StringView key, qint64 *target,
                                 QString *error)
{
    if (!changes.contains(key))
        return true;
    const QJsonValue value = changes.value(key);
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number > maxLifetime || std::floor(number) != number) {
        *error = u"%1 must be a non-negative integer number of seconds"_s.arg(key);
        return false;
    }
    *target = static_cast<qint64>(number);
    return true;
}

bool RuntimeConfig::readOmit(const QJsonObject &changes, QStringList *target, QString *error)
{
    if (!changes.contains("omit"_L1))
        return true;
    const QJsonValue value = changes.value("omit"_L1);
    if (!value.isArray()) {
        *error = u"omit must be an array of field names"_s;
        return false;
    }
    QStringList fields;
    for (const QJsonValue &entry : value.toArray()) {
        if (!entry.isString() || !omittableFields().contains(entry.toString())) {
            *error = u"omit may only contain: %1"_s.arg(omittableFields().join(u", "_s));
            return false;
        }
        fields.append(entry.toString());
    }
    fields.removeDuplicates();
    *target = fields;
    return true;
}

bool RuntimeConfig::readExtras(const QJsonObject &changes, RuntimeConfig *next, QString *error)
{
    if (changes.contains("clock_offset"_L1)) {
        const QJsonValue value = changes.value("clock_offset"_L1);
        const double number = value.toDouble();
        if (!value.isDouble() || std::floor(number) != number || std::abs(number) > 86400) {
            *error = u"clock_offset must be an integer number of seconds within a day"_s;
            return false;
        }
        next->clockOffset = static_cast<qint64>(number);
    }
    if (changes.contains("token_type"_L1)) {
        const QJsonValue value = changes.value("token_type"_L1);
        if (!value.isString() || value.toString().size() > 32) {
            *error = u"token_type must be a string of at most 32 characters"_s;
            return false;
        }
        next->tokenType = value.toString();
    }
    if (changes.contains("display_names"_L1)) {
        const QJsonValue value = changes.value("display_names"_L1);
        if (!value.isObject()) {
            *error = u"display_names must be an object of login names and display names"_s;
            return false;
        }
        next->displayNames.clear();
        const QJsonObject names = value.toObject();
        for (auto it = names.begin(); it != names.end(); ++it) {
            if (!it.value().isString()) {
                *error = u"display_names: every display name must be a string"_s;
                return false;
            }
            next->displayNames.insert(it.key(), it.value().toString());
        }
    }
    return readSuffix(changes, "access_token_suffix"_L1, &next->accessTokenSuffix, error)
           && readSuffix(changes, "refresh_token_suffix"_L1, &next->refreshTokenSuffix, error);
}

bool RuntimeConfig::readSuffix(const QJsonObject &changes, QLatin1StringView key, QString *target,
                               QString *error)
{
    if (!changes.contains(key))
        return true;
    const QJsonValue value = changes.value(key);
    // Well under the clients' 1 MiB response limit, so that it is the token that is refused.
    if (!value.isString() || value.toString().size() > 512 * 1024) {
        *error = u"%1 must be a string of at most 524288 characters"_s.arg(key);
        return false;
    }
    *target = value.toString();
    return true;
}

bool RuntimeConfig::readExpiryFormat(const QJsonObject &changes, ExpiryFormat *target,
                                     QString *error)
{
    if (!changes.contains("expiry_format"_L1))
        return true;
    const QString name = changes.value("expiry_format"_L1).toString();
    for (ExpiryFormat format : {ExpiryFormat::Iso, ExpiryFormat::Offset, ExpiryFormat::Epoch}) {
        if (formatName(format) == name) {
            *target = format;
            return true;
        }
    }
    *error = u"expiry_format must be \"iso\", \"offset\" or \"epoch\""_s;
    return false;
}

bool RuntimeConfig::readFlows(const QJsonObject &changes, RuntimeConfig *next, QString *error)
{
    if (!readChoice(changes, "discovery"_L1, discoveryNames, &next->discovery, error)
        || !readChoice(changes, "id_token_claims"_L1, idTokenClaimNames, &next->idTokenClaims,
                       error)
        || !readChoice(changes, "device_slow_down"_L1, slowDownNames, &next->deviceSlowDown, error)
        || !readLifetime(changes, "device_code_lifetime"_L1, &next->deviceCodeLifetime, error))
        return false;
    if (changes.contains("device_interval"_L1)) {
        const QJsonValue value = changes.value("device_interval"_L1);
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < 0 || number > 3600 || std::floor(number) != number) {
            *error = u"device_interval must be an integer number of seconds in [0, 3600]"_s;
            return false;
        }
        next->deviceInterval = static_cast<qint64>(number);
    }
    return true;
}

} // namespace Tessera::DevServer
