// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesserawidgets_export.h>

#include <QDialog>

#include <memory>

namespace Tessera {

class LoginDialogPrivate;
class Session;

/*!
 * \brief The sign-in dialog for a Session: user name and password, or an API key (with
 * "remember in the keychain"), as the session's profile says.
 *
 * It does no networking of its own: Sign in calls Session::signIn() (or signInWithApiKey())
 * and the dialog follows the session's state: busy and locked while signing in, Cancel then
 * aborts the request; errors shown inline in plain words; accepted once the session signed in.
 * The user name is remembered (QSettings); passwords never, API keys only in the keychain and
 * only when asked to.
 */
class TESSERAWIDGETS_EXPORT LoginDialog : public QDialog
{
    Q_OBJECT
public:
    /*! \brief A dialog for \a session (not owned). */
    explicit LoginDialog(Session *session, QWidget *parent = nullptr);
    ~LoginDialog() override;

public Q_SLOTS:
    void reject() override;
    void done(int result) override;

private:
    std::unique_ptr<LoginDialogPrivate> const d;
};

} // namespace Tessera
