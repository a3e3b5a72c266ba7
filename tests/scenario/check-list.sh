#!/bin/sh
# Every scenarios/**/*.scn has its golden transcript
# tests/scenario/golden/<path>.out and every transcript its scenario.  The
# golden tests themselves are listed at configure time (meson.build), so a
# build directory configured before a scenario was added runs no test for
# it: session 35 merged five scenarios without transcripts, unseen by the
# build directories they were written in.  This test reads both trees when
# it runs.
# Usage: check-list.sh SOURCE_ROOT
set -eu
root=$1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
(cd "$root/scenarios" && find . -name '*.scn' -type f | sed 's|^\./||; s|$|.out|' | LC_ALL=C sort) >"$tmp/want"
(cd "$root/tests/scenario/golden" && find . -name '*.out' -type f | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/have"
status=0
for f in $(LC_ALL=C comm -23 "$tmp/want" "$tmp/have"); do
    echo "not ok - scenarios/${f%.out} has no golden transcript tests/scenario/golden/$f" \
        "(MIGSIM_UPDATE_GOLDEN=1 meson test -C build scenario/${f%.out} after a reconfigure, then read it)"
    status=1
done
for f in $(LC_ALL=C comm -13 "$tmp/want" "$tmp/have"); do
    echo "not ok - tests/scenario/golden/$f has no scenario scenarios/${f%.out}"
    status=1
done
[ $status -eq 0 ] && echo "ok - $(wc -l <"$tmp/want") scenarios, each with its golden transcript"
exit $status
