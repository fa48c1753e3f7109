#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test.sh: the whole test suite on a fresh machine: installs what it needs, builds, and runs
# every CTest test inside a private D-Bus session with an unlocked, throw-away gnome-keyring, on
# a private X server (Xvfb) with a real tray host (trayer).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
# Qt, and the tools whose output is read (secret-tool), want a UTF-8 locale; a bare CI machine
# may have none set. C.UTF-8 is always there.
if [[ $(locale charmap 2>/dev/null) != UTF-8 ]]; then
    export LC_ALL=C.UTF-8
fi

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$build"
rm -rf "$build/test-logs"
exec "$root/scripts/with-keyring.sh" "$root/scripts/with-display.sh" \
    ctest --test-dir "$build" --output-on-failure --timeout 300 -j2 "$@"
