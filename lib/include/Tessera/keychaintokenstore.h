// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tokenstore.h>

#include <chrono>
#include <memory>

namespace Tessera {

class KeychainTokenStorePrivate;

/*!
 * \brief A TokenStore in the operating system's keychain (Secret Service on Linux), through
 * QtKeychain. QtKeychain's plaintext fallback is never enabled.
 *
 * Entries are stored under the service name given at construction ("tessera" by default)
 * with the key as the account attribute, so `secret-tool search --all server tessera`
 * lists them. Every operation is bounded by timeout(): a keychain that waits on a password
 * prompt nobody answers yields Status::Timeout instead of hanging the session.
 */
class TESSERACORE_EXPORT KeychainTokenStore : public TokenStore
{
    Q_OBJECT
public:
    explicit KeychainTokenStore(const QString &service = QStringLiteral("tessera"),
                                QObject *parent = nullptr);
    ~KeychainTokenStore() override;

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const Secret &data, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    bool isPersistent() const override { return true; }
    QString description() const override;

    QString service() const;
    std::chrono::milliseconds timeout() const;
    void setTimeout(std::chrono::milliseconds timeout);

private:
    std::unique_ptr<KeychainTokenStorePrivate> const d;
};

} // namespace Tessera
