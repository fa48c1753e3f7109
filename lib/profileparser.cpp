// SPDX-License-Identifier: BSD-3-Clause
// ProfileParser: profile JSON, validated, into a Profile.
#include "profileparser_p.h"

#include "ascii_p.h"
#include "logging_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStandardPaths>

#include <cmath>
#include <optional>

namespace Tessera {

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

// Empty if Tessera may talk to \a url; otherwise what is wrong with it.
QString serverUrlProblem(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("expected an absolute http:// or https:// URL");
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return QStringLiteral("expected an http:// or https:// URL, got %1:")
                .arg(ProfileParser::quoted(scheme));
    if (!url.userInfo().isEmpty())
        return QStringLiteral("must not contain a user name or password");
    if (url.hasFragment())
        return QStringLiteral("must not contain a fragment");
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
        return QStringLiteral("http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, "
                              "localhost); use https://");
    return {};
}

QString describeControlCharacter(QChar c)
{
    const QString code = QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
    return QStringLiteral("contains a control character (U+%1), which no profile string may")
            .arg(code);
}

} // namespace

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443
                                                     : (scheme == QLatin1String("http") ? 80 : -1));
}

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

QString jsonTypeName(const QJsonValue &value)
{
    static const char *const names[] = {"null",     "a boolean", "a number",
                                        "a string", "an array",  "an object"};
    const int type = value.type();
    return QString::fromLatin1(type >= 0 && type < 6 ? names[type] : "nothing");
}

// --- ProfileParser: reading values ----------------------------------------------------------

QString ProfileParser::key(const char *dotted)
{
    return QString::fromLatin1(dotted);
}

QStringList ProfileParser::words(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

QString ProfileParser::quoted(const QString &word)
{
    const QString shown = word.size() > 40 ? word.left(40) + QStringLiteral("...") : word;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

ProfileParser::ProfileParser(const QString &sourceName)
    : m_source(sourceName.isEmpty() ? QStringLiteral("profile") : sourceName)
    , m_defaultId(QFileInfo(sourceName).completeBaseName())
    , m_data(std::make_unique<ProfileData>())
{ }

bool ProfileParser::fail(const QString &key, const QString &what)
{
    m_error = QStringLiteral("%1: %2: %3").arg(m_source, key, what);
    return false;
}

bool ProfileParser::failType(const QString &key, const char *expected, const QJsonValue &got)
{
    return fail(
            key,
            QStringLiteral("expected %1, got %2").arg(QLatin1String(expected), jsonTypeName(got)));
}

// No string of a profile (an id, a name, a URL, a field name, a key) has any use for a control
// character, and one can hide what a string really says: a raw NUL cuts it short where C
// strings are concerned, and terminals and logs show others as nothing or as something else.
// JSON forbids them raw inside strings, yet QJsonDocument reads them; escaped they are valid
// JSON, but no more useful. The message names the string by its place in the document, never by
// what it says.
bool ProfileParser::checkControlCharacters(const QJsonValue &value, const QString &path)
{
    const QString shownPath = path.isEmpty() ? QStringLiteral("the top level") : path;
    if (value.isString()) {
        const std::optional<QChar> c = Ascii::firstControlCharacter(value.toString());
        return c ? fail(shownPath, describeControlCharacter(*c)) : true;
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!checkControlCharacters(array.at(i),
                                        QStringLiteral("%1[%2]").arg(shownPath).arg(i)))
                return false;
        }
        return true;
    }
    if (!value.isObject())
        return true;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::optional<QChar> c = Ascii::firstControlCharacter(it.key());
        if (c)
            return fail(shownPath, QStringLiteral("a key ") + describeControlCharacter(*c));
        const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
        if (!checkControlCharacters(it.value(), child))
            return false;
    }
    return true;
}

bool ProfileParser::checkKeys(const QJsonObject &object, const char *prefix,
                              const QStringList &known, const QStringList &otherDialect)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        const QString dotted = *prefix ? key(prefix) + QLatin1Char('.') + it.key() : it.key();
        if (!otherDialect.contains(it.key()))
            return fail(dotted, QStringLiteral("unknown key"));
        const bool oauth2 = m_data->dialect == Profile::Dialect::OAuth2;
        return fail(dotted, QStringLiteral("not used by the %1 dialect")
                                    .arg(QLatin1String(oauth2 ? "oauth2" : "json")));
    }
    return true;
}

bool ProfileParser::readObject(const QJsonObject &parent, const char *dotted, QJsonObject *out)
{
    const QJsonValue value = parent.value(key(dotted).section(QLatin1Char('.'), -1));
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return failType(key(dotted), "an object", value);
    *out = value.toObject();
    return true;
}

bool ProfileParser::readString(const QJsonObject &parent, const char *dotted, QString *out,
                               Need need)
{
    const QJsonValue value = parent.value(key(dotted).section(QLatin1Char('.'), -1));
    if (value.isUndefined())
        return need == Need::Required ? fail(key(dotted), QStringLiteral("missing")) : true;
    if (value.isNull() && need == Need::Nullable) {
        out->clear();
        return true;
    }
    if (!value.isString())
        return failType(key(dotted), "a string", value);
    *out = value.toString();
    return true;
}

bool ProfileParser::readName(const QJsonObject &parent, const char *dotted, QString *out, Need need)
{
    if (!readString(parent, dotted, out, need))
        return false;
    return out->trimmed().isEmpty() ? fail(key(dotted), QStringLiteral("must not be empty")) : true;
}

// 67108864 rather than 6.71089e+07; fractions as they were written (0.5, 1.25).
QString ProfileParser::readableNumber(double number)
{
    if (number == std::floor(number) && std::abs(number) < 1e15)
        return QString::number(static_cast<qint64>(number));
    return QString::number(number, 'g', 15);
}

bool ProfileParser::readInteger(const QJsonObject &parent, const char *dotted, qint64 min,
                                qint64 max, qint64 *out)
{
    const QJsonValue value = parent.value(QLatin1String(dotted));
    if (value.isUndefined())
        return true;
    if (!value.isDouble())
        return failType(key(dotted), "a number", value);
    const double number = value.toDouble();
    if (number != std::floor(number) || number < double(min) || number > double(max))
        return fail(key(dotted), QStringLiteral("expected a whole number from %1 to %2, got %3")
                                         .arg(min)
                                         .arg(max)
                                         .arg(readableNumber(number)));
    *out = static_cast<qint64>(number);
    return true;
}

bool ProfileParser::readServerUrl(const QString &key, const QString &text, QUrl *out)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString problem = serverUrlProblem(url);
    if (!problem.isEmpty())
        return fail(key, problem);
    *out = url;
    return true;
}

// A path below base_url ("/auth/login", keeping base_url's own path as a prefix) or an absolute
// URL. With Need::Nullable, null or "" mean "no such endpoint" (an empty QUrl).
bool ProfileParser::readEndpoint(const QJsonObject &parent, const char *dotted,
                                 const char *fallback, Need need, QUrl *out)
{
    QString text = QString::fromLatin1(fallback);
    if (!readString(parent, dotted, &text, need))
        return false;
    out->clear();
    if (text.isEmpty())
        return need == Need::Nullable ? true
                                      : fail(key(dotted), QStringLiteral("must not be empty"));
    const QUrl reference(text, QUrl::StrictMode);
    if (!reference.isRelative())
        return readServerUrl(key(dotted), text, out);
    if (!reference.isValid() || !reference.host().isEmpty() || reference.hasFragment())
        return fail(key(dotted),
                    QStringLiteral("expected a path like \"/auth/login\" or an absolute URL"));
    QString basePath = m_data->baseUrl.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const QString path = reference.path();
    *out = m_data->baseUrl;
    out->setPath(basePath + (path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/"))
                 + path);
    if (reference.hasQuery())
        out->setQuery(reference.query());
    return true;
}

} // namespace Tessera
