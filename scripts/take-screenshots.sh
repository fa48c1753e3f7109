#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# take-screenshots.sh: the README's screenshots (docs/screenshots/), taken on a private Xvfb
# with a real tray host and a private keyring: the login dialog at first start, the status
# window and the tray menu once signed in. Needs xdotool (installed if missing, as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
out=$root/docs/screenshots

if [[ -z ${TESSERA_SHOTS_INSIDE:-} ]]; then
    command -v xdotool >/dev/null || apt-get install -y -qq xdotool >/dev/null
    TESSERA_SHOTS_INSIDE=1 exec "$root/scripts/with-keyring.sh" "$root/scripts/with-display.sh" \
        "$0" "$@"
fi
export QT_QPA_PLATFORM=xcb
mkdir -p "$out"
profile=$root/resources/profiles/devserver-json.json
source "$root/scripts/devserver.sh"
start_devserver "$build" 300 1800
"$build/app/tessera-tray/tessera-tray" --profile "$profile" >/dev/null 2>&1 &
tray=$!
trap 'kill $tray $devserver_pid 2>/dev/null || true' EXIT

wait_for_window() {
    for _ in $(seq 100); do
        xdotool search --name "$1" 2>/dev/null | head -1 && return 0
        sleep 0.1
    done
    return 1
}
dialog=$(wait_for_window '^Sign in')
sleep 0.5
import -window "$dialog" "$out/login-dialog.png"

printf 'wonderland' | "$build/app/tessera/tessera" --profile "$profile" login --user alice \
    --password-stdin >/dev/null
sleep 1.5
# The icon sits at the right end of trayer's panel, top right of the screen.
read -r width _ < <(xdpyinfo | awk '/dimensions/ {split($2, d, "x"); print d[1], d[2]}')
xdotool mousemove $((width - 12)) 12 click 1
window=$(wait_for_window '^Tessera$')
sleep 0.5
import -window "$window" "$out/status-view.png"
xdotool mousemove $((width - 12)) 12 click 3
sleep 1
import -window root -crop 440x200+$((width - 440))+0 "$out/tray-menu.png"
echo "screenshots in $out"
