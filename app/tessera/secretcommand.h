// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "options.h"

#include <Tessera/keychaintokenstore.h>

#include <QObject>

namespace Tessera::Cli {

/*!
 * \brief `tessera set-secret NAME` and `tessera remove-secret NAME`: the values a profile's
 * requests carry in a secret header (`request.secret_headers`, `{"keychain": "NAME"}`), kept in
 * the keychain service Profile::JsonRequests::keychainService(). No profile is needed.
 *
 * The value is read as a password is (secretinput.h): from the terminal without echo, or all of
 * standard input with --value-stdin, one final newline dropped. The name is 1 to 64 of A-Z a-z
 * 0-9 . _ -, as a profile's \c keychain key must be. Setting replaces what the name held;
 * removing a name that holds nothing is not an error.
 */
class SecretCommand : public QObject
{
    Q_OBJECT
public:
    explicit SecretCommand(const Options &options, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void finish(int exitCode, const QString &message);

    Options m_options;
    KeychainTokenStore m_keychain;
};

} // namespace Tessera::Cli
