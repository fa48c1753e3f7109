// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Tessera::DevServer {

// One entry of POST /_dev/faults: what the next `count` requests to `path` get instead of the
// normal answer.
class Fault
{
public:
    enum class Body {
        None,
        Malformed,
        Truncated,
        Html,
        Empty,
        Huge,
        WrongTypes,
        NotObject,
        MissingFields,
        EchoRefreshToken, // an error whose code is the refresh token the request carried
        Stream // streamBytes generated as they are sent, never held: see StreamedBody
    };
    // How a Stream body is delimited.
    enum class Framing { Chunked, Close, Length };

    QString path;
    int count = 1; // -1 = until cleared
    int delayMs = 0;
    int status = 0; // 0 = not given
    int retryAfter = -1; // -1 = no Retry-After header
    Body body = Body::None;
    bool close = false;
    bool loseAnswer = false; // processed normally, then the connection closes unanswered
    // Body::Stream only: the size (after decompression, with gzip), its framing, the
    // Content-Length announced with Framing::Length (-1 = the true one; another is a lie), and
    // whether it is a gzip stream (a compression bomb: about 1 KiB per MiB).
    qint64 streamBytes = qint64(1) << 40;
    Framing framing = Framing::Chunked;
    qint64 declaredLength = -1;
    bool gzip = false;

    static std::optional<Fault> fromJson(const QJsonObject &object, QString *error);
    QJsonObject toJson() const;

    // False for a pure delay: after waiting the request is processed normally.
    bool replacesResponse() const;

private:
    static bool readInt(const QJsonObject &object, QLatin1StringView key, int min, int max,
                        int *target, QString *error);
    static bool readInt64(const QJsonObject &object, QLatin1StringView key, qint64 min, qint64 max,
                          qint64 *target, QString *error);
    static bool readBody(const QJsonObject &object, Body *target, QString *error);
    bool readStream(const QJsonObject &object, QString *error);
};

} // namespace Tessera::DevServer
