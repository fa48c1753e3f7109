// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/session.h>

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Tessera::Cli {

/*! \brief The state as scripts see it: "active", "reauthentication_required", … */
QString stateName(Session::State state);
/*! \brief "0:42", "4:32", "1:02:03", "3d 04:05:06"; negative durations read "expired". */
QString formatDuration(qint64 seconds);
// A date and time in the user's locale and time zone, with the seconds (the text output; the
// JSON keeps ISO 8601 in UTC).
QString localDateTime(const QDateTime &at);

/*! \brief `tessera status`: several lines for people. */
/*! \brief The signed-in user as people read it: the server's name for them, with the login
 *  name after it when that differs ("Alice Liddell (alice)"). */
QString whoIs(const Session &session);

QString statusText(const Session &session, const QDateTime &now);
/*! \brief `tessera status --json`: one JSON object, no secrets. */
QByteArray statusJson(const Session &session, const QDateTime &now);
/*! \brief `tessera status --watch`: one line a second. */
QString statusLine(const Session &session, const QDateTime &now);

} // namespace Tessera::Cli
