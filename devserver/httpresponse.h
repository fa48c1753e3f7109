// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace Tessera::DevServer {

// A complete response, serialized by ResponseWriter.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, const QJsonDocument &document);
    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse empty(int status);
    // {"error":{"code":…,"message":…}} — the JSON dialect's and the control API's error shape.
    static HttpResponse error(int status, const QString &code, const QString &message);
    // {"error":…,"error_description":…} — RFC 6749 section 5.2.
    static HttpResponse oauthError(int status, const QString &error, const QString &description);

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    // Status line and headers, including Content-Length (unless contentLength is negative: a
    // chunked body, or one that ends when the connection closes) and Connection.
    QByteArray head(qint64 contentLength, bool keepAlive) const;
    static QByteArray reasonPhrase(int status);
};

} // namespace Tessera::DevServer
