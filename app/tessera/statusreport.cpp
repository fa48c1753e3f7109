// SPDX-License-Identifier: BSD-3-Clause
#include "statusreport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMetaEnum>

namespace Tessera::Cli {

namespace {

QString snakeCase(const char *camel)
{
    QString out;
    for (const char *c = camel; *c; ++c) {
        if (*c >= 'A' && *c <= 'Z') {
            if (!out.isEmpty())
                out += QLatin1Char('_');
            out += QLatin1Char(char(*c - 'A' + 'a'));
        } else {
            out += QLatin1Char(*c);
        }
    }
    return out;
}

QString when(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return QCoreApplication::translate("tessera", "unknown");
    const qint64 left = now.secsTo(at);
    const QString stamp = localDateTime(at);
    if (left < 0)
        return QCoreApplication::translate("tessera", "expired %1 ago (%2)")
                .arg(formatDuration(-left), stamp);
    return QCoreApplication::translate("tessera", "in %1 (%2)").arg(formatDuration(left), stamp);
}

QJsonValue jsonTime(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue jsonSecondsLeft(const QDateTime &at, const QDateTime &now)
{
    return at.isValid() ? QJsonValue(qMax<qint64>(0, now.secsTo(at))) : QJsonValue();
}

} // namespace

QString localDateTime(const QDateTime &at)
{
    const QLocale locale;
    const QDateTime local = at.toLocalTime();
    QString time = locale.timeFormat(QLocale::ShortFormat);
    if (!time.contains(QLatin1Char('s'))) {
        const qsizetype minutes = time.lastIndexOf(QLatin1String("mm"));
        if (minutes >= 0)
            time.insert(minutes + 2, QLatin1String(":ss"));
    }
    return locale.toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ')
           + locale.toString(local.time(), time);
}

QString stateName(Session::State state)
{
    return snakeCase(QMetaEnum::fromType<Session::State>().valueToKey(int(state)));
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return QCoreApplication::translate("tessera", "expired");
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds / 3600 % 24;
    const qint64 minutes = seconds / 60 % 60;
    const qint64 secs = seconds % 60;
    const auto two = [](qint64 n) {
        return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0'));
    };
    if (days > 0)
        return QCoreApplication::translate("tessera", "%nd %1:%2:%3", "days, then h:mm:ss",
                                           int(days))
                .arg(two(hours), two(minutes), two(secs));
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(two(minutes), two(secs));
    return QStringLiteral("%1:%2").arg(minutes).arg(two(secs));
}

QString whoIs(const Session &session)
{
    if (session.displayName() == session.user())
        return session.user();
    return QCoreApplication::translate("tessera", "%1 (%2)")
            .arg(session.displayName(), session.user());
}

QString statusText(const Session &session, const QDateTime &now)
{
    const Profile profile = session.profile();
    QString text = QCoreApplication::translate("tessera", "%1 (profile %2)\n")
                           .arg(profile.name(), profile.id());
    text += QCoreApplication::translate("tessera", "  state:    %1\n")
                    .arg(stateName(session.state()));
    text += QCoreApplication::translate("tessera", "  user:     %1\n")
                    .arg(session.user().isEmpty() ? QCoreApplication::translate("tessera", "-")
                                                  : whoIs(session));
    if (session.hasValidAccessToken() || session.accessExpiresAt().isValid()) {
        text += QCoreApplication::translate("tessera", "  access:   expires %1\n")
                        .arg(when(session.accessExpiresAt(), now));
        text += QCoreApplication::translate("tessera", "  refresh:  next %1\n")
                        .arg(session.nextRefreshAt().isValid()
                                     ? when(session.nextRefreshAt(), now)
                                     : QCoreApplication::translate("tessera", "not scheduled"));
        text += QCoreApplication::translate("tessera", "  session:  ends %1\n")
                        .arg(when(session.refreshExpiresAt(), now));
    }
    if (!session.isPersistent())
        text += QCoreApplication::translate(
                "tessera", "  storage:  in memory only (the keychain could not be used)\n");
    if (session.error() != Session::Error::NoError)
        text += QCoreApplication::translate("tessera", "  error:    %1\n")
                        .arg(session.errorString());
    return text;
}

QByteArray statusJson(const Session &session, const QDateTime &now)
{
    QJsonObject error;
    if (session.error() != Session::Error::NoError) {
        error = {
                {QStringLiteral("code"),
                 snakeCase(QMetaEnum::fromType<Session::Error>().valueToKey(int(session.error())))},
                {QStringLiteral("message"), session.errorString()}};
    }
    const QJsonObject status {
            {QStringLiteral("profile"), session.profile().id()},
            {QStringLiteral("service"), session.profile().name()},
            {QStringLiteral("state"), stateName(session.state())},
            {QStringLiteral("signed_in"), session.hasValidAccessToken()},
            {QStringLiteral("user"),
             session.user().isEmpty() ? QJsonValue() : QJsonValue(session.user())},
            {QStringLiteral("display_name"),
             session.user().isEmpty() ? QJsonValue() : QJsonValue(session.displayName())},
            {QStringLiteral("access_expires_at"), jsonTime(session.accessExpiresAt())},
            {QStringLiteral("access_expires_in"), jsonSecondsLeft(session.accessExpiresAt(), now)},
            {QStringLiteral("refresh_expires_at"), jsonTime(session.refreshExpiresAt())},
            {QStringLiteral("refresh_expires_in"),
             jsonSecondsLeft(session.refreshExpiresAt(), now)},
            {QStringLiteral("next_refresh_at"), jsonTime(session.nextRefreshAt())},
            {QStringLiteral("next_refresh_in"), jsonSecondsLeft(session.nextRefreshAt(), now)},
            {QStringLiteral("persistent"), session.isPersistent()},
            {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
    };
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}

QString statusLine(const Session &session, const QDateTime &now)
{
    QString line = QStringLiteral("%1  %2").arg(
            now.toLocalTime().toString(QStringLiteral("HH:mm:ss")), stateName(session.state()));
    if (!session.user().isEmpty())
        line += QStringLiteral("  ") + whoIs(session);
    if (session.accessExpiresAt().isValid())
        line += QCoreApplication::translate("tessera", "  access expires in %1")
                        .arg(formatDuration(now.secsTo(session.accessExpiresAt())));
    if (session.nextRefreshAt().isValid())
        line += QCoreApplication::translate("tessera", "  next refresh in %1")
                        .arg(formatDuration(qMax<qint64>(0, now.secsTo(session.nextRefreshAt()))));
    if (session.error() != Session::Error::NoError)
        line += QStringLiteral("  [") + session.errorString() + QLatin1Char(']');
    return line;
}

} // namespace Tessera::Cli
