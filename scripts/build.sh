#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# build.sh [BUILD_DIR [TARGET...]]: configures Tessera and builds it (default build dir: build/):
# every target, or only the TARGETs named and what they need (run.sh builds just the programs it
# starts; test.sh builds everything, every test program included).
# Under CI (CI=true) warnings are errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
targets=("${@:2}")
werror=OFF
[[ ${CI:-} == true ]] && werror=ON
# The prefix is the packages' (/usr), so that tst_packages can make them from this tree.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_INSTALL_PREFIX=/usr -DTESSERA_WERROR=$werror >/dev/null
if [[ ${#targets[@]} -gt 0 ]]; then
    cmake --build "$build" --target "${targets[@]}"
else
    cmake --build "$build"
fi
