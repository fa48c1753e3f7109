// SPDX-License-Identifier: BSD-3-Clause
#include "traylogging.h"

Q_LOGGING_CATEGORY(lcTray, "tessera.tray", QtInfoMsg)
