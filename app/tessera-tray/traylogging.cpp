// SPDX-License-Identifier: BSD-3-Clause
#include "traylogging.h"

namespace Tessera::Tray {

Q_LOGGING_CATEGORY(lcTray, "tessera.tray", QtInfoMsg)

} // namespace Tessera::Tray
