// SPDX-License-Identifier: BSD-3-Clause
#include "throughput.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QtGlobal>

namespace Tessera::Bench {

double timeRequests(QNetworkAccessManager &manager, const QUrl &url, int total, int inFlight,
                    const Prepare &prepare)
{
    QEventLoop loop;
    int started = 0;
    int finished = 0;
    bool failed = false;
    std::function<void()> startOne = [&] {
        QNetworkRequest request(url);
        if (prepare)
            prepare(request);
        QNetworkReply *reply = manager.get(request);
        ++started;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
            failed = failed || reply->error() != QNetworkReply::NoError;
            reply->readAll();
            reply->deleteLater();
            if (++finished == total)
                loop.quit();
            else if (started < total)
                startOne();
        });
    };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < std::min(inFlight, total); ++i)
        startOne();
    loop.exec();
    const double elapsed = double(timer.nsecsElapsed()) / 1e6;
    return failed ? -1 : elapsed;
}

[[gnu::noinline]] double measuredRequests(QNetworkAccessManager &manager, const QUrl &url,
                                          int total, int inFlight, const Prepare &prepare)
{
    return timeRequests(manager, url, total, inFlight, prepare);
}

double timeBurst(QNetworkAccessManager &manager, const QUrl &url, int total)
{
    return timeRequests(manager, url, total, total);
}

} // namespace Tessera::Bench
