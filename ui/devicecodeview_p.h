// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "promptedsigninview_p.h"

#include <QTimer>

class QLabel;
class QPushButton;

namespace Tessera {

class QrCodeView;

/*!
 * \brief LoginDialog's view for a sign-in with a code entered on another device
 * (Profile::LoginKind::Device, RFC 8628), or on this one.
 *
 * The dialog's "Get a code" starts Session::signInWithDeviceCode(). Once the session's prompt
 * has the code, the view shows where to go (a link), the code in large type, "Copy code" and
 * "Open link" (the page with the code filled in, when the server gives one), the QR code of that
 * page for a phone, and how long the code lasts. The session polls; the dialog closes when the
 * sign-in is approved.
 *
 * The countdown compares the prompt's expiry with the wall clock; the session's own clock
 * decides when the code is over.
 */
class DeviceCodeView : public PromptedSignInView
{
    Q_OBJECT
public:
    explicit DeviceCodeView(Session *session, QWidget *parent = nullptr);
    ~DeviceCodeView() override;

    QString startText() const override;
    QString startDescription() const override;
    QString errorText(Session::Error error) const override;

private:
    QString codeDescription() const;
    void requestSignIn() override;
    void showStartPage() override;
    void onOwnPrompt(const SignInPrompt &prompt) override;
    QWidget *buildCodePage();
    QLayout *buildQrColumn();
    void showCode(const SignInPrompt &prompt);
    void updateExpiry();
    void open(const QUrl &url);
    void copyCode();
    void setNote(const QString &text);

    QLabel *m_intro = nullptr;
    QWidget *m_codePage = nullptr;
    QLabel *m_goTo = nullptr;
    QLabel *m_code = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_open = nullptr;
    QLabel *m_note = nullptr; //!< "Code copied", or why the link did not open
    QLabel *m_expiry = nullptr;
    QrCodeView *m_qr = nullptr;
    QLabel *m_qrCaption = nullptr;
    QTimer m_ticker; //!< the countdown, while a code shows
    SignInPrompt m_prompt; //!< the code shown; none on the start page
};

} // namespace Tessera
