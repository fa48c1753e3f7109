#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-packaging.sh BUILD_DIR SOURCE_DIR CPACK: builds the Debian packages from BUILD_DIR (no second
# compile: CPack installs the tree as it is built, stripping the binaries), unpacks them into a
# temporary root with dpkg-deb -x (nothing is installed on the machine) and checks them: what is
# in which package, the dependencies, tessera --version from the unpacked root, tests/consumer
# built against the unpacked -dev package, the desktop files, AppStream, the man pages, the bash
# completion, and lintian (no error; every warning listed in docs/packaging.md).
# Exit 77 (skipped) when BUILD_DIR is not configured with CMAKE_INSTALL_PREFIX=/usr.
set -euo pipefail
build=$1 source=$2 cpack=$3

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { echo "== $*"; }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt")
if [[ $prefix != /usr ]]; then
    echo "SKIP: $build is configured with CMAKE_INSTALL_PREFIX=$prefix; packages install into" \
        "/usr, so configure it with -DCMAKE_INSTALL_PREFIX=/usr (scripts/build.sh does)" >&2
    exit 77
fi
for tool in dpkg-deb dpkg-shlibdeps lintian appstreamcli desktop-file-validate man; do
    command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/install-deps.sh"
done
[[ -f /usr/share/bash-completion/bash_completion ]] ||
    fail "bash-completion is missing: run scripts/install-deps.sh"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build/CMakeCache.txt")
[[ -n $libdir && -n $version ]] || fail "no CMAKE_INSTALL_LIBDIR or version in $build/CMakeCache.txt"
packages=(libtessera0 libtessera-dev tessera)
# The QML module is its own package when the tree builds it.
qml=$(sed -n 's/^TESSERA_BUILD_QML:BOOL=//p' "$build/CMakeCache.txt")
[[ $qml == ON ]] && packages+=(qml6-module-tessera)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tessera-packaging.XXXXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
root=$tmp/root

step "cpack"
"$cpack" -G DEB -B "$tmp/out" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1 || {
    cat "$tmp/cpack.log" >&2
    fail "cpack failed"
}
arch=$(dpkg --print-architecture)
declare -A deb
for package in "${packages[@]}"; do
    deb[$package]=$tmp/out/${package}_${version}-1_${arch}.deb
    [[ -f ${deb[$package]} ]] || fail "cpack made no ${deb[$package]##*/}: $(ls "$tmp/out")"
done
extra=$(find "$tmp/out" -maxdepth 1 -name '*.deb' | grep -v -e '/libtessera0_' -e '/libtessera-dev_' \
    -e '/tessera_' -e '/qml6-module-tessera_' || true)
[[ -z $extra ]] || fail "unexpected packages: $extra"

step "contents"
contents() { dpkg-deb --fsys-tarfile "${deb[$1]}" | tar -t | sed 's|^\./|/|' | grep -v '/$'; }
for package in "${!deb[@]}"; do
    contents "$package" >"$tmp/$package.files"
done
sort "$tmp"/*.files | uniq -d >"$tmp/both"
[[ ! -s $tmp/both ]] || fail "files in more than one package: $(cat "$tmp/both")"
if grep -h devserver "$tmp"/*.files; then
    fail "the dev server is in a package"
fi
expect() { # expect PACKAGE FILE...: each FILE is in PACKAGE
    local package=$1 file
    shift
    for file; do
        grep -qxF "$file" "$tmp/$package.files" || fail "$file is not in $package"
    done
}
expect libtessera0 "/usr/$libdir/libTesseraCore.so.0" "/usr/$libdir/libTesseraCore.so.$version" \
    "/usr/$libdir/libTesseraWidgets.so.0" "/usr/$libdir/libTesseraWidgets.so.$version"
# The translations go with the libraries that load them (lib/translations.cpp).
expect libtessera0 /usr/share/tessera/translations/tessera_de.qm
if grep -v -e "^/usr/$libdir/libTessera[A-Za-z]*\.so\.0" -e '^/usr/share/doc/libtessera0/' \
    -e '^/usr/share/tessera/translations/tessera_[a-z_A-Z]*\.qm$' "$tmp/libtessera0.files"; then
    fail "libtessera0 holds more than the shared libraries and their translations"
fi
expect libtessera-dev "/usr/$libdir/libTesseraCore.so" "/usr/$libdir/libTesseraWidgets.so" \
    /usr/include/Tessera/session.h /usr/include/Tessera/logindialog.h \
    /usr/include/Tessera/tesseracore_export.h "/usr/$libdir/cmake/Tessera/TesseraConfig.cmake" \
    "/usr/$libdir/cmake/Tessera/TesseraWidgetsTargets.cmake"
icons=()
for size in 16 22 24 32 48 64 128 256; do
    icons+=("/usr/share/icons/hicolor/${size}x${size}/apps/tessera-tray.png")
done
expect tessera /usr/bin/tessera /usr/bin/tessera-tray /usr/share/applications/tessera-tray.desktop \
    /etc/xdg/autostart/tessera-tray.desktop /usr/share/icons/hicolor/scalable/apps/tessera-tray.svg \
    "${icons[@]}" /usr/share/metainfo/io.github.tessera.Tessera.metainfo.xml \
    /usr/share/man/man1/tessera.1.gz /usr/share/man/man1/tessera-tray.1.gz \
    /usr/share/bash-completion/completions/tessera
if [[ $qml == ON ]]; then
    qmldir=/usr/$libdir/qt6/qml/Tessera
    expect qml6-module-tessera "/usr/$libdir/libTesseraQml.so.0" "$qmldir/qmldir" \
        "$qmldir/libTesseraQmlPlugin.so" "$qmldir/TesseraQml.qmltypes"
    expect libtessera-dev "/usr/$libdir/libTesseraQml.so" \
        /usr/include/Tessera/qmlnetworkaccessmanagerfactory.h \
        "/usr/$libdir/cmake/Tessera/TesseraQmlTargets.cmake"
fi
dpkg-deb -I "${deb[tessera]}" conffiles | grep -qxF /etc/xdg/autostart/tessera-tray.desktop ||
    fail "/etc/xdg/autostart/tessera-tray.desktop is not a conffile"

step "dependencies"
depends() { dpkg-deb -f "${deb[$1]}" Depends; }
for package in "${!deb[@]}"; do
    echo "$package: Depends: $(depends "$package")"
done
# From dpkg-shlibdeps: the Qt libraries the ELF files link, and libsecret by hand (loaded at run
# time by QtKeychain).
for dependency in libqt6core6 libqt6network6 libqt6widgets6 libqt6keychain1 libsecret-1-0 libc6; do
    depends libtessera0 | grep -q "\\b$dependency\\b" || fail "libtessera0 does not depend on $dependency"
done
depends tessera | grep -q "libtessera0 (= $version-1)" || fail "tessera does not depend on libtessera0"
depends tessera | grep -q '\blibqt6widgets6\b' || fail "tessera does not depend on libqt6widgets6"
depends libtessera-dev | grep -q "libtessera0 (= $version-1)" ||
    fail "libtessera-dev does not depend on libtessera0"
if [[ $qml == ON ]]; then
    # The QtQml modules an engine needs at run time are named by hand: no ELF file names them.
    for dependency in "libtessera0 (= $version-1)" libqt6qml6 qml6-module-qtqml \
        qml6-module-qtqml-workerscript qml6-module-qtqml-models; do
        depends qml6-module-tessera | grep -qF "$dependency" ||
            fail "qml6-module-tessera does not depend on $dependency"
    done
    depends libtessera-dev | grep -q "qml6-module-tessera (= $version-1)" ||
        fail "libtessera-dev does not depend on qml6-module-tessera"
fi

step "unpack into $root"
for package in "${!deb[@]}"; do
    dpkg-deb -x "${deb[$package]}" "$root"
done

step "tessera --version from the unpacked root"
export LD_LIBRARY_PATH=$root/usr/$libdir
out=$("$root/usr/bin/tessera" --version) || fail "tessera --version failed: $out"
[[ $out == "tessera $version" ]] || fail "tessera --version printed '$out'"
echo "$out"
loaded=$(ldd "$root/usr/bin/tessera" | grep libTesseraCore) || fail "tessera does not link libTesseraCore"
[[ $loaded == *"$root/usr/$libdir/libTesseraCore.so.0"* ]] ||
    fail "libTesseraCore is not taken from the unpacked root: $loaded"
out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/tessera-tray" --version) ||
    fail "tessera-tray --version failed: $out"
[[ $out == *"$version"* ]] || fail "tessera-tray --version printed '$out'"
echo "$out"
if [[ $qml == ON ]]; then
    # The plugin finds the module's library next to the others, from the unpacked root.
    plugin_libs=$(ldd "$root/usr/$libdir/qt6/qml/Tessera/libTesseraQmlPlugin.so")
    [[ $plugin_libs == *"$root/usr/$libdir/libTesseraQml.so.0"* ]] ||
        fail "the QML plugin does not load libTesseraQml from the unpacked root: $plugin_libs"
    grep -qx "optional plugin TesseraQmlPlugin" "$root/usr/$libdir/qt6/qml/Tessera/qmldir" ||
        fail "the qmldir does not name the plugin"
fi
unset LD_LIBRARY_PATH

step "tests/consumer against the unpacked -dev package"
cmake -S "$source/tests/consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$root/usr" >"$tmp/consumer-configure.log" 2>&1 || {
    cat "$tmp/consumer-configure.log" >&2
    fail "the consumer does not configure against the -dev package"
}
grep -qxF "Tessera_DIR:PATH=$root/usr/$libdir/cmake/Tessera" "$tmp/consumer/CMakeCache.txt" ||
    fail "the consumer did not find Tessera in $root: $(grep '^Tessera_DIR' "$tmp/consumer/CMakeCache.txt")"
cmake --build "$tmp/consumer" >"$tmp/consumer-build.log" 2>&1 || {
    cat "$tmp/consumer-build.log" >&2
    fail "the consumer does not build against the -dev package"
}
ldd_out=$(LD_LIBRARY_PATH=$root/usr/$libdir ldd "$tmp/consumer/tessera-consumer")
[[ $ldd_out == *"$root/usr/$libdir/libTesseraCore.so.0"* ]] ||
    fail "the consumer does not load libTesseraCore from the package: $ldd_out"
echo "the consumer built and links $root/usr/$libdir/libTesseraCore.so.0"
if [[ $qml == ON ]]; then
    # find_package(Tessera COMPONENTS Qml) from the -dev package: Tessera::Qml and its header.
    mkdir -p "$tmp/qml-consumer"
    cat >"$tmp/qml-consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.21)
project(qml_consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(Tessera REQUIRED COMPONENTS Qml)
add_executable(qml-consumer main.cpp)
target_link_libraries(qml-consumer PRIVATE Tessera::Qml)
CMAKE
    cat >"$tmp/qml-consumer/main.cpp" <<'CPP'
#include <Tessera/qmlnetworkaccessmanagerfactory.h>
int main() { Tessera::QmlNetworkAccessManagerFactory factory; return 0; }
CPP
    { cmake -S "$tmp/qml-consumer" -B "$tmp/qml-consumer/build" -G Ninja \
          -DCMAKE_PREFIX_PATH="$root/usr" && cmake --build "$tmp/qml-consumer/build"; } \
        >"$tmp/qml-consumer.log" 2>&1 || {
        cat "$tmp/qml-consumer.log" >&2
        fail "find_package(Tessera COMPONENTS Qml) does not build against the -dev package"
    }
    echo "a program with find_package(Tessera COMPONENTS Qml) built against the -dev package"
fi

step "desktop entries, AppStream, man pages, bash completion"
desktop-file-validate "$root/usr/share/applications/tessera-tray.desktop" \
    "$root/etc/xdg/autostart/tessera-tray.desktop" || fail "desktop-file-validate"
grep -qx 'Exec=/usr/bin/tessera-tray --minimized' "$root/etc/xdg/autostart/tessera-tray.desktop" ||
    fail "the autostart entry does not start /usr/bin/tessera-tray --minimized"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.tessera.Tessera.metainfo.xml" ||
    fail "appstreamcli validate"
for size in 16 22 24 32 48 64 128 256; do
    file "$root/usr/share/icons/hicolor/${size}x${size}/apps/tessera-tray.png" |
        grep -q "PNG image data, $size x $size," || fail "the ${size}x$size icon is not $size x $size"
done
for page in tessera tessera-tray; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
    [[ -z $warnings ]] || fail "man $page: $warnings"
done
# Every option tessera --help lists is in its man page and completed by bash.
completion=$root/usr/share/bash-completion/completions/tessera
complete_words() { # complete_words WORD...: what bash offers for the last word
    bash -c 'source /usr/share/bash-completion/bash_completion; source "$1"; shift
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
             _tessera; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}
[[ $(complete_words tessera '' | sort | xargs) == "login logout refresh remove-secret set-secret status token" ]] ||
    fail "bash offers these commands: $(complete_words tessera '' | xargs)"
[[ $(complete_words tessera status --j | xargs) == "--json" ]] || fail "bash does not complete status --json"
help=$(LD_LIBRARY_PATH=$root/usr/$libdir "$root/usr/bin/tessera" --help)
page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$root/usr/share/man/man1/tessera.1.gz" 2>/dev/null)
offered=$(complete_words tessera -)
for option in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
    grep -qF -- "$option" <<<"$page" || fail "man tessera does not know $option"
    grep -qxF -- "$option" <<<"$offered" || fail "bash does not complete $option"
done
for command in status login token refresh logout set-secret remove-secret; do
    grep -qE "^ +$command( |$)" <<<"$help" || fail "tessera --help does not list $command"
    grep -qE "^ +$command( |$)" <<<"$page" || fail "man tessera does not describe $command"
done

step "lintian"
lintian --tag-display-limit 0 --display-level ">=warning" "${deb[@]}" >"$tmp/lintian.log" 2>&1 || true
cat "$tmp/lintian.log"
if grep -q '^E: ' "$tmp/lintian.log"; then
    fail "lintian reports errors"
fi
grep -q '^[A-Z]: ' "$tmp/lintian.log" || [[ ! -s $tmp/lintian.log ]] ||
    fail "lintian did not run: $(cat "$tmp/lintian.log")"
# Every warning left is explained in docs/packaging.md.
while read -r package tag; do
    grep -qE "^\| *\`$tag\` *\| *$package *\|" "$source/docs/packaging.md" ||
        fail "lintian warns $tag on $package, which docs/packaging.md does not list"
done < <(sed -n 's/^W: \([^:]*\): \([^ ]*\).*/\1 \2/p' "$tmp/lintian.log" | sort -u)
echo "packages built, unpacked and checked: ${deb[*]##*/}"
