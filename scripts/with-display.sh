#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# with-display.sh COMMAND [ARGS...]
#
# Runs COMMAND on a private, headless X server (Xvfb) with a real system tray host (trayer), so
# that QSystemTrayIcon::isSystemTrayAvailable() is true under QT_QPA_PLATFORM=xcb. Sets DISPLAY
# (and TESSERA_TRAY_HOST_PID, so a test can take the tray away and give it back with
# TESSERA_TRAYER). Exits with COMMAND's status (125 when the display could not be set up).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: ${0##*/} COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in Xvfb trayer xwininfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-display.sh: '$tool' not found (install xvfb, trayer, x11-utils)" >&2
        exit 125
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tessera-display.XXXXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Xvfb writes its display number to fd 3 once it accepts clients. The number is picked at
# random from a high range rather than "the first free one": runs in other containers share
# /tmp/.X11-unix and do not see each other's lock files, so two servers on :0 would remove
# each other's socket. A number that is taken, or a display that cannot be reached, is
# replaced by another.
start_xvfb() {
    rm -f "$tmp/displayfd"
    mkfifo "$tmp/displayfd"
    local number=$((100 + RANDOM % 900))
    Xvfb ":$number" -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -auth /dev/null \
        3>"$tmp/displayfd" >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    pids+=("$xvfb_pid")
    display=
    read -r -t 15 display <"$tmp/displayfd" || true
    [[ -n $display ]] && xwininfo -display ":$display" -root >/dev/null 2>&1
}
display=
for _ in $(seq 10); do
    start_xvfb && break
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    display=
done
if [[ -z $display ]]; then
    echo "with-display.sh: Xvfb did not start; its output:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 125
fi
export DISPLAY=:$display

TESSERA_TRAYER=(trayer --SetDockType true --SetPartialStrut true --edge top --align right
    --widthtype request --height 24 --transparent false --tint 0x404040)
"${TESSERA_TRAYER[@]}" >"$tmp/trayer.log" 2>&1 &
pids+=($!)
export TESSERA_TRAY_HOST_PID=$!
export TESSERA_TRAYER="${TESSERA_TRAYER[*]}"

# trayer owns the _NET_SYSTEM_TRAY_S0 selection once it is ready; wait for its window (≤10 s).
ready=0
for _ in $(seq 1 100); do
    if xwininfo -root -tree 2>/dev/null | grep -q '"panel": ("panel" "trayer")'; then
        ready=1
        break
    fi
    kill -0 "$TESSERA_TRAY_HOST_PID" 2>/dev/null || break
    sleep 0.1
done
if [[ $ready != 1 ]]; then
    echo "with-display.sh: trayer did not come up; its output:" >&2
    cat "$tmp/trayer.log" >&2
    exit 125
fi

status=0
"$@" || status=$?
exit "$status"
