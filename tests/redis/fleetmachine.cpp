// SPDX-License-Identifier: BSD-3-Clause
// tessera-fleet-machine: one machine of a fleet, for the fleet tests and bench/fleet. It holds a
// Tessera::Session on a profile whose sessions are kept in Redis (the profile's "store"), with
// nothing set by hand: the session makes the profile's RedisTokenStore and its
// RedisRefreshCoordinator, as any app would. The test gives each machine a home, runtime and data
// directory of its own and no D-Bus session, so nothing but Redis can connect two machines.
//
// Commands (stdin, one a line):  signin <user> <password> | signout | refresh | status | quit
// Reports (stdout, one a line, flushed; <t> is CLOCK_MONOTONIC in µs, which every process on the
// computer shares, so that the tests and the benchmark can compare machines' times):
//   ready <State> token <fp> user <name>           the restore is done (its first state after it)
//   state <State> token <fp> user <name> at <t>    every state change
//   token <fp> at <t>                              the access token held changed
//   refreshed <fp> at <t>                          new tokens, from the server, by this machine
//   adopted <fp> at <t>                            new tokens, from Redis, renewed by another one
//   signedin <name> at <t> | signedout at <t>
//   error <Error> <text>                           errorOccurred(); the text never holds a token
//   status <State> token <fp> user <name> error <Error> persistent <0|1>
// <fp> is the first 8 bytes of the SHA-256 of the access token, in hex ("-": none), so that a
// test can tell whether machines hold the same token without any of them printing it.
#include "stdinlines.h"

#include <Tessera/session.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <chrono>
#include <cstdio>

using namespace Tessera;

namespace {

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QByteArray now()
{
    const auto since = std::chrono::steady_clock::now().time_since_epoch();
    return "at "
           + QByteArray::number(
                   qint64(std::chrono::duration_cast<std::chrono::microseconds>(since).count()));
}

template<typename Enum>
QByteArray key(Enum value)
{
    return QMetaEnum::fromType<Enum>().valueToKey(int(value));
}

/*!
 * \brief The session's network access manager, which notes whether the server answered a
 * refresh of this machine's (a request made while the session is Refreshing that got a 2xx):
 * then the next new tokens are this machine's own refresh, else another machine's, adopted.
 */
class RefreshWatcher : public QNetworkAccessManager
{
public:
    const Session *session = nullptr;
    bool answered = false;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
        if (session && session->state() == Session::State::Refreshing) {
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                const int status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                answered = answered || (status >= 200 && status < 300);
            });
        }
        return reply;
    }
};

class Machine : public QObject
{
public:
    explicit Machine(const Profile &profile);
    void handle(const QByteArray &line);

private:
    QByteArray fingerprint() const;
    QByteArray summary() const;
    void onStateChanged(Session::State state);
    void noteToken();

    RefreshWatcher m_manager;
    Session m_session;
    QByteArray m_token = "-";
    bool m_ready = false;
};

Machine::Machine(const Profile &profile)
    : m_session(profile)
{
    m_manager.session = &m_session;
    m_session.setNetworkAccessManager(&m_manager);
    connect(&m_session, &Session::stateChanged, this, &Machine::onStateChanged);
    connect(&m_session, &Session::refreshed, this, [this] {
        noteToken();
        say((std::exchange(m_manager.answered, false) ? "refreshed " : "adopted ") + m_token + ' '
            + now());
    });
    connect(&m_session, &Session::signedIn, this, [this] {
        noteToken();
        say("signedin " + m_session.user().toUtf8() + ' ' + now());
    });
    connect(&m_session, &Session::signedOut, this, [this] {
        noteToken();
        say("signedout " + now());
    });
    connect(&m_session, &Session::errorOccurred, this,
            [](Session::Error error, const QString &text) {
                say("error " + key(error) + ' ' + text.toUtf8().replace('\n', ' '));
            });
    m_session.restore();
}

QByteArray Machine::fingerprint() const
{
    const Secret token = m_session.exportAccessToken();
    if (token.isEmpty())
        return "-";
    return QCryptographicHash::hash(token.reveal(), QCryptographicHash::Sha256).toHex().left(16);
}

QByteArray Machine::summary() const
{
    return key(m_session.state()) + " token " + m_token + " user "
           + (m_session.user().isEmpty() ? QByteArray("-") : m_session.user().toUtf8());
}

void Machine::noteToken()
{
    const QByteArray token = fingerprint();
    if (token == m_token)
        return;
    m_token = token;
    say("token " + m_token + ' ' + now());
}

void Machine::onStateChanged(Session::State state)
{
    noteToken();
    say("state " + summary() + ' ' + now());
    if (!m_ready && state != Session::State::Restoring) {
        m_ready = true;
        say("ready " + summary());
    }
}

void Machine::handle(const QByteArray &line)
{
    const QList<QByteArray> words = line.split(' ');
    const QByteArray &command = words.front();
    if (command == "signin" && words.size() == 3) {
        m_session.signIn(QString::fromUtf8(words.at(1)), Secret(words.at(2)));
    } else if (command == "signout") {
        m_session.signOut();
    } else if (command == "refresh") {
        m_session.refresh();
    } else if (command == "status") {
        noteToken();
        say("status " + summary() + " error " + key(m_session.error()) + " persistent "
            + (m_session.isPersistent() ? '1' : '0'));
    } else if (command == "quit") {
        QCoreApplication::quit();
    } else {
        std::fprintf(stderr, "tessera-fleet-machine: unknown command %s\n",
                     command.left(20).constData());
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: tessera-fleet-machine PROFILE\n");
        return 2;
    }
    const ProfileLoadResult loaded = Profile::load(QString::fromLocal8Bit(argv[1]));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorString()));
        return 7;
    }
    Machine machine(loaded.profile());
    const Tessera::Test::StdinLines commands([&machine](const QByteArray &line) {
        if (!line.isEmpty())
            machine.handle(line);
    });
    return app.exec();
}
