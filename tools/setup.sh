#!/bin/sh
# Installs what migsim needs on Debian 12 (as root, or through sudo) and
# builds it into ./build.  Safe to run again: it installs only what is missing.
# Usage: tools/setup.sh [--with-live] [--with-incus] [--with-browser] [--with-fuzz] [--with-deb] [--no-build]
#   --with-live   the live suite: LXD 5.0.2 (bookworm) and Incus 6.0.4 (implies --with-incus)
#   --with-incus  Incus 6.0.4 from bookworm-backports, the suite added from the
#                 same Debian archive this machine already uses
#   --with-deb    what packaging/deb-test.sh needs: dpkg-buildpackage's tools,
#                 debhelper and lintian (debian/control's Build-Depends are above)
#   --no-build    install only: tools/test.sh configures build/ itself (with
#                 -Db_coverage=true), so building it here first would build
#                 migsim twice (one build of ~130 s on CI's 2 cores wasted)
set -eu
cd "$(dirname "$0")/.."

packages="meson ninja-build pkg-config gcc python3 libglib2.0-dev libjson-glib-dev libcurl4-openssl-dev libsoup-3.0-dev libgnutls28-dev libedit-dev lxd-client python3-pylxd lcov libxml2-utils clang-format"
with_incus=0
build=1
for arg in "$@"; do
    case $arg in
    --with-live) packages="$packages lxd lxd-client busybox-static openssl"; with_incus=1 ;;
    --with-incus) with_incus=1 ;;
    --with-browser) packages="$packages chromium tmux" ;;
    --with-fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    --with-deb) packages="$packages build-essential debhelper fakeroot git lintian man-db" ;;
    --no-build) build=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
# Other engineers' or CI's apt runs may hold the dpkg lock for a while.
apt_get() { DEBIAN_FRONTEND=noninteractive $as_root apt-get -o DPkg::Lock::Timeout=600 "$@"; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

missing=""
for p in $packages; do
    installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    apt_get update -qq
    apt_get install -y -qq $missing >/dev/null
fi

# Incus is not in bookworm; bookworm-backports carries the 6.0 LTS line.
# The suite comes from whichever Debian archive the machine is configured
# with (a mirror or snapshot stays a mirror or snapshot).
debian_archive() {
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '/^URIs:/ { u = $2 } /^Suites:/ && / bookworm( |$)/ { print u; exit }' "$f"
    done | head -n 1
    [ -f /etc/apt/sources.list ] &&
        awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list
}
if [ "$with_incus" = 1 ] && ! { installed incus && installed incus-client; }; then
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        uri=$(debian_archive | head -n 1)
        [ -n "$uri" ] || { echo "setup: no bookworm archive in /etc/apt/sources.list*; cannot add bookworm-backports" >&2; exit 1; }
        echo "setup: adding bookworm-backports from $uri"
        printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" |
            $as_root tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
    fi
    echo "setup: installing incus incus-client from bookworm-backports"
    apt_get update -qq
    apt_get install -y -qq -t bookworm-backports incus incus-client >/dev/null
fi

[ "$build" = 1 ] || exit 0
if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=debugoptimized >/dev/null
fi
ninja -C build >/dev/null
echo "setup: built build/sim/migsim"
