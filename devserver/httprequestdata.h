// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <optional>

class QHttpServerRequest;
class QTcpSocket;

namespace Tessera::DevServer {

// A copy of everything the server needs from a request, so it can be answered later (delayed
// faults) after Qt has reused its own request object.
struct HttpRequestData
{
    QByteArray method; // as sent, e.g. "GET" or "PURGE"
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;

    static HttpRequestData fromRequest(const QHttpServerRequest &request, QTcpSocket *socket);

    QByteArray header(QByteArrayView name) const; // case-insensitive, first match
    bool isHead() const { return method == "HEAD"; }
    QByteArray bearerToken() const;
    QByteArray basicUser() const; // the user part of "Authorization: Basic ..."
    bool hasFormBody() const;
    std::optional<QJsonObject> jsonObject() const;
    QHash<QString, QString> formFields() const; // application/x-www-form-urlencoded
    // Every name=value pair in order, duplicates kept, decoded as form fields ('+' is a space):
    // of the body, or of the query string.
    QList<QPair<QString, QString>> formPairs() const { return decodeForm(body); }
    QList<QPair<QString, QString>> queryPairs() const;

    static QList<QPair<QString, QString>> decodeForm(const QByteArray &text);
};

} // namespace Tessera::DevServer
