// SPDX-License-Identifier: BSD-3-Clause
#include "tokenstore_p.h"

#include <QMetaObject>

namespace Tessera {

TokenStore::TokenStore(QObject *parent)
    : QObject(parent)
{ }

TokenStore::~TokenStore() = default;

void deliverRead(QObject *context, TokenStore::ReadHandler handler,
                 const TokenStore::Result &result, const Secret &data)
{
    if (!context || !handler)
        return;
    QMetaObject::invokeMethod(
            context, [handler = std::move(handler), result, data] { handler(result, data); },
            Qt::QueuedConnection);
}

void deliverWrite(QObject *context, TokenStore::WriteHandler handler,
                  const TokenStore::Result &result)
{
    if (!context || !handler)
        return;
    QMetaObject::invokeMethod(
            context, [handler = std::move(handler), result] { handler(result); },
            Qt::QueuedConnection);
}

} // namespace Tessera
