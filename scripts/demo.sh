#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# demo.sh: the terminal counterpart of run.sh, on a fresh machine. Installs what Tessera needs, builds it, starts the
# bundled dev server with 20-second access tokens, signs in with the `tessera` command line,
# then follows the session for a minute: the countdown, and a refresh before each expiry.
# Without a desktop keychain it runs inside a private, throw-away one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
watch_seconds=${TESSERA_DEMO_SECONDS:-60}
# Qt, and the tools whose output is read, want a UTF-8 locale; a bare machine may have none
# set. C.UTF-8 is always there.
if [[ $(locale charmap 2>/dev/null) != UTF-8 ]]; then
    export LC_ALL=C.UTF-8
fi

if [[ -z ${TESSERA_DEMO_INSIDE_KEYRING:-} ]]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh" "$build" tessera tessera-devserver # what it runs, not the tests
    if ! secret-tool search --all server tessera-probe >/dev/null 2>&1 </dev/null; then
        echo "No Secret Service on this session: using a private, throw-away keyring."
        TESSERA_DEMO_INSIDE_KEYRING=1 exec "$root/scripts/with-keyring.sh" "$0" "$@"
    fi
fi

profile=$root/resources/profiles/devserver-json.json
tessera=$build/app/tessera/tessera
source "$root/scripts/devserver.sh"
start_devserver "$build" 20 600
trap 'kill $devserver_pid 2>/dev/null || true' EXIT

echo
echo "\$ tessera login --user alice --password-stdin    (password: wonderland)"
printf 'wonderland' | "$tessera" --profile "$profile" login --user alice --password-stdin
echo
echo "\$ tessera status"
"$tessera" --profile "$profile" status
echo
echo "\$ tessera status --watch    (for ${watch_seconds}s: a refresh comes 4 s before each expiry)"
timeout "$watch_seconds" "$tessera" --profile "$profile" status --watch || true
echo
if command -v curl >/dev/null; then
    echo "\$ tessera token | curl -H @- …/api/me    (the token travels through a pipe, never argv)"
    "$tessera" --profile "$profile" token | sed 's/^/Authorization: Bearer /' \
        | curl -s -H @- http://127.0.0.1:8765/api/me || true
    echo
    echo
fi
echo "\$ tessera logout"
"$tessera" --profile "$profile" logout
