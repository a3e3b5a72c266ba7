#!/bin/sh
# Colour in the transcript: output that is not a terminal never gets ANSI
# escapes (--color=never, --color=auto, NO_COLOR), --color=always does, and
# an explicit --color=always beats NO_COLOR.  The failing scenario puts an
# ANSI sequence and U+0001 in an expectation: the transcript must not pass
# them through either.
# Usage: test-color.sh MIGSIM   (from the source root)
set -u
migsim=$1
esc=$(printf '\033')
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
status=0

# $1: description, $2: yes|no, rest: environment and arguments
expect_color() {
    what=$1 want=$2
    shift 2
    env "$@" scenarios/lxd-15218.scn tests/reports/data/failing.scn >"$tmp/out" 2>&1
    rc=$?
    if [ $rc -ne 1 ]; then
        echo "FAIL: $what: exit status $rc, expected 1"
        status=1
        return
    fi
    if LC_ALL=C grep -q "$esc" "$tmp/out"; then got=yes; else got=no; fi
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: escapes present: $got, expected $want"
        status=1
    else
        echo "ok: $what: escapes $got"
    fi
}

expect_color "--color=never" no -u NO_COLOR TERM=xterm "$migsim" run --color=never
expect_color "--color=auto, not a terminal" no -u NO_COLOR TERM=xterm "$migsim" run --color=auto
expect_color "default, not a terminal" no -u NO_COLOR TERM=xterm "$migsim" run
expect_color "NO_COLOR=1" no NO_COLOR=1 TERM=xterm "$migsim" run
expect_color "--color=always" yes -u NO_COLOR TERM=xterm "$migsim" run --color=always
expect_color "--color=always with NO_COLOR=1" yes NO_COLOR=1 TERM=xterm "$migsim" run --color=always

# with colour on, the only escapes are migsim's own SGR sequences: the ESC
# from the scenario is shown as \x1b and U+0001 as \x01
"$migsim" run --color=always tests/reports/data/failing.scn >"$tmp/out" 2>&1
if LC_ALL=C grep -v "$esc\[[0-9;]*m" "$tmp/out" | LC_ALL=C grep -q "$esc"; then
    echo "FAIL: an escape other than a colour sequence reached the transcript"
    status=1
fi
if LC_ALL=C sed "s/$esc\[[0-9;]*m//g" "$tmp/out" | LC_ALL=C grep -q "$esc\|$(printf '\001')"; then
    echo "FAIL: the scenario's ESC or U+0001 reached the terminal"
    status=1
fi
LC_ALL=C sed "s/$esc\[[0-9;]*m//g" "$tmp/out" | grep -qF 'FAIL expected Error: instance "c1" <exists> & \x1b[31mred\x1b[0m \x01 done, got ok' || {
    echo "FAIL: the expectation is not shown with \\x escapes"
    status=1
}
exit $status
