#!/bin/sh
# `migsim bench --only summary --baseline PATH` (docs/bench.md#summary), small:
# 1. against itself: every one of the six rows ran to a completed exit
#    status for both binaries (no "fails"), and each has a ratio;
# 2. against a baseline that refuses every command (a script exiting 2,
#    as an older migsim refuses an option it lacks): each baseline cell says
#    "fails (exit 2)" with no ratio, this binary's cells are figures, and
#    the bench still exits 0.  Never a time.
# Usage: bench-summary.sh MIGSIM (run from the source root: scenarios/)
set -u
migsim=$1
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
fail=0

"$migsim" bench --only summary --explore-steps 2000 --largest 10 --state-instances 2000 --baseline "$migsim" >"$dir/self" 2>"$dir/err"
status=$?
rows=$(grep -c '^| `migsim ' "$dir/self")
if [ $status -ne 0 ] || [ "$rows" -ne 6 ] || grep -q 'fails' "$dir/self" ||
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
[ $fail -eq 0 ] && echo ok
exit $fail
