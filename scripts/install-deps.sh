#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# install-deps.sh: installs the Debian packages Tessera builds, runs and tests with.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

packages=(
    build-essential cmake ninja-build
    qt6-base-dev qt6-qpa-plugins qt6-httpserver-dev qt6-websockets-dev libqt6svg6
    qtkeychain-qt6-dev libsecret-1-0 libqrencode-dev libsodium-dev
    dbus gnome-keyring libsecret-tools
    redis-server libhiredis-dev
    xvfb xauth trayer x11-utils imagemagick zbar-tools
    lintian appstream desktop-file-utils bash-completion man-db file
    # translations: lupdate/lrelease and the CMake LinguistTools package; Qt's own catalogs
    qt6-l10n-tools qt6-tools-dev qt6-translations-l10n
    # QML (qml/, examples/qml-session): qt6-declarative-dev pulls in none of the QML modules
    # that are loaded at run time
    qt6-declarative-dev qml6-module-qtqml qml6-module-qtqml-workerscript qml6-module-qtqml-models
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "Tessera needs these packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
