// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "signinview_p.h"

class QCheckBox;
class QLineEdit;

namespace Tessera {

/*!
 * \brief LoginDialog's fields for a password or an API key sign-in: user name and password, or
 * an API key with "remember in the keychain", and an optional account name when the server's
 * answers do not name the user.
 *
 * The user name is remembered (QSettings, per profile) once signed in; the password or key is
 * cleared after a wrong try and when the dialog is done, and is never kept anywhere else.
 */
class CredentialsView : public SignInView
{
    Q_OBJECT
public:
    explicit CredentialsView(Session *session, QWidget *parent = nullptr);
    ~CredentialsView() override;

    QString startText() const override;
    QString startDescription() const override;
    bool canStart() const override;
    void start() override;
    void setSigningIn(bool signingIn) override;
    QWidget *failed(Session::Error error) override;
    QWidget *initialFocus() const override;
    void signedIn() override;
    void clear() override;

private:
    bool usesApiKey() const { return m_kind == Profile::LoginKind::ApiKey; }
    QString settingsKey() const;
    void fillInKnownUser();

    const Profile m_profile;
    const Profile::LoginKind m_kind;
    QLineEdit *m_user = nullptr; //!< null when the profile needs no user name
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_remember = nullptr; //!< API keys only
};

} // namespace Tessera
