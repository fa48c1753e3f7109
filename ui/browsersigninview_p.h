// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "promptedsigninview_p.h"

#include <QUrl>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Tessera {

/*!
 * \brief LoginDialog's view for a sign-in in the browser (Profile::LoginKind::Browser).
 *
 * First a line on what happens; the dialog's "Sign in with browser" starts
 * Session::signInWithBrowser(), with the session's user as the login hint. Once the session's
 * prompt names the page to open, the view opens it in the browser (QDesktopServices::openUrl(),
 * once) and waits: "Open again" opens it once more, "Copy link" puts it on the clipboard. When
 * no browser can be opened (over SSH, on a headless machine) it says so and shows the link as
 * text, to be opened in a browser on this computer, where Tessera listens for the answer.
 *
 * The view opens only the pages of the sign-ins it started.
 */
class BrowserSignInView : public PromptedSignInView
{
    Q_OBJECT
public:
    explicit BrowserSignInView(Session *session, QWidget *parent = nullptr);
    ~BrowserSignInView() override;

    QString startText() const override;
    QString startDescription() const override;
    QString errorText(Session::Error error) const override;

private:
    void requestSignIn() override;
    void showStartPage() override;
    void onOwnPrompt(const SignInPrompt &prompt) override;
    QWidget *buildWaitingPage();
    void showWaiting(const QUrl &url);
    void openInBrowser();
    void copyLink();

    QLabel *m_intro = nullptr;
    QWidget *m_waiting = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_noBrowser = nullptr;
    QPlainTextEdit *m_link = nullptr;
    QPushButton *m_openAgain = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_copied = nullptr;
    QUrl m_url; //!< the page of the sign-in in flight; empty before the session names it
};

} // namespace Tessera
