#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# build.sh [BUILD_DIR]: configures and builds Tessera (default build dir: build/).
# Under CI (CI=true) warnings are errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
werror=OFF
[[ ${CI:-} == true ]] && werror=ON
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTESSERA_WERROR=$werror >/dev/null
cmake --build "$build"
