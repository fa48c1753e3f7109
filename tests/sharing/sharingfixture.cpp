// SPDX-License-Identifier: BSD-3-Clause
#include "sharingfixture.h"

#include <Tessera/keychaintokenstore.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QTest>

#include <algorithm>

namespace Tessera::Test {

SharingFixture::SharingFixture(const QString &name)
    : m_name(name)
{ }

bool SharingFixture::setUp()
{
    if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")) {
        qWarning("no D-Bus session: run this test under scripts/with-keyring.sh");
        return false;
    }
    if (!m_dir.isValid() || !m_runtime.isValid()) {
        qWarning("cannot make temporary directories");
        return false;
    }
    return server.start();
}

void SharingFixture::reset()
{
    server.clearFaults();
    server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    server.resetStats();
}

QString SharingFixture::writeProfile()
{
    ++m_profiles;
    m_profilePath = server.writeProfile(m_dir.path(), profileId());
    return m_profilePath;
}

QString SharingFixture::profileId() const
{
    // The keychain outlives this program (a whole suite, a repeated run): ids of a run of
    // their own, so that no entry left by an earlier run is restored.
    return QStringLiteral("%1-%2-%3")
            .arg(m_name)
            .arg(QCoreApplication::applicationPid())
            .arg(m_profiles);
}

QProcessEnvironment SharingFixture::environment() const
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
    return environment;
}

QString SharingFixture::sharingDirectory() const
{
    return m_runtime.path() + QStringLiteral("/tessera");
}

std::unique_ptr<PeerProcess> SharingFixture::startPeer(const QString &profile)
{
    auto peer = std::make_unique<PeerProcess>(profile, nullptr, environment());
    if (!peer->start())
        qWarning("a peer did not start");
    return peer;
}

Peers SharingFixture::startPeers(const QString &profile, int count, const QByteArray &settledState)
{
    Peers peers;
    for (int i = 0; i < count; ++i)
        peers.push_back(startPeer(profile));
    waitForAll(peers, settledState);
    return peers;
}

Peers SharingFixture::signedInPeers(int count)
{
    Peers peers = startPeers(writeProfile(), count, "SignedOut");
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    waitForAll(peers, "Active");
    return peers;
}

bool SharingFixture::allAgree(const Peers &peers, const QByteArray &state) const
{
    return std::all_of(peers.begin(), peers.end(), [&](const auto &peer) {
        return peer->state() == state && peer->token() == peers.front()->token();
    });
}

qint64 SharingFixture::waitForAll(const Peers &peers, const QByteArray &state, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    if (!QTest::qWaitFor([&] { return allAgree(peers, state); }, timeoutMs)) {
        qWarning("not every peer reached %s with the same token:", state.constData());
        for (const auto &peer : peers) {
            qWarning("  peer %lld: state %s token %s user %s, states %s", peer->pid(),
                     peer->state().constData(), peer->token().constData(), peer->user().constData(),
                     peer->states().join(' ').constData());
        }
        return -1;
    }
    return timer.elapsed();
}

qint64 SharingFixture::propagation(const Peers &peers, const PeerProcess &origin,
                                   const QByteArray &state)
{
    qint64 last = origin.enteredAt(state);
    for (const auto &peer : peers)
        last = std::max(last, peer->enteredAt(state));
    return last - origin.enteredAt(state);
}

bool SharingFixture::refreshHeldAtServer(PeerProcess &peer, QJsonObject fault)
{
    fault.insert(QStringLiteral("path"), QStringLiteral("/auth/refresh"));
    fault.insert(QStringLiteral("count"), 1);
    server.addFault(fault);
    peer.send("refresh");
    // The server takes the fault off its list when the request arrives.
    return server.waitUntilFaultsTaken(15000);
}

TokenStore::Status SharingFixture::storedStatus(const QString &suffix)
{
    KeychainTokenStore keychain;
    std::optional<TokenStore::Status> status;
    keychain.read(
            profileId() + suffix, &keychain,
            [&](const TokenStore::Result &result, const Secret &) { status = result.status; });
    if (!QTest::qWaitFor([&] { return status.has_value(); }, 15000))
        return TokenStore::Status::Timeout;
    return *status;
}

int SharingFixture::stat(const char *counter)
{
    return server.stats().value(QLatin1String(counter)).toInt();
}

} // namespace Tessera::Test
