#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# measure-tray.sh: what tessera-tray costs next to a minimal QSystemTrayIcon program
# (bench/minimal-tray), in one run, on a private Xvfb with a real tray host and a private
# keyring, against the dev server:
#   - start-up: launch to "tray icon shown" (tessera-tray with a session restored from the
#     keychain, signed in beforehand with the tessera command), median of 5 launches;
#   - idle resident memory (VmRSS) after settling;
#   - wake-ups per minute while idle with the menu closed: context switches of all the
#     process's threads (/proc/PID/task/*/status), over TESSERA_MEASURE_IDLE_SECONDS (120).
# Targets: start-up and memory within 1.2x of the minimal program; at most 1 wake-up/min idle.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
idle=${TESSERA_MEASURE_IDLE_SECONDS:-120}

if [[ -z ${TESSERA_MEASURE_INSIDE:-} ]]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh" "$build" >/dev/null
    TESSERA_MEASURE_INSIDE=1 exec "$root/scripts/with-keyring.sh" "$root/scripts/with-display.sh" \
        "$0" "$@"
fi
export QT_QPA_PLATFORM=xcb

tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
source "$root/scripts/devserver.sh"
start_devserver "$build" 3600 86400
pids+=("$devserver_pid")
profile=$root/resources/profiles/devserver-json.json
printf 'wonderland' | "$build/app/tessera/tessera" --profile "$profile" login --user alice \
    --password-stdin >/dev/null

# startup PROGRAM ARGS...: sets $elapsed (ms from launch to "tray icon shown") and $pid (left
# running)
startup() {
    local log=$tmp/log.$RANDOM start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$log" &
    pid=$!
    for _ in $(seq 2000); do
        grep -q 'tray icon shown' "$log" 2>/dev/null && break
        sleep 0.005
    done
    end=$(date +%s%N)
    elapsed=$(((end - start) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# snapshot PID: one line per thread, "tid switches" (voluntary + involuntary)
snapshot() {
    for status in /proc/"$1"/task/*/status; do
        awk -v tid="${status//[^0-9]/ }" '/voluntary_ctxt_switches/ {n += $2}
            END {split(tid, t, " "); print t[2], n}' "$status" 2>/dev/null
    done
}
# woken BEFORE AFTER: context switches between two snapshots, thread by thread (a thread that
# appeared counts from zero; one that ended counts what it did until the first snapshot)
woken() {
    awk 'NR == FNR {before[$1] = $2; next} {n += $2 - before[$1]} END {print n + 0}' "$1" "$2"
}
declare -A start_ms rss wake
for name in minimal tessera; do
    if [[ $name == minimal ]]; then
        cmd=("$build/bench/minimal-tray/tessera-minimal-tray")
    else
        cmd=("$build/app/tessera-tray/tessera-tray" --profile "$profile" --minimized)
    fi
    times=()
    for _ in 1 2 3 4 5; do
        startup "${cmd[@]}"
        times+=("$elapsed")
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    done
    start_ms[$name]=$(printf '%s\n' "${times[@]}" | median)
    startup "${cmd[@]}"
    pids+=("$pid")
    sleep 5 # settle: restore, first paint
    rss[$name]=$(rss_kib "$pid")
    snapshot "$pid" >"$tmp/before"
    sleep "$idle"
    snapshot "$pid" >"$tmp/after"
    wake[$name]=$(awk -v n="$(woken "$tmp/before" "$tmp/after")" -v s="$idle" \
        'BEGIN {printf "%.1f", n * 60 / s}')
    kill "$pid"; wait "$pid" 2>/dev/null || true
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '\n%-34s %12s %12s %8s\n' "tessera-tray vs minimal tray" "minimal" "tessera" "ratio"
printf '%-34s %10s ms %9s ms %8s   (target <= 1.2)\n' "start-up to icon shown (median/5)" \
    "${start_ms[minimal]}" "${start_ms[tessera]}" "$(ratio "${start_ms[tessera]}" "${start_ms[minimal]}")"
printf '%-34s %9s KiB %8s KiB %8s   (target <= 1.2)\n' "idle resident memory" \
    "${rss[minimal]}" "${rss[tessera]}" "$(ratio "${rss[tessera]}" "${rss[minimal]}")"
printf '%-34s %12s %12s %8s   (target <= 1/min for tessera)\n' "wake-ups per minute, idle ${idle}s" \
    "${wake[minimal]}" "${wake[tessera]}" "-"
