// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace Tessera::KeychainLock {

/*!
 * \brief Asks the Secret Service (Linux) whether an item of \a service under \a key exists but
 * is locked. QtKeychain reports a read from a locked collection whose unlock prompt could not be
 * shown (no display, or dismissed) as "not found", which would look like a signed-out user.
 *
 * \a then(locked) runs once from the event loop, unless \a context is destroyed first; it gets
 * false when the question cannot be answered (no Secret Service, another backend, an error).
 */
void probe(const QString &service, const QString &key, QObject *context,
           std::function<void(bool locked)> then);

} // namespace Tessera::KeychainLock
