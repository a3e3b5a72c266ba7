#!/bin/sh
# Golden transcript test: runs one scenario and compares the transcript with
# the stored one.  MIGSIM_UPDATE_GOLDEN=1 rewrites the stored transcript.
# Usage: golden.sh MIGSIM SCENARIO GOLDEN [RUN OPTION...]
set -u
. "$(dirname -- "$0")/../common/golden-compare.sh"
migsim=$1 scenario=$2 golden=$3
shift 3
actual=$(mktemp) || exit 99
trap 'rm -f "$actual"' EXIT
"$migsim" run --color=never "$@" "$scenario" >"$actual" 2>&1
status=$?
if [ $status -ne 0 ] && [ $status -ne 1 ]; then
    cat "$actual"
    echo "migsim exited with $status" >&2
    exit 1
fi
# an expectation that failed is a failed test even when the golden holds
# it: an update must not store a FAIL line as the truth (session 27: a
# golden kept two FAIL lines of scenarios/rules/profile-unset-unknown-key.scn
# and the test passed)
if [ $status -eq 1 ]; then
    grep -E '^ +FAIL|^-- .* [1-9][0-9]* failed' "$actual"
    echo "$scenario: an expectation failed (migsim run exited with 1)" >&2
    [ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ] && cp "$actual" "$golden"
    exit 1
fi
echo "exit status: $status" >>"$actual"
golden_compare "$golden" "$actual" "golden transcript"
