// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QByteArray>

/*!
 * \brief Proof Key for Code Exchange (RFC 7636) for the browser sign-in (RFC 8252), and the
 * \c state that ties a redirect to the sign-in that asked for it (RFC 6749 section 10.12).
 *
 * Only the S256 method is offered: \c plain protects nothing against an attacker who can read
 * the authorization request, and every server that supports PKCE supports S256.
 *
 * All randomness comes from QRandomGenerator::system() (the operating system's cryptographic
 * generator), never from a seeded generator. Every value is base64url without padding
 * (RFC 4648 section 5), so it holds only RFC 7636's unreserved characters
 * (\c A-Z \c a-z \c 0-9 \c - \c _ ; \c . and \c ~ never occur) and needs no percent-encoding
 * in a URL.
 */
namespace Tessera::Pkce {

/*!
 * \brief A new \c code_verifier: 32 random bytes, base64url without padding, so always
 * 43 characters (256 bits of entropy, RFC 7636 section 7.1's recommendation).
 *
 * Held in a Secret: whoever has it and an intercepted code can redeem the code.
 */
TESSERACORE_AUTOTEST_EXPORT Secret newVerifier();

/*!
 * \brief The S256 \c code_challenge for \a verifier:
 * BASE64URL(SHA256(ASCII(\a verifier))) without padding, always 43 characters.
 *
 * \a verifier must be 43 to 128 characters from RFC 7636's unreserved set (section 4.1);
 * anything else (empty, too short or long, another character) gives an empty QByteArray, so a
 * verifier that a server would refuse is caught before the browser is opened.
 */
TESSERACORE_AUTOTEST_EXPORT QByteArray challengeS256(const Secret &verifier);

/*!
 * \brief A new \c state: 16 random bytes (128 bits), base64url without padding, so always
 * 22 characters.
 *
 * Not a Secret: it travels in the browser's address bar and history anyway. What protects the
 * sign-in is that it is unguessable and compared in constant time (AuthorizationCallback).
 */
TESSERACORE_AUTOTEST_EXPORT QByteArray newState();

} // namespace Tessera::Pkce
