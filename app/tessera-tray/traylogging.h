// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLoggingCategory>

namespace Tessera::Tray {

/*! \brief tessera-tray's logging category, "tessera.tray". */
Q_DECLARE_LOGGING_CATEGORY(lcTray)

} // namespace Tessera::Tray
