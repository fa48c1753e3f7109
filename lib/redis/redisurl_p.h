// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QString>

#include <optional>

namespace Tessera {

/*! \brief The port a Redis URL without one names (for redis:// and rediss:// alike). */
constexpr quint16 DefaultRedisPort = 6379;

/*!
 * \brief Where a Redis server is: `redis://host[:port][/db]`, or `rediss://…` for TLS.
 *
 * A RedisUrl never holds credentials: parseRedisUrl() refuses a URL with a user name or a
 * password, so that neither can reach a profile in clear text, a command line or a log. The
 * user and the password are handed to RedisConnection separately (RedisConnection::Options).
 */
struct TESSERACORE_AUTOTEST_EXPORT RedisUrl
{
    bool tls = false; //!< rediss://: TLS, the server's certificate verified and its name checked
    QString host; //!< a host name or an address; an IPv6 address without its brackets
    quint16 port = DefaultRedisPort;
    int database = 0; //!< the logical database (SELECT), 0 to 2^31-1

    /*! \brief `redis://host:port/db`, for messages and logs; it never holds credentials. */
    QString toString() const;

    bool operator==(const RedisUrl &other) const;
    bool operator!=(const RedisUrl &other) const { return !(*this == other); }
};

/*! \brief A URL, or an error that names the part that was wrong (never its text). */
struct RedisUrlResult
{
    std::optional<RedisUrl> url;
    QString error;
};

/*!
 * \brief Reads `redis://host[:port][/db]` or `rediss://host[:port][/db]`.
 *
 * - The scheme is \c redis or \c rediss, in any case.
 * - No user info: a URL with `user@`, `:password@` or `user:password@` is refused, a password
 *   with "password: must not be in the URL; use the store's credentials_file", a user name
 *   with its own message; the rest of the URL is not read. A password may hold '/', '?' or
 *   '#', so any '@' after the scheme counts.
 * - The host is a name of ASCII letters, digits, '-', '_' and '.', an IPv4 address, or an
 *   IPv6 address in brackets (`[::1]`).
 * - The port is a number from 1 to 65535; DefaultRedisPort without one.
 * - The path is empty, `/`, or `/` and a database number from 0 to 2^31-1; 0 without one.
 * - No query and no fragment (some clients read `?password=` from the query).
 * - No white space or control character anywhere.
 *
 * Errors name the part ("port: must be a number from 1 to 65535"); they never repeat the text,
 * which could hold a password.
 */
TESSERACORE_AUTOTEST_EXPORT RedisUrlResult parseRedisUrl(const QString &text);

} // namespace Tessera
