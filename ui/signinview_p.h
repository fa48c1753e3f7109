// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/session.h>

#include <QPointer>
#include <QWidget>

namespace Tessera {

/*!
 * \brief What LoginDialog shows between its heading and its error line, for one way of signing
 * in: the fields of a password or API key (CredentialsView), the way through the browser
 * (BrowserSignInView) or the code to enter on another device (DeviceCodeView).
 *
 * The dialog keeps what every way shares: the heading, the error line, the busy bar, the start
 * button (whose text the view gives) and Cancel, and it follows the session's state. A view
 * starts the sign-in, locks or unlocks its own controls and says what went wrong in its own
 * words.
 */
class SignInView : public QWidget
{
    Q_OBJECT
public:
    explicit SignInView(Session *session, QWidget *parent = nullptr);
    ~SignInView() override;

    /*! \brief The start button's text, with its mnemonic ("&Sign in"). */
    virtual QString startText() const = 0;
    /*! \brief What the start button does, for a screen reader (its accessible description). */
    virtual QString startDescription() const = 0;
    /*! \brief Whether the sign-in can start: what it needs is filled in. */
    virtual bool canStart() const { return true; }
    /*! \brief Whether the start button stays in sight, greyed out, during a sign-in; a view
     *  that has its own controls then hides it. */
    virtual bool showsStartWhileSigningIn() const { return true; }
    /*! \brief Asks the session to sign in. */
    virtual void start() = 0;
    /*! \brief Follows a sign-in starting or ending (any sign-in of the session). */
    virtual void setSigningIn(bool signingIn) = 0;
    /*!
     * \brief \a error in words for this way of signing in; empty when nothing needs saying.
     * By default SessionText::errorText().
     */
    virtual QString errorText(Session::Error error) const;
    /*! \brief The sign-in started here failed with \a error: where the keyboard goes once the
     *  view is unlocked (null: the start button). */
    virtual QWidget *failed(Session::Error error);
    /*! \brief Where the keyboard starts; null: the start button. */
    virtual QWidget *initialFocus() const { return nullptr; }
    /*! \brief The sign-in succeeded: keeps what is worth keeping (the user name). */
    virtual void signedIn() { }
    /*! \brief Forgets what must not outlive the dialog (a typed password). */
    virtual void clear() { }

Q_SIGNALS:
    /*! \brief canStart() may have changed. */
    void canStartChanged();
    /*! \brief The view shows another page (waiting, a code, back to the start): the dialog
     *  fits its height to it. */
    void pageChanged();

protected:
    /*! \brief The session; null once it was deleted. */
    Session *session() const { return m_session; }

private:
    QPointer<Session> const m_session;
};

} // namespace Tessera
