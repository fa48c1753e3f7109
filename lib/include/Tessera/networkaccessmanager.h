// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

#include <QNetworkAccessManager>
#include <QNetworkRequest>

#include <memory>

namespace Tessera {

class NetworkAccessManagerPrivate;
class Session;

/*!
 * \brief A drop-in QNetworkAccessManager that authenticates requests with a Session.
 *
 * Replace an app's QNetworkAccessManager with this one and keep using get(), post(), put(),
 * deleteResource(), head() and sendCustomRequest() with QByteArray, QIODevice or
 * QHttpMultiPart bodies. Every call returns one QNetworkReply whose signals (metaDataChanged,
 * readyRead, downloadProgress, uploadProgress, errorOccurred, redirected) and error codes are
 * those of a plain reply, and whose finished() fires exactly once, with the final outcome.
 *
 * \b Origins. `Authorization: Bearer …` is added only to requests whose origin (scheme, host,
 * port) is one of Profile::apiOrigins(). Requests to any other origin go out exactly as a plain
 * QNetworkAccessManager would send them and never wait for the session. Redirects of API
 * requests are followed by this manager, honouring the request's redirect policy (else the
 * manager's redirectPolicy()) and maximumRedirectsAllowed(), with QNetworkAccessManager's
 * rules and error codes: 307/308 keep the verb and body; 301, 302 and 303 go on as a GET
 * without a body (HEAD stays HEAD); a redirect to a scheme other than http/https fails with
 * ProtocolUnknownError, too many with TooManyRedirectsError, one the policy forbids with
 * InsecureRedirectError. A hop that leaves the request's origin carries neither an
 * `Authorization` nor a `Cookie` header (whoever set them); every hop onto an API origin waits
 * for a fresh token exactly like a first attempt, and gets the bearer token.
 *
 * \b Fresh tokens. A request for an API origin goes out at once when Session::
 * hasFreshAccessToken(). While the session is restoring, signing in or refreshing, the request
 * waits and is released with the new token. When the token is expired or due for its proactive
 * refresh, the request starts the refresh (Session::refresh(), which coalesces: any number of
 * requests cause one refresh) and waits for it. A wait is bounded by the request's
 * transferTimeout() (else the manager's): past it the reply fails with OperationCanceledError,
 * as a plain reply's transfer timeout does. When the session cannot produce a token (signed
 * out, re-authentication required, the refresh failing and retried on the session's schedule,
 * or the Session deleted), the reply finishes promptly, from the event loop, with
 * QNetworkReply::AuthenticationRequiredError (or TemporaryNetworkFailureError) and an
 * errorString() that names the service and what to do.
 *
 * \b 401. A 401 answer from an API origin is held back: if the token that was sent is still
 * the session's current one, the session refreshes (once, shared by every request that saw a
 * 401 at the same time); then the request is sent again, once, with the same verb, headers and
 * body. A second 401, a 401 after a failed refresh, and a 401 while the session is in
 * Session::State::RefreshRetrying (the server is refusing refreshes for now; the session
 * retries on its backoff and Retry-After schedule, which a request must not cut short) are
 * delivered to the caller as is. A 403 is always delivered as is and never causes a refresh.
 *
 * \b Bodies. Whether a body can be sent again is found out by trying, when it matters: before
 * a 401 is held for a refresh (so no refresh is spent on a request that cannot be retried) and
 * before a 307/308 is followed. QByteArray bodies and devices that can seek (QBuffer, QFile,
 * QHttpMultiPart) are rewound to the position they had when the request was made; when the
 * rewind fails (a device whose seek() fails, a QHttpMultiPart one of whose parts cannot be
 * rewound) the 401 or the 307/308 is delivered to the caller as is. A sequential device (a
 * socket, a pipe, a process) is read through a recorder that keeps a copy of what was
 * uploaded, up to 4 MiB: a body that was uploaded to its end within that limit is replayed
 * from the copy; a larger one is not kept, and its 401 is delivered. (A QHttpMultiPart with a
 * sequential part never finishes uploading with a plain QNetworkAccessManager either.)
 *
 * \b Progress. uploadProgress() reports one upload: after a retry or a redirect that sends the
 * body again, progress is reported again only once it passes what was reported before.
 * downloadProgress(), readyRead() and metaDataChanged() come from the attempt whose answer is
 * the caller's; an answer that was held (a 401, a redirect) and is then delivered reports its
 * download progress once, when it is delivered.
 *
 * \b Signals of the manager. The reply's own signals are the caller's. Of the manager's,
 * finished(), encrypted(), sslErrors() and preSharedKeyAuthenticationRequired() carry the
 * caller's reply; authenticationRequired() and proxyAuthenticationRequired() are emitted by
 * Qt's HTTP code with the internal attempt (a plain reply the caller never sees), which Qt
 * gives no way to change.
 *
 * \b Opting out. A request with NoAuthorizationAttribute set to true is passed to
 * QNetworkAccessManager untouched: no bearer token, no waiting, no retry. Do not give this
 * manager to Session::setNetworkAccessManager(): the session's own requests would wait for
 * the session itself.
 *
 * The session is not owned. Once it is destroyed, session() is null, requests that were
 * waiting for it fail as above (a held 401 is delivered), and every new request is passed to
 * QNetworkAccessManager untouched (without a bearer token); a null session makes this a plain
 * QNetworkAccessManager. A reply may outlive the manager (Qt lets callers reparent replies):
 * when the manager is destroyed, the replies it owns go with it, and the others finish at
 * once with OperationCanceledError (if they had not finished) and stay readable.
 *
 * \sa Session::authorize()
 */
class TESSERACORE_EXPORT NetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT

public:
    /*!
     * \brief Request attribute (bool): when true, the request is sent by the plain
     * QNetworkAccessManager code path without Tessera's bearer token, waiting or retry.
     */
    static constexpr QNetworkRequest::Attribute NoAuthorizationAttribute =
            QNetworkRequest::Attribute(QNetworkRequest::User + 0x1e55);

    explicit NetworkAccessManager(Session *session, QObject *parent = nullptr);
    ~NetworkAccessManager() override;

    /*! \brief The session whose tokens authorize requests; null once it was destroyed. */
    Session *session() const;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData = nullptr) override;

private:
    std::unique_ptr<NetworkAccessManagerPrivate> const d;
};

} // namespace Tessera
