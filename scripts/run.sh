#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: the main job on a fresh machine. Installs what Tessera needs, builds it, starts the
# bundled dev server with 30-second access tokens and 30-minute sessions, and the tray app
# against it: sign in through the dialog (alice / wonderland), then watch the countdown and a
# refresh before each expiry in the tray's tooltip, menu and status window.
# Without a desktop keychain it runs inside a private, throw-away one. Without a display it
# explains itself, or, with TESSERA_HEADLESS=1, runs on a private Xvfb with a tray host.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}

if [[ -z ${TESSERA_RUN_PREPARED:-} ]]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh" "$build"
    export TESSERA_RUN_PREPARED=1
    wrappers=()
    if ! secret-tool search --all server tessera-probe >/dev/null 2>&1 </dev/null; then
        echo "No Secret Service on this session: using a private, throw-away keyring."
        wrappers+=("$root/scripts/with-keyring.sh")
    fi
    if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
        if [[ ${TESSERA_HEADLESS:-} != 1 ]]; then
            echo "No display: run this on a desktop, or with TESSERA_HEADLESS=1 for a private" >&2
            echo "Xvfb with a tray host (screenshots: import -window root shot.png)." >&2
            exit 2
        fi
        wrappers+=("$root/scripts/with-display.sh")
    fi
    if [[ ${#wrappers[@]} -gt 0 ]]; then
        exec "${wrappers[@]}" "$0" "$@"
    fi
fi

profile=$root/resources/profiles/devserver-json.json
source "$root/scripts/devserver.sh"
start_devserver "$build" 30 1800
trap 'kill $devserver_pid 2>/dev/null || true' EXIT
echo "Dev server on http://127.0.0.1:8765 — sign in as alice, password wonderland."
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-xcb} "$build/app/tessera-tray/tessera-tray" \
    --profile "$profile" "$@"
