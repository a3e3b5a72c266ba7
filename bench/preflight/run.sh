#!/bin/sh
# Preflight benchmark: a 100-member, 10,000-instance state (gen-state.py),
# checked by `migsim preflight` for two changes; prints the wall time of each
# run and the median of REPS runs.  A measurement, not a test.
#
#   bench/preflight/run.sh MIGSIM [MEMBERS INSTANCES REPS]
set -eu

MIGSIM=$1
MEMBERS=${2:-100}
INSTANCES=${3:-10000}
REPS=${4:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 "$HERE/gen-state.py" "$MEMBERS" "$INSTANCES" >"$TMP/state.json"
echo "state: $MEMBERS members, $INSTANCES instances, $(wc -c <"$TMP/state.json") bytes"

measure() {
    label=$1
    shift
    : >"$TMP/times"
    i=0
    while [ "$i" -lt "$REPS" ]; do
        start=$(date +%s.%N)
        rc=0
        "$MIGSIM" preflight --state "$TMP/state.json" "$@" >"$TMP/out" || rc=$?
        end=$(date +%s.%N)
        echo "$start $end" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$TMP/times"
        i=$((i + 1))
    done
    median=$(sort -n "$TMP/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "$label: exit $rc, $(grep -c 'would not start' "$TMP/out") restore failures reported," \
         "runs $(tr '\n' ' ' <"$TMP/times")s, median ${median}s"
}

measure "harmless change (user key)" -- lxc config set i00001 user.note=x
measure "#15218 change (server key, ways out simulated)" -- lxc config set instances.migration.stateful true
measure "evacuation plan of m1" -- lxc cluster evacuate m1
