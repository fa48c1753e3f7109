// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

// Private classes that unit tests exercise directly are exported only in test builds, the way
// Qt's Q_AUTOTEST_EXPORT works; release builds keep them hidden.
#if defined(TESSERA_AUTOTEST_EXPORTS) || !defined(TesseraCore_EXPORTS)
#    define TESSERACORE_AUTOTEST_EXPORT TESSERACORE_EXPORT
#else
#    define TESSERACORE_AUTOTEST_EXPORT
#endif
