// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "authclient_p.h"
#include "sessionvault_p.h"

#include <QObject>

#include <memory>
#include <utility>

namespace Tessera {

class SessionPrivate;

/*!
 * \brief One asynchronous job of a Session: restoring, signing in, refreshing, signing out,
 * following a change made elsewhere, or ending an expired session.
 *
 * SessionPrivate holds at most one operation, and starts, replaces and ends it by the one
 * policy of OperationPolicy::admit(), applied in SessionPrivate::request(). An operation is the
 * context of every store, vault and coordinator call it makes, and owns its AuthClient, so that
 * destroying it stops all of its work: no callback reaches an operation that was replaced, and its
 * exchange in flight is aborted.
 *
 * Destroying is immediate when the operation is idle. An operation may be replaced from inside
 * its own code (a signal it emits reaches a slot that signs in, say); it then stops taking
 * callbacks at once and is deleted once that code has returned (deleteLater(): it may be running
 * inside its own event). Every way into an
 * operation's code goes through enter() (start()) or live() (callbacks), which is what makes
 * that safe.
 */
class SessionOperation : public QObject
{
    Q_OBJECT
public:
    enum class Kind {
        Restore, //!< reading the stored session
        SignIn, //!< a sign-in whose answer has not come yet
        StoreSignIn, //!< a sign-in the server granted, being stored: too late to cancel
        Refresh, //!< refreshing (or renewing with a kept API key), under the lock when shared
        SignOut, //!< revoking and wiping
        Follow, //!< reading what another process stored, to adopt it
        Expire, //!< removing the tokens of a session that cannot be renewed
    };
    Q_ENUM(Kind)

    explicit SessionOperation(SessionPrivate *d);
    ~SessionOperation() override;

    virtual Kind kind() const = 0;
    /*! \brief Runs the operation's first step. */
    void start();
    /*! \brief Stops it taking callbacks, and destroys it once its code has returned. Only for
     *  SessionPrivate, the owner. */
    void retire();

protected:
    virtual void run() = 0;
    /*! \brief This operation's exchanges with the token API; aborted when it is destroyed. */
    AuthClient *client();
    /*! \brief Tells the owner that this operation is over; it is destroyed once its code has
     *  returned. The code that follows may still change the session's state. */
    void finish();
    /*! \brief Ends on the server (best effort) the sessions the vault ends: leftovers. */
    SessionVault::Revoker revoker();

    /*!
     * \brief \a f, as a callback that is dropped once this operation has been retired.
     */
    template<typename F>
    auto live(F f)
    {
        return [this, f = std::move(f)](auto &&...args) {
            if (m_retired)
                return;
            enter([&] { f(std::forward<decltype(args)>(args)...); });
        };
    }

    SessionPrivate *const d;

private:
    template<typename F>
    void enter(F &&f)
    {
        ++m_depth;
        f();
        if (--m_depth == 0 && m_retired)
            deleteLater();
    }

    std::unique_ptr<AuthClient> m_client;
    int m_depth = 0; //!< how many calls into this operation's code are on the stack
    bool m_retired = false;
};

} // namespace Tessera
