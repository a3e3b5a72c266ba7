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
check --seed explore --seed 'a b'
check --profile explore --profile lxd-0.1
check --max-violations explore --max-violations 0
check --largest bench --largest 5
check --only bench --only nothing
exit $fail
