#!/bin/sh
# `migsim bench --only summary --baseline PATH` (docs/bench.md#summary), small:
# 1. against itself: every one of the six rows ran to a completed exit
#    status for both binaries (no "fails"), and each has a ratio;
# 2. against a baseline that refuses every command (a script exiting 2,
#    as an older migsim refuses an option it lacks): each baseline cell says
#    "fails (exit 2)" with no ratio, this binary's cells are figures, and
#    the bench still exits 0;
# 3. the preflight and import rows' outcome checks: against itself, both
#    binaries' outcomes are listed and right (every member checked, the
#    imported state the served one); against a baseline that prints a
#    wrong report and exits 1, its preflight outcome is WRONG and the bench
#    exits 1.  Never a time.
# Usage: bench-summary.sh MIGSIM (run from the source root: scenarios/)
set -u
migsim=$1
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
fail=0

"$migsim" bench --only summary --explore-steps 2000 --largest 10 --state-instances 2000 --baseline "$migsim" >"$dir/self" 2>"$dir/err"
status=$?
rows=$(grep -c '^| `migsim ' "$dir/self")
if [ $status -ne 0 ] || [ "$rows" -ne 6 ] || grep '^| `migsim ' "$dir/self" | grep -q 'fails' ||
    [ "$(grep '^| `migsim ' "$dir/self" | grep -c '[0-9]× |$')" -ne 6 ]; then
    echo "FAIL: summary against itself (exit $status, $rows rows):" >&2
    cat "$dir/self" "$dir/err" >&2
    fail=1
fi

printf '#!/bin/sh\nexit 2\n' >"$dir/old-migsim"
chmod +x "$dir/old-migsim"
"$migsim" bench --only summary --explore-steps 2000 --largest 10 --state-instances 2000 --baseline "$dir/old-migsim" >"$dir/old" 2>"$dir/err"
status=$?
if [ $status -ne 0 ] || [ "$(grep -c '^| `migsim .*| fails (exit 2) | | |$' "$dir/old")" -ne 6 ] ||
    grep '^| `migsim ' "$dir/old" | grep -q '×' ||
    [ "$(grep '^| `migsim ' "$dir/old" | grep -c '^| `migsim [^|]*| [0-9.]* | [0-9.]* | fails')" -ne 6 ]; then
    echo "FAIL: summary against a refusing baseline (exit $status):" >&2
    cat "$dir/old" "$dir/err" >&2
    fail=1
fi
for who in "this binary" baseline; do
    if ! grep -q "^- preflight, $who: 1000 members checked (2000 instances); evacuation fails on [0-9]" "$dir/self" ||
        ! grep -q "^- import, $who: the imported state is the served one, its lists in the API.s order (lxd-[0-9.]*, 2000 instances" "$dir/self"; then
        echo "FAIL: summary against itself: no right outcome of $who:" >&2
        cat "$dir/self" >&2
        fail=1
    fi
done
if grep -q 'OUTCOME WRONG' "$dir/self"; then
    echo "FAIL: summary against itself: a wrong outcome:" >&2
    cat "$dir/self" >&2
    fail=1
fi

printf '#!/bin/sh\necho "migsim preflight: lxd-5.21.7, 1000 members, 2000 instances, from x"\necho "Result: nothing would break."\nexit 1\n' >"$dir/wrong-migsim"
chmod +x "$dir/wrong-migsim"
"$migsim" bench --only summary --explore-steps 2000 --largest 10 --state-instances 2000 --baseline "$dir/wrong-migsim" >"$dir/wrong" 2>"$dir/err"
status=$?
if [ $status -ne 1 ] || ! grep -q '^- preflight, baseline: OUTCOME WRONG: 0 members listed with 0 instances, not 1000 with 2000$' "$dir/wrong" ||
    ! grep -q '^- preflight, this binary: 1000 members checked' "$dir/wrong"; then
    echo "FAIL: summary against a wrong baseline (exit $status):" >&2
    cat "$dir/wrong" "$dir/err" >&2
    fail=1
fi
[ $fail -eq 0 ] && echo ok
exit $fail
