// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace Tessera {

/*! \brief The most bytes of a device authorization response parseDeviceAuthorization() reads. */
constexpr qsizetype MaxDeviceAuthorizationBytes = 64 * 1024;

/*! \brief The most characters (code points) of a user code: it is shown, and typed in. */
constexpr qsizetype MaxUserCodeLength = 64;

/*! \brief The poll interval when the server names none (RFC 8628 section 3.2), and its bounds. */
constexpr std::chrono::seconds DefaultPollInterval {5};
constexpr std::chrono::seconds MinPollInterval {1};
constexpr std::chrono::seconds MaxPollInterval {60};

/*! \brief What the device authorization endpoint handed out (RFC 8628 section 3.2). */
struct DeviceAuthorization
{
    Secret deviceCode; //!< never empty; only ever sent back to the token endpoint
    QString userCode; //!< never empty; shown to the user
    QUrl verificationUri; //!< where the user types the user code
    QUrl verificationUriComplete; //!< the same with the code in it; empty if none was sent
    std::chrono::seconds expiresIn {0}; //!< at least 1 s
    QDateTime expiresAt; //!< UTC: the local time the response arrived + expiresIn
    std::chrono::seconds interval = DefaultPollInterval; //!< MinPollInterval to MaxPollInterval
};

/*! \brief An authorization, or an error that names the key and the rule (never a value). */
struct DeviceAuthorizationResult
{
    std::optional<DeviceAuthorization> authorization;
    QString error;
};

/*!
 * \brief Reads a device authorization response (RFC 8628 section 3.2) that arrived at
 * \a receivedAt (the local clock, never the server's).
 *
 * - \a body is at most MaxDeviceAuthorizationBytes bytes, and a JSON object. Unknown members
 *   (\c message, Google's extras) are ignored; null counts as absent.
 * - \c device_code: required string, 1 to 16 KiB (TokenSyntax::MaxTokenBytes) of printable
 *   ASCII (section 7.1's 1*VSCHAR). It is kept in a Secret.
 * - \c user_code: required string, not empty once trimmed, at most MaxUserCodeLength code
 *   points, each printable: no control or format character (bidi overrides, zero-width
 *   characters), no line or paragraph separator, no private-use, unassigned or lone surrogate.
 * - \c verification_uri: required; Google's \c verification_url stands in for it when it is
 *   absent (\c verification_uri wins when both are there). \c verification_uri_complete is
 *   optional. Both are absolute http:// or https:// URLs (QUrl's strict mode) with a host and
 *   no user name or password (which could make a URL look like another host's). They are
 *   opened in the user's browser, never fetched by Tessera.
 * - \c expires_in: required, a whole number of seconds from 1 to 86400 (a day: a longer-lived
 *   device code would keep Tessera polling for nothing); expiresAt = \a receivedAt + it.
 * - \c interval: optional, DefaultPollInterval when absent; a whole number of seconds, at least
 *   0. It is clamped to MinPollInterval..MaxPollInterval: 0 would poll as fast as the network
 *   goes; a huge one would leave a user who approved waiting for minutes. Polling at
 *   MaxPollInterval where a server asked for more earns slow_down, which adds 5 s each time
 *   (decidePoll()), so the interval still climbs to what the server wants.
 * - A number given as a string ("expires_in": "600") is a type error.
 *
 * Errors name the key and the rule ("expires_in: missing", "interval: expected a number, got a
 * string"); numbers that break a range are shown back, strings never are.
 */
TESSERACORE_AUTOTEST_EXPORT DeviceAuthorizationResult
parseDeviceAuthorization(const QByteArray &body, const QDateTime &receivedAt);

/*! \brief What to do after one poll of the token endpoint (RFC 8628 sections 3.4 and 3.5). */
struct PollDecision
{
    enum class Outcome {
        Granted, //!< the answer holds tokens: parse them (parseTokenResponse())
        KeepPolling, //!< authorization_pending: poll again after the same interval
        SlowDown, //!< slow_down: poll again after interval + 5 s, and keep that interval
        Denied, //!< access_denied: the user said no; stop
        Expired, //!< expired_token, or the lifetime passed: stop, the user has to start again
        Failed //!< any other error: stop
    };

    Outcome outcome = Outcome::Failed;
    std::chrono::seconds interval {0}; //!< the interval to poll at from now on
    QString message; //!< for people, for Denied, Expired and Failed; empty otherwise
};

/*!
 * \brief Decides on the token endpoint's answer to a device code poll.
 *
 * \a httpStatus is the answer's status; \a errorCode is its \c error member as
 * parseErrorResponse() found it (empty if none); \a interval is the current poll interval.
 *
 * - An \a errorCode decides, whatever the status: GitHub answers authorization_pending with
 *   200. authorization_pending keeps polling at \a interval; slow_down polls at \a interval +
 *   5 s (section 3.5: "MUST" increase by 5 s, for this and every later poll); access_denied is
 *   Denied; expired_token is Expired; any other code is Failed with a message that names it.
 * - No \a errorCode: a 2xx status is Granted (whether tokens are really in it is the token
 *   parser's to say); any other status is Failed, naming the status.
 * - A code is only ever named in a message if it looks like one (parseErrorResponse()'s rule:
 *   a letter, then letters of one case, digits (six at most), `_`, `.`, `-`; 48 characters at
 *   most); anything else (free text, a token or device code echoed back) is "an error code
 *   Tessera does not show". \c error_description is never read, so never shown.
 * - \a interval is passed on unchanged for every outcome but SlowDown.
 */
TESSERACORE_AUTOTEST_EXPORT PollDecision decidePoll(int httpStatus, const QString &errorCode,
                                                    std::chrono::seconds interval);

/*!
 * \brief Expired, with the message expired_token gives, once \a now (the injected clock) has
 * reached \a expiresAt (DeviceAuthorization::expiresAt); nullopt while the device code lives.
 * An invalid \a expiresAt or \a now counts as expired: polling without knowing when to stop
 * is what this check is there to prevent.
 */
TESSERACORE_AUTOTEST_EXPORT std::optional<PollDecision> decideLifetime(const QDateTime &expiresAt,
                                                                       const QDateTime &now);

} // namespace Tessera
