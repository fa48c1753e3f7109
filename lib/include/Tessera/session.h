// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/profile.h>
#include <Tessera/secret.h>
#include <Tessera/signinprompt.h>
#include <Tessera/tesseracore_export.h>

#include <QDateTime>
#include <QObject>

#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkRequest;
QT_END_NAMESPACE

namespace Tessera {

class Clock;
class SessionPrivate;
class TokenStore;

/*!
 * \brief One account's session with one service: sign-in, refresh, sign-out, and the tokens
 * kept in a TokenStore between processes.
 *
 * Every part of the lifecycle is an observable, read-only property, so widgets and QML can
 * bind to it. Tokens are never properties: authorize() puts the access token on a request
 * for one of the profile's API origins, and exportAccessToken() is the one deliberate way out.
 *
 * The access token is refreshed ahead of its expiry (Profile::refreshLead(), scaled down for
 * short-lived tokens). Transient failures (network, timeout, 5xx, 429) are retried with
 * capped exponential backoff and never end the session; a rejected refresh token
 * (invalid_grant, 400, 401) leads to State::ReauthenticationRequired and wipes the tokens.
 *
 * \sa Profile, TokenStore, Clock
 */
class TESSERACORE_EXPORT Session : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString user READ user NOTIFY userChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY displayNameChanged)
    Q_PROPERTY(QDateTime accessExpiresAt READ accessExpiresAt NOTIFY accessExpiresAtChanged)
    Q_PROPERTY(QDateTime refreshExpiresAt READ refreshExpiresAt NOTIFY refreshExpiresAtChanged)
    Q_PROPERTY(QDateTime nextRefreshAt READ nextRefreshAt NOTIFY nextRefreshAtChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY persistentChanged)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY stateChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(Tessera::SignInPrompt signInPrompt READ signInPrompt NOTIFY signInPromptChanged)

public:
    enum class State {
        SignedOut, //!< no session
        Restoring, //!< reading the stored session at start-up
        SigningIn, //!< a sign-in request is in flight
        Active, //!< the access token is valid
        Refreshing, //!< a refresh request is in flight
        RefreshRetrying, //!< the access token is still valid; a refresh failed transiently and is
                         //!< retried at nextRefreshAt()
        WaitingForNetwork, //!< the access token expired; refreshing failed transiently and is
                           //!< retried at nextRefreshAt()
        ReauthenticationRequired, //!< the refresh token expired or was rejected; user() is kept for
                                  //!< the prompt
        SigningOut, //!< revoking on the server and wiping local tokens
    };
    Q_ENUM(State)

    enum class Error {
        NoError,
        NetworkError, //!< the server could not be reached (transient)
        Timeout, //!< the server did not answer in time (transient)
        ServerError, //!< the server answered 5xx (transient)
        RateLimited, //!< the server answered 429 (transient; Retry-After honoured)
        Forbidden, //!< the server answered 403
        InvalidCredentials, //!< sign-in rejected: wrong user name, password or API key
        SessionExpired, //!< the refresh token expired, was revoked or rejected
        BadResponse, //!< the server answered with something that is not a usable token response
        StorageError, //!< the token store could not be read or written; see isPersistent()
        NotSignedIn, //!< the operation needs a session
        Cancelled, //!< the operation was cancelled
    };
    Q_ENUM(Error)

    /*! \brief A session for \a profile. Call restore() to pick up a stored session. */
    explicit Session(const Profile &profile, QObject *parent = nullptr);
    ~Session() override;

    /*! \brief The network access manager for Tessera's own requests; not owned.
     *  Must be set before the first operation. By default the session makes its own. */
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    /*!
     * \brief Where tokens are kept; not owned. By default (and with nullptr) a
     * KeychainTokenStore.
     *
     * Only while the session is idle (not Restoring, SigningIn, Refreshing or SigningOut):
     * otherwise the call is ignored with a warning, because the operation in flight waits for
     * the current store. If \a store is destroyed while the session uses it, later operations
     * fail with Error::StorageError and the session lives in memory (isPersistent() is false);
     * it never falls back to another store on its own.
     */
    void setTokenStore(TokenStore *store);
    /*! \brief The clock refreshes are scheduled on; not owned. By default Clock::system(). */
    void setClock(Clock *clock);
    /*!
     * \brief What a sign-in does that the token store cannot keep.
     *
     * With \a allowed true (the default) it goes on in memory: it lasts while the program
     * runs, isPersistent() is false and errorOccurred() says why (Error::StorageError). With
     * false it is undone: its tokens are revoked on the server, the sign-in fails with
     * Error::StorageError, and no session is left alive anywhere. A program that ends right
     * after signing in (a command-line tool) wants false; so does one that must never hold a
     * session its user cannot sign out of from another program.
     */
    void setInMemoryFallback(bool allowed);
    bool hasInMemoryFallback() const;

    Profile profile() const;
    State state() const;
    /*!
     * \brief The account: the login name typed at sign-in, which the next sign-in is offered
     * and the session is stored under. Without one (a browser, device or API-key sign-in), the
     * server's name for the user; without that either, "account" (browser, device) or
     * "api-key". Empty when signed out.
     */
    QString user() const;
    /*!
     * \brief The name to show people: the server's own name for the user (the profile's
     * \c response.user; for oauth2 the ID token's \c preferred_username, \c email or \c sub)
     * when it sent one, else user(). "Alice Liddell" where user() is "alice". Empty when
     * signed out.
     */
    QString displayName() const;
    QDateTime accessExpiresAt() const;
    QDateTime refreshExpiresAt() const;
    QDateTime nextRefreshAt() const;
    Error error() const;
    QString errorString() const;
    /*! \brief False when the session lives only in this process because the store failed. */
    bool isPersistent() const;
    /*!
     * \brief False from restore() until it has settled, whatever its outcome: the stored
     * session read (or none found, or the store failed), and, when its access token had
     * expired, the refresh that follows done (or failing transiently). True otherwise. An app
     * that authorize()s requests itself waits for readyChanged(true) after restore();
     * Tessera::NetworkAccessManager waits by itself.
     */
    bool isReady() const;
    /*! \brief Active, Refreshing (with a valid token) or RefreshRetrying. */
    bool isSignedIn() const;
    /*!
     * \brief What the user has to do in a browser for the sign-in in flight to go on: open the
     * authorization URL (signInWithBrowser()), or enter a code (signInWithDeviceCode()). None
     * otherwise: it is cleared as soon as the browser has answered, or the sign-in has ended.
     */
    SignInPrompt signInPrompt() const;
    /*! \brief True if an access token is held and, as far as is known, not expired. */
    bool hasValidAccessToken() const;
    /*!
     * \brief True if a valid access token is held and it is not yet due for its proactive
     * refresh (or the refresh is failing transiently and is being retried, in which case the
     * still-valid token is the best there is). Requests sent now should use it rather than
     * wait for refreshed().
     */
    bool hasFreshAccessToken() const;

    /*!
     * \brief Adds `Authorization: Bearer …` to \a request if its URL is one of the profile's
     * API origins and a valid access token is held. Returns whether it did.
     *
     * It also sets the request's redirect policy to QNetworkRequest::SameOriginRedirectPolicy,
     * unless the request names one already: Qt's default policy follows a redirect to another
     * origin with every header, the token included. A policy set only on the manager
     * (QNetworkAccessManager::setRedirectPolicy()) is not seen here; set it on the request.
     * Tessera::NetworkAccessManager needs none of this: it never carries the token off the
     * API's origins.
     */
    bool authorize(QNetworkRequest &request) const;

    /*!
     * \brief The access token itself, for handing to another program (the `tessera token`
     * command). Empty when no valid token is held. Prefer authorize().
     */
    Secret exportAccessToken() const;

public Q_SLOTS:
    /*! \brief Reads the stored session of \a user, or of the profile's current account. */
    void restore(const QString &user = QString());
    /*!
     * \brief Signs in as \a user, replacing the session held now (its alarms stop at once).
     *
     * The tokens are stored before signedIn() is announced: the session entry first, then the
     * profile's current-account entry. When \a user is another account than the one stored as
     * current, that account's session is ended as part of the sign-in: its tokens are revoked on
     * the server (best effort) and removed from the store.
     *
     * Called during a sign-in the server has already granted (cancel() returns false), as is
     * restore() or signInWithApiKey(), it waits until that sign-in is stored and announced,
     * then replaces it like any other session; called during a sign-out, it waits until the
     * sign-out is finished. Of several such calls, the last is the one done. Anything else in
     * flight (a restore, a refresh, a sign-in not yet granted) is abandoned.
     */
    void signIn(const QString &user, const Tessera::Secret &password);
    /*!
     * \brief Signs in with an API key (Profile::LoginKind::ApiKey). With \a rememberKey the key
     * is kept in the token store, and an expired refresh token is answered by a silent new
     * sign-in with the key instead of ReauthenticationRequired.
     */
    void signInWithApiKey(const QString &user, const Tessera::Secret &apiKey, bool rememberKey);
    /*!
     * \brief Signs in through the user's browser (Profile::LoginKind::Browser, oauth2): the
     * authorization code grant with PKCE and a redirect to 127.0.0.1 (RFC 8252).
     *
     * The session looks the endpoints up when the profile has an issuer, starts listening, and
     * then sets signInPrompt() to the URL to open: the caller opens it in the browser
     * (QDesktopServices::openUrl()), or shows it where none can be opened. It waits for the
     * browser for the profile's sign-in timeout; cancel() stops it. Whichever way it ends, the
     * port is closed. The user comes from the ID token's claims when the server sends one
     * (\c preferred_username, else \c email, else \c sub), for display only.
     *
     * \a loginHint is passed to the server as \c login_hint (re-authenticating a known user).
     * Otherwise as signIn(): the same waiting and replacing, the same storing.
     */
    void signInWithBrowser(const QString &loginHint = QString());
    /*!
     * \brief Signs in with a device code (RFC 8628; Profile::LoginKind::Device, or a browser
     * profile whose server offers it, Profile::offersDeviceSignIn()).
     *
     * signInPrompt() gets the verification URL and the code the user enters there, on any
     * device; the session polls the token endpoint, on its clock, at the interval the server
     * asks for, until the user has approved or denied, the code expires or cancel() is called.
     */
    void signInWithDeviceCode();
    /*! \brief Refreshes the access token now. */
    void refresh();
    /*!
     * \brief Revokes the session on the server (if the profile can) and wipes it locally.
     * During a sign-in the server has already granted (cancel() returns false), the sign-in
     * is stored first and then signed out: signedIn() comes, then signedOut(). During a
     * restore, the restored session is the one signed out; during a sign-out, nothing more is
     * done.
     */
    void signOut();
    /*!
     * \brief Cancels a sign-in whose request is in flight. Once the server has accepted it, it
     * is too late: the sign-in completes (is stored and announced) and cancel() does nothing.
     * \return whether a sign-in was cancelled.
     */
    bool cancel();

Q_SIGNALS:
    void stateChanged(Tessera::Session::State state);
    void userChanged(const QString &user);
    void displayNameChanged(const QString &displayName);
    void accessExpiresAtChanged(const QDateTime &expiresAt);
    void refreshExpiresAtChanged(const QDateTime &expiresAt);
    void nextRefreshAtChanged(const QDateTime &at);
    void errorChanged(Tessera::Session::Error error);
    void persistentChanged(bool persistent);
    void signInPromptChanged(const Tessera::SignInPrompt &prompt);
    void readyChanged(bool ready);

    void signedIn();
    void refreshed();
    void signedOut();
    void errorOccurred(Tessera::Session::Error error, const QString &errorString);

private:
    friend class SessionPrivate;
    std::unique_ptr<SessionPrivate> const d;
};

} // namespace Tessera
