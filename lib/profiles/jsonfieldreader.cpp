// SPDX-License-Identifier: BSD-3-Clause
// JsonFieldReader: a JSON object's fields, read as typed values; the first error names the key.
#include "jsonfieldreader_p.h"

#include "ascii_p.h"
#include "profile_p.h"

#include <QHostAddress>
#include <QJsonArray>

#include <cmath>
#include <optional>

namespace Tessera {

namespace {

QString key(const char *dotted)
{
    return QString::fromLatin1(dotted);
}

// The field a dotted key names: its last segment.
QJsonValue field(const QJsonObject &parent, const char *dotted)
{
    return parent.value(key(dotted).section(QLatin1Char('.'), -1));
}

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
                .arg(JsonFieldReader::quoted(scheme));
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

// 67108864 rather than 6.71089e+07; fractions as they were written (0.5, 1.25).
QString readableNumber(double number)
{
    if (number == std::floor(number) && std::abs(number) < 1e15)
        return QString::number(static_cast<qint64>(number));
    return QString::number(number, 'g', 15);
}

} // namespace

QString jsonTypeName(const QJsonValue &value)
{
    static const char *const names[] = {"null",     "a boolean", "a number",
                                        "a string", "an array",  "an object"};
    const int type = value.type();
    return QString::fromLatin1(type >= 0 && type < 6 ? names[type] : "nothing");
}

QString JsonFieldReader::quoted(const QString &word)
{
    const QString shown = word.size() > 40 ? word.left(40) + QStringLiteral("...") : word;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

bool JsonFieldReader::fail(const QString &key, const QString &what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1: %2").arg(key, what);
    return false;
}

bool JsonFieldReader::failType(const QString &key, const char *expected, const QJsonValue &got)
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
bool JsonFieldReader::checkControlCharacters(const QJsonValue &value, const QString &path)
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

bool JsonFieldReader::checkKeys(const QJsonObject &object, const char *prefix,
                                const QStringList &known, const QStringList &elsewhere,
                                const QString &elsewhereRule)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        const QString dotted = *prefix ? key(prefix) + QLatin1Char('.') + it.key() : it.key();
        return fail(dotted,
                    elsewhere.contains(it.key()) ? elsewhereRule : QStringLiteral("unknown key"));
    }
    return true;
}

bool JsonFieldReader::readObject(const QJsonObject &parent, const char *dotted, QJsonObject *out)
{
    const QJsonValue value = field(parent, dotted);
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return failType(key(dotted), "an object", value);
    *out = value.toObject();
    return true;
}

bool JsonFieldReader::readString(const QJsonObject &parent, const char *dotted, QString *out,
                                 Need need)
{
    const QJsonValue value = field(parent, dotted);
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

bool JsonFieldReader::readName(const QJsonObject &parent, const char *dotted, QString *out,
                               Need need)
{
    if (!readString(parent, dotted, out, need))
        return false;
    return out->trimmed().isEmpty() ? fail(key(dotted), QStringLiteral("must not be empty")) : true;
}

bool JsonFieldReader::readInteger(const QJsonObject &parent, const char *dotted, qint64 min,
                                  qint64 max, qint64 *out)
{
    const QJsonValue value = field(parent, dotted);
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

bool JsonFieldReader::readServerUrl(const QString &key, const QString &text, QUrl *out)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString problem = serverUrlProblem(url);
    if (!problem.isEmpty())
        return fail(key, problem);
    *out = url;
    return true;
}

bool JsonFieldReader::readEndpoint(const QJsonObject &parent, const char *dotted,
                                   const char *fallback, Need need, const QUrl &base, QUrl *out)
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
    QString basePath = base.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const QString path = reference.path();
    *out = base;
    out->setPath(basePath + (path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/"))
                 + path);
    if (reference.hasQuery())
        out->setQuery(reference.query());
    return true;
}

} // namespace Tessera
