// SPDX-License-Identifier: BSD-3-Clause
#include "credentialsigninoperation_p.h"

#include "session_p.h"
#include "tokensyntax_p.h"

namespace Tessera {

CredentialSignInOperation::CredentialSignInOperation(SessionPrivate *d, Credential credential,
                                                     const QString &account, const Secret &secret,
                                                     bool rememberKey)
    : SignInOperation(d, Profile::LoginKind::Password)
    , m_credential(credential)
    , m_account(account)
    , m_secret(secret)
    , m_rememberKey(rememberKey)
{ }

QString CredentialSignInOperation::inputProblem() const
{
    if (const QString problem = TokenSyntax::userProblem(m_account); !problem.isEmpty())
        return Session::tr("This user name cannot be used: %1").arg(problem);
    if (const QString keyProblem = TokenSyntax::apiKeyProblem(m_secret.reveal());
        m_credential == Credential::ApiKey && !m_secret.isEmpty() && !keyProblem.isEmpty())
        return Session::tr("This API key cannot be used: %1").arg(keyProblem);
    return {};
}

void CredentialSignInOperation::authorize()
{
    const AuthRequest request =
            m_credential == Credential::Password
                    ? AuthRequests::passwordLogin(tokenProfile(), m_account, m_secret)
                    : AuthRequests::apiKeyLogin(tokenProfile(), m_secret);
    client()->send(request, AuthClient::Purpose::SignIn, live([this](const AuthOutcome &outcome) {
                       onOutcome(outcome, m_account, QStringLiteral("api-key"),
                                 m_rememberKey ? m_secret : Secret());
                   }));
}

} // namespace Tessera
