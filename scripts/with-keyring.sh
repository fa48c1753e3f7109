#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# with-keyring.sh COMMAND [ARGS...]
#
# Runs COMMAND inside a private, headless Secret Service: a throw-away D-Bus session bus with a
# gnome-keyring-daemon whose login keyring is created and unlocked with a random password that
# is never printed. Works without DISPLAY, without an existing D-Bus session and without stdin;
# the bus starts without a display, and COMMAND gets the caller's DISPLAY back.
# Everything the keyring writes lands in a temporary directory that is removed afterwards.
# Exits with COMMAND's status (125 when the keyring could not be set up).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: ${0##*/} COMMAND [ARGS...]" >&2
    exit 2
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring.sh: '$tool' not found (install dbus, gnome-keyring, libsecret-tools)" >&2
        exit 125
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tessera-keyring.XXXXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 700 "$tmp"
mkdir -m 700 "$tmp/runtime" "$tmp/data" "$tmp/config" "$tmp/cache"

# The bus and every service it activates inherit this environment, so set it up first.
export XDG_RUNTIME_DIR=$tmp/runtime
export XDG_DATA_HOME=$tmp/data
export XDG_CONFIG_HOME=$tmp/config
export XDG_CACHE_HOME=$tmp/cache
# The bus starts without a display (gnome-keyring would put a password prompt on it); COMMAND
# gets the caller's display back.
export TESSERA_KEYRING_DISPLAY=${DISPLAY:-} TESSERA_KEYRING_WAYLAND_DISPLAY=${WAYLAND_DISPLAY:-}
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

# shellcheck disable=SC2016 # expanded by the inner shell
inner='
set -u
name_has_owner() {
    timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
        string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}

pass=$(head -c 24 /dev/urandom | base64)
printf "%s" "$pass" | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$XDG_RUNTIME_DIR/keyring-daemon.log" 2>&1 &
daemon=$!
unset pass
trap "kill $daemon 2>/dev/null; wait $daemon 2>/dev/null" EXIT

# Wait (at most ~10 s) until the daemon owns the name and answers a real request. Checking the
# owner first keeps the probe from bus-activating a second, locked daemon.
ready=0
for _ in $(seq 1 50); do
    if name_has_owner && timeout 5 secret-tool search --all server __tessera_probe__ \
            >/dev/null 2>&1 </dev/null; then
        ready=1
        break
    fi
    if ! kill -0 "$daemon" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
if [[ $ready != 1 ]]; then
    echo "with-keyring.sh: the Secret Service did not come up; daemon output:" >&2
    cat "$XDG_RUNTIME_DIR/keyring-daemon.log" >&2
    exit 125
fi

[[ -n $TESSERA_KEYRING_DISPLAY ]] && export DISPLAY=$TESSERA_KEYRING_DISPLAY
[[ -n $TESSERA_KEYRING_WAYLAND_DISPLAY ]] && export WAYLAND_DISPLAY=$TESSERA_KEYRING_WAYLAND_DISPLAY
unset TESSERA_KEYRING_DISPLAY TESSERA_KEYRING_WAYLAND_DISPLAY
status=0
"$@" || status=$?
exit "$status"
'

status=0
dbus-run-session -- bash -c "$inner" with-keyring.sh "$@" || status=$?
exit "$status"
