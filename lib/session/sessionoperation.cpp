// SPDX-License-Identifier: BSD-3-Clause
#include "sessionoperation_p.h"

#include "logging_p.h"
#include "session_p.h"

namespace Tessera {

SessionOperation::SessionOperation(SessionPrivate *d)
    : d(d)
{ }

SessionOperation::~SessionOperation() = default;

void SessionOperation::start()
{
    enter([this] { run(); });
}

void SessionOperation::retire()
{
    if (m_retired)
        return;
    m_retired = true;
    if (m_client)
        m_client->abort();
    if (m_depth == 0)
        delete this;
}

AuthClient *SessionOperation::client()
{
    if (!m_client)
        m_client = std::make_unique<AuthClient>(d->profile, d->clock);
    m_client->setNetworkAccessManager(d->networkAccessManager());
    m_client->setRequestSecrets(&d->requestSecrets);
    return m_client.get();
}

void SessionOperation::finish()
{
    d->operationFinished(this);
}

SessionVault::Revoker SessionOperation::revoker()
{
    return live([this](const StoredSession &stored, std::function<void()> done) {
        client()->sendAll(AuthRequests::signOut(d->profileFor(stored), stored.accessToken,
                                                stored.refreshToken),
                          live([this, done](const AuthOutcome &outcome) {
                              if (outcome.kind != AuthOutcome::Kind::Done)
                                  qCInfo(lcSession)
                                          << d->profile.id()
                                          << "the previous account's session could not be "
                                             "revoked on the server:"
                                          << outcome.errorString;
                              done();
                          }));
    });
}

} // namespace Tessera
