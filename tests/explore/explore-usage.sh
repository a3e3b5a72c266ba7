#!/bin/sh
# Bad options: exit status 2 and an error naming the option.
# Usage: explore-usage.sh MIGSIM
set -u
migsim=$1
fail=0
check() {
    option=$1
    shift
    out=$("$migsim" "$@" 2>&1 >/dev/null)
    status=$?
    if [ $status -ne 2 ]; then
        echo "FAIL: migsim $* exited $status, expected 2" >&2
        fail=1
    elif ! printf '%s' "$out" | grep -q -- "$option"; then
        echo "FAIL: migsim $*: error does not name $option: $out" >&2
        fail=1
    fi
}
check --strategy explore --strategy sideways
check --budget explore --budget soon
check --budget explore --budget 0
check --invariant explore --invariant always-right
check --members explore --members 0
check --depth explore --depth 0
check --depth explore --depth -1
check --depth explore --depth 201
check --depth explore --depth three
check --seed explore --seed 'a b'
check --profile explore --profile lxd-0.1
check --max-violations explore --max-violations 0
check --jobs explore --jobs 0
check --jobs explore --jobs 65
check --jobs explore --strategy random --jobs 2
check --fixture explore --fixture empty
check --baseline bench --only summary --baseline /nonexistent/migsim
check --baseline bench --only rolling --baseline /bin/sh
check --largest bench --largest 5
check --only bench --only nothing
check --corpus bench --only corpus --corpus /nonexistent/corpus
check --corpus bench --only rolling --corpus scenarios

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# an empty corpus is refused before any table is printed
mkdir "$tmp/empty"
out=$("$migsim" bench --only corpus --corpus "$tmp/empty" 2>/dev/null)
status=$?
if [ $status -ne 2 ] || [ -n "$out" ]; then
    echo "FAIL: bench --corpus EMPTYDIR exited $status (expected 2) and printed: $out" >&2
    fail=1
fi
# a run that finds nothing leaves no --out directory behind
"$migsim" explore --profile lxd-6.9 --depth 1 --seed 1 --out "$tmp/found/deeper" >/dev/null 2>&1
status=$?
if [ $status -ne 0 ] || [ -e "$tmp/found" ]; then
    echo "FAIL: explore --out with no violation exited $status or created the directory" >&2
    fail=1
fi
exit $fail
