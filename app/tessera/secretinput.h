// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/secret.h>

#include <QString>

#include <optional>

namespace Tessera::Cli {

/*!
 * \brief Reads a password or API key: from standard input when \a fromStdin (all of it, one
 * trailing newline dropped), otherwise from the controlling terminal with echo switched off.
 * Never from the command line. On failure returns nullopt and sets \a error.
 */
std::optional<Secret> readSecret(const QString &prompt, bool fromStdin, QString *error);

/*! \brief Asks for a line of text (a user name) on the controlling terminal. */
std::optional<QString> readLine(const QString &prompt, QString *error);

} // namespace Tessera::Cli
