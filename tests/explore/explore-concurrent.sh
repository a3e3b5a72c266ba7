#!/bin/sh
# `migsim explore --concurrent` must find LXD #15877 by itself: a restore
# sent while an evacuation of the same member is in flight leaves an
# instance with volatile.evacuate.origin on a member that is ONLINE again
# (invariant no-stranded), where LXD's code allows it (lxd-5.21.4, lxd-6.5,
# lxd-5.0.2); the shrunk scenario must equal the hand-written reproducer
# tests/explore/expected/lxd-15877-found.scn (comments and the title
# aside) and pass `migsim run`.  From lxd-5.21.5/6.6 LXD refuses the
# restore (api_cluster.go:3187-3195 at lxd-5.21.7, :3186 at lxd-6.6): no
# interleaving up to depth 4 strands an instance.
# Usage: explore-concurrent.sh MIGSIM
set -u
migsim=$1
here=$(dirname "$0")
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
body() { grep -v -e '^#' -e '^title ' -e '^$' "$1" | sed '/^profile /d'; }

for profile in lxd-5.21.4 lxd-6.5 lxd-5.0.2; do
    "$migsim" explore --profile "$profile" --concurrent --depth 4 --seed 1 --invariant no-stranded \
        --out "$dir/$profile" >"$dir/stdout" 2>"$dir/stderr"
    status=$?
    if [ $status -ne 1 ]; then
        cat "$dir/stdout" "$dir/stderr"
        echo "FAIL: $profile: expected exit status 1 (a violation), got $status" >&2
        exit 1
    fi
    found=$dir/$profile/no-stranded-1.scn
    body "$found" >"$dir/found.body"
    body "$here/expected/lxd-15877-found.scn" >"$dir/expected.body"
    if ! diff -u "$dir/expected.body" "$dir/found.body"; then
        echo "FAIL: $profile: the shrunk scenario differs from expected/lxd-15877-found.scn" >&2
        exit 1
    fi
    if ! "$migsim" run --quiet --color=never "$found" >"$dir/run" 2>&1; then
        cat "$dir/run"
        echo "FAIL: $profile: $found does not reproduce under migsim run" >&2
        exit 1
    fi
    echo "ok: $profile: #15877 found and shrunk to the expected reproducer"
done
for profile in lxd-5.21.7 lxd-6.6 lxd-6.9; do
    if ! "$migsim" explore --profile "$profile" --concurrent --depth 4 --seed 1 >"$dir/stdout" 2>"$dir/stderr"; then
        cat "$dir/stdout" "$dir/stderr"
        echo "FAIL: $profile: a violation in the concurrency universe (LXD refuses the restore here)" >&2
        exit 1
    fi
    echo "ok: $profile: no violation up to depth 4"
done
