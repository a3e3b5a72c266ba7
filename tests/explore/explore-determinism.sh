#!/bin/sh
# The same seed gives the same run, byte for byte on stdout, for both
# strategies (a step budget keeps the extent deterministic too); the seed is
# printed first.
# Usage: explore-determinism.sh MIGSIM
set -u
migsim=$1
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT

# Under the sanitizers (MIGSIM_SANITIZED=1, set by tools/test.sh for
# build-asan/) the random walks take 5,000 steps, not 20,000: the same two
# runs compared byte for byte, over a shorter walk; the normal build keeps
# 20,000.
budget=20000
[ "${MIGSIM_SANITIZED:-}" = 1 ] && budget=5000
for args in "--strategy random --seed 42 --budget $budget --depth 12" \
            "--strategy random --seed 0xdeadbeef --budget $budget" \
            "--strategy exhaustive --seed 7 --depth 2"; do
    # shellcheck disable=SC2086
    "$migsim" explore --profile lxd-5.21.7 $args >"$dir/a" 2>/dev/null
    a=$?
    # shellcheck disable=SC2086
    "$migsim" explore --profile lxd-5.21.7 $args >"$dir/b" 2>/dev/null
    b=$?
    if [ $a -ne $b ] || ! cmp -s "$dir/a" "$dir/b"; then
        diff -u "$dir/a" "$dir/b"
        echo "FAIL: two runs with '$args' differ" >&2
        exit 1
    fi
    if [ $a -ne 0 ] && [ $a -ne 1 ]; then
        echo "FAIL: '$args' exited with $a" >&2
        exit 1
    fi
    case $(head -n 1 "$dir/a") in
    SEED=*) ;;
    *) echo "FAIL: '$args': the first line is not the seed" >&2; exit 1 ;;
    esac
done

# a seed given as a word (a git commit) is hashed, and printed as a number
"$migsim" explore --profile lxd-5.21.7 --strategy random --budget 1000 --seed 523a24a >"$dir/c" 2>/dev/null
head -n 1 "$dir/c" | grep -q '^SEED=[0-9][0-9]* ' || { echo "FAIL: word seed not printed as a number" >&2; exit 1; }
echo ok
