// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tessera {

/*!
 * \brief What a token may hold, checked where a token enters Tessera: a login or refresh answer
 * (parseTokenResponse()), a stored session read back (parseStoredSession()), an API key given to
 * Session::signInWithApiKey(). And, once more, wherever a token goes into an HTTP header
 * (bearerAuthorization()), so that no server can choose a header Tessera sends.
 *
 * Every problem is a short description that never holds the value, nor the character that was
 * refused: it names the rule that was broken.
 */
namespace TokenSyntax {

/*!
 * \brief The most bytes one token (an access token, a refresh token, an API key) may have.
 *
 * An access token has to fit into a request header, and servers refuse headers past 8 to
 * 16 KiB (nginx 8 KiB, IIS 16 KiB): a larger token could never be used. The same limit holds for
 * refresh tokens and API keys, so that any session a server grants can be stored and read back
 * (see MaxStoredSessionSize).
 */
constexpr qsizetype MaxTokenBytes = 16 * 1024;

/*! \brief The most bytes of a user name from an answer (it names a keychain entry). */
constexpr qsizetype MaxUserBytes = 1024;

/*!
 * \brief Empty if \a token can be an access token, else why not: it must be RFC 6750 section
 * 2.1's `b64token` (letters, digits, `-._~+/`, then optional trailing `=`), 1 to MaxTokenBytes
 * bytes. This keeps every byte that could end a header line or start another (CR, LF, NUL),
 * split a header value (space, TAB, comma, quotes) or be read differently by two parsers (DEL,
 * non-ASCII) out of `Authorization: Bearer …`.
 */
TESSERACORE_AUTOTEST_EXPORT QString accessTokenProblem(const QByteArray &token);

/*!
 * \brief Empty if \a token can be a refresh token, else why not: it must be RFC 6749
 * appendix A.17's `1*VSCHAR` (printable ASCII, 0x20 to 0x7E), 1 to MaxTokenBytes bytes.
 */
TESSERACORE_AUTOTEST_EXPORT QString refreshTokenProblem(const QByteArray &token);

/*!
 * \brief Empty if \a key can be an API key, else why not: 1 to MaxTokenBytes bytes of UTF-8
 * without control characters. An API key only ever travels in a JSON body.
 */
TESSERACORE_AUTOTEST_EXPORT QString apiKeyProblem(const QByteArray &key);

/*!
 * \brief Empty if \a user can be the user name a server reports, else why not: at most
 * MaxUserBytes bytes of UTF-8 without control characters (it names a keychain entry and is
 * shown to people).
 */
TESSERACORE_AUTOTEST_EXPORT QString userProblem(const QString &user);

/*!
 * \brief `Bearer <token>`, the value of an `Authorization` header, or nullopt when
 * \a accessToken is no access token (accessTokenProblem()): the second line of defence, for a
 * token that reached memory some other way than the checked ones.
 */
TESSERACORE_AUTOTEST_EXPORT std::optional<QByteArray>
bearerAuthorization(const Secret &accessToken);

} // namespace TokenSyntax
} // namespace Tessera
