// SPDX-License-Identifier: BSD-3-Clause
// The part of SessionPrivate that shares one session between the processes that use the same
// profile: refreshes happen under a ProcessLock, and every change to the stored session is
// announced through a ChangeNotifier so that the others re-read the store.
#include "session_p.h"

#include "logging_p.h"
#include "sharingdirectory_p.h"

#include <QCryptographicHash>

namespace Tessera {

namespace {
// The longest a live process may hold the refresh lock: reading the store, the refresh
// request, writing the store (each bounded by its own timeout), with room to spare.
constexpr std::chrono::milliseconds storeAllowance {25000};

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

bool sameTokens(const StoredSession &a, const StoredSession &b)
{
    return a.accessToken == b.accessToken && a.refreshToken == b.refreshToken;
}
} // namespace

SessionSharing *SessionPrivate::sharing()
{
    if (sharingChecked)
        return shared.get();
    sharingChecked = true;
    if (!tokenStore()->isPersistent())
        return nullptr;
    const SharingDirectory::Location location = SharingDirectory::locate();
    if (!location.isUsable()) {
        qCWarning(lcShare).noquote()
                << profile.id()
                << ": cannot share the session with other processes:" << location.problem
                << "- this process keeps it to itself (no refresh lock, no change notices)";
        return nullptr;
    }
    qCDebug(lcShare) << profile.id() << "shares its session through" << location.path;
    const QString stem = fileStem(profile.id());
    shared = std::make_unique<SessionSharing>();
    shared->lock = std::make_unique<ProcessLock>(location.path + QStringLiteral("/locks/") + stem
                                                         + QStringLiteral(".lock"),
                                                 profile.requestTimeout() + storeAllowance);
    shared->notifier = std::make_unique<ChangeNotifier>(location.path + QLatin1Char('/') + stem
                                                        + QStringLiteral(".changed"));
    QObject::connect(shared->notifier.get(), &ChangeNotifier::changedElsewhere, q,
                     [this](ChangeNotifier::Change change, const QString &account) {
                         onChangedElsewhere(change, account);
                     });
    return shared.get();
}

void SessionPrivate::resetSharing()
{
    shared.reset();
    sharingChecked = false;
}

void SessionPrivate::readUnderLock(quint64 expected, LockedRead then)
{
    SessionSharing *share = sharing();
    if (!share) {
        then(std::nullopt, false);
        return;
    }
    share->lock->acquire([this, expected, then](bool locked) {
        if (expected != generation)
            return;
        if (!locked)
            qCWarning(lcShare) << profile.id() << "going on without the lock";
        const QString key = sessionKey();
        if (key.isEmpty()) {
            then(std::nullopt, false);
            return;
        }
        tokenStore()->read(
                key, q,
                [this, expected, then](const TokenStore::Result &result, const Secret &data) {
                    if (expected != generation)
                        return;
                    if (result.status == TokenStore::Status::NotFound) {
                        then(std::nullopt, true);
                        return;
                    }
                    then(result.isOk() ? parseStoredSession(data).session : std::nullopt, false);
                });
    });
}

void SessionPrivate::lockForRefresh(quint64 expected, std::function<void()> proceed)
{
    // Under the lock, the store is the truth: another process may have renewed the session
    // while this one waited, and its refresh token is the only valid one now.
    readUnderLock(expected, [this, expected, proceed](const std::optional<StoredSession> &stored,
                                                      bool removed) {
        if (removed) {
            endedWhileWaiting(expected);
            return;
        }
        if (stored && !sameTokens(*stored, tokens)) {
            qCInfo(lcShare) << profile.id()
                            << "another process renewed the session; using its tokens";
            adoptStoredElsewhere(*stored);
            return;
        }
        proceed();
    });
}

// The stored session vanished while this process waited for the lock: signed out elsewhere if
// the account pointer went with it, expired (or rejected) elsewhere if not.
void SessionPrivate::endedWhileWaiting(quint64 expected)
{
    tokenStore()->read(currentAccountKey(profile.id()), q,
                       [this, expected](const TokenStore::Result &result, const Secret &) {
                           if (expected != generation)
                               return;
                           endedElsewhere(result.status == TokenStore::Status::NotFound
                                                  ? ChangeNotifier::Change::SignedOut
                                                  : ChangeNotifier::Change::Expired);
                       });
}

void SessionPrivate::announce(ChangeNotifier::Change change)
{
    if (SessionSharing *share = sharing())
        share->notifier->announce(change, user);
}

void SessionPrivate::onChangedElsewhere(ChangeNotifier::Change change, const QString &account)
{
    switch (state) {
    case State::Restoring:
    case State::SigningIn:
    case State::SigningOut:
    case State::Refreshing:
        // Looked at again once this operation is over (see replayChangeElsewhere()).
        pendingChange = std::make_pair(change, account);
        return;
    default:
        break;
    }
    if (!user.isEmpty() && hasTokens() && account != user)
        return; // another account of the same profile; this session stays with its own
    const QString follow = user.isEmpty() || !hasTokens() ? account : user;
    if (follow.isEmpty())
        return;
    const quint64 expected = generation;
    tokenStore()->read(
            storedSessionKey(profile.id(), follow), q,
            [this, expected, change, follow](const TokenStore::Result &result, const Secret &data) {
                if (expected != generation)
                    return;
                if (result.status == TokenStore::Status::NotFound) {
                    if (hasTokens() || change == ChangeNotifier::Change::SignedOut)
                        endedElsewhere(change);
                    return;
                }
                if (!result.isOk()) {
                    qCWarning(lcShare) << profile.id()
                                       << "could not read the session another "
                                          "process changed:"
                                       << result.errorString;
                    return;
                }
                const std::optional<StoredSession> stored = parseStoredSession(data).session;
                if (!stored || (hasTokens() && sameTokens(*stored, tokens)))
                    return;
                setUser(follow);
                adoptStoredElsewhere(*stored);
            });
}

void SessionPrivate::replayChangeElsewhere()
{
    if (!pendingChange)
        return;
    const auto [change, account] = *pendingChange;
    pendingChange.reset();
    // Queued: the state change that got here is still being announced.
    QMetaObject::invokeMethod(
            q, [this, change = change, account = account] { onChangedElsewhere(change, account); },
            Qt::QueuedConnection);
}

void SessionPrivate::adoptStoredElsewhere(const StoredSession &stored)
{
    const bool wasSignedIn = hasTokens();
    ++generation;
    adopt(stored);
    backoff.reset();
    clearError();
    setPersistent(true);
    evaluate();
    if (state == State::Active)
        Q_EMIT wasSignedIn ? q->refreshed() : q->signedIn();
}

void SessionPrivate::endedElsewhere(ChangeNotifier::Change change)
{
    ++generation;
    const bool wasSignedIn = hasTokens() || state == State::Refreshing;
    forgetTokens();
    if (change == ChangeNotifier::Change::SignedOut) {
        setUser(QString());
        clearError();
        setState(State::SignedOut);
        if (wasSignedIn)
            Q_EMIT q->signedOut();
        return;
    }
    fail(Error::SessionExpired, Session::tr("The session ended in another program; sign in again"));
    setState(State::ReauthenticationRequired);
}

} // namespace Tessera
