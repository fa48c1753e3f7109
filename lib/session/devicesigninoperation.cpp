// SPDX-License-Identifier: BSD-3-Clause
#include "devicesigninoperation_p.h"

#include "logging_p.h"
#include "session_p.h"

#include <Tessera/clock.h>

namespace Tessera {

using Error = Session::Error;

DeviceSignInOperation::DeviceSignInOperation(SessionPrivate *d)
    : SignInOperation(d, Profile::LoginKind::Device)
{ }

void DeviceSignInOperation::authorize()
{
    const ProviderEndpoints &found = endpoints();
    if (found.deviceAuthorization.isEmpty() || found.token.isEmpty())
        return failSoon(
                Error::BadResponse,
                Session::tr("“%1” offers no sign-in with a device code: its authorization "
                            "server names no %2 endpoint")
                        .arg(d->profile.name(), found.token.isEmpty()
                                                        ? QStringLiteral("token")
                                                        : QStringLiteral("device authorization")));
    client()->send(AuthRequests::deviceAuthorization(tokenProfile(), found.deviceAuthorization),
                   AuthClient::Purpose::Fetch,
                   live([this](const AuthOutcome &outcome) { onAuthorization(outcome); }));
}

void DeviceSignInOperation::onAuthorization(const AuthOutcome &outcome)
{
    if (outcome.kind != AuthOutcome::Kind::Done)
        return failed(SessionPrivate::errorOf(outcome.error),
                      Session::tr("Could not start a sign-in with a device code: %1")
                              .arg(outcome.errorString));
    const QDateTime now = d->clock->now();
    DeviceAuthorizationResult parsed = parseDeviceAuthorization(outcome.body, now);
    if (!parsed.authorization)
        return failed(Error::BadResponse,
                      Session::tr("The server's answer to a device sign-in is not usable: %1")
                              .arg(parsed.error));
    m_authorization = *parsed.authorization;
    m_stopAt = std::min(m_authorization.expiresAt, now.addSecs(d->profile.signInTimeout().count()));
    m_alarm = d->clock->createAlarm(this);
    connect(m_alarm, &Alarm::fired, this, live([this] { poll(); }));
    d->setPrompt(SignInPrompt::enterCode(m_authorization.verificationUri,
                                         m_authorization.verificationUriComplete,
                                         m_authorization.userCode, m_stopAt));
    pollLater();
}

void DeviceSignInOperation::pollLater()
{
    m_alarm->setDeadline(d->clock->now().addSecs(m_authorization.interval.count()));
}

void DeviceSignInOperation::poll()
{
    if (const std::optional<PollDecision> over = decideLifetime(m_stopAt, d->clock->now()))
        return failed(Error::Timeout, over->message);
    client()->send(AuthRequests::deviceToken(tokenProfile(), m_authorization.deviceCode),
                   AuthClient::Purpose::SignIn,
                   live([this](const AuthOutcome &outcome) { onPoll(outcome); }));
}

void DeviceSignInOperation::onPoll(const AuthOutcome &outcome)
{
    if (outcome.kind == AuthOutcome::Kind::Granted)
        return onOutcome(outcome, QString(), QStringLiteral("account"));
    // A network error, a 5xx or a 429 (temporarily_unavailable, ...) polls again; the code's
    // lifetime bounds it. Only the device flow's own codes decide otherwise.
    static const QStringList deviceCodes {
            QStringLiteral("authorization_pending"), QStringLiteral("slow_down"),
            QStringLiteral("access_denied"), QStringLiteral("expired_token")};
    if (outcome.kind == AuthOutcome::Kind::Transient && !deviceCodes.contains(outcome.errorCode)) {
        qCDebug(lcSession) << d->profile.id()
                           << "device poll failed, polling on:" << outcome.errorString;
        return pollLater();
    }
    const PollDecision decision =
            decidePoll(outcome.httpStatus, outcome.errorCode, m_authorization.interval);
    m_authorization.interval = decision.interval;
    switch (decision.outcome) {
    case PollDecision::Outcome::KeepPolling:
    case PollDecision::Outcome::SlowDown:
        return pollLater();
    case PollDecision::Outcome::Denied:
        return failed(Error::InvalidCredentials, decision.message);
    case PollDecision::Outcome::Expired:
        return failed(Error::Timeout, decision.message);
    case PollDecision::Outcome::Granted:
        // A 2xx without an error code that is no usable token answer.
        return failed(Error::BadResponse, outcome.errorString);
    case PollDecision::Outcome::Failed:
        return failed(SessionPrivate::errorOf(outcome.error), decision.message);
    }
}

} // namespace Tessera
