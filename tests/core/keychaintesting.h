// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What the keychain store's tests share: running one store operation and waiting for it, and
// asking secret-tool what really landed in the Secret Service.

#include <Tessera/tokenstore.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Tessera::Test {

// From tests/test-secrets.txt, so that the suite's log scan would catch a leak.
inline const QByteArray Token("tr0ub4dor-bob-5Kp");
inline const QByteArray OtherToken("correct-horse-7Qx9");
constexpr int WaitMs = 20000; // longer than the store's own 10 s bound

struct Outcome
{
    TokenStore::Result result;
    QByteArray data;
};

// Starts `op` ("read", "write" or "remove") on `key`; `done` gets the result (and read data).
void start(TokenStore &store, const QString &op, const QString &key, QObject *context,
           std::function<void(const Outcome &)> done, const QByteArray &data = Token);

// Runs one operation and waits for its handler.
std::optional<Outcome> run(TokenStore &store, const QString &op, const QString &key,
                           const QByteArray &data = Token);

inline bool succeeded(const std::optional<Outcome> &outcome)
{
    return outcome && outcome->result.isOk();
}

// What `secret-tool search --all server <service> user <key>` reports.
struct SearchResult
{
    QString error; // empty when secret-tool ran
    int items = 0;
    QStringList attributes; // "attribute.user = ..." lines
    QList<QByteArray> secrets; // as secret-tool prints them (QtKeychain stores base64)
};

SearchResult secretToolSearch(const QString &service, const QString &key = QString());

} // namespace Tessera::Test
