// SPDX-License-Identifier: BSD-3-Clause
#include "browsersigninoperation_p.h"

#include "loopbackreceiver_p.h"
#include "pkce_p.h"
#include "session_p.h"

#include <Tessera/clock.h>

namespace Tessera {

using Error = Session::Error;

BrowserSignInOperation::BrowserSignInOperation(SessionPrivate *d, const QString &loginHint)
    : SignInOperation(d, Profile::LoginKind::Browser)
    , m_loginHint(loginHint)
{ }

BrowserSignInOperation::~BrowserSignInOperation() = default;

void BrowserSignInOperation::authorize()
{
    const ProviderEndpoints &found = endpoints();
    if (found.authorization.isEmpty() || found.token.isEmpty())
        return failSoon(Error::BadResponse,
                        Session::tr("“%1” offers no sign-in in the browser: its authorization "
                                    "server names no %2 endpoint")
                                .arg(d->profile.name(), found.token.isEmpty()
                                                                ? QStringLiteral("token")
                                                                : QStringLiteral("authorization")));
    if (!found.codeChallengeMethods.isEmpty()
        && !found.codeChallengeMethods.contains(QLatin1String("S256")))
        return failSoon(Error::BadResponse,
                        Session::tr("The authorization server of “%1” does not support PKCE with "
                                    "S256, which a sign-in in the browser needs")
                                .arg(d->profile.name()));

    m_receiver = std::make_unique<LoopbackReceiver>(d->profile.name());
    QString problem;
    if (!m_receiver->listen(d->profile.redirectPort(), &problem)) {
        m_receiver.reset();
        return failSoon(Error::NetworkError,
                        Session::tr("Could not wait for the browser's answer: %1").arg(problem));
    }
    m_redirectUri = m_receiver->redirectUri(d->profile.redirectPath());
    m_verifier = Pkce::newVerifier();
    const QByteArray state = Pkce::newState();
    AuthorizationCallback::Expectation expected;
    expected.redirectPath = m_redirectUri.path(QUrl::FullyEncoded);
    expected.state = state;
    expected.issuer = d->profile.issuer().toString(QUrl::FullyEncoded);
    expected.issuerParameterSupported = found.issParameterSupported;
    m_receiver->expect(expected);
    connect(m_receiver.get(), &LoopbackReceiver::received, this,
            live([this](const AuthorizationCallback::Verdict &verdict) { onVerdict(verdict); }));

    const QDateTime deadline = d->clock->now().addSecs(d->profile.signInTimeout().count());
    m_deadline = d->clock->createAlarm(this);
    connect(m_deadline, &Alarm::fired, this, live([this] { onTimeout(); }));
    m_deadline->setDeadline(deadline);

    const QUrl url =
            AuthRequests::authorizationUrl(d->profile, found.authorization, m_redirectUri, state,
                                           Pkce::challengeS256(m_verifier), m_loginHint);
    d->setPrompt(SignInPrompt::openBrowser(url, deadline));
}

void BrowserSignInOperation::onVerdict(const AuthorizationCallback::Verdict &verdict)
{
    m_deadline->cancel();
    // The receiver has stopped listening already, and is still emitting: it goes later.
    m_receiver.release()->deleteLater();
    d->setPrompt(SignInPrompt());
    if (verdict.outcome != AuthorizationCallback::Outcome::Code)
        return failed(Error::InvalidCredentials, verdict.message);
    client()->send(AuthRequests::authorizationCode(tokenProfile(), verdict.code, m_verifier,
                                                   m_redirectUri),
                   AuthClient::Purpose::SignIn, live([this](const AuthOutcome &outcome) {
                       onOutcome(outcome, QString(), QStringLiteral("account"));
                   }));
}

void BrowserSignInOperation::onTimeout()
{
    m_receiver.reset();
    const qint64 minutes = (d->profile.signInTimeout().count() + 59) / 60;
    failed(Error::Timeout,
           minutes == 1 ? Session::tr("Nobody signed in in the browser within a minute")
                        : Session::tr("Nobody signed in in the browser within %n minutes", nullptr,
                                      int(minutes)));
}

} // namespace Tessera
