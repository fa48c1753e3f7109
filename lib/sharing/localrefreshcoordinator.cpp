// SPDX-License-Identifier: BSD-3-Clause
#include "localrefreshcoordinator_p.h"

#include "changenotifier_p.h"
#include "logging_p.h"
#include "processlock_p.h"
#include "sessionvault_p.h"
#include "sharingdirectory_p.h"

#include <Tessera/profile.h>

#include <QCryptographicHash>
#include <QPointer>

namespace Tessera {

namespace {
// The longest a live process may hold the refresh lock: reading the store, writing back tokens
// it could not store before, the refresh request, writing the store (the request bounded by the
// profile's timeout, each keychain call by 10 s), with room to spare.
constexpr std::chrono::milliseconds storeAllowance {35000};

// File names stay short and harmless whatever the profile id holds.
QString fileStem(const QString &profileId)
{
    QString readable;
    for (const QChar c : profileId.left(40)) {
        readable += c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')
                            ? c
                            : QLatin1Char('_');
    }
    const QByteArray digest =
            QCryptographicHash::hash(profileId.toUtf8(), QCryptographicHash::Sha256);
    return readable + QLatin1Char('-') + QString::fromLatin1(digest.toHex().left(12));
}
} // namespace

std::unique_ptr<LocalRefreshCoordinator> LocalRefreshCoordinator::create(const Profile &profile,
                                                                         SessionVault *vault)
{
    const SharingDirectory::Location location = SharingDirectory::locate();
    if (!location.isUsable()) {
        qCWarning(lcShare).noquote()
                << profile.id()
                << ": cannot share the session with other processes:" << location.problem
                << "- this process keeps it to itself (no refresh lock, no change notices)";
        return nullptr;
    }
    qCDebug(lcShare) << profile.id() << "shares its session through" << location.path;
    return std::make_unique<LocalRefreshCoordinator>(
            location.path, profile.id(), profile.requestTimeout() + storeAllowance, vault);
}

LocalRefreshCoordinator::LocalRefreshCoordinator(const QString &directory, const QString &profileId,
                                                 std::chrono::milliseconds staleAfter,
                                                 SessionVault *vault)
    : m_vault(vault)
{
    const QString stem = fileStem(profileId);
    m_lock = std::make_unique<ProcessLock>(
            directory + QStringLiteral("/locks/") + stem + QStringLiteral(".lock"), staleAfter);
    m_notifier = std::make_unique<ChangeNotifier>(directory + QLatin1Char('/') + stem
                                                  + QStringLiteral(".changed"));
    connect(m_notifier.get(), &ChangeNotifier::changedElsewhere, this,
            &RefreshCoordinator::changedElsewhere);
}

LocalRefreshCoordinator::~LocalRefreshCoordinator() = default;

void LocalRefreshCoordinator::lockAndRead(const QString &account, QObject *context,
                                          ReadHandler then)
{
    m_lock->acquire([this, account, guard = QPointer<QObject>(context), then](bool locked) {
        if (!guard) {
            // Whoever asked is gone, and nobody else waits: the lock is nobody's to hold.
            m_lock->release();
            return;
        }
        if (!locked)
            qCWarning(lcShare) << "could not take the refresh lock";
        if (!m_vault->isPersistent()) {
            // The store given was destroyed while the lock was on its way: the session lives in
            // memory now and shares no more (the lock goes with its coordinator).
            LockedRead unshared;
            unshared.unshared = true;
            then(unshared);
            return;
        }
        LockedRead read;
        read.locked = locked;
        read.answered = account.isEmpty(); // no account: nothing to read
        if (!locked || account.isEmpty()) {
            then(read);
            return;
        }
        m_vault->readAccount(account, guard,
                             [this, account, then](const SessionVault::Entry &entry) {
                                 LockedRead found = lockedRead(entry);
                                 found.locked = true;
                                 then(withAnswer(found, account));
                             });
    });
}

// \a read completed with the rotation another process announced but could not store, if any.
LockedRead LocalRefreshCoordinator::withAnswer(LockedRead read, const QString &account) const
{
    const std::optional<ChangeNotifier::Notice> notice = m_notifier->latest();
    // The tokens another process could not store die with it: the stored ones are all that is
    // left then, and using them is the honest way to find out whether the session survived.
    if (notice && notice->change == Change::Unsaved && notice->user == account
        && notice->fromLiveProcess())
        read.unsavedElsewhere = notice->generation;
    return read;
}

void LocalRefreshCoordinator::release()
{
    m_lock->release();
}

void LocalRefreshCoordinator::announce(Change change, const QString &account, quint64 generation)
{
    m_notifier->announce(change, account, generation);
}

} // namespace Tessera
