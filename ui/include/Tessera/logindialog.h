// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesserawidgets_export.h>

#include <QDialog>

#include <memory>

namespace Tessera {

class LoginDialogPrivate;
class Session;

/*!
 * \brief The sign-in dialog for a Session, in the way its profile signs in.
 *
 * \li Password or API key: the fields the profile asks for, user name and password, or an API
 * key (with "remember in the keychain"). An API-key profile whose answers do not name the user
 * also gets an optional account name, which only labels the session in Tessera and the keychain.
 * \li Browser (Profile::LoginKind::Browser): "Sign in with browser" opens the provider's page
 * in the user's browser and waits, with "Open again" and "Copy link"; where no browser can be
 * opened it shows the link to open by hand. A profile that also offers a device sign-in
 * (Profile::offersDeviceSignIn()) has "Use a code instead".
 * \li Device (Profile::LoginKind::Device): "Get a code" shows where to go, the code to enter
 * there (large, with "Copy code"), its QR code for a phone, and how long the code lasts.
 *
 * It does no networking of its own: it calls Session::signIn(), signInWithApiKey(),
 * signInWithBrowser() (with the session's user as the login hint) or signInWithDeviceCode(),
 * and follows the session's state and Session::signInPrompt(): busy and locked while signing in,
 * Cancel (or Esc) then aborts the sign-in and keeps the dialog open for another try; closing the
 * window aborts it and closes. Errors are shown inline in plain words; the dialog is accepted
 * once the session signed in, here or in another Tessera process.
 *
 * The user name is remembered (QSettings); passwords never, API keys only in the keychain and
 * only when asked to. The session may be deleted before the dialog; the dialog then only
 * closes.
 */
class TESSERAWIDGETS_EXPORT LoginDialog : public QDialog
{
    Q_OBJECT
public:
    /*! \brief A dialog for \a session (not owned). */
    explicit LoginDialog(Session *session, QWidget *parent = nullptr);
    ~LoginDialog() override;

    /*! \brief The session this dialog signs in; null once that session was deleted. */
    Session *session() const;

public Q_SLOTS:
    void reject() override;
    void done(int result) override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    std::unique_ptr<LoginDialogPrivate> const d;
};

} // namespace Tessera
