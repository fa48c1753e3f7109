// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserverprocess.h"
#include "peerprocess.h"

#include <Tessera/tokenstore.h>

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace Tessera::Test {

using Peers = std::vector<std::unique_ptr<PeerProcess>>;

/*!
 * \brief What the tests of the shared session stand on: the real dev server, the real keychain
 * (run under scripts/with-keyring.sh), and tessera-session-peer processes that share a private
 * runtime directory of their own (XDG_RUNTIME_DIR), so that their lock and notice files meet
 * nobody else's and a test may break them on purpose.
 */
class SharingFixture
{
public:
    /*! \brief \a name keeps the profile ids (and so the keychain entries) of one test program
     *  apart from those of the others, which share the keychain when tests run in parallel. */
    explicit SharingFixture(const QString &name);

    /*! \brief Call from initTestCase(): false (with a QWARN) if the environment is missing. */
    bool setUp();
    /*! \brief Call from init(): no faults, 300 s access tokens, counters at zero. */
    void reset();

    /*! \brief A profile of its own (keychain entries, lock and notice files); its path. */
    QString writeProfile();
    /*! \brief The id and the file of the profile writeProfile() wrote last. */
    QString profileId() const;
    QString profilePath() const { return m_profilePath; }
    QProcessEnvironment environment() const;
    QString sharingDirectory() const;

    Peers startPeers(const QString &profile, int count, const QByteArray &settledState);
    std::unique_ptr<PeerProcess> startPeer(const QString &profile);
    Peers signedInPeers(int count);
    bool allAgree(const Peers &peers, const QByteArray &state) const;
    /*! \brief How long until every peer reported \a state with one and the same token (-1:
     *  never, within a generous bound; then every peer's state and log tail are printed). */
    qint64 waitForAll(const Peers &peers, const QByteArray &state, int timeoutMs = 15000);
    /*! \brief Once all agree on \a state: how long after \a origin entered it the last of the
     *  others did, in ms. */
    static qint64 propagation(const Peers &peers, const PeerProcess &origin,
                              const QByteArray &state);
    /*! \brief Has \a peer refresh, with the server holding (and then answering per \a fault)
     *  the request; true once the request is at the server. */
    bool refreshHeldAtServer(PeerProcess &peer, QJsonObject fault);
    /*! \brief Reads this profile's entry \a suffix ("/alice": alice's session, "": the account
     *  pointer) from the keychain, as any process would. */
    TokenStore::Status storedStatus(const QString &suffix);
    int stat(const char *counter);

    DevServerProcess server;

private:
    QString m_name;
    QTemporaryDir m_dir;
    QTemporaryDir m_runtime;
    QString m_profilePath;
    int m_profiles = 0;
};

} // namespace Tessera::Test
