// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tokenstore.h>

namespace Tessera {

/*!
 * \brief Calls \a handler with \a result and \a data later, from \a context's event loop, and
 * not at all if \a context is destroyed first (Qt drops queued calls to deleted objects).
 * Does nothing when \a handler is empty or \a context is null.
 */
void deliverRead(QObject *context, TokenStore::ReadHandler handler,
                 const TokenStore::Result &result, const Secret &data);

/*! \brief Like deliverRead(), for write and remove handlers. */
void deliverWrite(QObject *context, TokenStore::WriteHandler handler,
                  const TokenStore::Result &result);

} // namespace Tessera
