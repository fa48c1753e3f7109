// SPDX-License-Identifier: BSD-3-Clause
#include "sodiumlibrary_p.h"

#include <sodium.h>

namespace Tessera::SodiumLibrary {

bool initialize()
{
    // sodium_init() returns 0 the first time, 1 when already initialised, -1 on failure.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

} // namespace Tessera::SodiumLibrary
