// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/signinprompt.h>

namespace Tessera {

SignInPrompt SignInPrompt::openBrowser(const QUrl &url, const QDateTime &expiresAt)
{
    SignInPrompt prompt;
    prompt.m_kind = Kind::OpenBrowser;
    prompt.m_url = url;
    prompt.m_expiresAt = expiresAt;
    return prompt;
}

SignInPrompt SignInPrompt::enterCode(const QUrl &url, const QUrl &urlWithCode,
                                     const QString &userCode, const QDateTime &expiresAt)
{
    SignInPrompt prompt;
    prompt.m_kind = Kind::EnterCode;
    prompt.m_url = url;
    prompt.m_urlWithCode = urlWithCode;
    prompt.m_userCode = userCode;
    prompt.m_expiresAt = expiresAt;
    return prompt;
}

} // namespace Tessera
