// SPDX-License-Identifier: BSD-3-Clause
#include "keychaintesting.h"

#include <QProcess>
#include <QTest>

namespace Tessera::Test {

void start(TokenStore &store, const QString &op, const QString &key, QObject *context,
           std::function<void(const Outcome &)> done, const QByteArray &data)
{
    if (op == QLatin1String("read")) {
        store.read(key, context, [done](const TokenStore::Result &r, const Secret &secret) {
            done({r, secret.reveal()});
        });
    } else if (op == QLatin1String("write")) {
        store.write(key, Secret(data), context, [done](const TokenStore::Result &r) {
            done({r, {}});
        });
    } else {
        store.remove(key, context, [done](const TokenStore::Result &r) { done({r, {}}); });
    }
}

std::optional<Outcome> run(TokenStore &store, const QString &op, const QString &key,
                           const QByteArray &data)
{
    std::optional<Outcome> outcome;
    start(
            store, op, key, &store, [&outcome](const Outcome &o) { outcome = o; }, data);
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, WaitMs))
        return std::nullopt;
    return outcome;
}

SearchResult secretToolSearch(const QString &service, const QString &key)
{
    QStringList args {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                      service};
    if (!key.isEmpty())
        args << QStringLiteral("user") << key;
    QProcess process;
    process.start(QStringLiteral("secret-tool"), args);
    SearchResult result;
    if (!process.waitForFinished(WaitMs) || process.exitStatus() != QProcess::NormalExit) {
        result.error = QStringLiteral("secret-tool did not run: ") + process.errorString();
        return result;
    }
    // secret-tool prints the items on stdout and their attributes on stderr.
    const QList<QByteArray> out = process.readAllStandardOutput().split('\n');
    for (const QByteArray &line : out) {
        if (line.startsWith("[/"))
            ++result.items;
        else if (line.startsWith("secret = "))
            result.secrets << line.mid(9);
    }
    const QList<QByteArray> err = process.readAllStandardError().split('\n');
    for (const QByteArray &line : err) {
        if (line.startsWith("attribute."))
            result.attributes << QString::fromUtf8(line);
    }
    return result;
}

} // namespace Tessera::Test
