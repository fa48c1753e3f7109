// SPDX-License-Identifier: BSD-3-Clause
// tessera-bench-response-memory: the process's peak resident memory (VmHWM) during a sign-in
// against the dev server whose answer is a chunked body of 100 MB, 500 MB and 2 GB (the
// profile's max_response_bytes is the default 1 MiB), next to a sign-in with a normal answer
// in the same process, which is the baseline; each figure with its ratio to the baseline.
// The peak is reset before each sign-in (Linux's /proc/self/clear_refs).
#include "devserverprocess.h"
#include "peakmemory.h"

#include <Tessera/memorytokenstore.h>
#include <Tessera/session.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

constexpr double MB = 1000.0 * 1000.0;

// The peak resident memory during one password sign-in; -1 if the peak cannot be measured.
qint64 signInPeak(DevServerProcess &server, const Profile &profile)
{
    QNetworkAccessManager manager;
    MemoryTokenStore store;
    Session session(profile);
    session.setNetworkAccessManager(&manager);
    session.setTokenStore(&store);
    bool done = false;
    QObject::connect(&session, &Session::signedIn, [&] { done = true; });
    QObject::connect(&session, &Session::errorOccurred, [&] { done = true; });
    PeakMemory memory;
    if (!memory.start())
        return -1;
    session.signIn(Accounts::alice, Secret(Accounts::alicePassword));
    const QDeadlineTimer deadline(120000);
    while (!done && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const qint64 peak = PeakMemory::peak();
    if (session.state() == Session::State::Active)
        session.signOut();
    server.clearFaults();
    return done ? peak : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    DevServerProcess server;
    if (!server.start())
        return 1;
    const Profile profile = server.profile(Profile::Dialect::Json);
    // Warm-up: Qt's network objects and the first connection, so that the baseline does not
    // count them.
    signInPeak(server, profile);
    const qint64 baseline = signInPeak(server, profile);
    if (baseline <= 0) {
        std::fprintf(stderr, "cannot measure peak memory (needs Linux /proc/self/clear_refs)\n");
        return 1;
    }
    std::printf("peak resident memory of a sign-in (max_response_bytes %.1f MB)\n",
                double(profile.maxResponseBytes()) / MB);
    std::printf("%-34s %10.1f MB   ratio 1.00 (baseline)\n", "normal answer", baseline / MB);
    for (const qint64 size : {qint64(100'000'000), qint64(500'000'000), qint64(2'000'000'000)}) {
        server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/login")},
                         {QStringLiteral("body"), QStringLiteral("stream")},
                         {QStringLiteral("stream_bytes"), double(size)}});
        const qint64 peak = signInPeak(server, profile);
        const QString label = QStringLiteral("chunked answer of %1 MB").arg(size / 1'000'000);
        std::printf("%-34s %10.1f MB   ratio %.2f\n", qPrintable(label), peak / MB,
                    double(peak) / double(baseline));
    }
    return 0;
}
