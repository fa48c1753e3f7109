#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# callgrind-network.sh [BUILD_DIR] [REQUESTS]: counts the instructions the client executes per
# request (callgrind, all threads, only while the measured requests run), through a plain
# QNetworkAccessManager and through Tessera's, against the same dev server on loopback, and
# prints their ratio. Unlike requests per second, this does not depend on how busy the machine
# is. Needs valgrind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
requests=${2:-2000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() {
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measuredRequests*' \
        --separate-threads=no --callgrind-out-file="$out/$1.out" \
        "$build/bench/tessera-bench-network" --only "$1" --requests "$requests" \
        --processes 0 >/dev/null 2>"$out/$1.log"
    callgrind_annotate "$out/$1.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}
plain=$(count plain)
tessera=$(count tessera)
awk -v p="$plain" -v t="$tessera" -v n="$requests" 'BEGIN {
    printf "instructions per request (client, callgrind, %d requests)\n", n
    printf "   %-34s %10.0f\n", "plain QNetworkAccessManager", p / n
    printf "   %-34s %10.0f\n", "Tessera::NetworkAccessManager", t / n
    printf "   %-34s %10.3f   (plain / Tessera: the share of plain speed, client-bound)\n", "ratio", p / t
}'
