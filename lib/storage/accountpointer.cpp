// SPDX-License-Identifier: BSD-3-Clause
#include "accountpointer_p.h"

#include "liveprocess_p.h"
#include "tokensyntax_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tessera {

namespace {
const QLatin1String CurrentField("current");
const QLatin1String LeftoversField("leftovers");
const QLatin1String PidField("pid");

// \a bytes as a user name; empty when no sign-in could have stored such a name (not UTF-8, a
// control character, too long: TokenSyntax::userProblem()).
QString userName(const QByteArray &bytes)
{
    const QString name = QString::fromUtf8(bytes);
    if (name.toUtf8() != bytes || !TokenSyntax::userProblem(name).isEmpty())
        return QString();
    return name;
}
} // namespace

void AccountPointer::addLeftover(const QString &account)
{
    writer = QCoreApplication::applicationPid();
    keepLeftover(account);
}

void AccountPointer::keepLeftover(const QString &account)
{
    if (!account.isEmpty() && account != current && !leftovers.contains(account)
        && userName(account.toUtf8()) == account)
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
    const QJsonObject object =
            bytes.startsWith('{') ? QJsonDocument::fromJson(bytes).object() : QJsonObject();
    if (!object.value(CurrentField).isString()) {
        // The plain user name (one may start with a brace), if these bytes can be one.
        pointer.current = userName(bytes);
        return pointer;
    }
    pointer.current = userName(object.value(CurrentField).toString().toUtf8());
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
