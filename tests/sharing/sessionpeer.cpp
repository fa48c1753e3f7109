// SPDX-License-Identifier: BSD-3-Clause
// tessera-session-peer: one process holding a Session on the real keychain, driven line by line
// from stdin by the sharing tests, reporting on stdout. It stands for "another app" (or the
// tray, or the CLI) using the same profile.
//
// Commands:  signin <user>   (the password follows on the next line)
//            refresh | signout | report | quit
//            requests <url> <count> <interval ms>   GETs, one after the other, through
//                                                   Tessera::NetworkAccessManager
//            fail-next-read | fail-next-write | hold-next-write | hold-write <n>
//                                               (faults of the keychain store: the n-th write from
//                                                now is held, the ones before it go through)
// Reports:   state <State> token <fingerprint or -> user <name or ->   (at every state change
//                                                             and after every refresh)
//            event signedIn|refreshed|signedOut|writeHeld
//            error <Error>
//            reply <HTTP status> <QNetworkReply::NetworkError>   (a request that failed)
//            requests <succeeded> <failed>                       (all of them are done)
// The fingerprint is a short hash of the access token, so that the test can tell whether two
// processes hold the same token without any process printing it.
#include "faultystore.h"
#include "stdinlines.h"

#include <Tessera/networkaccessmanager.h>
#include <Tessera/session.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMetaEnum>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

template<typename Enum>
QByteArray key(Enum value)
{
    return QMetaEnum::fromType<Enum>().valueToKey(int(value));
}

class Peer : public QObject
{
public:
    explicit Peer(const Profile &profile);
    void handle(const QString &line);

private:
    QByteArray fingerprint() const;
    void report();
    void request(const QUrl &url, int remaining, int intervalMs);

    FaultyStore m_store;
    Session m_session;
    NetworkAccessManager m_manager;
    QString m_pendingUser;
    int m_succeeded = 0;
    int m_failed = 0;
};

Peer::Peer(const Profile &profile)
    : m_session(profile)
    , m_manager(&m_session)
{
    m_session.setTokenStore(&m_store);
    connect(&m_session, &Session::stateChanged, this, &Peer::report);
    connect(&m_session, &Session::signedIn, this, [] { say("event signedIn"); });
    connect(&m_session, &Session::refreshed, this, [this] {
        say("event refreshed");
        report(); // the token changed, and the state may not have (adopted while Active)
    });
    connect(&m_session, &Session::signedOut, this, [] { say("event signedOut"); });
    connect(&m_session, &Session::errorOccurred, this,
            [](Session::Error error) { say("error " + key(error)); });
    connect(&m_store, &FaultyStore::writeHeld, this, [] { say("event writeHeld"); });
    m_session.restore();
}

QByteArray Peer::fingerprint() const
{
    const Secret token = m_session.exportAccessToken();
    if (token.isEmpty())
        return "-";
    return QCryptographicHash::hash(token.reveal(), QCryptographicHash::Sha256).toHex().left(12);
}

void Peer::report()
{
    say("state " + key(m_session.state()) + " token " + fingerprint() + " user "
        + (m_session.user().isEmpty() ? QByteArray("-") : m_session.user().toUtf8()));
}

void Peer::handle(const QString &line)
{
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString command = words.value(0);
    if (!m_pendingUser.isEmpty()) {
        m_session.signIn(m_pendingUser, Secret(line.toUtf8()));
        m_pendingUser.clear();
    } else if (command == QLatin1String("signin")) {
        m_pendingUser = words.value(1);
    } else if (command == QLatin1String("refresh")) {
        m_session.refresh();
    } else if (command == QLatin1String("signout")) {
        m_session.signOut();
    } else if (command == QLatin1String("report")) {
        report();
    } else if (command == QLatin1String("requests") && words.size() == 4) {
        m_succeeded = m_failed = 0;
        request(QUrl(words.at(1)), words.at(2).toInt(), words.at(3).toInt());
    } else if (command == QLatin1String("fail-next-read")) {
        m_store.setFault(FaultyStore::Fault::FailNextRead);
    } else if (command == QLatin1String("fail-next-write")) {
        m_store.setFault(FaultyStore::Fault::FailNextWrite);
    } else if (command == QLatin1String("hold-next-write")) {
        m_store.setFault(FaultyStore::Fault::HoldNextWrite);
    } else if (command == QLatin1String("hold-write") && words.size() == 2) {
        m_store.holdWrite(words.at(1).toInt());
    } else if (command == QLatin1String("quit")) {
        QCoreApplication::quit();
    }
}

void Peer::request(const QUrl &url, int remaining, int intervalMs)
{
    if (remaining <= 0) {
        say("requests " + QByteArray::number(m_succeeded) + ' ' + QByteArray::number(m_failed));
        return;
    }
    QNetworkReply *reply = m_manager.get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, remaining, intervalMs] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            ++m_succeeded;
        } else {
            ++m_failed;
            say("reply " + QByteArray::number(status) + ' ' + key(reply->error()));
        }
        QTimer::singleShot(intervalMs, this, [this, url, remaining, intervalMs] {
            request(url, remaining - 1, intervalMs);
        });
    });
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
    Peer peer(loaded.profile());
    const Tessera::Test::StdinLines commands(
            [&peer](const QByteArray &line) { peer.handle(QString::fromUtf8(line)); });
    return app.exec();
}
