#!/bin/sh
# Builds the Debian package from a clean checkout of HEAD, checks it with
# lintian (default level: no error, no warning), installs it with dpkg -i and
# checks the installed migsim: its version, man pages, completion, and a
# scenario of the installed corpus.  Removes the package again unless it
# was installed before.  As root (dpkg -i); tools/setup.sh --with-deb
# installs the build dependencies.
# Usage: packaging/deb-test.sh [WORKDIR]   (default: a temporary directory)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/migsim-deb.XXXXXX)}
mkdir -p "$work"
head=$(git -C "$src" rev-parse HEAD)
rm -rf "$work/migsim"
git clone -q --shared --no-checkout "$(git -C "$src" rev-parse --path-format=absolute --git-common-dir)" "$work/migsim"
git -C "$work/migsim" checkout -q --detach "$head"

echo "== dpkg-buildpackage (nocheck: the suites run from build/)"
start=$(date +%s)
(cd "$work/migsim" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
    tail -n 40 "$work/build.log"
    echo "deb: dpkg-buildpackage failed (log: $work/build.log)"
    exit 1
}
echo "built in $(($(date +%s) - start)) s"
deb=$(ls "$work"/migsim_*.deb)

status=0
ok() { echo "ok - $1"; }
fail() {
    echo "not ok - $1"
    status=1
}

if lintian --fail-on error,warning "$work"/migsim_*.changes >"$work/lintian.log" 2>&1; then
    ok "lintian: no error or warning"
else
    cat "$work/lintian.log"
    fail "lintian"
fi

was_installed=0
dpkg-query -W -f='${Status}' migsim 2>/dev/null | grep -q "ok installed" && was_installed=1
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || {
    cat "$work/dpkg.log"
    echo "deb: dpkg -i failed"
    exit 1
}
migsim=/usr/bin/migsim
out=$("$migsim" --version) && echo "$out" | grep -q "^migsim .* models lxd-" && ok "$out" || fail "migsim --version: $out"
for page in migsim migsim-run migsim-replay; do
    path=$(man -w "$page" 2>/dev/null) && ok "man -w $page: $path" || fail "man -w $page"
done
[ -f /usr/share/bash-completion/completions/migsim ] && ok "bash completion installed" || fail "no bash completion"
[ -f /usr/share/zsh/vendor-completions/_migsim ] && ok "zsh completion installed" || fail "no zsh completion"
# the completion as bash-completion loads it, from the installed file
words=$(bash -c '. /usr/share/bash-completion/completions/migsim
    COMP_WORDS=(migsim run --profile lxd-6.); COMP_CWORD=3; _migsim; echo "${COMPREPLY[*]}"')
echo "$words" | grep -qw "lxd-6.9" && ok "installed completion offers lxd-6.9" || fail "installed completion: '$words'"
if (cd "$work" && "$migsim" run -q /usr/share/migsim/scenarios/lxd-15218.scn >"$work/run.out" 2>&1); then
    ok "installed migsim run of an installed scenario: $(tail -n 1 "$work/run.out")"
else
    cat "$work/run.out"
    fail "installed migsim run /usr/share/migsim/scenarios/lxd-15218.scn"
fi
[ "$was_installed" = 1 ] || dpkg -r migsim >/dev/null
[ -n "${1:-}" ] || rm -rf "$work"
[ "$status" = 0 ] && echo "deb: ok" || echo "deb: FAILED"
exit $status
