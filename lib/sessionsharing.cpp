// SPDX-License-Identifier: BSD-3-Clause
// The part of SessionPrivate that shares one session between the processes that use the same
// profile: refreshes happen under a ProcessLock, and every change to the stored session is
// announced through a ChangeNotifier so that the others re-read the store.
#include "session_p.h"

#include "logging_p.h"
#include "sharingdirectory_p.h"

#include <QCryptographicHash>

#include <algorithm>

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

// \a read completed with what the store answered for \a user, and with the rotation another
// process announced but could not store, if any.
LockedRead withAnswer(LockedRead read, const TokenStore::Result &result, const Secret &data,
                      const ChangeNotifier *notifier, const QString &user)
{
    read.answered = result.isOk() || result.status == TokenStore::Status::NotFound;
    read.removed = result.status == TokenStore::Status::NotFound;
    read.problem = result.errorString;
    if (result.isOk()) {
        const StoredSessionResult parsed = parseStoredSession(data);
        if (!parsed.session)
            qCWarning(lcShare) << "the stored session is unreadable:" << parsed.error;
        read.stored = parsed.session;
    }
    // No notifier: sharing ended while the store answered (the store given was destroyed).
    const std::optional<ChangeNotifier::Notice> notice =
            notifier ? notifier->latest() : std::nullopt;
    // The tokens another process could not store die with it: the stored ones are all that is
    // left then, and using them is the honest way to find out whether the session survived.
    if (notice && notice->change == ChangeNotifier::Change::Unsaved && notice->user == user
        && notice->fromLiveProcess())
        read.unsavedElsewhere = notice->generation;
    return read;
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

void SessionPrivate::readUnderLock(quint64 expected, std::function<void(const LockedRead &)> then)
{
    LockedRead unshared;
    unshared.unshared = true;
    SessionSharing *share = sharing();
    if (!share) {
        then(unshared);
        return;
    }
    share->lock->acquire([this, expected, then, unshared](bool locked) {
        if (expected != generation)
            return;
        if (!locked)
            qCWarning(lcShare) << profile.id() << "could not take the refresh lock";
        if (!tokenStore()->isPersistent()) {
            // The store given was destroyed while the lock was on its way: this session lives
            // in memory now and shares no more (the lock goes with the sharing).
            then(unshared);
            return;
        }
        LockedRead read;
        read.locked = locked;
        const QString key = sessionKey();
        read.answered = key.isEmpty(); // no account: nothing to read
        if (!locked || key.isEmpty()) {
            then(read);
            return;
        }
        tokenStore()->read(
                key, q,
                [this, expected, then, read](const TokenStore::Result &result, const Secret &data) {
                    if (expected == generation)
                        then(withAnswer(read, result, data,
                                        shared ? shared->notifier.get() : nullptr, user));
                });
    });
}

void SessionPrivate::lockForRefresh(quint64 expected, std::function<void()> proceed)
{
    if (!sharing()) {
        proceed();
        return;
    }
    // Under the lock, the store is the truth: another process may have renewed the session
    // while this one waited, and its refresh token is the only valid one now.
    readUnderLock(expected, [this, expected, proceed](const LockedRead &read) {
        using Action = RefreshDecision::Action;
        switch (RefreshDecision::decide(read, tokens, persistent)) {
        case Action::Proceed:
            proceed();
            return;
        case Action::Adopt:
            qCInfo(lcShare) << profile.id()
                            << "another process renewed the session; using its tokens";
            adoptStoredElsewhere(*read.stored);
            return;
        case Action::Ended:
            endedWhileWaiting(expected);
            return;
        case Action::SaveFirst:
            saveHeldThen(expected, proceed);
            return;
        case Action::HoldBack:
            holdBack(read);
            return;
        }
    });
}

// This process holds newer tokens than the store (its last write failed): it stores them
// before it refreshes, so that the others can have them even if the refresh fails.
void SessionPrivate::saveHeldThen(quint64 expected, std::function<void()> proceed)
{
    qCInfo(lcShare) << profile.id()
                    << "the stored session is older than this process's; storing this one first";
    tokenStore()->write(sessionKey(), serializeStoredSession(tokens), q,
                        [this, expected, proceed](const TokenStore::Result &result) {
                            if (expected != generation)
                                return;
                            if (result.isOk()) {
                                setPersistent(true);
                                announce(ChangeNotifier::Change::Renewed);
                            } else {
                                qCWarning(lcShare)
                                        << profile.id()
                                        << "still cannot store it:" << result.errorString;
                            }
                            proceed();
                        });
}

// Refreshing now could send a refresh token that another process has already used, and the
// server would revoke the whole session: wait and try again (with backoff), keeping the session.
void SessionPrivate::holdBack(const LockedRead &read)
{
    QString text;
    if (!read.locked) {
        text = Session::tr("Could not take the lock that programs sharing this session renew it "
                           "under; trying again later");
    } else if (!read.answered) {
        text = Session::tr("Could not read the session shared with other programs from %1 (%2); "
                           "trying again later")
                       .arg(tokenStore()->description(), read.problem);
    } else {
        text = Session::tr("Another program renewed the session but could not save it; waiting "
                           "for it to try again");
    }
    qCWarning(lcShare).noquote() << profile.id() << ": not refreshing:" << text;
    retryLater(Error::StorageError, text);
}

// A new sign-in starts a new line of tokens. Its generation is the time in milliseconds, so
// that it outranks every session signed in before it (whose generations grew by one per
// refresh), in every process: only a wall clock set back by more than the time between the two
// sign-ins could make a new sign-in look older than the one it replaces.
quint64 SessionPrivate::signInGeneration() const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return std::max(tokens.generation, quint64(std::max<qint64>(now, 0)));
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
        share->notifier->announce(change, user, tokens.generation);
}

void SessionPrivate::onChangedElsewhere(ChangeNotifier::Change change, const QString &account)
{
    if (change == ChangeNotifier::Change::Unsaved)
        return; // nothing new in the store; looked at under the lock before the next refresh
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
                if (!stored || !RefreshDecision::supersedes(*stored, tokens))
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
