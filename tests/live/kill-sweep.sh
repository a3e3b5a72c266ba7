#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The exhaustive kill test (docs/live-replay.md, "The journal"): every live
# scenario killed after each of its command steps, at the step boundary
# and in the middle of the next step's operation, with SIGKILL and with
# SIGINT; each case recovered with `migsim replay --recover` and compared
# with a snapshot of the whole cluster taken before it (kill-test.sh).
#
#   tests/live/kill-sweep.sh MIGSIM [SCENARIO_DIR] [WORK_DIR]
#
# Slow (5-25 s per case, 4 cases per step: over an hour for the suite's
# scenarios), so CI runs a fixed sample (run-live.sh) and this is run by
# hand.  The cases are run in chunks of CHUNK (default 24), each on a fresh
# cluster (lxd-cluster.sh, with seed-foreign.sh) under the shared lock
# /tmp/migsim-lxd-live.lock, so that no hold lasts much over 10 minutes,
# with PAUSE seconds (default 30) between chunks so that other users of
# the live cluster get their turn.  FROM=N starts at case N (0-based, as
# numbered in the log) to resume an interrupted sweep; TO=M stops before
# case M, so that a sweep can be run in parts (FROM=96 TO=120, ...).
#
# Exit 0 when every case recovered to an identical cluster, 1 otherwise.

set -uo pipefail

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

(($# >= 1 && $# <= 3)) || { printf 'usage: %s MIGSIM [SCENARIO_DIR] [WORK_DIR]\n' "${0##*/}" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
HERE=$(dirname -- "$(realpath -- "$0")")
SCENARIOS=$(realpath -- "${2:-$HERE/scenarios}")
WORK=$(realpath -m -- "${3:-/tmp/migsim-kill-sweep-$$}")
CHUNK=${CHUNK:-24}
PAUSE=${PAUSE:-30}
FROM=${FROM:-0}
LOCK=/tmp/migsim-lxd-live.lock
mkdir -p "$WORK"

cases=()
for scn in "$SCENARIOS"/*.scn; do
    n=$(grep -cE '^(lxc |pool )' "$scn")
    for ((k = 0; k < n; k++)); do
        for where in boundary mid; do
            for sig in KILL INT; do
                cases+=("$scn:$k:$where:$sig")
            done
        done
    done
done
TO=${TO:-${#cases[@]}}
((TO <= ${#cases[@]})) || TO=${#cases[@]}
log "${#cases[@]} cases, running $FROM-$((TO - 1)) in chunks of $CHUNK; work directory $WORK"

DIR=/tmp/migsim-kill-sweep-cluster-$$
t0=$(date +%s)
status=0
for ((i = FROM; i < TO; i += CHUNK)); do
    ((i == FROM)) || sleep "$PAUSE"
    chunk=("${cases[@]:i:$((TO - i < CHUNK ? TO - i : CHUNK))}")
    log "cases $i-$((i + ${#chunk[@]} - 1)) of ${#cases[@]}"
    flock "$LOCK" bash -c '
        set -u
        trap "\"$1/lxd-cluster.sh\" down \"$2\" >/dev/null 2>&1" EXIT
        "$1/lxd-cluster.sh" up "$2" >"$3/cluster-up.out" 2>&1 || { echo "bring-up failed" >&2; exit 1; }
        "$1/seed-foreign.sh" "$2" || exit 1
        shift 3
        "$@"
    ' _ "$HERE" "$DIR" "$WORK" "$HERE/kill-test.sh" "$MIGSIM" "$DIR/lxd1/unix.socket" "$WORK" "${chunk[@]}" \
        2>&1 | tee -a "$WORK/sweep.log"
    rc=${PIPESTATUS[0]}
    ((rc == 0)) || { status=1; log "chunk starting at case $i failed (exit $rc)"; }
done
ok=$(grep -c -- '-> identical' "$WORK/sweep.log")
noop=$(grep -c 'killed no operation' "$WORK/sweep.log")
bad=$(grep -cE -- '-> DIFFERENT|JOURNAL LEFT' "$WORK/sweep.log")
log "sweep: $((ok + bad)) of ${#cases[@]} cases run (cases $FROM-$((TO - 1))), $ok identical after recovery ($noop mid cases found no operation to interrupt), $bad not; $(($(date +%s) - t0)) s"
exit $status
