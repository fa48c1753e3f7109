// SPDX-License-Identifier: BSD-3-Clause
#include "jsonrequestsparser_p.h"

#include "ascii_p.h"

#include <algorithm>

namespace Tessera {

namespace {

using Need = JsonFieldReader::Need;
using Requests = Profile::JsonRequests;

QStringList words(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

// RFC 9110 section 5.6.2: tchar.
bool isToken(QStringView name)
{
    return !name.isEmpty() && name.size() <= 64
           && std::all_of(name.begin(), name.end(), [](QChar c) {
                  return Ascii::isAlphanumeric(c) || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
              });
}

bool isEntryName(QStringView name)
{
    return !name.isEmpty() && name.size() <= 64
           && std::all_of(name.begin(), name.end(), [](QChar c) {
                  return Ascii::isAlphanumeric(c) || QStringView(u"._-").contains(c);
              });
}

// Headers Tessera writes itself, or whose value decides how an answer is read.
bool isTesserasHeader(const QString &name)
{
    static const QStringList reserved =
            words("authorization content-type content-length host cookie connection "
                  "transfer-encoding accept-encoding");
    return reserved.contains(name.toLower());
}

// A name that says its value is a secret: such a value belongs in secret_headers.
bool soundsSecret(const QString &name)
{
    static const QStringList words = {QStringLiteral("key"), QStringLiteral("secret"),
                                      QStringLiteral("token"), QStringLiteral("password"),
                                      QStringLiteral("auth")};
    const QString lower = name.toLower();
    return std::any_of(words.begin(), words.end(),
                       [&](const QString &word) { return lower.contains(word); });
}

QString nameText(const QString &name)
{
    return name;
}

QString nameText(const QByteArray &name)
{
    return QString::fromLatin1(name);
}

// common, then own; own entries replace common ones of the same name.
template<typename Name, typename Value>
QList<std::pair<Name, Value>> merged(const QList<std::pair<Name, Value>> &common,
                                     const QList<std::pair<Name, Value>> &own,
                                     Qt::CaseSensitivity sensitivity)
{
    QList<std::pair<Name, Value>> result;
    for (const auto &entry : common) {
        const bool replaced = std::any_of(own.begin(), own.end(), [&](const auto &mine) {
            return nameText(mine.first).compare(nameText(entry.first), sensitivity) == 0;
        });
        if (!replaced)
            result.append(entry);
    }
    return result + own;
}

} // namespace

JsonRequestsParser::JsonRequestsParser(JsonFieldReader &fields, PathReader readPath)
    : m_fields(fields)
    , m_readPath(std::move(readPath))
{ }

QStringList JsonRequestsParser::loginKeys()
{
    return words("fields headers");
}

QStringList JsonRequestsParser::refreshKeys()
{
    return words("refresh_token_field bearer fields headers");
}

QStringList JsonRequestsParser::logoutKeys()
{
    return words("refresh_token_field access_token_field bearer fields headers");
}

bool JsonRequestsParser::parse(const QJsonObject &root, Profile::RequestFields *names,
                               Requests *out)
{
    QJsonObject request;
    QJsonObject login;
    QJsonObject refresh;
    Requests::Constants common;
    if (!m_fields.readObject(root, "request", &request) || !parseCommon(request, out, &common)
        || !m_fields.readObject(root, "login", &login)
        || !m_fields.readObject(root, "refresh", &refresh))
        return false;

    // refresh: the bearer, then the field (which may be null only when there is a bearer).
    if (!readBearer(refresh, "refresh.bearer", &out->refreshBearer)
        || !m_fields.readString(refresh, "refresh.refresh_token_field", &names->refreshToken,
                                Need::Nullable))
        return false;
    if (refresh.value(QLatin1String("refresh_token_field")).isNull()
        && out->refreshBearer != Requests::Bearer::RefreshToken)
        return m_fields.fail(QStringLiteral("refresh.refresh_token_field"),
                             QStringLiteral("may be null only when refresh.bearer is "
                                            "\"refresh_token\": the refresh token must be sent"));
    if (refresh.contains(QLatin1String("refresh_token_field"))
        && !refresh.value(QLatin1String("refresh_token_field")).isNull()
        && names->refreshToken.trimmed().isEmpty())
        return m_fields.fail(QStringLiteral("refresh.refresh_token_field"),
                             QStringLiteral("must not be empty"));

    if (!parseRequest(login, QStringLiteral("login"),
                      {names->username, names->password, names->apiKey}, common, &out->login)
        || !parseRequest(refresh, QStringLiteral("refresh"), {names->refreshToken}, common,
                         &out->refresh))
        return false;

    // logout: absent or null is no logout at all (ProfileParser reads its path).
    const QJsonValue logoutValue = root.value(QLatin1String("logout"));
    if (!logoutValue.isObject())
        return checkSecretHeadersAlone(*out);
    const QJsonObject logout = logoutValue.toObject();
    out->logoutRefreshTokenField = names->refreshToken;
    if (!readBearer(logout, "logout.bearer", &out->logoutBearer)
        || !m_fields.readString(logout, "logout.refresh_token_field", &out->logoutRefreshTokenField,
                                Need::Nullable)
        || !m_fields.readString(logout, "logout.access_token_field", &out->logoutAccessTokenField,
                                Need::Nullable))
        return false;
    for (const char *key : {"refresh_token_field", "access_token_field"}) {
        const QJsonValue value = logout.value(QLatin1String(key));
        if (value.isString() && value.toString().trimmed().isEmpty())
            return m_fields.fail(QStringLiteral("logout.%1").arg(QLatin1String(key)),
                                 QStringLiteral("must not be empty (null sends no such field)"));
    }
    if (!out->logoutRefreshTokenField.isEmpty()
        && out->logoutRefreshTokenField == out->logoutAccessTokenField)
        return m_fields.fail(QStringLiteral("logout.access_token_field"),
                             QStringLiteral("is the same field as logout.refresh_token_field"));
    return parseRequest(logout, QStringLiteral("logout"),
                        {out->logoutRefreshTokenField, out->logoutAccessTokenField}, common,
                        &out->logout)
           && checkSecretHeadersAlone(*out);
}

bool JsonRequestsParser::checkSecretHeadersAlone(const Requests &requests)
{
    for (const Requests::SecretHeader &secret : requests.secretHeaders) {
        for (const Requests::Constants *constants :
             {&requests.login, &requests.refresh, &requests.logout}) {
            for (const auto &[name, value] : constants->headers) {
                if (QString::fromLatin1(name).compare(QString::fromLatin1(secret.name),
                                                      Qt::CaseInsensitive)
                    == 0)
                    return m_fields.fail(QStringLiteral("request.secret_headers.%1")
                                                 .arg(QString::fromLatin1(secret.name)),
                                         QStringLiteral("is a constant header too"));
            }
        }
    }
    return true;
}

bool JsonRequestsParser::parseCommon(const QJsonObject &request, Requests *out,
                                     Requests::Constants *common)
{
    QString encoding = QStringLiteral("json");
    if (!m_fields.checkKeys(request, "request", words("encoding fields headers secret_headers"))
        || !m_fields.readString(request, "request.encoding", &encoding, Need::Optional))
        return false;
    if (encoding != QLatin1String("json") && encoding != QLatin1String("form"))
        return m_fields.fail(QStringLiteral("request.encoding"),
                             QStringLiteral("expected \"json\" or \"form\", got %1")
                                     .arg(JsonFieldReader::quoted(encoding)));
    out->encoding =
            encoding == QLatin1String("form") ? Requests::Encoding::Form : Requests::Encoding::Json;
    // Fields Tessera fills are checked per request, where their names are known.
    return parseFields(request.value(QLatin1String("fields")), QStringLiteral("request.fields"), {},
                       &common->fields)
           && parseHeaders(request.value(QLatin1String("headers")),
                           QStringLiteral("request.headers"), &common->headers)
           && parseSecretHeaders(request.value(QLatin1String("secret_headers")), out);
}

bool JsonRequestsParser::parseRequest(const QJsonObject &object, const QString &prefix,
                                      const QStringList &filled, const Requests::Constants &common,
                                      Requests::Constants *out)
{
    Requests::Constants own;
    if (!parseConstants(object, prefix, filled, &own))
        return false;
    // The common fields are checked here, where the request's own field names are known.
    for (const auto &[name, value] : common.fields) {
        if (filled.contains(name))
            return m_fields.fail(QStringLiteral("request.fields.%1").arg(name),
                                 QStringLiteral("is a field Tessera fills itself in the %1 "
                                                "request (a credential or a token)")
                                         .arg(prefix));
    }
    *out = {merged(common.fields, own.fields, Qt::CaseSensitive),
            merged(common.headers, own.headers, Qt::CaseInsensitive)};
    return true;
}

bool JsonRequestsParser::parseConstants(const QJsonObject &object, const QString &prefix,
                                        const QStringList &filled, Requests::Constants *out)
{
    return parseFields(object.value(QLatin1String("fields")), prefix + QLatin1String(".fields"),
                       filled, &out->fields)
           && parseHeaders(object.value(QLatin1String("headers")),
                           prefix + QLatin1String(".headers"), &out->headers);
}

bool JsonRequestsParser::parseFields(const QJsonValue &value, const QString &key,
                                     const QStringList &filled,
                                     QList<std::pair<QString, QJsonValue>> *out)
{
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return m_fields.failType(key, "an object of field names and values", value);
    const QJsonObject fields = value.toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString itemKey = key + QLatin1Char('.') + it.key();
        if (it.key().trimmed().isEmpty())
            return m_fields.fail(key, QStringLiteral("a field name must not be empty"));
        if (!it.value().isString() && !it.value().isDouble() && !it.value().isBool())
            return m_fields.failType(itemKey, "a string, a number or a boolean", it.value());
        if (filled.contains(it.key()))
            return m_fields.fail(itemKey,
                                 QStringLiteral("is a field Tessera fills itself (a credential "
                                                "or a token)"));
        out->append({it.key(), it.value()});
    }
    return true;
}

bool JsonRequestsParser::parseHeaders(const QJsonValue &value, const QString &key,
                                      QList<std::pair<QByteArray, QByteArray>> *out)
{
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return m_fields.failType(key, "an object of header names and values", value);
    const QJsonObject headers = value.toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString itemKey = key + QLatin1Char('.') + it.key();
        if (!checkHeaderName(it.key(), key))
            return false;
        if (!it.value().isString())
            return m_fields.failType(itemKey, "a string", it.value());
        if (soundsSecret(it.key()))
            return m_fields.fail(itemKey,
                                 QStringLiteral("looks like a secret: name it in "
                                                "request.secret_headers, which reads the value "
                                                "from a file or the keychain"));
        out->append({it.key().toLatin1(), it.value().toString().toUtf8()});
    }
    return true;
}

bool JsonRequestsParser::parseSecretHeaders(const QJsonValue &value, Requests *out)
{
    const QString key = QStringLiteral("request.secret_headers");
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return m_fields.failType(key, "an object of header names and sources", value);
    const QJsonObject headers = value.toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString itemKey = key + QLatin1Char('.') + it.key();
        if (!checkHeaderName(it.key(), key))
            return false;
        if (!it.value().isObject())
            return m_fields.failType(itemKey, "an object with \"file\" or \"keychain\"",
                                     it.value());
        const QJsonObject source = it.value().toObject();
        const QByteArray checkPrefix = itemKey.toUtf8();
        if (!m_fields.checkKeys(source, checkPrefix.constData(), words("file keychain")))
            return false;
        if (source.contains(QLatin1String("file")) == source.contains(QLatin1String("keychain")))
            return m_fields.fail(itemKey, QStringLiteral("expected exactly one of \"file\" and "
                                                         "\"keychain\""));
        Requests::SecretHeader header;
        header.name = it.key().toLatin1();
        // A key names its field by the last segment: "file", whatever dots the header's name
        // holds.
        if (source.contains(QLatin1String("file"))) {
            const QByteArray fileKey = (itemKey + QLatin1String(".file")).toUtf8();
            if (!m_readPath(source, fileKey.constData(), &header.file))
                return false;
        } else {
            const QJsonValue entry = source.value(QLatin1String("keychain"));
            if (!entry.isString())
                return m_fields.failType(itemKey + QLatin1String(".keychain"), "a string", entry);
            if (!isEntryName(entry.toString()))
                return m_fields.fail(itemKey + QLatin1String(".keychain"),
                                     QStringLiteral("expected 1 to 64 of A-Z a-z 0-9 . _ -"));
            header.keychainEntry = entry.toString();
        }
        out->secretHeaders.append(header);
    }
    return true;
}

bool JsonRequestsParser::checkHeaderName(const QString &name, const QString &key)
{
    if (!isToken(name))
        return m_fields.fail(key, QStringLiteral("a header name must be 1 to 64 token characters "
                                                 "(RFC 9110: letters, digits, !#$%&'*+-.^_`|~)"));
    if (isTesserasHeader(name))
        return m_fields.fail(key + QLatin1Char('.') + name,
                             QStringLiteral("is a header Tessera sets itself"));
    return true;
}

bool JsonRequestsParser::readBearer(const QJsonObject &object, const char *key,
                                    Requests::Bearer *out)
{
    const QString name = QString::fromLatin1(key).section(QLatin1Char('.'), -1);
    const QJsonValue value = object.value(name);
    if (value.isUndefined())
        return true;
    if (value.isNull()) {
        *out = Requests::Bearer::None;
        return true;
    }
    if (value == QLatin1String("access_token"))
        *out = Requests::Bearer::AccessToken;
    else if (value == QLatin1String("refresh_token"))
        *out = Requests::Bearer::RefreshToken;
    else if (value.isString())
        return m_fields.fail(QString::fromLatin1(key),
                             QStringLiteral("expected \"access_token\", \"refresh_token\" or "
                                            "null, got %1")
                                     .arg(JsonFieldReader::quoted(value.toString())));
    else
        return m_fields.failType(QString::fromLatin1(key),
                                 "\"access_token\", \"refresh_token\" or null", value);
    return true;
}

} // namespace Tessera
