#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-consumer.sh BUILD_DIR SOURCE_DIR DEVSERVER ISSUED_TOKENS_FILE
# Installs the build into a temporary prefix, builds tests/consumer against that prefix with
# find_package(Tessera), starts the dev server and runs the consumer against it.
set -euo pipefail
build=$1 source=$2 devserver=$3 issued=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tessera-consumer.XXXXXXXX")
server=
cleanup() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        # the server's log belongs to this test's output, where the secret scan reads it
        cat "$tmp/server.err" >&2 2>/dev/null || true
    fi
    rm -rf -- "$tmp"
}
trap cleanup EXIT

echo "== install into $tmp/prefix"
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
# GNUInstallDirs' libdir as this build chose it (lib, lib64, lib/<multiarch>...)
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
libdir=${libdir:-lib}
for file in include/Tessera/session.h include/Tessera/networkaccessmanager.h \
        include/Tessera/tesseracore_export.h lib/cmake/Tessera/TesseraConfig.cmake \
        lib/cmake/Tessera/TesseraConfigVersion.cmake lib/cmake/Tessera/TesseraCoreTargets.cmake \
        lib/cmake/Tessera/TesseraWidgetsTargets.cmake; do
    if [[ ! -f $tmp/prefix/${file/#lib\//$libdir/} ]]; then
        echo "missing from the install tree: $file" >&2
        exit 1
    fi
done
if find "$tmp/prefix/include" -name '*_p.h' | grep -q .; then
    echo "private headers were installed" >&2
    exit 1
fi

echo "== configure and build the consumer with find_package(Tessera)"
cmake -S "$source/tests/consumer" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/configure.log" 2>&1 || {
    cat "$tmp/configure.log" >&2
    exit 1
}
cmake --build "$tmp/build" >"$tmp/build.log" 2>&1 || {
    cat "$tmp/build.log" >&2
    exit 1
}
if ! grep -q "$tmp/prefix" "$tmp/build/CMakeCache.txt"; then
    echo "the consumer did not find Tessera in the install prefix" >&2
    exit 1
fi
# It links only Tessera::Core: finding Tessera must not have needed Qt Widgets.
if grep -q '^Qt6Widgets_DIR:PATH=/' "$tmp/build/CMakeCache.txt"; then
    echo "find_package(Tessera) looked for Qt Widgets, which Tessera::Core does not need" >&2
    exit 1
fi
echo "the consumer found Tessera::Core without Qt Widgets"

echo "== run it against the dev server"
"$devserver" --port 0 --user alice:correct-horse-7Qx9 --issued-tokens-file "$issued" \
    >"$tmp/server.out" &
server=$!
url=
for _ in $(seq 1 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/server.out" | head -1 || true)
    [[ -n $url ]] && break
    sleep 0.1
done
[[ -n $url ]] || { echo "the dev server did not start" >&2; exit 1; }
cat >"$tmp/profile.json" <<JSON
{"id": "consumer-test", "name": "Dev Server", "dialect": "json", "base_url": "$url"}
JSON
printf 'correct-horse-7Qx9\n' | "$tmp/build/tessera-consumer" "$tmp/profile.json"
