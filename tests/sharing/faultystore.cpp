// SPDX-License-Identifier: BSD-3-Clause
#include "faultystore.h"

#include <QTimer>

namespace Tessera::Test {

namespace {
TokenStore::Result injected()
{
    return TokenStore::Result {TokenStore::Status::Failed,
                               QStringLiteral("injected by the test (tessera-session-peer)")};
}
} // namespace

FaultyStore::FaultyStore(QObject *parent)
    : TokenStore(parent)
{ }

bool FaultyStore::take(Fault fault)
{
    if (m_fault != fault)
        return false;
    m_fault = Fault::None;
    return true;
}

void FaultyStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    if (take(Fault::FailNextRead)) {
        QTimer::singleShot(0, context, [handler] { handler(injected(), Secret()); });
        return;
    }
    m_keychain.read(key, context, std::move(handler));
}

void FaultyStore::write(const QString &key, const Secret &data, QObject *context,
                        WriteHandler handler)
{
    if (take(Fault::FailNextWrite)) {
        QTimer::singleShot(0, context, [handler] { handler(injected()); });
        return;
    }
    if (m_fault == Fault::HoldNextWrite && m_writesBeforeHold > 0) {
        --m_writesBeforeHold;
    } else if (take(Fault::HoldNextWrite)) {
        QTimer::singleShot(0, this, [this] { Q_EMIT writeHeld(); });
        return;
    }
    m_keychain.write(key, data, context, std::move(handler));
}

void FaultyStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    m_keychain.remove(key, context, std::move(handler));
}

} // namespace Tessera::Test
