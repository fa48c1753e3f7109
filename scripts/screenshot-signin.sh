#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# screenshot-signin.sh: the login dialog's sign-in in the browser (waiting for it) and with a
# code (the code and its QR code), as docs/screenshots/login-browser.png and login-device.png,
# against the dev server and its demo profiles (resources/profiles/devserver-browser.json,
# devserver-device.json). Rendered off screen (QT_QPA_PLATFORM=offscreen): no display needed.
# Builds what it needs in $TESSERA_BUILD_DIR (default: build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
out=$root/docs/screenshots

ninja -C "$build" tessera-devserver tessera-signin-shots >/dev/null
source "$root/scripts/devserver.sh"
start_devserver "$build" 300 3600
trap 'kill "$devserver_pid" 2>/dev/null || true' EXIT
mkdir -p "$out"
# (The offscreen platform says, for every window, that it cannot pass on size hints: no news.)
QT_QPA_PLATFORM=offscreen "$build/tests/widgets/tessera-signin-shots" \
    "$root/resources/profiles/devserver-browser.json" \
    "$root/resources/profiles/devserver-device.json" "$out" \
    2> >(grep -v 'does not support propagateSizeHints' >&2)
