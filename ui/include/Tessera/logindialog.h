// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesserawidgets_export.h>

#include <QDialog>

#include <memory>

namespace Tessera {

class LoginDialogPrivate;
class Session;

/*!
 * \brief The sign-in dialog for a Session, with the fields its profile asks for: user name and
 * password, or an API key (with "remember in the keychain"). An API-key profile whose answers
 * do not name the user also gets an optional account name, which only labels the session in
 * Tessera and the keychain.
 *
 * It does no networking of its own: Sign in calls Session::signIn() (or signInWithApiKey())
 * and the dialog follows the session's state: busy and locked while signing in, Cancel (or
 * Esc) then aborts the request and keeps the dialog open for another try; closing the window
 * aborts it and closes. Errors are shown inline in plain words; the dialog is accepted once
 * the session signed in, here or in another Tessera process.
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
