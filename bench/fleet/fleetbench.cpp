// SPDX-License-Identifier: BSD-3-Clause
// tessera-bench-fleet: N machines (tessera-fleet-machine processes, each with a home of its own
// and no D-Bus session) sharing one session through a real redis-server, against the dev server,
// with short access tokens, over several expiries. For each N it prints:
//   - refreshes at the server per expiry (target: exactly 1) and reuse detections (target: 0);
//   - the spread from a refresh to each other machine's adoption: for every renewed token, the
//     time each machine started holding it minus the time the machine that refreshed did (all
//     times CLOCK_MONOTONIC, which the processes share), p50/p99/max (target: p99 <= 1 s);
//   - Redis commands per refresh (INFO commandstats before and after, the probes' own left out):
//     those the machines sent, and those Redis ran (their Lua scripts' calls counted), next to a
//     refresh by one machine alone, measured first in the same run: the ratio says what the other
//     machines add.
// Run it on an idle computer: the machines' timing is the computer's.
#include "fleetfixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QMap>

#include <algorithm>
#include <cstdio>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

struct Round
{
    int machines = 0;
    int expiries = 0;
    bool settled = false;
    int refreshes = 0;
    int reuses = 0;
    int refreshers = 0; //!< machines that refreshed at the server, summed over the expiries
    std::vector<qint64> spreads; //!< µs, one per machine that adopted, per expiry
    QHash<QByteArray, qint64> commands; //!< calls per command during the round
};

// Redis counts the commands a script calls as commands of their own (in commandstats and in
// total_commands_processed alike). Tessera's scripts call these, and in these rounds (no sign-out)
// nothing else does: DEL is the lock's release, never the store's remove().
bool calledByScripts(const QByteArray &command)
{
    return command == "get" || command == "hget" || command == "hset" || command == "del";
}

// The PINGs on the subscriptions come with time, not with refreshes.
bool perRefresh(const QByteArray &command)
{
    return command != "ping" && command != "total_commands_processed";
}

// The commands the machines sent for their refreshes (one round trip each).
qint64 sent(const QHash<QByteArray, qint64> &calls)
{
    qint64 sum = 0;
    for (auto it = calls.begin(); it != calls.end(); ++it)
        sum += perRefresh(it.key()) && !calledByScripts(it.key()) ? it.value() : 0;
    return sum;
}

// The commands Redis ran for them: those sent, and those their scripts called.
qint64 executed(const QHash<QByteArray, qint64> &calls)
{
    qint64 sum = 0;
    for (auto it = calls.begin(); it != calls.end(); ++it)
        sum += perRefresh(it.key()) ? it.value() : 0;
    return sum;
}

// What happened between two probes (FleetFixture::commandCalls()), without the probes' own
// commands: the first one's INFO and the second one's AUTH (in total_commands_processed both).
QHash<QByteArray, qint64> difference(const QHash<QByteArray, qint64> &after,
                                     const QHash<QByteArray, qint64> &before)
{
    QHash<QByteArray, qint64> calls;
    for (auto it = after.begin(); it != after.end(); ++it) {
        const qint64 probe = it.key() == "info" || it.key() == "auth" ? 1
                             : it.key() == "total_commands_processed" ? 2
                                                                      : 0;
        if (it.value() - before.value(it.key()) - probe > 0)
            calls.insert(it.key(), it.value() - before.value(it.key()) - probe);
    }
    return calls;
}

// Nearest rank.
double percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::max(0.0, std::ceil(p / 100.0 * double(values.size())) - 1));
    return double(values.at(std::min(rank, values.size() - 1))) / 1000.0;
}

// The spreads of one renewed token, and how many machines refreshed to get it.
void measureToken(const Machines &machines, const QByteArray &token, Round &round)
{
    qint64 first = -1;
    for (const auto &machine : machines) {
        const qint64 since = machine->heldSince(token);
        if (since >= 0 && (first < 0 || since < first))
            first = since;
        for (const auto &event : machine->events())
            round.refreshers += event.kind == "refreshed" && event.token == token ? 1 : 0;
    }
    for (const auto &machine : machines) {
        const qint64 since = machine->heldSince(token);
        if (since > first)
            round.spreads.push_back(since - first);
    }
}

Round run(FleetFixture &fixture, int count, int expiries, int lifetime)
{
    Round round;
    round.machines = count;
    round.expiries = expiries;
    fixture.reset();
    fixture.server.configure({{QStringLiteral("access_lifetime"), lifetime}});
    Machines machines = fixture.startMachines(fixture.writeProfile(), count, 120000);
    if (machines.empty())
        return round;
    machines.front()->signIn(Accounts::alice, Accounts::alicePassword);
    if (!fixture.waitForAll(machines, "Active", 60000))
        return round;
    fixture.server.resetStats();
    const QHash<QByteArray, qint64> before = fixture.commandCalls();

    QByteArrayList tokens {machines.front()->token()};
    for (int expiry = 1; expiry <= expiries; ++expiry) {
        // The last expiry's tokens live long: nothing is due once the round is measured.
        if (expiry == expiries)
            fixture.server.configure({{QStringLiteral("access_lifetime"), 300}});
        if (!fixture.waitForNewToken(machines, tokens, lifetime * 1000 + 30000))
            return round;
        tokens.append(machines.front()->token());
        measureToken(machines, tokens.back(), round);
    }
    round.commands = difference(fixture.commandCalls(), before);
    round.refreshes = fixture.stat("refreshes");
    round.reuses = fixture.stat("reuse_detections");
    round.settled = true;
    return round;
}

void print(const Round &round, double baseline)
{
    if (!round.settled) {
        std::printf("%8d   did not settle: the machines did not all reach one token\n",
                    round.machines);
        return;
    }
    const double refreshes = std::max(1, round.refreshes);
    const double perRefresh = double(sent(round.commands)) / refreshes;
    std::printf("%8d %9.2f %6d %10d %8.1f %8.1f %8.1f %9.1f %9.1f %9.2f\n", round.machines,
                double(round.refreshes) / round.expiries, round.reuses, round.refreshers,
                percentile(round.spreads, 50), percentile(round.spreads, 99),
                percentile(round.spreads, 100), perRefresh,
                double(executed(round.commands)) / refreshes,
                baseline > 0 ? perRefresh / baseline : 0.0);
}

void printCommands(const Round &round)
{
    if (!round.settled || round.refreshes == 0)
        return;
    QMap<QByteArray, qint64> sorted;
    for (auto it = round.commands.begin(); it != round.commands.end(); ++it) {
        if (it.key() != "total_commands_processed")
            sorted.insert(it.key(), it.value());
    }
    QByteArray line;
    for (auto it = sorted.begin(); it != sorted.end(); ++it)
        line += ' ' + it.key().toUpper() + ' '
                + QByteArray::number(double(it.value()) / round.refreshes, 'f', 1);
    std::printf("         N=%d, per refresh:%s\n", round.machines, line.constData());
}

QByteArray redisVersion(FleetFixture &fixture)
{
    const QByteArrayList lines =
            fixture.redisCli({QStringLiteral("INFO"), QStringLiteral("server")}).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("redis_version:"))
            return line.mid(14).trimmed();
    }
    return "?";
}

struct Settings
{
    QStringList sizes;
    int expiries = 6;
    int lifetime = 4;
};

Settings parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Machines sharing one session through Redis"));
    parser.addHelpOption();
    const QCommandLineOption machines(QStringLiteral("machines"),
                                      QStringLiteral("Fleet sizes (2,8,32)."),
                                      QStringLiteral("list"), QStringLiteral("2,8,32"));
    const QCommandLineOption expiries(QStringLiteral("expiries"),
                                      QStringLiteral("Expiries per size (6, at least 2)."),
                                      QStringLiteral("n"), QStringLiteral("6"));
    const QCommandLineOption lifetime(QStringLiteral("lifetime"),
                                      QStringLiteral("Access token lifetime in s (4)."),
                                      QStringLiteral("s"), QStringLiteral("4"));
    parser.addOptions({machines, expiries, lifetime});
    parser.process(app);
    return {parser.value(machines).split(QLatin1Char(',')),
            std::max(2, parser.value(expiries).toInt()),
            std::max(2, parser.value(lifetime).toInt())};
}

void printLegend()
{
    std::printf("\nsent/refr: commands (round trips) the machines sent per refresh; ran/refr: "
                "those and the\ncommands their Lua scripts called, as INFO commandstats counts "
                "them; vs alone: sent/refr\nover one machine's. PING (each subscription's "
                "heartbeat) comes with time, not refreshes:\nit is left out of both.\n\n"
                "Commands Redis ran per refresh, by command (GET, HGET, HSET, DEL: called by the "
                "scripts):\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Settings settings = parseArguments(app);
    FleetFixture fixture;
    if (!fixture.setUp()) {
        std::printf("could not start redis-server and the dev server\n");
        return 1;
    }
    std::printf(
            "tessera-bench-fleet: redis-server %s on loopback, access tokens of %d s (refreshed "
            "%.1f s before expiry), %d expiries per fleet\n",
            redisVersion(fixture).constData(), settings.lifetime, settings.lifetime / 5.0,
            settings.expiries);

    const Round alone = run(fixture, 1, settings.expiries, settings.lifetime);
    const double baseline =
            alone.refreshes > 0 ? double(sent(alone.commands)) / alone.refreshes : 0;
    std::printf("\n%8s %9s %6s %10s %8s %8s %8s %9s %9s %9s\n", "machines", "refr/exp", "reuse",
                "refreshers", "p50 ms", "p99 ms", "max ms", "sent/refr", "ran/refr", "vs alone");
    print(alone, baseline);
    std::vector<Round> rounds;
    for (const QString &size : settings.sizes) {
        rounds.push_back(
                run(fixture, std::max(1, size.toInt()), settings.expiries, settings.lifetime));
        print(rounds.back(), baseline);
    }
    printLegend();
    printCommands(alone);
    for (const Round &round : rounds)
        printCommands(round);
    std::printf("\ntargets: refreshes per expiry exactly 1.00, reuse 0, one refresher per expiry, "
                "p99 <= 1000 ms\n");
    return 0;
}
