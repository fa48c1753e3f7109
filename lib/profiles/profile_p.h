// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/profile.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QSharedData>

#include <memory>

namespace Tessera {

class ProfileData : public QSharedData
{
public:
    QString id;
    QString name;
    Profile::Dialect dialect = Profile::Dialect::Json;
    Profile::LoginKind loginKind = Profile::LoginKind::Password;
    QUrl baseUrl;
    QUrl loginUrl;
    QUrl refreshUrl;
    QUrl logoutUrl;
    QString clientId;
    QString scope;
    Secret clientSecret;
    QUrl issuer;
    QUrl authorizationUrl;
    QUrl deviceAuthorizationUrl;
    quint16 redirectPort = 0;
    QString redirectPath = QStringLiteral("/callback");
    QList<std::pair<QString, QString>> authorizationParameters;
    std::chrono::seconds signInTimeout {300};
    QString errorMessagePath;
    Profile::StoreKind storeKind = Profile::StoreKind::Keychain;
    Profile::RedisStore redisStore;
    Profile::RequestFields requestFields;
    Profile::JsonRequests jsonRequests;
    Profile::ResponsePaths responsePaths;
    std::chrono::seconds refreshLead {300};
    std::chrono::milliseconds requestTimeout {30000};
    qint64 maxResponseBytes = 1024 * 1024;
    QList<QUrl> apiOrigins;
};

/*!
 * \brief \a profile with the token and revocation endpoints of a session (found by discovery
 * when it signed in) in place of the ones it names; an empty URL keeps the profile's own.
 */
Profile withEndpoints(const Profile &profile, const QUrl &token, const QUrl &revocation);

/*! \brief "a string", "a number", "null", ...: a JSON value's type, for error messages. */
QString jsonTypeName(const QJsonValue &value);
/*! \brief The port \a url talks to (its scheme's default when it names none). */
int effectivePort(const QUrl &url);
/*! \brief scheme://host:port of \a url. */
QUrl originOf(const QUrl &url);

} // namespace Tessera
