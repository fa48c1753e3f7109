// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Tessera {

/*!
 * \brief Judges one request that reached the loopback redirect listener of a browser sign-in
 * (RFC 8252 section 7.3): the authorization response of RFC 6749 sections 4.1.2 and 4.1.2.1,
 * with the issuer identification of RFC 9207. Pure: no sockets, no clock, no state kept.
 *
 * The query is read as application/x-www-form-urlencoded (RFC 6749 appendix B): \c + is a
 * space, then percent-escapes are decoded. A parameter without \c = has an empty value.
 *
 * The checks, in this order; the first that applies decides:
 *
 * \list
 * \li The path (percent-encoded, compared exactly, case-sensitively; an empty path counts as
 *     \c /) is not the expected redirect path, e.g. \c /favicon.ico: \b Ignore.
 * \li \c state is missing, given more than once, or differs from the expected state (compared
 *     in constant time; an empty expected state matches nothing): \b Ignore. Anyone on the
 *     machine can reach the listener; a request that does not prove it comes from this
 *     sign-in must not end it, or any local process could cancel every sign-in.
 * \li From here on the request carries this sign-in's state, so every answer ends it.
 *     \c code, \c error or \c iss given more than once (RFC 6749 section 3.1 forbids it):
 *     \b Failed.
 * \li RFC 9207 section 2.4, checked before the response is used, error or not: \c iss present
 *     and an issuer expected, and the two differ (simple string comparison): \b Failed (a
 *     mix-up attack, or a misconfigured profile). \c iss missing although the server's metadata
 *     advertises \c authorization_response_iss_parameter_supported: \b Failed, whether or not
 *     an issuer is configured. \c iss present but no issuer configured: not checked (there is
 *     nothing to compare it with).
 * \li \c error present (even beside a \c code: the error wins): \b Failed. \c access_denied
 *     says the user or the server declined; the other codes of RFC 6749 section 4.1.2.1 and the
 *     common ones of OpenID Connect Core section 3.1.2.6 each have their own sentence; an
 *     unknown or malformed code gets a generic sentence and is not shown. An
 *     \c error_description is appended only after sanitising (see below).
 * \li \c code missing or empty: \b Failed ("the server's answer named no code").
 * \li \c code longer than 16 KiB, or with a byte outside RFC 6749's VSCHAR (\c %x20-7E, so
 *     no control character): \b Failed.
 * \li Otherwise: \b Code, with the code in a Secret.
 *
 * Messages are plain sentences for the user. They never contain the code, the state or the
 * issuer from the request. The \c error_description, the only text from the server that is
 * ever shown, is sanitised: decoded as UTF-8 (invalid bytes become U+FFFD), control, format,
 * private-use and unassigned characters dropped, every run of white space one space, trimmed,
 * \c < and \c > replaced by \c ‹ and \c › so that no toolkit can take it for markup, cut to
 * 200 characters (whole code points) with an ellipsis. A description that is empty afterwards,
 * or that contains the request's state or code, is left out altogether.
 */
class TESSERACORE_AUTOTEST_EXPORT AuthorizationCallback
{
public:
    enum class Outcome {
        Ignore, //!< not this sign-in's answer; keep listening, the sign-in goes on
        Code, //!< the authorization code arrived; redeem it
        Failed //!< this sign-in ended without a code; show message
    };

    /*! \brief What to do with a request. */
    struct Verdict
    {
        Outcome outcome = Outcome::Ignore;
        Secret code; //!< only for Code; never empty then
        QString message; //!< only for Failed; never empty then
    };

    /*! \brief What the sign-in that is listening expects. */
    struct Expectation
    {
        QString redirectPath; //!< the path of the redirect URI, e.g. "/callback"
        QByteArray state; //!< the state sent in the authorization request (Pkce::newState())
        QString issuer; //!< the authorization server's issuer identifier; empty: none configured
        bool issuerParameterSupported = false; //!< authorization_response_iss_parameter_supported
    };

    /*! \brief The largest code accepted, in bytes. */
    static constexpr qsizetype MaxCodeLength = 16 * 1024;
    /*! \brief The longest error_description shown, in characters (code points). */
    static constexpr qsizetype MaxDescriptionLength = 200;

    /*! \brief Judges \a request (its path and query; scheme, host and port are not looked at). */
    static Verdict judge(const QUrl &request, const Expectation &expected);
};

} // namespace Tessera

Q_DECLARE_METATYPE(Tessera::AuthorizationCallback::Verdict)
