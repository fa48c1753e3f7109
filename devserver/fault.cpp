// SPDX-License-Identifier: BSD-3-Clause
#include "fault.h"

#include <QJsonValue>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

constexpr std::array<std::pair<Fault::Body, QLatin1StringView>, 10> bodyNames {{
        {Fault::Body::Malformed, "malformed"_L1},
        {Fault::Body::Truncated, "truncated"_L1},
        {Fault::Body::Html, "html"_L1},
        {Fault::Body::Empty, "empty"_L1},
        {Fault::Body::Huge, "huge"_L1},
        {Fault::Body::WrongTypes, "wrong_types"_L1},
        {Fault::Body::NotObject, "not_object"_L1},
        {Fault::Body::MissingFields, "missing_fields"_L1},
        {Fault::Body::EchoRefreshToken, "echo_refresh_token"_L1},
        {Fault::Body::Stream, "stream"_L1},
}};

constexpr std::array<std::pair<Fault::Framing, QLatin1StringView>, 3> framingNames {{
        {Fault::Framing::Chunked, "chunked"_L1},
        {Fault::Framing::Close, "close"_L1},
        {Fault::Framing::Length, "length"_L1},
}};

// JSON numbers are doubles: integers are exact up to 2^53.
constexpr qint64 maxStreamBytes = qint64(1) << 50;

} // namespace

std::optional<Fault> Fault::fromJson(const QJsonObject &object, QString *error)
{
    Fault fault;
    fault.path = object.value("path"_L1).toString();
    if (!fault.path.startsWith(u'/') || fault.path.startsWith("/_dev/"_L1)) {
        *error = u"path must be an absolute path outside /_dev/"_s;
        return std::nullopt;
    }
    if (!readInt(object, "count"_L1, -1, 1000000, &fault.count, error)
        || !readInt(object, "delay_ms"_L1, 0, 600000, &fault.delayMs, error)
        || !readInt(object, "status"_L1, 100, 599, &fault.status, error)
        || !readInt(object, "retry_after"_L1, 0, 86400, &fault.retryAfter, error)
        || !readBody(object, &fault.body, error) || !fault.readStream(object, error))
        return std::nullopt;
    if (fault.count == 0) {
        *error = u"count must be -1 (until cleared) or at least 1"_s;
        return std::nullopt;
    }
    if (object.contains("close"_L1)) {
        if (!object.value("close"_L1).isBool()) {
            *error = u"close must be a boolean"_s;
            return std::nullopt;
        }
        fault.close = object.value("close"_L1).toBool();
    }
    if (object.contains("lose_answer"_L1)) {
        if (!object.value("lose_answer"_L1).isBool()) {
            *error = u"lose_answer must be a boolean"_s;
            return std::nullopt;
        }
        fault.loseAnswer = object.value("lose_answer"_L1).toBool();
    }
    return fault;
}

bool Fault::readInt(const QJsonObject &object, QLatin1StringView key, int min, int max, int *target,
                    QString *error)
{
    if (!object.contains(key))
        return true;
    const QJsonValue value = object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number || number < min || number > max) {
        *error = u"%1 must be an integer in [%2, %3]"_s.arg(key).arg(min).arg(max);
        return false;
    }
    *target = static_cast<int>(number);
    return true;
}

bool Fault::readInt64(const QJsonObject &object, QLatin1StringView key, qint64 min, qint64 max,
                      qint64 *target, QString *error)
{
    if (!object.contains(key))
        return true;
    const QJsonValue value = object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number || number < double(min)
        || number > double(max)) {
        *error = u"%1 must be an integer in [%2, %3]"_s.arg(key).arg(min).arg(max);
        return false;
    }
    *target = static_cast<qint64>(number);
    return true;
}

bool Fault::readStream(const QJsonObject &object, QString *error)
{
    const bool streamFields = object.contains("stream_bytes"_L1) || object.contains("framing"_L1)
                              || object.contains("declared_length"_L1)
                              || object.contains("encoding"_L1);
    if (streamFields && body != Body::Stream) {
        *error = u"stream_bytes, framing, declared_length and encoding need body \"stream\""_s;
        return false;
    }
    if (!readInt64(object, "stream_bytes"_L1, 0, maxStreamBytes, &streamBytes, error)
        || !readInt64(object, "declared_length"_L1, 0, maxStreamBytes, &declaredLength, error))
        return false;
    if (object.contains("framing"_L1)) {
        const QString name = object.value("framing"_L1).toString();
        const auto found =
                std::find_if(framingNames.begin(), framingNames.end(),
                             [&name](const auto &entry) { return name == entry.second; });
        if (found == framingNames.end()) {
            *error = u"framing must be chunked, close or length"_s;
            return false;
        }
        framing = found->first;
    }
    if (declaredLength >= 0 && framing != Framing::Length) {
        *error = u"declared_length needs framing \"length\""_s;
        return false;
    }
    if (object.contains("encoding"_L1)) {
        const QString name = object.value("encoding"_L1).toString();
        if (name != "gzip"_L1 && name != "identity"_L1) {
            *error = u"encoding must be gzip or identity"_s;
            return false;
        }
        gzip = name == "gzip"_L1;
    }
    return true;
}

bool Fault::readBody(const QJsonObject &object, Body *target, QString *error)
{
    if (!object.contains("body"_L1))
        return true;
    const QString name = object.value("body"_L1).toString();
    for (const auto &[body, bodyName] : bodyNames) {
        if (name == bodyName) {
            *target = body;
            return true;
        }
    }
    *error = u"unknown body kind"_s;
    return false;
}

QJsonObject Fault::toJson() const
{
    QJsonObject object {
            {u"path"_s, path}, {u"count"_s, count}, {u"delay_ms"_s, delayMs}, {u"close"_s, close}};
    if (loseAnswer)
        object.insert(u"lose_answer"_s, true);
    if (status != 0)
        object.insert(u"status"_s, status);
    if (retryAfter >= 0)
        object.insert(u"retry_after"_s, retryAfter);
    for (const auto &[kind, name] : bodyNames) {
        if (kind == body)
            object.insert(u"body"_s, QString(name));
    }
    if (body == Body::Stream) {
        object.insert(u"stream_bytes"_s, double(streamBytes));
        for (const auto &[kind, name] : framingNames) {
            if (kind == framing)
                object.insert(u"framing"_s, QString(name));
        }
        if (declaredLength >= 0)
            object.insert(u"declared_length"_s, double(declaredLength));
        object.insert(u"encoding"_s, gzip ? u"gzip"_s : u"identity"_s);
    }
    return object;
}

bool Fault::replacesResponse() const
{
    return close || loseAnswer || status != 0 || retryAfter >= 0 || body != Body::None;
}

} // namespace Tessera::DevServer
