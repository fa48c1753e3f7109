#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fuzz.sh TARGET|all [SECONDS|-runs=N] [libFuzzer flags...]: a fuzzing campaign on one target of
# tests/fuzz (tokenresponse profile storedsession httpdates jwt redirectrule) or on each in turn;
# 600 seconds each unless told otherwise. See docs/fuzzing.md.
#
# Builds the fuzz configuration (clang, libFuzzer, AddressSanitizer and UBSan) into build-fuzz/
# (TESSERA_FUZZ_BUILD_DIR), starts from the seed corpus in tests/fuzz/corpus/TARGET, which it
# only reads, and writes what it finds to the scratch directory
# build-fuzz/campaign/TARGET/{corpus,artifacts} (TESSERA_FUZZ_WORK_DIR): new inputs to corpus/,
# crashes, leaks and timeouts to artifacts/. It ends with one line of figures per target.
#
# fuzz.sh --merge TARGET|all: adds to tests/fuzz/corpus/TARGET those scratch inputs that reach
# coverage the seeds do not (libFuzzer -merge=1), for a reviewed commit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_FUZZ_BUILD_DIR:-$root/build-fuzz}
work=${TESSERA_FUZZ_WORK_DIR:-$build/campaign}
targets=(tokenresponse profile storedsession httpdates jwt redirectrule)

usage() {
    sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

merge=0
if [[ ${1:-} == --merge ]]; then
    merge=1
    shift
fi
[[ $# -ge 1 ]] || usage
if [[ $1 == all ]]; then
    selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then
    selected=("$1")
else
    usage
fi
shift

# How long: a number is seconds, -runs=N a number of executions.
limit=(-max_total_time=600)
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
    limit=(-max_total_time="$1")
    shift
elif [[ ${1:-} == -runs=* ]]; then
    limit=("$1")
    shift
fi

cxx=${CXX:-$(command -v clang++-14 || command -v clang++ || true)}
if [[ -z $cxx ]]; then
    echo "fuzz.sh needs clang and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
    exit 1
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER="$cxx" -DTESSERA_FUZZ=ON >/dev/null
cmake --build "$build" --target "${selected[@]/#/fuzz_}"

for target in "${selected[@]}"; do
    binary=$build/tests/fuzz/fuzz_$target
    seeds=$root/tests/fuzz/corpus/$target
    scratch=$work/$target
    mkdir -p "$scratch/corpus" "$scratch/artifacts"
    if [[ $merge == 1 ]]; then
        "$binary" -merge=1 -max_len=4096 -timeout=10 -rss_limit_mb=2560 \
            "$seeds" "$scratch/corpus" 2>&1 | tail -n 3
        continue
    fi
    log=$scratch/fuzz.log
    echo "fuzz_$target: ${limit[*]}, log in $log" >&2
    status=0
    # The scratch corpus comes first: libFuzzer writes new inputs to the first directory only.
    # -max_len: profiles and token answers are small; 4 KiB leaves room for nesting.
    # -timeout: any input that takes seconds is a bug (a parser of a few KiB). -rss_limit_mb:
    # ASan's quarantine keeps the resident size near 1 GiB; more is a leak.
    "$binary" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
        -artifact_prefix="$scratch/artifacts/" "$@" "$scratch/corpus" "$seeds" >"$log" 2>&1 ||
        status=$?
    crashes=$(find "$scratch/artifacts" -type f | wc -l)
    done=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done")
    corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$done")
    echo "fuzz_$target: execs ${execs:-?} exec/s ${speed:-?} cov ${cov:-?} ft ${ft:-?}" \
         "corpus ${corp:-?} artifacts $crashes exit $status"
    if [[ $status != 0 ]]; then
        grep -m 5 -E 'ERROR|fuzz check failed|runtime error|SUMMARY' "$log" >&2 || true
    fi
done
