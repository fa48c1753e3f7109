#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# update-translations.sh [--check]: brings translations/tessera_*.ts up to date with the sources
# (lupdate over lib/, ui/ and app/; no line numbers, no obsolete entries; tessera_en.ts holds only
# the plural forms). Then translate what lupdate marked unfinished (Qt Linguist, or by hand).
# --check changes nothing: it fails when a .ts file has an unfinished, empty, vanished or obsolete
# entry, or when lupdate would change it (a string added, changed or removed in the sources).
# LUPDATE names the lupdate to use (default: Qt 6's).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
check=false
[[ ${1:-} == --check ]] && check=true

update() { # update <ts file>
    local options=(-silent -locations none -no-obsolete)
    [[ $(basename "$1") == tessera_en.ts ]] && options+=(-pluralonly)
    "$lupdate" "${options[@]}" "$root/lib" "$root/ui" "$root/app" -ts "$1" >/dev/null
}

if ! $check; then
    for ts in "$root"/translations/tessera_*.ts; do
        update "$ts"
    done
    grep -c 'type="unfinished"' "$root"/translations/tessera_*.ts || true
    exit 0
fi

status=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for ts in "$root"/translations/tessera_*.ts; do
    name=$(basename "$ts")
    if grep -n -E 'type="(unfinished|vanished|obsolete)"' "$ts"; then
        echo "FAIL: $name has unfinished, vanished or obsolete entries (above)" >&2
        status=1
    fi
    if grep -n -E '<translation>\s*</translation>|<translation/>|<numerusform>\s*</numerusform>|<numerusform/>' "$ts"; then
        echo "FAIL: $name has empty translations (above)" >&2
        status=1
    fi
    cp "$ts" "$scratch/$name"
    update "$scratch/$name"
    if ! diff -u "$ts" "$scratch/$name"; then
        echo "FAIL: $name is stale: the sources' strings changed; run scripts/update-translations.sh and translate" >&2
        status=1
    fi
done
[[ $status -eq 0 ]] && echo "translations complete and up to date: $(ls "$root"/translations/tessera_*.ts | xargs -n1 basename | tr '\n' ' ')"
exit $status
