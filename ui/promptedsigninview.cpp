// SPDX-License-Identifier: BSD-3-Clause
#include "promptedsigninview_p.h"

namespace Tessera {

PromptedSignInView::PromptedSignInView(Session *session, QWidget *parent)
    : SignInView(session, parent)
{
    connect(session, &Session::signInPromptChanged, this, &PromptedSignInView::onPromptChanged);
}

PromptedSignInView::~PromptedSignInView() = default;

void PromptedSignInView::start()
{
    m_started = true;
    requestSignIn();
}

void PromptedSignInView::setSigningIn(bool signingIn)
{
    // A sign-in asked for during another operation may start later: only its end counts.
    const bool ended = m_signingIn && !signingIn;
    m_signingIn = signingIn;
    if (ended) {
        m_started = false;
        showStartPage();
    }
}

QString PromptedSignInView::errorText(Session::Error error) const
{
    switch (error) {
    case Session::Error::Cancelled:
        return QString(); // back on the start page: that says it
    case Session::Error::InvalidCredentials:
        return tr("The sign-in was declined");
    default:
        break;
    }
    return SignInView::errorText(error);
}

void PromptedSignInView::onPromptChanged(const SignInPrompt &prompt)
{
    if (!m_started)
        return; // someone else's sign-in
    onOwnPrompt(prompt);
}

} // namespace Tessera
