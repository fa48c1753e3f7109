// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "signinoperation_p.h"

namespace Tessera {

/*!
 * \brief Signs in with a user name and password (json, or oauth2's password grant), or with an
 * API key (json). A user name or API key that could not be stored and read back (TokenSyntax) is
 * refused before anything is sent. The rest is SignInOperation's.
 */
class CredentialSignInOperation : public SignInOperation
{
    Q_OBJECT
public:
    enum class Credential { Password, ApiKey };

    /*! \brief \a rememberKey: the API key is kept with the session (Credential::ApiKey). */
    CredentialSignInOperation(SessionPrivate *d, Credential credential, const QString &account,
                              const Secret &secret, bool rememberKey = false);

private:
    QString inputProblem() const override;
    void authorize() override;

    const Credential m_credential;
    const QString m_account;
    const Secret m_secret;
    const bool m_rememberKey;
};

} // namespace Tessera
