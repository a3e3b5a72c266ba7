#!/bin/sh
# `meson install` into a temporary DESTDIR, then checks the tree against
# the layout README.md's install section promises, and runs the installed
# binary on the installed scenario corpus.
# Usage: check-install.sh MESON BUILDDIR
set -eu
meson=$1
build=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
"$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >/dev/null
prefix=$("$meson" introspect "$build" --buildoptions |
    python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$dest$prefix
status=0
expect() {
    if [ -e "$root/$1" ]; then
        echo "ok - $1"
    else
        echo "not ok - $1 is not installed"
        status=1
    fi
}
expect bin/migsim
expect share/migsim/scenarios/lxd-15218.scn
expect share/migsim/scenarios/releases
expect share/doc/migsim/README.md
expect share/doc/migsim/scenario-language.md
expect share/man/man1/migsim.1
for command in $("$root/bin/migsim" --dump-cli | cut -f1); do
    expect "share/man/man1/migsim-$command.1"
done
expect share/bash-completion/completions/migsim
expect share/zsh/vendor-completions/_migsim
# every scenario file of the source tree, and nothing else
(cd "$(dirname "$0")/../scenarios" && find . -type f | sort) >"$dest/want"
(cd "$root/share/migsim/scenarios" && find . -type f | sort) >"$dest/got"
if diff -u "$dest/want" "$dest/got"; then echo "ok - scenario corpus complete"; else echo "not ok - scenario corpus differs"; status=1; fi
if (cd "$dest" && "$root/bin/migsim" run -q "$root/share/migsim/scenarios/" >"$dest/run.out"); then
    echo "ok - installed migsim runs the installed corpus: $(tail -n 1 "$dest/run.out")"
else
    echo "not ok - installed migsim on the installed corpus:"
    cat "$dest/run.out"
    status=1
fi
exit $status
