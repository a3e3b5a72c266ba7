#!/bin/sh
# `migsim explore --jobs N` (the partitioned search, ms-explore-parallel.c):
# 1. stdout and the written scenarios are byte-identical for 1, 2 and 3
#    jobs, whole runs and runs that a step budget or --max-violations ends
#    inside a unit (the cut of that unit's result);
# 2. run to the end, it finds what the sequential search finds: the same
#    violations in the same order with the same shrunk scenarios; only the
#    step counts (it repeats states its siblings reached) and the reproduce
#    command differ.
# Usage: explore-jobs.sh MIGSIM
set -u
migsim=$1
case $migsim in /*) ;; *) migsim=$PWD/$migsim ;; esac
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
fail=0

run() { # NAME ARGS...: stdout to $dir/NAME, scenarios under $dir/NAME.d/found
    name=$1
    shift
    mkdir -p "$dir/$name.d"
    (cd "$dir/$name.d" && "$migsim" explore --seed 1 --out found "$@") >"$dir/$name" 2>/dev/null
    status=$?
    if [ $status -ne 0 ] && [ $status -ne 1 ]; then
        echo "FAIL: explore $* exited $status" >&2
        fail=1
    fi
}

for args in "--profile lxd-5.21.7 --depth 2" \
            "--profile lxd-5.0.2 --depth 3 --budget 30000" \
            "--profile lxd-5.21.7 --depth 3 --max-violations 3" \
            "--profile lxd-5.0.2 --depth 2 --concurrent"; do
    for jobs in 1 2 3; do
        # shellcheck disable=SC2086
        run "j$jobs" $args --jobs $jobs
    done
    for jobs in 2 3; do
        if ! cmp -s "$dir/j1" "$dir/j$jobs" || ! diff -r "$dir/j1.d" "$dir/j$jobs.d" >/dev/null 2>&1; then
            diff -u "$dir/j1" "$dir/j$jobs" | head -20
            echo "FAIL: '$args': --jobs 1 and --jobs $jobs differ" >&2
            fail=1
        fi
    done
    rm -rf "$dir"/j*
done

# the same findings as the sequential search, which shares one seen-set
strip() { grep -v -e 'found after' -e '^# found by' -e '^explored' -e '^reproduce' "$1"; }
for profile in lxd-5.21.7 lxd-5.0.2; do
    run seq --profile "$profile" --depth 2
    run par --profile "$profile" --depth 2 --jobs 2
    strip "$dir/seq" >"$dir/seq.s"
    strip "$dir/par" >"$dir/par.s"
    if ! cmp -s "$dir/seq.s" "$dir/par.s"; then
        diff -u "$dir/seq.s" "$dir/par.s" | head -20
        echo "FAIL: $profile: --jobs 2 finds other violations than the sequential search" >&2
        fail=1
    fi
    grep -q '^violation 1: ' "$dir/seq" || { echo "FAIL: $profile: no violation to compare" >&2; fail=1; }
    # each shrunk scenario is the same, its provenance line aside
    for f in "$dir"/seq.d/found/*.scn; do
        if [ "$(grep -v '^# found by' "$f")" != "$(grep -v '^# found by' "$dir/par.d/found/${f##*/}" 2>/dev/null)" ]; then
            echo "FAIL: $profile: ${f##*/} differs beyond its provenance line" >&2
            fail=1
        fi
    done
    rm -rf "$dir"/seq* "$dir"/par*
done
[ $fail -eq 0 ] && echo ok
exit $fail
