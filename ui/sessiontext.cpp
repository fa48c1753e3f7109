// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/sessiontext.h>

#include <QCoreApplication>
#include <QLocale>

namespace Tessera::SessionText {

namespace {
// tr() in the context "Tessera::SessionText", where lupdate looks for these texts.
struct Words
{
    Q_DECLARE_TR_FUNCTIONS(Tessera::SessionText)
};

QString who(const Session &session)
{
    const QString service = session.profile().name();
    // The server's name for the user: people read "Alice Liddell", not "alice".
    return session.user().isEmpty() ? service
                                    : Words::tr("%1 @ %2").arg(session.displayName(), service);
}

// The locale's short time format with the seconds, which the short format leaves out.
QString timeWithSeconds(const QTime &time)
{
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1Char('s'))) {
        const qsizetype minutes = format.lastIndexOf(QLatin1String("mm"));
        if (minutes >= 0)
            format.insert(minutes + 2, QLatin1String(":ss"));
    }
    return QLocale().toString(time, format);
}

// The words for the states that read the same in a menu and in a tooltip; empty for those
// that show an expiry.
QString settledText(const Session &session)
{
    switch (session.state()) {
    case Session::State::SignedOut:
        return Words::tr("%1 — signed out").arg(session.profile().name());
    case Session::State::ReauthenticationRequired:
        return Words::tr("%1 — sign in again").arg(who(session));
    case Session::State::WaitingForNetwork:
        return Words::tr("%1 — offline, retrying").arg(who(session));
    case Session::State::Active:
    case Session::State::Refreshing:
    case Session::State::RefreshRetrying:
        return session.accessExpiresAt().isValid() ? QString()
                                                   : Words::tr("%1 — signed in").arg(who(session));
    default:
        return Words::tr("%1 — %2").arg(who(session), stateText(session.state()));
    }
}
} // namespace

QString countdown(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    constexpr qint64 day = 24 * 3600;
    if (seconds >= 2 * day)
        return Words::tr("%n days", nullptr, int(seconds / day));
    const qint64 hours = (seconds % day) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    const qint64 secs = seconds % 60;
    QString clock =
            hours > 0 || seconds >= day
                    ? QStringLiteral("%1:%2:%3")
                              .arg(hours)
                              .arg(minutes, 2, 10, QLatin1Char('0'))
                              .arg(secs, 2, 10, QLatin1Char('0'))
                    : QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
    return seconds >= day ? Words::tr("1 day %1").arg(clock) : clock;
}

QString clockTime(const QDateTime &at, const QDateTime &now)
{
    const QDateTime local = at.toLocalTime();
    const qint64 days = now.toLocalTime().date().daysTo(local.date());
    if (days == 0)
        return timeWithSeconds(local.time());
    if (days > 0 && days < 7)
        return Words::tr("%1 %2", "weekday, time")
                .arg(QLocale().dayName(local.date().dayOfWeek(), QLocale::ShortFormat),
                     QLocale().toString(local.time(), QLocale::ShortFormat));
    return QLocale().toString(local, QLocale::ShortFormat);
}

QString stateText(Session::State state)
{
    switch (state) {
    case Session::State::SignedOut:
        return Words::tr("Signed out");
    case Session::State::Restoring:
        return Words::tr("Starting…");
    case Session::State::SigningIn:
        return Words::tr("Signing in…");
    case Session::State::Active:
        return Words::tr("Signed in");
    case Session::State::Refreshing:
        return Words::tr("Refreshing…");
    case Session::State::RefreshRetrying:
        return Words::tr("Signed in — renewal failed, retrying");
    case Session::State::WaitingForNetwork:
        return Words::tr("Offline — waiting for the network");
    case Session::State::ReauthenticationRequired:
        return Words::tr("Sign-in needed");
    case Session::State::SigningOut:
        return Words::tr("Signing out…");
    }
    return QString();
}

QString stateText(Session::State state, Session::Error error, Network network)
{
    if (state != Session::State::WaitingForNetwork)
        return stateText(state);
    switch (error) {
    case Session::Error::ServerError:
    case Session::Error::RateLimited:
    case Session::Error::BadResponse:
        break; // the server answered: the network is there
    default:
        if (network != Network::Online)
            return stateText(state);
        break;
    }
    return Words::tr("Waiting for the server — retrying");
}

QString errorText(Session::Error error, Network network)
{
    if (error != Session::Error::NetworkError || network == Network::Unknown)
        return errorText(error);
    return network == Network::Offline
                   ? Words::tr("You are offline — check your network connection")
                   : Words::tr("The server is not responding — your network is fine");
}

QString errorText(Session::Error error)
{
    switch (error) {
    case Session::Error::NoError:
        return QString();
    case Session::Error::NetworkError:
        return Words::tr("Server unreachable — check your connection");
    case Session::Error::Timeout:
        return Words::tr("The server did not answer in time — try again");
    case Session::Error::ServerError:
        return Words::tr("The server has a problem right now — try again later");
    case Session::Error::RateLimited:
        return Words::tr("Too many attempts — try again in a moment");
    case Session::Error::Forbidden:
        return Words::tr("This account is not allowed to sign in here");
    case Session::Error::InvalidCredentials:
        return Words::tr("Wrong user name or password");
    case Session::Error::SessionExpired:
        return Words::tr("The session has ended — sign in again");
    case Session::Error::BadResponse:
        return Words::tr("The server answered with something unexpected");
    case Session::Error::StorageError:
        return Words::tr("The keychain could not be used — the session lasts only while "
                         "Tessera runs");
    case Session::Error::NotSignedIn:
        return Words::tr("Not signed in");
    case Session::Error::Cancelled:
        return Words::tr("Cancelled");
    }
    return QString();
}

QString expiry(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return Words::tr("unknown");
    const qint64 left = now.secsTo(at);
    if (left <= 0)
        return Words::tr("expired");
    return Words::tr("in %1").arg(countdown(left));
}

QString summary(const Session &session, const QDateTime &now)
{
    const QString settled = settledText(session);
    if (!settled.isEmpty())
        return settled;
    const qint64 left = now.secsTo(session.accessExpiresAt());
    return left > 0 ? Words::tr("%1 — expires in %2").arg(who(session), countdown(left))
                    : Words::tr("%1 — expired, renewing").arg(who(session));
}

QString toolTipLine(const Session &session, const QDateTime &now)
{
    const QString settled = settledText(session);
    if (!settled.isEmpty())
        return settled;
    return Words::tr("%1 — expires at %2")
            .arg(who(session), clockTime(session.accessExpiresAt(), now));
}

} // namespace Tessera::SessionText
