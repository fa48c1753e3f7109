// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/profile.h>
#include <Tessera/secret.h>

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace Tessera {

/*! \brief What a successful login or refresh response granted. */
struct TokenGrant
{
    /*! \brief Where accessExpiresAt came from. */
    enum class ExpirySource {
        Absolute, //!< an absolute timestamp in the response (access_expires_at)
        Relative, //!< a lifetime in seconds (expires_in), counted from when the response arrived
        Jwt, //!< the \c exp claim of the access token
        Unknown //!< none of the above; accessExpiresAt is invalid
    };

    Secret accessToken; //!< never empty
    Secret refreshToken; //!< empty if the API sent none
    QDateTime accessExpiresAt; //!< UTC; invalid = unknown
    QDateTime refreshExpiresAt; //!< UTC; invalid = unknown
    QString user; //!< empty if not sent
    ExpirySource expirySource = ExpirySource::Unknown;
    ExpirySource refreshExpirySource = ExpirySource::Unknown; //!< Absolute, Relative or Unknown
};

/*! \brief A grant, or an error that names the path or problem (never a value of the body). */
struct TokenResponseResult
{
    std::optional<TokenGrant> grant;
    QString error;
};

/*!
 * \brief Reads a login or refresh response.
 *
 * \a body must be a JSON object; the values are looked up at the dotted \a paths. The access
 * token's expiry is taken, in this order, from the absolute field, from the relative lifetime
 * (counted from \a receivedAt, the local time the response arrived, never the server's clock),
 * from the access token's JWT \c exp claim; otherwise it is unknown. The refresh token's expiry
 * comes from its absolute field, else its relative lifetime, else it is unknown.
 *
 * Error strings name paths, JSON types and short descriptions only: a value from the body could
 * be a token, so none is ever copied into an error.
 */
TESSERACORE_AUTOTEST_EXPORT TokenResponseResult parseTokenResponse(
        const QByteArray &body, const Profile::ResponsePaths &paths, const QDateTime &receivedAt);

/*!
 * \brief For the oauth2 dialect (RFC 6749 section 7.1: a client must not use a token whose
 * type it does not understand): empty if \a body's \c token_type is \c bearer (in any case)
 * or absent, else what is wrong, without the value.
 */
TESSERACORE_AUTOTEST_EXPORT QString bearerTypeProblem(const QByteArray &body);

/*!
 * \brief For the oauth2 dialect: the user the \c id_token of \a body (an OpenID Connect token
 * response) names, for display only (Jwt::userName()); empty without one.
 */
TESSERACORE_AUTOTEST_EXPORT QString idTokenUser(const QByteArray &body);

/*! \brief An HTTP \c Date header (RFC 7231 IMF-fixdate), or nullopt. */
TESSERACORE_AUTOTEST_EXPORT std::optional<QDateTime> parseHttpDate(const QByteArray &header);

/*!
 * \brief Moves the expiries in \a grant that came from the server's clock (absolute fields,
 * the JWT \c exp) onto the local clock, when the server's \c Date (\a serverDate) and the
 * local time the answer arrived (\a receivedAt) differ by more than the Date header's
 * precision allows. A server whose clock is behind would otherwise hand out tokens that look
 * as if they were about to expire, and every refresh would be due at once.
 */
TESSERACORE_AUTOTEST_EXPORT void
correctForServerClock(TokenGrant *grant, const QDateTime &serverDate, const QDateTime &receivedAt);

/*! \brief The machine-readable error code of an error response. */
struct ErrorResponse
{
    QString code; //!< "invalid_grant", "invalid_credentials", ...; empty if none was found
};

/*!
 * \brief Finds the error code in \c {"error":"invalid_grant"} (OAuth 2),
 * \c {"error":{"code":"x"}} or \c {"code":"x"}.
 *
 * A code is only returned if it looks like one: a letter, then letters of one case, digits (at
 * most six), `_`, `.` or `-`, 48 characters at most. Free text from a server, and anything
 * token-like (base64url and hex strings mix cases or carry many digits), is never passed on.
 */
TESSERACORE_AUTOTEST_EXPORT ErrorResponse parseErrorResponse(const QByteArray &body);

} // namespace Tessera
