// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "refreshcoordinator_p.h"

#include <chrono>
#include <memory>

namespace Tessera {

class ChangeNotifier;
class Profile;
class ProcessLock;
class SessionVault;

/*!
 * \brief The RefreshCoordinator of the processes of one user on one computer: a ProcessLock and
 * a ChangeNotifier in the user's private sharing directory (SharingDirectory), one pair of files
 * per profile, and the session read from the profile's SessionVault.
 *
 * A holder that hangs is given up on after the longest a refresh may take (the profile's
 * request timeout plus what the store may take); one that died is given up on at once (see
 * ProcessLock).
 */
class TESSERACORE_AUTOTEST_EXPORT LocalRefreshCoordinator : public RefreshCoordinator
{
    Q_OBJECT
public:
    /*! \brief The coordinator for \a profile's session in \a vault; nullptr (and a warning)
     *  when the sharing directory is not usable: the session is then this process's alone. */
    static std::unique_ptr<LocalRefreshCoordinator> create(const Profile &profile,
                                                           SessionVault *vault);

    LocalRefreshCoordinator(const QString &directory, const QString &profileId,
                            std::chrono::milliseconds staleAfter, SessionVault *vault);
    ~LocalRefreshCoordinator() override;

    void lockAndRead(const QString &account, QObject *context, ReadHandler then) override;
    void release() override;
    void announce(Change change, const QString &account, quint64 generation) override;

private:
    LockedRead withAnswer(LockedRead read, const QString &account) const;

    SessionVault *const m_vault;
    std::unique_ptr<ProcessLock> m_lock;
    std::unique_ptr<ChangeNotifier> m_notifier;
};

} // namespace Tessera
