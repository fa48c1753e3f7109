// SPDX-License-Identifier: BSD-3-Clause
// parseStoredSession(): what a token store hands back for a profile's account, which may be
// anything (another program's entry, a truncated write, an older or newer Tessera's format).
// Input: the stored bytes.
#include "fuzz_common.h"

#include "storedsession_p.h"

using namespace Tessera;

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Secret stored(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const StoredSessionResult result = parseStoredSession(stored);
    FUZZ_CHECK(result.session.has_value() == result.error.isEmpty());
    if (!result.session)
        return 0;

    const StoredSession &session = *result.session;
    FUZZ_CHECK(session.version == StoredSessionVersion);
    FUZZ_CHECK(!session.user.isEmpty());
    FUZZ_CHECK(!session.accessToken.isEmpty());
    // A session that was read can be written and read again unchanged: a session is stored
    // again at every refresh, and one that did not survive that would sign its user out.
    const StoredSessionResult again = parseStoredSession(serializeStoredSession(session));
    FUZZ_CHECK(again.session.has_value());
    FUZZ_CHECK(*again.session == session);
    return 0;
}
