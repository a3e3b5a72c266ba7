#!/bin/sh
# `migsim explore --fixture neutral` (docs/explore.md#fixtures): nothing is
# staged, so the search must build what a violation needs with its own
# commands.  Derived by hand from docs/explore.md ("restore does not
# remember the evacuation's action", §7.2): the restore-roundtrip
# violations MOVE.CT_LIVE and MOVE.VM_LIVE_NEEDS_KEY need a pool (a
# pending definition on each member, then the create: POOL.NOT_PENDING_ANY,
# lxd/storage_pools.go:519 at lxd-5.21.7, for a ceph pool too), an
# instance on it, cluster.evacuate=live-migrate and an evacuation with
# --action=migrate: seven commands from nothing with 3 members (six once
# shrunk to 2).  So at lxd-5.21.7 depth 6 finds nothing and depth 7 finds
# exactly those two; each written
# scenario creates its pool with `lxc storage create` (no `pool`
# directive, the neutral set-up has none) and passes `migsim run`.
# Usage: explore-neutral.sh MIGSIM
set -u
migsim=$1
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
fail=0

# Under the sanitizers (MIGSIM_SANITIZED=1, set by tools/test.sh for
# build-asan/) the depth-6 search is not run on its own: the depth-7 search
# below covers every sequence up to depth 6 first (iterative deepening), so
# its finding every violation "at depth 7" says depth 6 finds nothing (a
# violation there would be reported at its depth).  The normal build runs
# depth 6 too, which also checks that a search finding nothing exits 0.
if [ "${MIGSIM_SANITIZED:-}" != 1 ]; then
    "$migsim" explore --fixture neutral --profile lxd-5.21.7 --depth 6 --seed 1 >"$dir/d3" 2>/dev/null
    status=$?
    if [ $status -ne 0 ] || ! grep -q '; 0 violations$' "$dir/d3"; then
        echo "FAIL: depth 6 exited $status or found something:" >&2
        grep '^violation' "$dir/d3" >&2
        fail=1
    fi
    grep -q ' fixture=neutral alphabet=166$' "$dir/d3" || { echo "FAIL: the seed line does not name the neutral fixture" >&2; fail=1; }
fi

"$migsim" explore --fixture neutral --profile lxd-5.21.7 --depth 7 --seed 1 --out "$dir/found" >"$dir/d4" 2>/dev/null
status=$?
printf '%s\n' 'violation 1: restore-roundtrip/cluster evacuate/MOVE.CT_LIVE' \
    'violation 2: restore-roundtrip/cluster evacuate/MOVE.VM_LIVE_NEEDS_KEY' >"$dir/expected"
grep '^violation' "$dir/d4" >"$dir/got"
if [ $status -ne 1 ] || ! cmp -s "$dir/expected" "$dir/got"; then
    echo "FAIL: depth 7 exited $status (expected 1) and found:" >&2
    cat "$dir/got" >&2
    fail=1
fi
grep -q -- '--fixture neutral$' "$dir/d4" || { echo "FAIL: the reproduce line lacks --fixture neutral" >&2; fail=1; }
grep -q ' fixture=neutral alphabet=166$' "$dir/d4" || { echo "FAIL: the seed line does not name the neutral fixture" >&2; fail=1; }
# every violation found at depth 7, none earlier (so none within depth 6)
if ! grep -q '^  found after [0-9]* states at depth 7;' "$dir/d4" ||
    grep '^  found after ' "$dir/d4" | grep -qv ' at depth 7;'; then
    echo "FAIL: depth 7 reports a violation found before depth 7:" >&2
    grep '^  found after ' "$dir/d4" >&2
    fail=1
fi
for f in "$dir"/found/*.scn; do
    if grep -q '^pool ' "$f" || ! grep -q '^lxc storage create ' "$f"; then
        echo "FAIL: ${f##*/} does not create its own pool" >&2
        fail=1
    fi
    if ! "$migsim" run -q "$f" >/dev/null 2>&1; then
        echo "FAIL: ${f##*/} does not pass migsim run" >&2
        fail=1
    fi
done
[ $fail -eq 0 ] && echo ok
exit $fail
