// SPDX-License-Identifier: BSD-3-Clause
#include "accountpointer_p.h"

#include "liveprocess_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tessera {

namespace {
const QLatin1String CurrentField("current");
const QLatin1String LeftoversField("leftovers");
const QLatin1String PidField("pid");
} // namespace

void AccountPointer::addLeftover(const QString &account)
{
    writer = QCoreApplication::applicationPid();
    keepLeftover(account);
}

void AccountPointer::keepLeftover(const QString &account)
{
    if (!account.isEmpty() && account != current && !leftovers.contains(account))
        leftovers.append(account);
}

bool AccountPointer::leftoversInProgressElsewhere() const
{
    return !leftovers.isEmpty() && writer != QCoreApplication::applicationPid()
           && isProcessRunning(writer);
}

AccountPointer parseAccountPointer(const Secret &data)
{
    AccountPointer pointer;
    const QByteArray &bytes = data.reveal();
    if (!bytes.startsWith('{')) {
        pointer.current = QString::fromUtf8(bytes);
        return pointer;
    }
    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    if (!object.value(CurrentField).isString()) {
        pointer.current = QString::fromUtf8(bytes); // a user name that starts with a brace
        return pointer;
    }
    pointer.current = object.value(CurrentField).toString();
    for (const QJsonValue &leftover : object.value(LeftoversField).toArray())
        pointer.keepLeftover(leftover.toString());
    pointer.writer = qint64(object.value(PidField).toDouble());
    return pointer;
}

Secret serializeAccountPointer(const AccountPointer &pointer)
{
    if (pointer.leftovers.isEmpty())
        return Secret(pointer.current.toUtf8());
    const QJsonObject object {{CurrentField, pointer.current},
                              {LeftoversField, QJsonArray::fromStringList(pointer.leftovers)},
                              {PidField, double(pointer.writer)}};
    return Secret(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace Tessera
