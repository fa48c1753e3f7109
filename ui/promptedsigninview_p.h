// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "signinview_p.h"

namespace Tessera {

/*!
 * \brief A SignInView whose sign-in goes through the session's SignInPrompt and is finished
 * elsewhere: in the browser (BrowserSignInView) or with a code on another device
 * (DeviceCodeView).
 *
 * It remembers that it started the sign-in and hands on only the prompts of that sign-in
 * (onOwnPrompt()); when the sign-in ends it goes back to its start page (showStartPage()). Its
 * own controls take the place of the start button while it waits. It words what both ways
 * say alike: a cancelled sign-in needs no words (the start page says it), a refused one was
 * declined.
 */
class PromptedSignInView : public SignInView
{
    Q_OBJECT
public:
    explicit PromptedSignInView(Session *session, QWidget *parent = nullptr);
    ~PromptedSignInView() override;

    bool showsStartWhileSigningIn() const override { return false; }
    /*! \brief Remembers that the sign-in in flight is this view's, then requestSignIn(). */
    void start() final;
    /*! \brief Once a sign-in ends, the view forgets it and goes back to showStartPage(). */
    void setSigningIn(bool signingIn) final;
    QString errorText(Session::Error error) const override;

protected:
    /*! \brief Asks the session for this way of signing in. */
    virtual void requestSignIn() = 0;
    /*! \brief Shows the page from which a sign-in starts; also the view's first page. */
    virtual void showStartPage() = 0;
    /*! \brief The session's prompt changed during a sign-in this view started. */
    virtual void onOwnPrompt(const SignInPrompt &prompt) = 0;

private:
    void onPromptChanged(const SignInPrompt &prompt);

    bool m_started = false; //!< this view asked for the sign-in in flight
    bool m_signingIn = false;
};

} // namespace Tessera
