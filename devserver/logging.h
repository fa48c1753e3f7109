// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLoggingCategory>

namespace Tessera::DevServer {
Q_DECLARE_LOGGING_CATEGORY(lcDevServer)
} // namespace Tessera::DevServer
