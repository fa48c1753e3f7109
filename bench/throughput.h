// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QNetworkAccessManager>
#include <QUrl>

#include <functional>

namespace Tessera::Bench {

/*!
 * \brief Sends \a total GET requests for \a url through \a manager, keeping \a inFlight of
 * them outstanding, and returns the wall time in milliseconds (-1 if any failed).
 * \a prepare may add headers to each request.
 */
using Prepare = std::function<void(QNetworkRequest &)>;
double timeRequests(QNetworkAccessManager &manager, const QUrl &url, int total, int inFlight,
                    const Prepare &prepare = {});

/*! \brief timeRequests(), named apart so that callgrind can count only these requests
 *  (`--toggle-collect=*measuredRequests*`). */
double measuredRequests(QNetworkAccessManager &manager, const QUrl &url, int total, int inFlight,
                        const Prepare &prepare);

/*! \brief Sends \a total requests at once and waits for all; milliseconds (-1 on a failure). */
double timeBurst(QNetworkAccessManager &manager, const QUrl &url, int total);

} // namespace Tessera::Bench
