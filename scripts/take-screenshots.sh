#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# take-screenshots.sh: the screenshots of the README and docs/tray.md (docs/screenshots/), taken
# on a private Xvfb with a real tray host (trayer, as a full-width top panel) and a private
# keyring, against the dev server, by driving the real programs with the mouse and keyboard
# (xdotool):
#   login-dialog.png  the dialog at first start, filled in (the password shows as dots)
#   status-view.png   the status window after signing in through that dialog
#   tray-menu.png     the panel with the icon and its open menu
#   tray-icons.png    the six looks side by side on a light and on a dark panel
# Needs xdotool and xsetroot (installed if missing, as root; else the apt line is printed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
out=$root/docs/screenshots

if [[ -z ${TESSERA_SHOTS_INSIDE:-} ]]; then
    missing=()
    command -v xdotool >/dev/null || missing+=(xdotool)
    command -v xsetroot >/dev/null || missing+=(x11-xserver-utils)
    if [[ ${#missing[@]} -gt 0 ]]; then
        if [[ $(id -u) -ne 0 ]]; then
            echo "take-screenshots.sh needs: sudo apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    TESSERA_SHOTS_INSIDE=1 exec "$root/scripts/with-keyring.sh" "$root/scripts/with-display.sh" \
        "$0" "$@"
fi
export QT_QPA_PLATFORM=xcb
mkdir -p "$out"
profile=$root/resources/profiles/devserver-json.json
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# A desktop: a light, full-width panel instead of the test's small one, and (once the panel is
# up: trayer paints the root) a slate background.
kill "$TESSERA_TRAY_HOST_PID"
trayer --SetDockType true --SetPartialStrut true --edge top --align right --widthtype percent \
    --width 100 --height 28 --transparent false --tint 0xd8d8d8 --iconspacing 6 >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xwininfo -root -tree | grep -q '"panel": ("panel" "trayer")' && break
    sleep 0.1
done
sleep 0.5
xsetroot -solid '#4a5866'
source "$root/scripts/devserver.sh"
start_devserver "$build" 300 1800
pids+=("$devserver_pid")
"$build/app/tessera/tessera" --profile "$profile" logout >/dev/null 2>&1 || true
"$build/app/tessera-tray/tessera-tray" --profile "$profile" >/dev/null 2>&1 &
pids+=($!)

wait_for_window() {
    for _ in $(seq 100); do
        xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 && return 0
        sleep 0.1
    done
    echo "take-screenshots.sh: no window named $1" >&2
    return 1
}
# shot WINDOW FILE: the window as it is on screen, without a page offset
shot() { import -window "$1" +repage "$2"; }

dialog=$(wait_for_window '^Sign in')
xdotool windowfocus --sync "$dialog"
xdotool type --delay 20 alice
xdotool key Tab
xdotool type --delay 20 wonderland
sleep 0.5
shot "$dialog" "$out/login-dialog.png"
xdotool key Return # signs in through the dialog
sleep 2

# The icon: the tray icon window inside trayer's panel.
icon=$(xdotool search --onlyvisible --classname '^tessera-tray$' 2>/dev/null | while read -r w; do
    eval "$(xdotool getwindowgeometry --shell "$w")"
    if [[ $WIDTH -le 32 && $HEIGHT -le 32 ]]; then echo "$w"; fi
done | head -1)
eval "$(xdotool getwindowgeometry --shell "$icon")"
icon_x=$X icon_y=$Y
xdotool mousemove $((icon_x + 11)) $((icon_y + 11)) click 1
status=$(wait_for_window '^Tessera$')
sleep 1
shot "$status" "$out/status-view.png"
xdotool windowunmap "$status"

# Clicked at the icon's lower left corner, the menu opens below and to the left of it: the icon
# stays in sight.
xdotool mousemove "$icon_x" $((icon_y + 23)) click 3
sleep 1
# The open menu, with the part of the panel it hangs from.
menu=$(xdotool search --onlyvisible --classname '^tessera-tray$' | while read -r w; do
    eval "$(xdotool getwindowgeometry --shell "$w")"
    if [[ $HEIGHT -gt 60 ]]; then echo "$w"; fi
done | head -1)
eval "$(xdotool getwindowgeometry --shell "$menu")"
read -r screen_width _ < <(xdpyinfo | awk '/dimensions/ {split($2, d, "x"); print d[1], d[2]}')
left=$((X < icon_x ? X : icon_x))
left=$((left > 24 ? left - 24 : 0))
right=$((X + WIDTH > icon_x + 28 ? X + WIDTH : icon_x + 28))
right=$((right + 24 < screen_width ? right + 24 : screen_width))
import -window root -crop "$((right - left))x$((Y + HEIGHT + 24))+$left+0" +repage \
    "$out/tray-menu.png"
xdotool key Escape

"$build/tests/tray/tessera-tray-icon-sheet" "$out/tray-icons.png" 48
echo "screenshots in $out: $(cd "$out" && ls -1 ./*.png | tr '\n' ' ')"
