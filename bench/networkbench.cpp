// SPDX-License-Identifier: BSD-3-Clause
// tessera-bench-network: what Tessera's NetworkAccessManager costs next to a plain
// QNetworkAccessManager, on loopback against the bundled dev server, in one run:
//   1. throughput: GET requests per second, same server, same number in flight, keep-alive,
//      both sides warmed up, rounds interleaved, and the median of the per-round ratios
//      Tessera / plain (target >= 0.98); `--only plain|tessera` runs one side alone, for
//      bench/callgrind-network.sh's instruction counts (a deterministic ratio);
//   2. a burst of 1,000 concurrent requests with a valid token, and the same with an expired
//      one (which costs one refresh), and the refreshes the server saw;
//   3. several processes (tessera-session-peer) asked to refresh together: the refreshes and
//      reuse detections the server saw (needs a Secret Service: run under with-keyring.sh).
#include "devserverprocess.h"
#include "peerprocess.h"
#include "throughput.h"

#include <Tessera/manualclock.h>
#include <Tessera/memorytokenstore.h>
#include <Tessera/networkaccessmanager.h>
#include <Tessera/session.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

void throughput(Session &session, const QUrl &url, int requests, int inFlight, int rounds)
{
    QNetworkAccessManager plain;
    NetworkAccessManager tessera(&session);
    const auto bearer = [&session](QNetworkRequest &request) {
        session.authorize(request);
    };
    // Warm-up, both sides: connections open, code paged in, allocator caches filled.
    for (int i = 0; i < 2; ++i) {
        Bench::timeRequests(plain, url, 1000, inFlight, bearer);
        Bench::timeRequests(tessera, url, 1000, inFlight);
    }

    std::vector<double> plainRates;
    std::vector<double> tesseraRates;
    std::vector<double> ratios;
    for (int round = 0; round < rounds; ++round) {
        // Alternate which goes first, so neither always gets the warmer machine.
        double rate[2] = {0, 0};
        for (int turn = 0; turn < 2; ++turn) {
            const bool plainTurn = (round + turn) % 2 == 0;
            const double ms = plainTurn
                                      ? Bench::timeRequests(plain, url, requests, inFlight, bearer)
                                      : Bench::timeRequests(tessera, url, requests, inFlight);
            if (ms < 0) {
                std::printf("a request failed; figures would be meaningless\n");
                return;
            }
            rate[plainTurn ? 0 : 1] = requests / ms * 1000.0;
        }
        plainRates.push_back(rate[0]);
        tesseraRates.push_back(rate[1]);
        ratios.push_back(rate[1] / rate[0]); // the two sides of one round saw the same machine
    }
    std::printf("\n1. Throughput: %d GETs of /api/me per round, %d in flight, %d rounds "
                "(median)\n",
                requests, inFlight, rounds);
    std::printf("   %-34s %10.0f requests/s\n", "plain QNetworkAccessManager", median(plainRates));
    std::printf("   %-34s %10.0f requests/s\n", "Tessera::NetworkAccessManager",
                median(tesseraRates));
    std::sort(ratios.begin(), ratios.end());
    std::printf("   %-34s %10.3f   (target >= 0.98; rounds from %.3f to %.3f)\n",
                "ratio Tessera / plain, per round", median(ratios), ratios.front(), ratios.back());
}

// For instruction counts (bench/callgrind-network.sh): one side only, nothing else.
void oneSide(Session &session, const QUrl &url, const QString &side, int requests, int inFlight)
{
    QNetworkAccessManager plain;
    NetworkAccessManager tessera(&session);
    const bool isPlain = side == QLatin1String("plain");
    QNetworkAccessManager &manager =
            isPlain ? plain : static_cast<QNetworkAccessManager &>(tessera);
    const auto bearer = [&session](QNetworkRequest &request) {
        session.authorize(request);
    };
    Bench::timeRequests(manager, url, 200, inFlight, isPlain ? bearer : Bench::Prepare());
    const double ms = Bench::measuredRequests(manager, url, requests, inFlight,
                                              isPlain ? bearer : Bench::Prepare());
    std::printf("%s: %d requests in %.0f ms\n", qPrintable(side), requests, ms);
}

void bursts(DevServerProcess &server, Session &session, ManualClock &clock, const QUrl &url)
{
    NetworkAccessManager tessera(&session);
    constexpr int burst = 1000;
    server.resetStats();
    const double valid = Bench::timeBurst(tessera, url, burst);
    const int refreshesValid = server.stats().value(QStringLiteral("refreshes")).toInt();
    server.resetStats();
    // The session's clock passes the expiry; the burst goes out before its alarm fires.
    clock.advance(std::chrono::milliseconds(clock.now().msecsTo(session.accessExpiresAt()))
                  + std::chrono::seconds(1));
    const double expired = Bench::timeBurst(tessera, url, burst);
    const QJsonObject stats = server.stats();
    std::printf("\n2. Burst of %d concurrent requests\n", burst);
    std::printf("   %-34s %10.1f ms   refreshes at the server: %d\n", "valid access token", valid,
                refreshesValid);
    std::printf("   %-34s %10.1f ms   refreshes at the server: %d, 401s: %d\n",
                "expired access token", expired, stats.value(QStringLiteral("refreshes")).toInt(),
                stats.value(QStringLiteral("api_unauthorized")).toInt());
    std::printf("   %-34s %10.3f\n", "ratio expired / valid", expired / valid);
}

void processes(DevServerProcess &server, int count)
{
    std::printf("\n3. %d processes refreshing the same session at the same moment\n", count);
    if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")) {
        std::printf("   skipped: no D-Bus session (run under scripts/with-keyring.sh)\n");
        return;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.json"));
    QFile file(path);
    const QJsonObject profile = server.profileJson(
            Profile::Dialect::Json, Profile::LoginKind::Password,
            {{QStringLiteral("id"),
              QStringLiteral("bench-%1").arg(QCoreApplication::applicationPid())}});
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(profile).toJson()) < 0) {
        std::printf("   skipped: cannot write %s\n", qPrintable(path));
        return;
    }
    file.close();
    std::vector<std::unique_ptr<PeerProcess>> peers;
    for (int i = 0; i < count; ++i) {
        peers.push_back(std::make_unique<PeerProcess>(path));
        peers.back()->start();
    }
    const auto all = [&](const QByteArray &state) {
        return std::all_of(peers.begin(), peers.end(), [&](const auto &peer) {
            return peer->state() == state && peer->token() == peers.front()->token();
        });
    };
    waitFor([&] { return all("SignedOut"); }, 20000);
    peers.front()->signIn(Accounts::alice, Accounts::alicePassword);
    if (!waitFor([&] { return all("Active"); }, 20000)) {
        std::printf("   the processes did not all sign in; skipped\n");
        return;
    }
    server.resetStats();
    // The first refresh to reach the server is held there a moment, so that every process has
    // started its own before any can hear of the rotation (one that adopted the new tokens
    // before reading its command would rightly refresh again, and the count would say 2).
    server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                     {QStringLiteral("count"), 1},
                     {QStringLiteral("delay_ms"), 2000}});
    for (const auto &peer : peers)
        peer->send("refresh");
    const bool settled = waitFor(
            [&] {
                return std::all_of(peers.begin(), peers.end(),
                                   [](const auto &p) { return p->events("refreshed") >= 1; })
                       && all("Active");
            },
            30000);
    const QJsonObject stats = server.stats();
    std::printf("   %-34s %10d\n", "refreshes at the server",
                stats.value(QStringLiteral("refreshes")).toInt());
    std::printf("   %-34s %10d\n", "reuse detections",
                stats.value(QStringLiteral("reuse_detections")).toInt());
    std::printf("   %-34s %10s\n", "all processes hold the same token", settled ? "yes" : "NO");
    peers.front()->send("signout");
    waitFor([&] { return all("SignedOut"); }, 10000);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tessera's network access manager against "
                                                    "a plain one, on loopback"));
    parser.addHelpOption();
    const QCommandLineOption requests(QStringLiteral("requests"),
                                      QStringLiteral("Requests per round (3000)."),
                                      QStringLiteral("n"), QStringLiteral("3000"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds (15)."),
                                    QStringLiteral("n"), QStringLiteral("15"));
    const QCommandLineOption inFlight(QStringLiteral("in-flight"),
                                      QStringLiteral("Requests in flight (6)."),
                                      QStringLiteral("n"), QStringLiteral("6"));
    const QCommandLineOption only(QStringLiteral("only"),
                                  QStringLiteral("Only send the requests through one side "
                                                 "(plain or tessera), for callgrind."),
                                  QStringLiteral("side"));
    const QCommandLineOption peers(QStringLiteral("processes"),
                                   QStringLiteral("Processes for the shared refresh (8)."),
                                   QStringLiteral("n"), QStringLiteral("8"));
    // (0 skips the multi-process part)
    parser.addOptions({requests, rounds, inFlight, only, peers});
    parser.process(app);

    DevServerProcess server({QStringLiteral("--access-lifetime"), QStringLiteral("600")});
    if (!server.start())
        return 1;
    ManualClock clock(QDateTime::currentDateTimeUtc());
    MemoryTokenStore store;
    Session session(server.profile(Profile::Dialect::Json));
    session.setClock(&clock);
    session.setTokenStore(&store);
    session.signIn(Accounts::alice, Secret(Accounts::alicePassword));
    if (!waitFor([&] { return session.state() == Session::State::Active; }, 10000)) {
        std::printf("could not sign in to the dev server\n");
        return 1;
    }
    std::printf("tessera-bench-network: loopback, dev server at %s\n",
                qPrintable(server.baseUrl().toString()));
    const QUrl url = server.url(QStringLiteral("/api/me"));
    if (parser.isSet(only)) {
        oneSide(session, url, parser.value(only), parser.value(requests).toInt(),
                parser.value(inFlight).toInt());
        return 0;
    }
    throughput(session, url, parser.value(requests).toInt(), parser.value(inFlight).toInt(),
               parser.value(rounds).toInt());
    bursts(server, session, clock, url);
    if (parser.value(peers).toInt() > 0)
        processes(server, parser.value(peers).toInt());
    return 0;
}
