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
 * manager's redirectPolicy()) and maximumRedirectsAllowed(): 307/308 keep the verb and body,
 * 303 becomes a GET (HEAD stays HEAD), 301/302 turn a POST into a GET, and a redirect to a
 * scheme other than http/https is refused with QNetworkReply::InsecureRedirectError. A hop that
 * leaves the request's origin carries no `Authorization` header at all, neither Tessera's
 * bearer token nor one the caller set; a hop onto an API origin gets the bearer token.
 *
 * \b Fresh tokens. A request for an API origin goes out at once when Session::
 * hasFreshAccessToken(). While the session is restoring, signing in or refreshing, the request
 * waits and is released with the new token. When the token is expired or due for its proactive
 * refresh, the request starts the refresh (Session::refresh(), which coalesces: any number of
 * requests cause one refresh) and waits for it. When the session cannot produce a token
 * (signed out, re-authentication required, or the refresh failed for lack of network), the
 * reply finishes promptly, from the event loop, with QNetworkReply::AuthenticationRequiredError
 * (or a network error) and an errorString() that names the service and what to do.
 *
 * \b 401. A 401 answer from an API origin is held back: if the token that was sent is still
 * the session's current one, the session refreshes (once, shared by every request that saw a
 * 401 at the same time); then the request is sent again, once, with the same verb, headers and
 * body. A second 401, or a 401 after a failed refresh, is delivered to the caller as is. A 403
 * is always delivered as is and never causes a refresh.
 *
 * \b Bodies. QByteArray bodies and seekable devices (QBuffer, QFile, QHttpMultiPart) are
 * replayed from the position they had when the request was made. A sequential QIODevice
 * body (a socket, a process, a pipe) cannot be replayed and is never read into memory by this
 * manager: its 401 (and a 307/308 redirect) is delivered to the caller as is.
 *
 * \b Opting out. A request with NoAuthorizationAttribute set to true is passed to
 * QNetworkAccessManager untouched: no bearer token, no waiting, no retry. Do not give this
 * manager to Session::setNetworkAccessManager(): the session's own requests would wait for
 * the session itself.
 *
 * The session is not owned. Once it is destroyed, session() is null and every request is
 * passed to QNetworkAccessManager untouched (without a bearer token).
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
