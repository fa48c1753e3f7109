// SPDX-License-Identifier: BSD-3-Clause
#include "logging_p.h"

namespace Tessera {
Q_LOGGING_CATEGORY(lcSession, "tessera.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "tessera.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "tessera.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProfile, "tessera.profile", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClock, "tessera.clock", QtInfoMsg)
Q_LOGGING_CATEGORY(lcShare, "tessera.share", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRedis, "tessera.redis", QtInfoMsg)
} // namespace Tessera
