// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "signinview_p.h"

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
class DeviceCodeView : public SignInView
{
    Q_OBJECT
public:
    explicit DeviceCodeView(Session *session, QWidget *parent = nullptr);
    ~DeviceCodeView() override;

    QString startText() const override;
    bool showsStartWhileSigningIn() const override { return false; }
    void start() override;
    void setSigningIn(bool signingIn) override;
    QString errorText(Session::Error error) const override;

private:
    QWidget *buildCodePage();
    QLayout *buildQrColumn();
    void onPromptChanged(const SignInPrompt &prompt);
    void showCode(const SignInPrompt &prompt);
    void showStartPage();
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
    bool m_started = false; //!< this view asked for the sign-in in flight
    bool m_signingIn = false;
};

} // namespace Tessera
