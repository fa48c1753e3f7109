// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authrequest_p.h"
#include "autotest_export_p.h"
#include "tokenresponse_p.h"

#include <Tessera/profile.h>

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace Tessera {

class Clock;
class RequestSecrets;

/*! \brief How one exchange with a token API ended. */
struct AuthOutcome
{
    enum class Kind {
        Granted, //!< tokens received (sign-in, refresh)
        Done, //!< request accepted: nothing to parse (sign-out), or the body (Purpose::Fetch)
        Transient, //!< worth retrying later: network, timeout, 5xx, 429, unusable response
        Rejected, //!< the credentials or the refresh token were refused
        Cancelled,
    };
    /*!
     * \brief Why an exchange did not end in Granted or Done, as the transport sees it. The
     *  session turns it into its own Session::Error; the transport knows nothing of sessions.
     */
    enum class Error {
        NoError,
        NetworkError, //!< the server could not be reached
        Timeout, //!< no answer within the profile's timeout (or a 408)
        ServerError, //!< 5xx
        RateLimited, //!< 429
        Forbidden, //!< 403
        InvalidCredentials, //!< a sign-in the server refused
        SessionExpired, //!< a refresh token or kept API key the server refused
        BadResponse, //!< an answer that is not a usable token response
        SecretUnavailable, //!< a secret header's value could not be read (nothing was sent)
        Cancelled,
    };
    Kind kind = Kind::Cancelled;
    Error error = Error::NoError;
    QString errorString; //!< for people; never holds a body or a secret
    int httpStatus = 0;
    /*! \brief The answer's OAuth error code (parseErrorResponse()), whatever its status; empty
     *  if none, or if it echoed what the request sent. */
    QString errorCode;
    std::optional<std::chrono::milliseconds> retryAfter;
    std::optional<TokenGrant> grant;
    QByteArray body; //!< Purpose::Fetch, Done: the answer, at most the profile's limit
};

/*!
 * \brief Sends the requests of a token API and turns each answer into an AuthOutcome.
 *
 * One exchange at a time; starting another aborts the one in flight. Every exchange is bounded
 * by the profile's request timeout and maximum response size.
 */
class TESSERACORE_AUTOTEST_EXPORT AuthClient : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const AuthOutcome &outcome)>;
    /*!
     * \brief What an exchange is for, which decides how its failures are judged.
     * \c Renewal is a sign-in with a kept API key standing in for a refresh: like a refresh,
     * anything but the server refusing the key (400 or 401, or a 403 the token API explains)
     * is tried again later, so that a proxy's page never costs the user the kept key.
     * \c Fetch is a request whose 2xx answer is not a token response (a discovery document, a
     * device authorization): Done with its body; 408, 429 and 5xx are Transient, anything else
     * is Rejected as BadResponse.
     */
    enum class Purpose { SignIn, Renewal, Refresh, SignOut, Fetch };

    AuthClient(const Profile &profile, Clock *clock, QObject *parent = nullptr);
    ~AuthClient() override;

    void setNetworkAccessManager(QNetworkAccessManager *manager);
    /*! \brief Where the profile's secret headers come from; not owned. Every request of a
     *  json profile carries them; while they cannot be read, none is sent (a Transient
     *  SecretUnavailable). */
    void setRequestSecrets(RequestSecrets *secrets);

    /*! \brief Sends \a request (a POST, or a GET); \a handler is called once, from the event
     *  loop. */
    void send(const AuthRequest &request, Purpose purpose, Handler handler);
    /*! \brief Sends \a requests one after another (sign-out); the outcome is the first
     *  failure, or Done. */
    void sendAll(const QList<AuthRequest> &requests, Handler handler);
    /*! \brief Aborts the exchange in flight; its handler is not called. */
    void abort();
    bool isBusy() const;

private:
    struct Exchange;
    void transmit(Exchange *exchange, const AuthRequest &request);
    void watch(Exchange *exchange, QNetworkReply *reply);
    void vanished(Exchange *exchange);
    void finish(AuthOutcome outcome);
    void onReplyFinished();
    AuthOutcome classify(QNetworkReply *reply, const QByteArray &body) const;
    AuthOutcome classifyHttp(int status, const QByteArray &body, QNetworkReply *reply) const;
    AuthOutcome classifyGrant(int status, const QByteArray &body, QNetworkReply *reply) const;
    void appendServerMessage(AuthOutcome *outcome, const QByteArray &body) const;

    Profile m_profile;
    Clock *m_clock;
    QPointer<QNetworkAccessManager> m_manager;
    QPointer<RequestSecrets> m_secrets;
    std::unique_ptr<Exchange> m_exchange;
};

} // namespace Tessera
