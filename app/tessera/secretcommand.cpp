// SPDX-License-Identifier: BSD-3-Clause
#include "secretcommand.h"

#include "exitcode.h"
#include "secretinput.h"

#include <Tessera/profile.h>

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

namespace Tessera::Cli {

SecretCommand::SecretCommand(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_keychain(Profile::JsonRequests::keychainService())
{ }

void SecretCommand::start()
{
    static const QRegularExpression entryName(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    const QString &name = m_options.secretName;
    if (!entryName.match(name).hasMatch())
        return finish(UsageError, tr("a secret's name is 1 to 64 of A-Z a-z 0-9 . _ -"));

    if (m_options.command == Options::Command::RemoveSecret) {
        m_keychain.remove(name, this, [this, name](const TokenStore::Result &result) {
            if (!result.isOk() && result.status != TokenStore::Status::NotFound)
                return finish(StorageError,
                              tr("could not remove “%1”: %2").arg(name, result.errorString));
            finish(Success, QString());
        });
        return;
    }

    QString error;
    const std::optional<Secret> value =
            readSecret(tr("Value of “%1”: ").arg(name), m_options.valueStdin, &error);
    if (!value)
        return finish(UsageError, error);
    // A header's value: one line, with something on it.
    const QByteArray bytes = value->reveal();
    if (bytes.isEmpty())
        return finish(UsageError, tr("the value is empty: nothing was stored"));
    if (bytes.contains('\n') || bytes.contains('\r') || bytes.contains('\0'))
        return finish(UsageError, tr("the value holds a line break or a NUL: nothing was stored"));
    m_keychain.write(name, *value, this, [this, name](const TokenStore::Result &result) {
        if (!result.isOk())
            return finish(StorageError,
                          tr("could not store “%1”: %2").arg(name, result.errorString));
        finish(Success, QString());
    });
}

void SecretCommand::finish(int exitCode, const QString &message)
{
    if (!message.isEmpty())
        QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << '\n';
    // From the event loop, as every command ends.
    QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Tessera::Cli
