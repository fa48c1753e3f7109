#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# check-no-secrets.sh LOG_DIR SECRETS_FILE [EXPECTED_LINES]: fails if any password or API key
# listed in SECRETS_FILE, or any token the dev servers issued during the suite
# (LOG_DIR/*.secrets), occurs in any test log (LOG_DIR/*.log). It also fails when there is
# nothing to check, and when a log named in EXPECTED_LINES lacks the debug line it must hold,
# so that a broken log capture cannot pass silently.
set -euo pipefail
logdir=$1
secrets=$2
expected=${3:-}

shopt -s nullglob
logs=("$logdir"/*.log)
issued=("$logdir"/*.secrets)
if [[ ${#logs[@]} -eq 0 ]]; then
    echo "FAIL: no test logs in $logdir" >&2
    exit 1
fi

patterns=$(mktemp)
trap 'rm -f "$patterns"' EXIT
grep -v '^[[:space:]]*$' "$secrets" >"$patterns"
tokens=0
if [[ ${#issued[@]} -gt 0 ]]; then
    tokens=$(cat "${issued[@]}" | grep -c . || true)
    cat "${issued[@]}" | grep -v '^[[:space:]]*$' >>"$patterns" || true
fi

if [[ -n $expected ]]; then
    missing=0
    while IFS=$'\t' read -r name text; do
        [[ -z $name || $name == \#* ]] && continue
        # Only the logs of the tests that ran (ctest -R runs a subset).
        [[ -f $logdir/$name ]] || continue
        if ! grep -q -F -- "$text" "$logdir/$name"; then
            echo "FAIL: $name holds no line with '$text': its debug output was not captured" >&2
            missing=1
        fi
    done <"$expected"
    [[ $missing == 0 ]] || exit 1
fi

echo "checking ${#logs[@]} logs for $(wc -l <"$patterns") secrets ($tokens issued tokens)"
if [[ $tokens -eq 0 ]]; then
    echo "FAIL: the dev servers recorded no issued tokens; the scan would prove nothing" >&2
    exit 1
fi
if leaks=$(grep -F -l -f "$patterns" "${logs[@]}"); then
    echo "FAIL: secrets found in:" >&2
    echo "$leaks" >&2
    # Say which secret (by line number in the pattern list), never the secret itself.
    for log in $leaks; do
        grep -F -o -f "$patterns" "$log" | sort -u | while read -r hit; do
            echo "  $(basename "$log"): pattern #$(grep -n -F -x -- "$hit" "$patterns" | cut -d: -f1)" >&2
        done
    done
    exit 1
fi
echo "no secrets found in the logs"
