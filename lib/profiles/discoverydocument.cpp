// SPDX-License-Identifier: BSD-3-Clause
// parseDiscoveryDocument(): OpenID Connect discovery and RFC 8414 metadata, checked against the
// profile's issuer.
#include "discoverydocument_p.h"

#include "jsonanswer_p.h"

#include "jsonfieldreader_p.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Tessera {

namespace {

bool readIssuer(JsonFieldReader &fields, const QJsonObject &root, const QUrl &configured)
{
    const QString profileIssuer = QStringLiteral("the profile's issuer");
    QUrl checked;
    if (!fields.readServerUrl(profileIssuer, configured.toString(QUrl::FullyEncoded), &checked))
        return false;
    if (configured.hasQuery())
        return fields.fail(profileIssuer, QStringLiteral("must not contain a query"));
    QString issuer;
    if (!fields.readString(root, "issuer", &issuer, JsonFieldReader::Need::Required))
        return false;
    const QString expected = configured.toString(QUrl::FullyEncoded);
    if (issuer == expected)
        return true;
    const bool onlySlash =
            (issuer + QLatin1Char('/') == expected) || (expected + QLatin1Char('/') == issuer);
    return fields.fail(
            QStringLiteral("issuer"),
            onlySlash ? QStringLiteral("names another issuer than the profile's (they differ in a "
                                       "trailing slash only, which OpenID Connect Discovery "
                                       "section 4.3 does not allow; write the issuer in the "
                                       "profile exactly as the server does)")
                      : QStringLiteral("names another issuer than the profile's"));
}

bool readEndpoint(JsonFieldReader &fields, const QJsonObject &root, const char *key,
                  JsonFieldReader::Need need, QUrl *out)
{
    const QJsonValue value = root.value(QLatin1String(key));
    if (need != JsonFieldReader::Need::Required && (value.isUndefined() || value.isNull()))
        return true;
    QString text;
    if (!fields.readString(root, key, &text, need))
        return false;
    return fields.readServerUrl(QString::fromLatin1(key), text, out);
}

bool readMethods(JsonFieldReader &fields, const QJsonObject &root, QStringList *out)
{
    const char *key = "code_challenge_methods_supported";
    const QJsonValue value = root.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return fields.failType(QString::fromLatin1(key), "an array of strings", value);
    if (!fields.checkControlCharacters(value, QString::fromLatin1(key)))
        return false;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return fields.failType(QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i),
                                   "a string", array.at(i));
        out->append(array.at(i).toString());
    }
    return true;
}

} // namespace

DiscoveryResult parseDiscoveryDocument(const QByteArray &body, const QUrl &issuer)
{
    QString error;
    const std::optional<QJsonObject> root = JsonAnswer::object(
            body, QStringLiteral("discovery document"), MaxDiscoveryDocumentBytes, &error);
    if (!root)
        return {std::nullopt, error};
    using Need = JsonFieldReader::Need;
    JsonFieldReader fields;
    DiscoveryDocument document;
    const QJsonValue iss =
            root->value(QLatin1String("authorization_response_iss_parameter_supported"));
    if (!readIssuer(fields, *root, issuer)
        || !readEndpoint(fields, *root, "token_endpoint", Need::Required, &document.tokenEndpoint)
        || !readEndpoint(fields, *root, "authorization_endpoint", Need::Optional,
                         &document.authorizationEndpoint)
        || !readEndpoint(fields, *root, "device_authorization_endpoint", Need::Optional,
                         &document.deviceAuthorizationEndpoint)
        || !readEndpoint(fields, *root, "revocation_endpoint", Need::Optional,
                         &document.revocationEndpoint)
        || !readEndpoint(fields, *root, "end_session_endpoint", Need::Optional,
                         &document.endSessionEndpoint)
        || (!iss.isUndefined() && !iss.isNull() && !iss.isBool()
            && !fields.failType(QStringLiteral("authorization_response_iss_parameter_supported"),
                                "a boolean", iss))
        || !readMethods(fields, *root, &document.codeChallengeMethodsSupported))
        return {std::nullopt, fields.error()};
    document.authorizationResponseIssParameterSupported = iss.toBool(false);
    return {document, QString()};
}

} // namespace Tessera
