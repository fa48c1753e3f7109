// SPDX-License-Identifier: BSD-3-Clause
#include "redisurl_p.h"

#include "ascii_p.h"

#include <QCoreApplication>
#include <QHostAddress>

#include <limits>

namespace Tessera {

namespace {

RedisUrlResult failure(const QString &error)
{
    return RedisUrlResult {std::nullopt, error};
}

bool hasSpaceOrControl(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// A number of ASCII digits no greater than \a max, or nullopt.
std::optional<qint64> parseNumber(QStringView text, qint64 max)
{
    if (text.isEmpty() || text.size() > 10)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text) {
        if (!Ascii::isDigit(c))
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > max)
        return std::nullopt;
    return value;
}

bool isHostName(QStringView host)
{
    if (host.isEmpty() || host.size() > 253 || host.startsWith(u'.') || host.startsWith(u'-'))
        return false;
    for (const QChar c : host) {
        if (!Ascii::isAlphanumeric(c) && c != u'-' && c != u'_' && c != u'.')
            return false;
    }
    return true;
}

// Reads "host[:port]" into \a url; an error, or an empty string.
QString parseAuthority(QStringView authority, RedisUrl *url)
{
    QStringView port;
    bool hasPort = false;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return QCoreApplication::translate("Tessera::RedisUrl",
                                               "host: an IPv6 address lacks its closing ']'");
        const QString address = authority.mid(1, close - 1).toString();
        if (QHostAddress(address).protocol() != QAbstractSocket::IPv6Protocol)
            return QCoreApplication::translate("Tessera::RedisUrl",
                                               "host: not a valid IPv6 address");
        url->host = address;
        const QStringView rest = authority.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return QCoreApplication::translate(
                    "Tessera::RedisUrl", "host: unexpected characters after the IPv6 address");
        hasPort = !rest.isEmpty();
        port = rest.mid(1);
    } else {
        const qsizetype colon = authority.indexOf(u':');
        if (colon >= 0 && authority.indexOf(u':', colon + 1) >= 0)
            return QCoreApplication::translate("Tessera::RedisUrl",
                                               "host: an IPv6 address must be in brackets");
        const QStringView host = colon < 0 ? authority : authority.left(colon);
        if (host.isEmpty())
            return QCoreApplication::translate("Tessera::RedisUrl", "host: missing");
        if (!isHostName(host))
            return QCoreApplication::translate("Tessera::RedisUrl", "host: not a valid host name");
        url->host = host.toString();
        hasPort = colon >= 0;
        port = hasPort ? authority.mid(colon + 1) : QStringView();
    }
    if (hasPort) {
        const std::optional<qint64> number = parseNumber(port, 65535);
        if (!number || *number == 0)
            return QCoreApplication::translate("Tessera::RedisUrl",
                                               "port: must be a number from 1 to 65535");
        url->port = quint16(*number);
    }
    return {};
}

} // namespace

QString RedisUrl::toString() const
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return QStringLiteral("%1://%2:%3/%4")
            .arg(tls ? QStringLiteral("rediss") : QStringLiteral("redis"), shownHost)
            .arg(port)
            .arg(database);
}

bool RedisUrl::operator==(const RedisUrl &other) const
{
    return tls == other.tls && host == other.host && port == other.port
           && database == other.database;
}

RedisUrlResult parseRedisUrl(const QString &text)
{
    if (text.isEmpty())
        return failure(QCoreApplication::translate("Tessera::RedisUrl", "the URL is empty"));
    if (hasSpaceOrControl(text))
        return failure(QCoreApplication::translate(
                "Tessera::RedisUrl", "the URL must not contain spaces or control characters"));

    const qsizetype separator = text.indexOf(QLatin1String("://"));
    const QStringView scheme = separator < 0 ? QStringView() : QStringView(text).left(separator);
    RedisUrl url;
    if (scheme.compare(QLatin1String("rediss"), Qt::CaseInsensitive) == 0)
        url.tls = true;
    else if (scheme.compare(QLatin1String("redis"), Qt::CaseInsensitive) != 0)
        return failure(QCoreApplication::translate("Tessera::RedisUrl",
                                                   "scheme: expected redis:// or rediss://"));

    const QStringView rest = QStringView(text).mid(separator + 3);
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        if (rest.left(at).contains(u':'))
            return failure(QCoreApplication::translate(
                    "Tessera::RedisUrl",
                    "password: must not be in the URL; use the store's credentials_file"));
        return failure(QCoreApplication::translate(
                "Tessera::RedisUrl",
                "user name: must not be in the URL; give it with the password, in "
                "the store's credentials_file"));
    }
    if (rest.contains(u'?'))
        return failure(QCoreApplication::translate(
                "Tessera::RedisUrl", "query: not supported; the database goes in the path (/db)"));
    if (rest.contains(u'#'))
        return failure(QCoreApplication::translate("Tessera::RedisUrl", "fragment: not supported"));

    const qsizetype slash = rest.indexOf(u'/');
    const QStringView authority = slash < 0 ? rest : rest.left(slash);
    const QStringView path = slash < 0 ? QStringView() : rest.mid(slash + 1);
    if (const QString error = parseAuthority(authority, &url); !error.isEmpty())
        return failure(error);
    if (!path.isEmpty()) {
        const std::optional<qint64> database = parseNumber(path, std::numeric_limits<int>::max());
        if (!database)
            return failure(QCoreApplication::translate(
                    "Tessera::RedisUrl", "database: must be a number from 0 to 2147483647"));
        url.database = int(*database);
    }
    return RedisUrlResult {url, QString()};
}

} // namespace Tessera
