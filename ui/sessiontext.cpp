// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/sessiontext.h>

#include <QCoreApplication>

namespace Tessera::SessionText {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Tessera::SessionText", text);
}
} // namespace

QString countdown(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    constexpr qint64 day = 24 * 3600;
    if (seconds >= 2 * day)
        return QCoreApplication::translate("Tessera::SessionText", "%n days", nullptr,
                                           int(seconds / day));
    const qint64 hours = seconds / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    const qint64 secs = seconds % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
                .arg(hours)
                .arg(minutes, 2, 10, QLatin1Char('0'))
                .arg(secs, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

QString stateText(Session::State state)
{
    switch (state) {
    case Session::State::SignedOut:
        return tr("Signed out");
    case Session::State::Restoring:
        return tr("Starting…");
    case Session::State::SigningIn:
        return tr("Signing in…");
    case Session::State::Active:
        return tr("Signed in");
    case Session::State::Refreshing:
        return tr("Refreshing…");
    case Session::State::RefreshRetrying:
        return tr("Signed in — renewal failed, retrying");
    case Session::State::WaitingForNetwork:
        return tr("Offline — waiting for the network");
    case Session::State::ReauthenticationRequired:
        return tr("Sign-in needed");
    case Session::State::SigningOut:
        return tr("Signing out…");
    }
    return QString();
}

QString errorText(Session::Error error)
{
    switch (error) {
    case Session::Error::NoError:
        return QString();
    case Session::Error::NetworkError:
        return tr("Server unreachable — check your connection");
    case Session::Error::Timeout:
        return tr("The server did not answer in time — try again");
    case Session::Error::ServerError:
        return tr("The server has a problem right now — try again later");
    case Session::Error::RateLimited:
        return tr("Too many attempts — try again in a moment");
    case Session::Error::Forbidden:
        return tr("This account is not allowed to sign in here");
    case Session::Error::InvalidCredentials:
        return tr("Wrong user name or password");
    case Session::Error::SessionExpired:
        return tr("The session has ended — sign in again");
    case Session::Error::BadResponse:
        return tr("The server answered with something unexpected");
    case Session::Error::StorageError:
        return tr("The keychain could not be used — the session lasts only while Tessera runs");
    case Session::Error::NotSignedIn:
        return tr("Not signed in");
    case Session::Error::Cancelled:
        return tr("Cancelled");
    }
    return QString();
}

QString expiry(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return tr("unknown");
    const qint64 left = now.secsTo(at);
    if (left <= 0)
        return tr("expired");
    return tr("in %1").arg(countdown(left));
}

QString summary(const Session &session, const QDateTime &now)
{
    const QString service = session.profile().name();
    const QString who =
            session.user().isEmpty() ? service : tr("%1 @ %2").arg(session.user(), service);
    switch (session.state()) {
    case Session::State::SignedOut:
        return tr("%1 — signed out").arg(service);
    case Session::State::ReauthenticationRequired:
        return tr("%1 — sign in again").arg(who);
    case Session::State::WaitingForNetwork:
        return tr("%1 — offline, retrying").arg(who);
    case Session::State::Active:
    case Session::State::Refreshing:
    case Session::State::RefreshRetrying:
        if (session.accessExpiresAt().isValid()) {
            const qint64 left = now.secsTo(session.accessExpiresAt());
            return left > 0 ? tr("%1 — expires in %2").arg(who, countdown(left))
                            : tr("%1 — expired, renewing").arg(who);
        }
        return tr("%1 — signed in").arg(who);
    default:
        return tr("%1 — %2").arg(who, stateText(session.state()));
    }
}

} // namespace Tessera::SessionText
