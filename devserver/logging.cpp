// SPDX-License-Identifier: BSD-3-Clause
#include "logging.h"

namespace Tessera::DevServer {
Q_LOGGING_CATEGORY(lcDevServer, "tessera.devserver", QtInfoMsg)
} // namespace Tessera::DevServer
