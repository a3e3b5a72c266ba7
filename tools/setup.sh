#!/bin/sh
# Installs what migsim needs on Debian 12 (as root, or through sudo) and
# builds it into ./build.  Safe to run again: it installs only what is missing.
# Usage: tools/setup.sh [--with-live] [--with-browser] [--with-fuzz]
set -eu
cd "$(dirname "$0")/.."

packages="meson ninja-build pkg-config gcc python3 libglib2.0-dev libjson-glib-dev libcurl4-openssl-dev lcov libxml2-utils"
for arg in "$@"; do
    case $arg in
    --with-live) packages="$packages lxd lxd-client busybox-static openssl" ;;
    --with-browser) packages="$packages chromium tmux" ;;
    --with-fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    echo "setup: installing$missing"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing >/dev/null
fi

if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=debugoptimized >/dev/null
fi
ninja -C build >/dev/null
echo "setup: built build/sim/migsim"
