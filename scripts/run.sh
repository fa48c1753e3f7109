#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: the main job on a fresh machine. Installs what Tessera needs, builds the three programs
# it runs (tessera, tessera-tray, tessera-devserver; not the test programs), starts the bundled
# dev server with 30-second access tokens and 30-minute sessions, and the tray app against it,
# starting from a clean slate (a session an earlier run left in the keychain is signed out
# first: this dev server has never heard of it).
#   - On a desktop: the login dialog opens; sign in (alice / wonderland) and watch the
#     countdown and the refreshes in the tray's menu and status window.
#   - Without a display (a server, a container, CI, or TESSERA_HEADLESS=1): the tray runs on a
#     private X server (Xvfb) with a tray host; the command line signs in, the terminal follows
#     the session for TESSERA_RUN_SECONDS (40) with `tessera status --watch` (the countdown and
#     a refresh), screenshots of that desktop are saved, and it signs out.
# Without a desktop keychain it runs inside a private, throw-away one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
watch_seconds=${TESSERA_RUN_SECONDS:-40}
# Qt, and the tools whose output is read (secret-tool), want a UTF-8 locale; a bare CI machine
# may have none set. C.UTF-8 is always there.
if [[ $(locale charmap 2>/dev/null) != UTF-8 ]]; then
    export LC_ALL=C.UTF-8
fi

if [[ -z ${TESSERA_RUN_PREPARED:-} ]]; then
    "$root/scripts/install-deps.sh"
    # Only what this script starts (and what those need), not the test programs: test.sh builds
    # those.
    "$root/scripts/build.sh" "$build" tessera tessera-tray tessera-devserver
    export TESSERA_RUN_PREPARED=1
    wrappers=()
    if ! secret-tool search --all server tessera-probe >/dev/null 2>&1 </dev/null; then
        echo "No Secret Service on this session: using a private, throw-away keyring."
        wrappers+=("$root/scripts/with-keyring.sh")
    fi
    if [[ ${TESSERA_HEADLESS:-} == 1 || (-z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-}) ]]; then
        echo "No display: the tray runs on a private X server with a tray host, driven from"
        echo "this terminal; screenshots of it are saved at the end."
        export TESSERA_RUN_HEADLESS=1
        wrappers+=("$root/scripts/with-display.sh")
    fi
    if [[ ${#wrappers[@]} -gt 0 ]]; then
        exec "${wrappers[@]}" "$0" "$@"
    fi
fi

profile=$root/resources/profiles/devserver-json.json
tessera=$build/app/tessera/tessera
tray=$build/app/tessera-tray/tessera-tray
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-xcb}
source "$root/scripts/devserver.sh"
start_devserver "$build" 30 1800
trap 'kill $devserver_pid 2>/dev/null || true' EXIT
# A fresh dev server knows no session: forget the one an earlier run may have kept.
"$tessera" --profile "$profile" logout >/dev/null 2>&1 || true
echo "Dev server on http://127.0.0.1:8765 (30-second tokens, 30-minute sessions)."

if [[ -z ${TESSERA_RUN_HEADLESS:-} ]]; then
    echo "Starting the tray: sign in as alice, password wonderland."
    # Not exec'd: when the tray quits, the dev server is stopped (the EXIT trap).
    status=0
    "$tray" --profile "$profile" "$@" || status=$?
    exit "$status"
fi

# Headless: the same tray, on the private display, driven from here.
shots=$build/run-screenshots
mkdir -p "$shots"
log=$(mktemp)
"$tray" --profile "$profile" --minimized "$@" 2>"$log" &
tray_pid=$!
trap 'kill $tray_pid $devserver_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q 'tessera.tray: ready' "$log" && break
    sleep 0.1
done
grep -q 'tessera.tray: ready' "$log" || { cat "$log" >&2; echo "the tray did not start" >&2; exit 1; }
echo "The tray is up, its icon docked in the tray host (signed out)."
echo
echo "\$ tessera login --user alice --password-stdin    (password: wonderland)"
printf 'wonderland' | "$tessera" --profile "$profile" login --user alice --password-stdin
# A second launch asks the running tray to show its status window, as a click on the icon would.
"$tray" --profile "$profile" 2>/dev/null
sleep 1
import -window root "$shots/signed-in.png"
echo
echo "\$ tessera status --watch    (${watch_seconds} s: the tray and this terminal share the session;"
echo "                              it is refreshed 6 s before each expiry, a fifth of its life)"
timeout "$watch_seconds" "$tessera" --profile "$profile" status --watch || true
import -window root "$shots/after-refreshes.png"
echo
echo "\$ tessera logout    (the tray follows: signed out)"
"$tessera" --profile "$profile" logout
sleep 1
import -window root "$shots/signed-out.png"
kill "$tray_pid" 2>/dev/null || true
wait "$tray_pid" 2>/dev/null || true
echo
echo "What the tray logged:"
grep -E 'tessera.tray: (ready|notification|tray icon)' "$log" | sed 's/^/  /'
echo
echo "Screenshots of that private desktop (the status window, top left; the tray, top right):"
ls -1 "$shots"/*.png | sed 's/^/  /'
echo "On a desktop, ./scripts/run.sh opens the login dialog instead: sign in there."
