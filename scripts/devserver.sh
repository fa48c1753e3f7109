# SPDX-License-Identifier: BSD-3-Clause
# devserver.sh: sourced by the scripts that show Tessera against the bundled dev server.
#
# start_devserver BUILD_DIR ACCESS_SECONDS REFRESH_SECONDS
#   Starts tessera-devserver on 127.0.0.1:8765 (the port of resources/profiles/devserver-*.json)
#   with the demo account alice / wonderland, waits (at most 5 s) until it accepts connections,
#   and sets devserver_pid. The caller stops it (kill "$devserver_pid").
start_devserver() {
    "$1/devserver/tessera-devserver" --port 8765 --access-lifetime "$2" --refresh-lifetime "$3" \
        --user alice:wonderland >/dev/null 2>&1 &
    devserver_pid=$!
    for _ in $(seq 50); do
        (exec 3<>/dev/tcp/127.0.0.1/8765) 2>/dev/null && return 0
        sleep 0.1
    done
    echo "the dev server did not start on 127.0.0.1:8765 (is the port taken?)" >&2
    return 1
}
