#!/bin/sh
# migsim bench: each section honours its options (a small run of each, whose
# table names what was asked for) and refuses bad values with exit status 2
# and an error naming the option.  Timings are not checked: speed goals live
# in `migsim bench` itself, never in tests.
# Usage: bench-options.sh MIGSIM
set -u
migsim=$1
fail=0
say() { echo "FAIL: $*" >&2; fail=1; }

# A section run: exit 0, the Markdown header of its table, and a row that
# shows the option took effect.
section() {
    header=$1 row=$2
    shift 2
    out=$("$migsim" bench "$@" 2>&1)
    status=$?
    [ $status -eq 0 ] || { say "migsim bench $* exited $status: $out"; return; }
    printf '%s\n' "$out" | grep -qF -- "$header" || say "migsim bench $*: no table header '$header' in: $out"
    printf '%s\n' "$out" | grep -qE -- "$row" || say "migsim bench $*: no row matching '$row' in: $out"
    # one section only: no other section's table
    n=$(printf '%s\n' "$out" | grep -c '^|---' || true)
    [ "$n" -eq 1 ] || say "migsim bench $*: $n tables, expected the one section asked for"
}
section '| throughput | per wall-clock second | per CPU second |' '\(1000 states, [0-9]+ distinct\)' \
    --only explore --explore-steps 1000
section '| members | instances | members done |' '^\| 10 \| 10000 \| [0-9]+ of 10 \|.* not checked \|$' \
    --only rolling --largest 10 --max-seconds 5 --workload uniform
# The mixed workload's outcome (docs/bench.md#the-mixed-workload): every
# instance where LXD's source says and in its state after each member's
# evacuate and restore.  Fails when a check fails (bench exits 1), or when
# not all of them ran: 10,000 instances x 5 checks x 2 (after evacuate,
# after restore) + 2 x 10 member counts.  No time is checked (--max-seconds
# far away so that a slow build still completes).
out=$("$migsim" bench --only rolling --largest 10 --max-seconds 100000 2>&1)
status=$?
[ $status -eq 0 ] || say "mixed rolling bench exited $status: $out"
printf '%s\n' "$out" | grep -qE '^\| 10 \| 10000 \| 10 of 10 \|.* \| 100020 checks, 0 failed \|$' ||
    say "mixed rolling bench: no complete checked row in: $out"
printf '%s\n' "$out" | grep -qF 'Workload: mixed, seed 1' || say "mixed rolling bench: workload not stated: $out"
# migsim serve at scale (docs/bench.md#serve): the list holds every instance
# once, and the first member's evacuate and restore through the REST
# handler leave its 100 instances where LXD's source says (100 x 5 checks x
# 2 + 2 member counts).  No time is checked.
out=$("$migsim" bench --only serve --largest 10 2>&1)
status=$?
[ $status -eq 0 ] || say "serve bench exited $status: $out"
printf '%s\n' "$out" | grep -qE '^\| 10 \| 1000 \| .* \| 100 \| .* \| list complete, evacuate and restore succeeded, 1002 checks, 0 failed \|$' ||
    say "serve bench: no complete checked row in: $out"
section '| k (instances on the member) | m (members) |' '^\| 10000 \| 100 \|' \
    --only evacuate --largest 10
section '| throughput | per wall-clock second | per CPU second |' 'on tests/cli/data \(5 files, ' \
    --only corpus --corpus tests/cli/data
# --largest 10 stops the evacuate table at m = 100 (one decade beyond)
out=$("$migsim" bench --only evacuate --largest 10 2>&1)
printf '%s\n' "$out" | grep -qE '^\| [0-9]+ \| 1000 \|' && say "bench --largest 10 ran m = 1000: $out"

bad() {
    option=$1
    shift
    out=$("$migsim" bench "$@" 2>&1 >/dev/null)
    status=$?
    if [ $status -ne 2 ]; then
        say "migsim bench $* exited $status, expected 2"
    elif ! printf '%s' "$out" | grep -q -- "$option"; then
        say "migsim bench $*: error does not name $option: $out"
    fi
}
bad --explore-steps --only explore --explore-steps 0
bad --explore-steps --only explore --explore-steps -5
bad --explore-steps --only explore --explore-steps many
bad --max-seconds --only rolling --max-seconds 0
bad --max-seconds --only rolling --max-seconds -1
bad --max-seconds --only rolling --max-seconds soon
bad --largest --only evacuate --largest 1001
bad --largest --only rolling --largest ten
bad --corpus --only explore --corpus scenarios
bad --corpus --only evacuate --corpus scenarios
bad --only --only ''
bad --workload --only rolling --workload typical
bad --seed --only rolling --seed -1
bad --unknown --unknown
exit $fail
