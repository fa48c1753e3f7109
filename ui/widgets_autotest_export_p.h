// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesserawidgets_export.h>

// Tessera::Widgets' private classes that unit tests exercise directly are exported only in test
// builds, as Tessera::Core's are (autotest_export_p.h there); release builds keep them hidden.
#if defined(TESSERA_AUTOTEST_EXPORTS) || !defined(TesseraWidgets_EXPORTS)
#    define TESSERAWIDGETS_AUTOTEST_EXPORT TESSERAWIDGETS_EXPORT
#else
#    define TESSERAWIDGETS_AUTOTEST_EXPORT
#endif
