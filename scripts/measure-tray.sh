#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# measure-tray.sh: what tessera-tray costs next to two baselines, in one run, on a private Xvfb
# with a real tray host (trayer) and a private keyring, against the dev server:
#   - a minimal QSystemTrayIcon program (bench/minimal-tray);
#   - the same program reading one QtKeychain entry before it shows its look
#     (bench/keychain-tray, reading the session entry tessera-tray restores): the floor for a
#     tray that must show a stored session, QtKeychain being the product's keychain.
# tessera-tray runs with a session restored from the keychain (signed in beforehand with the
# tessera command) and --minimized.
#   - start-up: from launch to the program's "ready" line, which all three print by the same
#     rule: the first paint of Qt's XEmbed icon window, which Qt maps only once the tray host
#     has embedded it (tessera-tray and the keychain tray wait for the paint that shows the look
#     the keychain's answer decided). The line is read from a pipe, not polled. Median of 7
#     launches, the programs taking turns.
#   - idle resident memory (VmRSS) 5 s after "ready"; beside it, for the record, the part that
#     is the process's own (anonymous: heap and stacks) and the part that is mapped library
#     code and data (file-backed, shared with every process using the same libraries).
#   - wake-ups per minute while idle with the menu closed: context switches of all the
#     process's threads (/proc/PID/task/*/status), over TESSERA_MEASURE_IDLE_SECONDS (120).
# Targets: start-up and idle memory within 1.2x of the minimal program and within 1.1x of the
# keychain-reading one; at most 1 wake-up/min idle.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD_DIR:-$root/build}
idle=${TESSERA_MEASURE_IDLE_SECONDS:-120}
launches=${TESSERA_MEASURE_LAUNCHES:-7}

if [[ -z ${TESSERA_MEASURE_INSIDE:-} ]]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh" "$build" tessera tessera-tray tessera-devserver \
        tessera-minimal-tray tessera-keychain-tray >/dev/null
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

minimal=("$build/bench/minimal-tray/tessera-minimal-tray")
keychain=("$build/bench/keychain-tray/tessera-keychain-tray" tessera devserver-json/alice)
tessera=("$build/app/tessera-tray/tessera-tray" --profile "$profile" --minimized)

# launch NAME: starts that program with its stderr on a pipe; sets $pid, $elapsed (ms from
# launch to its "ready" line), $ready (that line) and $docked (ms to its icon's first paint in the tray, whatever
# look it showed then: for tessera-tray often "starting", before the keychain answered).
# fd 3 stays open on the pipe, drained in the background.
launch() {
    local -n command=$1
    local fifo=$tmp/stderr.$RANDOM start now line
    mkfifo "$fifo"
    start=${EPOCHREALTIME/./}
    "${command[@]}" >/dev/null 2>"$fifo" &
    pid=$!
    exec 3<"$fifo"
    elapsed= docked= ready=
    while IFS= read -r -t 30 -u 3 line; do
        now=${EPOCHREALTIME/./} # microseconds, from bash itself: no process adds to the time
        if [[ -z $docked && $line == *"tray icon docked"* ]]; then
            docked=$(((now - start) / 1000))
        fi
        if [[ $line == *"ready: tray icon docked"* ]]; then
            elapsed=$(((now - start) / 1000))
            ready=$line
            break
        fi
    done
    cat <&3 >/dev/null &
    exec 3<&-
    rm -f "$fifo"
    if [[ -z $elapsed ]]; then
        echo "measure-tray.sh: $1 never said it was ready" >&2
        exit 1
    fi
    # The keychain baseline must have read the entry, or it measured a miss.
    if [[ $1 == keychain && $ready != *"(found)"* ]]; then
        echo "measure-tray.sh: the keychain tray did not find the stored session: $ready" >&2
        exit 1
    fi
}
stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
kib() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
file_kib() {
    awk '/^(Rss|Anonymous):/ {v[$1] = $2} END {print v["Rss:"] - v["Anonymous:"]}' \
        "/proc/$1/smaps_rollup"
}
anon_kib() { awk '$1 == "Anonymous:" {print $2}' "/proc/$1/smaps_rollup"; }
# switches PID: voluntary + involuntary context switches of every thread, "tid count" lines
switches() {
    for status in /proc/"$1"/task/*/status; do
        awk -v tid="${status//[^0-9]/ }" '/voluntary_ctxt_switches/ {n += $2}
            END {split(tid, t, " "); print t[2], n}' "$status" 2>/dev/null
    done
}
# woken BEFORE AFTER: switches between two snapshots, thread by thread (a thread that
# appeared counts from zero)
woken() {
    awk 'NR == FNR {before[$1] = $2; next} {n += $2 - before[$1]} END {print n + 0}' "$1" "$2"
}

declare -A times dock_times start_ms dock_ms rss anon files wake threads
echo "start-up: $launches launches each, taking turns"
for _ in $(seq "$launches"); do
    for name in minimal keychain tessera; do
        launch "$name"
        times[$name]+="$elapsed "
        dock_times[$name]+="$docked "
        stop "$pid"
    done
done
for name in minimal keychain tessera; do
    start_ms[$name]=$(printf '%s\n' ${times[$name]} | median)
    dock_ms[$name]=$(printf '%s\n' ${dock_times[$name]} | median)
    echo "  $name: ready after ${times[$name]}ms; docked after ${dock_times[$name]}ms"
done

for name in minimal keychain tessera; do
    echo "idle: $name, ${idle}s"
    launch "$name"
    pids+=("$pid")
    sleep 5 # settle: the first paints, the heap trimmed
    rss[$name]=$(kib "$pid" VmRSS)
    anon[$name]=$(anon_kib "$pid")
    files[$name]=$(file_kib "$pid")
    threads[$name]=$(ls "/proc/$pid/task" | wc -l)
    switches "$pid" >"$tmp/before"
    sleep "$idle"
    switches "$pid" >"$tmp/after"
    wake[$name]=$(awk -v n="$(woken "$tmp/before" "$tmp/after")" -v s="$idle" \
        'BEGIN {printf "%.1f", n * 60 / s}')
    stop "$pid"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t) ? "PASS" : "MISS"}'; }
row() { printf '%-36s %10s %10s %7s   %s\n' "$@"; }
# compare BASELINE TITLE TARGET: the table of tessera-tray against one baseline
compare() {
    local base=$1 target=$3 r
    echo
    row "$2" "$base" "tessera" "ratio" "target"
    r=$(ratio "${start_ms[tessera]}" "${start_ms[$base]}")
    row "start-up to restored look, ms (median)" "${start_ms[$base]}" "${start_ms[tessera]}" "$r" \
        "<= $target  $(verdict "$r" "$target")"
    row "  the icon docked, any look, ms" "${dock_ms[$base]}" "${dock_ms[tessera]}" \
        "$(ratio "${dock_ms[tessera]}" "${dock_ms[$base]}")" ""
    r=$(ratio "${rss[tessera]}" "${rss[$base]}")
    row "idle resident memory, KiB" "${rss[$base]}" "${rss[tessera]}" "$r" \
        "<= $target  $(verdict "$r" "$target")"
    row "  of which its own (anonymous), KiB" "${anon[$base]}" "${anon[tessera]}" \
        "$(ratio "${anon[tessera]}" "${anon[$base]}")" ""
    row "  of which library pages, KiB" "${files[$base]}" "${files[tessera]}" \
        "$(ratio "${files[tessera]}" "${files[$base]}")" ""
    row "threads" "${threads[$base]}" "${threads[tessera]}" "" ""
    row "wake-ups per minute, idle ${idle}s" "${wake[$base]}" "${wake[tessera]}" "-" \
        "<= 1/min $(verdict "${wake[tessera]}" 1)"
}
compare minimal "tessera-tray vs minimal tray" 1.20
compare keychain "tessera-tray vs keychain-reading tray" 1.10
