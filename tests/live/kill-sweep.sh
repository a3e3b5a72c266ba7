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
# Slow (5-25 s per case, 4 cases per step: hours for the suite's
# scenarios), so CI runs a fixed sample (run-live.sh) and this is run by
# hand.  The cases are run in holds of the shared lock
# /tmp/migsim-lxd-live.lock, each on a fresh cluster (lxd-cluster.sh, with
# seed-foreign.sh) that serves as many cases as fit in HOLD seconds
# (default 480: with the bring-up and the last case a hold stays under
# 10 minutes) and at most CHUNK (default 1000); PAUSE seconds (default 30)
# between holds give other users of the live cluster their turn.  A
# bring-up that fails (LXD 5.0.2's "Failed syncing image between nodes"
# under load) is retried up to 3 times before the sweep stops.  After a
# case that is not identical the next hold starts from the case after it
# on a fresh cluster: no case is skipped.  FROM=N starts at case N
# (0-based, as numbered in the log) to resume an interrupted sweep; TO=M
# stops before case M, so that a sweep can be run in parts (FROM=96
# TO=120, ...); the command that resumes is printed at the end and kept
# in WORK_DIR/resume.
#
# LANE=K (1, 2, ...) runs the sweep on a cluster of its own beside the
# live suite's: LXD on 127.0.0.{3K+4..3K+6} (MIGSIM_LXD_OFFSET, see
# live-cluster.sh) under its own lock /tmp/migsim-lxd-live-laneK.lock, so
# that lanes given disjoint FROM/TO ranges (and WORK_DIRs) run at once;
# most of a case is waiting for LXD, so two lanes take about half the time.
#
# Exit 0 when every case recovered to an identical cluster, 1 otherwise.

set -uo pipefail

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

(($# >= 1 && $# <= 3)) || { printf 'usage: %s MIGSIM [SCENARIO_DIR] [WORK_DIR]\n' "${0##*/}" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
HERE=$(dirname -- "$(realpath -- "$0")")
SCENARIOS=$(realpath -- "${2:-$HERE/scenarios}")
WORK=$(realpath -m -- "${3:-/tmp/migsim-kill-sweep-$$}")
CHUNK=${CHUNK:-1000}
HOLD=${HOLD:-480}
PAUSE=${PAUSE:-30}
FROM=${FROM:-0}
LANE=${LANE:-0}
[[ $LANE =~ ^[0-9]+$ ]] && ((LANE <= 80)) || { printf '%s: LANE=%s: expected 0 to 80\n' "${0##*/}" "$LANE" >&2; exit 2; }
if ((LANE == 0)); then
    LOCK=/tmp/migsim-lxd-live.lock
else
    LOCK=/tmp/migsim-lxd-live-lane$LANE.lock
    export MIGSIM_LXD_OFFSET=$((3 * LANE + 3))
fi
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
log "${#cases[@]} cases, running $FROM-$((TO - 1)), $HOLD s of cases per hold of the lock; work directory $WORK"

DIR=/tmp/migsim-kill-sweep-cluster-$$
t0=$(date +%s)
status=0
i=$FROM
holds=0
resume() {
    printf 'LANE=%s FROM=%s TO=%s %q %q %q %q\n' "$LANE" "$i" "$TO" "$HERE/kill-sweep.sh" "$MIGSIM" "$SCENARIOS" "$WORK" >"$WORK/resume"
}
# A signal only sets a flag: bash runs a trap once the foreground hold has
# ended, and acting on it there lost the cases that hold had finished.  The
# flag is checked once the hold's cases are counted and resume is written.
interrupted=
interrupt() {
    log "interrupted; resume with: $(cat "$WORK/resume")"
    exit 130
}
trap 'interrupted=1' INT TERM
while ((i < TO)); do
    ((holds++ == 0)) || sleep "$PAUSE"
    [[ -z $interrupted ]] || { resume; interrupt; }
    chunk=("${cases[@]:i:$((TO - i < CHUNK ? TO - i : CHUNK))}")
    log "cases from $i of ${#cases[@]}"
    out=$WORK/hold-$i.log
    flock "$LOCK" bash -c '
        set -u
        trap "\"$1/lxd-cluster.sh\" down \"$2\" >/dev/null 2>&1" EXIT
        for try in 1 2 3; do
            "$1/lxd-cluster.sh" up "$2" >"$3/cluster-up.out" 2>&1 && break
            echo "bring-up failed (try $try): $(grep -m1 -oE "Failed syncing image[^\"]*|error: .*" "$3/cluster-up.out")" >&2
            "$1/lxd-cluster.sh" down "$2" >/dev/null 2>&1
            ((try < 3)) || exit 1
            sleep 10
        done
        "$1/seed-foreign.sh" "$2" || exit 1
        export UNTIL=$(($(date +%s) + $4))
        shift 4
        "$@"
    ' _ "$HERE" "$DIR" "$WORK" "$HOLD" "$HERE/kill-test.sh" "$MIGSIM" "$DIR/lxd1/unix.socket" "$WORK" "${chunk[@]}" \
        2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    cat "$out" >>"$WORK/sweep.log"
    done_n=$(grep -cE -- '-> (identical|DIFFERENT)' "$out")
    if ((done_n == 0)); then
        status=1
        log "no case ran in this hold (exit $rc): stopping"
        break
    fi
    ((rc == 0)) || { status=1; log "case $((i + done_n - 1)) was not recovered to an identical cluster"; }
    i=$((i + done_n))
    resume
    [[ -z $interrupted ]] || interrupt
done
resume
ok=$(grep -c -- '-> identical' "$WORK/sweep.log")
noop=$(grep -c 'killed no operation' "$WORK/sweep.log")
bad=$(grep -cE -- '-> DIFFERENT|JOURNAL LEFT' "$WORK/sweep.log")
log "sweep: cases $FROM-$((i - 1)) run in $holds holds, $(($(date +%s) - t0)) s; all of $WORK/sweep.log: $((ok + bad)) cases, $ok identical after recovery ($noop mid cases found no operation to interrupt), $bad not"
((i >= TO)) || log "resume with: $(cat "$WORK/resume")"
exit $status
