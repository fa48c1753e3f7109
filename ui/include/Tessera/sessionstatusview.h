// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesserawidgets_export.h>

#include <QWidget>

#include <memory>

namespace Tessera {

class Clock;
class Session;
class SessionStatusViewPrivate;

/*!
 * \brief Everything about one Session at a glance: user, service, state, access and refresh
 * expiries with a live countdown (the access token's remaining life also as a bar), the next
 * scheduled refresh, the last one, whether the session is saved for the next start, the last
 * error; and Refresh now, Sign in… (Re-authenticate… while signed in) and Sign out buttons.
 *
 * A server that cannot be reached is worded by whether the computer is on a network at all
 * (QNetworkInformation, loaded the first time such a failure is shown): "You are offline", or
 * "The server is not responding — your network is fine".
 *
 * The countdown ticks once a second, on the second, only while the view is visible; hidden,
 * it costs nothing.
 */
class TESSERAWIDGETS_EXPORT SessionStatusView : public QWidget
{
    Q_OBJECT
public:
    /*! \brief A view of \a session (not owned). */
    explicit SessionStatusView(Session *session, QWidget *parent = nullptr);
    ~SessionStatusView() override;

    /*! \brief The clock the countdown reads (not owned); Clock::system() by default. */
    void setClock(Clock *clock);
    /*! \brief True while the countdown ticks (for tests: only when visible). */
    bool isTicking() const;
    /*!
     * \brief When the access token was last renewed, for a view created after that happened.
     * The view notes later renewals (Session::refreshed()) by itself.
     */
    void setLastRefreshedAt(const QDateTime &at);
    /*!
     * \brief When the access token held now was obtained, for a view created after that
     * happened: the remaining-life bar is full then. Without it, a token the view did not see
     * arrive counts from the moment the view first showed it. The view notes later tokens
     * (sign-ins, refreshes) by itself.
     */
    void setAccessTokenObtainedAt(const QDateTime &at);

Q_SIGNALS:
    /*! \brief Sign in… / Re-authenticate… was clicked, or Show sign-in… during a sign-in (in
     *  a browser or with a code, it may last minutes): the owner shows its LoginDialog, or
     *  raises the one it shows. */
    void reauthenticateRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    std::unique_ptr<SessionStatusViewPrivate> const d;
};

} // namespace Tessera
