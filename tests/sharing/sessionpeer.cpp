// SPDX-License-Identifier: BSD-3-Clause
// tessera-session-peer: one process holding a Session on the real keychain, driven line by line
// from stdin by tst_shared_session, reporting on stdout. It stands for "another app" (or the
// tray, or the CLI) using the same profile.
//
// Commands:  signin <user>   (the password follows on the next line)
//            refresh | signout | report | quit
// Reports:   state <State> token <fingerprint or -> user <name or ->
//            event signedIn|refreshed|signedOut
//            error <Error>
// The fingerprint is a short hash of the access token, so that the test can tell whether two
// processes hold the same token without any process printing it.
#include <Tessera/session.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMetaEnum>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace Tessera;

namespace {

QByteArray fingerprint(const Session &session)
{
    const Secret token = session.exportAccessToken();
    if (token.isEmpty())
        return "-";
    return QCryptographicHash::hash(token.reveal(), QCryptographicHash::Sha256).toHex().left(12);
}

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QByteArray key(int value, const QMetaEnum &meta)
{
    return meta.valueToKey(value);
}

void report(const Session &session)
{
    say("state " + key(int(session.state()), QMetaEnum::fromType<Session::State>()) + " token "
        + fingerprint(session) + " user "
        + (session.user().isEmpty() ? QByteArray("-") : session.user().toUtf8()));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: tessera-session-peer PROFILE\n");
        return 2;
    }
    const ProfileLoadResult loaded = Profile::load(QString::fromLocal8Bit(argv[1]));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorString()));
        return 7;
    }
    Session session(loaded.profile());
    QObject::connect(&session, &Session::stateChanged, &app, [&] { report(session); });
    QObject::connect(&session, &Session::signedIn, &app, [] { say("event signedIn"); });
    QObject::connect(&session, &Session::refreshed, &app, [] { say("event refreshed"); });
    QObject::connect(&session, &Session::signedOut, &app, [] { say("event signedOut"); });
    QObject::connect(&session, &Session::errorOccurred, &app, [](Session::Error error) {
        say("error " + key(int(error), QMetaEnum::fromType<Session::Error>()));
    });

    QString pendingUser;
    const auto handle = [&](const QString &line) {
        if (!pendingUser.isEmpty()) {
            session.signIn(pendingUser, Secret(line.toUtf8()));
            pendingUser.clear();
        } else if (line.startsWith(QLatin1String("signin "))) {
            pendingUser = line.mid(7).trimmed();
        } else if (line == QLatin1String("refresh")) {
            session.refresh();
        } else if (line == QLatin1String("signout")) {
            session.signOut();
        } else if (line == QLatin1String("report")) {
            report(session);
        } else if (line == QLatin1String("quit")) {
            app.quit();
        }
    };
    QByteArray buffered;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char chunk[4096];
        const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (got <= 0) {
            input.setEnabled(false);
            app.quit();
            return;
        }
        buffered.append(chunk, got);
        qsizetype end;
        while ((end = buffered.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(buffered.left(end));
            buffered.remove(0, end + 1);
            handle(line);
        }
    });
    session.restore();
    return app.exec();
}
