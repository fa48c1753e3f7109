// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>

namespace Tessera {

/*!
 * \brief What a session keeps in the TokenStore: one entry per profile and account, stored
 * under storedSessionKey().
 */
struct StoredSession
{
    int version = 1;
    /*! \brief The account: the login name typed at sign-in (kept for the next one), else the
     *  server's name for the user, else "api-key" or "account". Names the store's entry. */
    QString user;
    /*! \brief The server's own name for the user (the profile's response.user, an ID token's
     *  name), for display; empty if it sent none. */
    QString displayName;
    Secret accessToken;
    Secret refreshToken; //!< may be empty
    QDateTime accessExpiresAt; //!< invalid = unknown
    QDateTime refreshExpiresAt; //!< invalid = unknown
    QDateTime obtainedAt; //!< when the access token arrived (for scaling the refresh lead)
    Secret apiKey; //!< only if the user chose to remember it on an api_key profile
    quint64 generation = 0; //!< bumped at every write; lets processes tell newer from older
    /*! \brief The token endpoint that issued these tokens, when the profile names none (it was
     *  discovered at sign-in); empty: the profile's. Refreshes go there. */
    QUrl tokenEndpoint;
    /*! \brief The revocation endpoint found at sign-in, when the profile names none. */
    QUrl revocationEndpoint;
};

/*! \brief Field-by-field equality; the secrets are compared in constant time. */
TESSERACORE_AUTOTEST_EXPORT bool operator==(const StoredSession &a, const StoredSession &b);
inline bool operator!=(const StoredSession &a, const StoredSession &b)
{
    return !(a == b);
}

struct StoredSessionResult
{
    std::optional<StoredSession> session;
    QString error; //!< names the offending field; never contains secret data
};

/*! \brief The current stored-session version; parseStoredSession() accepts only this one. */
constexpr int StoredSessionVersion = 1;
/*! \brief Stored entries larger than this are rejected unread. */
constexpr qsizetype MaxStoredSessionSize = 256 * 1024;

/*!
 * \brief \a s as compact JSON, inside a Secret. Timestamps are epoch milliseconds (UTC);
 * empty secrets and invalid timestamps are left out.
 */
TESSERACORE_AUTOTEST_EXPORT Secret serializeStoredSession(const StoredSession &s);

/*!
 * \brief Parses what serializeStoredSession() wrote. Strict: an unknown version, a field of
 * the wrong type, a missing user or access token yield an error naming the field. Never
 * crashes on garbage or huge input.
 */
TESSERACORE_AUTOTEST_EXPORT StoredSessionResult parseStoredSession(const Secret &data);

/*! \brief "<profileId>/<user>": where a profile's account keeps its StoredSession. */
TESSERACORE_AUTOTEST_EXPORT QString storedSessionKey(const QString &profileId, const QString &user);

/*! \brief "<profileId>": the entry whose data is the UTF-8 name of the profile's current user. */
TESSERACORE_AUTOTEST_EXPORT QString currentAccountKey(const QString &profileId);

} // namespace Tessera
