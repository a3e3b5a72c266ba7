#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The live suite: brings up fresh 3-member LXD 5.0.2 clusters (three lanes,
# MIGSIM_LIVE_LANES=1 or 2 for fewer), replays every scenario of SCENARIO_DIR
# against them with `migsim replay`, each scenario on one lane, requires
# zero differences, and always tears the clusters down again.  With --incus
# (run-live-incus.sh) the same against a fresh Incus 6.0.4 cluster
# (incus-cluster.sh, 127.0.0.4-6; the profile is detected from GET /1.0:
# incus-6.0.4) and its import/preflight check, without the LXD-only kill and
# HTTPS checks.
# Callers outside CI serialise with `flock /tmp/migsim-lxd-live.lock`
# (`flock /tmp/migsim-incus-live.lock`).
#
#   run-live.sh [--incus] MIGSIM SCENARIO_DIR [WORK_DIR]
#
# The clusters live in WORK_DIR/lxd-cluster and WORK_DIR/lxd-cluster2 (or
# /tmp/migsim-live-$$-K when that path is too long for a unix socket;
# incus-cluster, /tmp/migsim-incus-$$-0); the replay's JSON reports, each
# job's output (WORK_DIR/out/) and the cluster logs are left in WORK_DIR.  Exit
# codes: 0 no difference, 1 differences or a failed replay, 2 usage, 77 this
# host cannot run LXD (Incus).

set -euo pipefail

PRODUCT=lxd PROG=run-live.sh NAME=LXD TMP=live
if [[ ${1:-} == --incus ]]; then
    PRODUCT=incus PROG=run-live-incus.sh NAME=Incus TMP=incus
    shift
fi
log() { printf '%s: %s\n' "$PROG" "$*" >&2; }

(($# >= 2 && $# <= 3)) || { printf 'usage: %s MIGSIM SCENARIO_DIR [WORK_DIR]\n' "$PROG" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
SCENARIOS=$(realpath -- "$2")
WORK=$(realpath -m -- "${3:-/tmp/migsim-$TMP-$$}")
HERE=$(dirname -- "$(realpath -- "$0")")
CLUSTER_SH=$HERE/$PRODUCT-cluster.sh

[[ -x $MIGSIM ]] || { log "error: '$MIGSIM' is not executable"; exit 2; }
[[ -d $SCENARIOS ]] || { log "error: '$SCENARIOS' is not a directory"; exit 2; }
mkdir -p "$WORK"

# LXD runs the scenarios on MIGSIM_LIVE_LANES (default 3) identical clusters
# at once, each taking the next scenario from one queue: most of a
# scenario's time is LXD's (operations, heartbeats of an offline member),
# not this machine's CPU, so three lanes take about a third of the time
# (the 92 jobs of session 21 summed to 3,717 lane-seconds on this host at
# load 30, two lanes, 35 minutes; the longest job, the kill tests, 282 s).
# Lane 0 is on MIGSIM_LXD_OFFSET (default 0: 127.0.0.1-3), lane K 120*K
# addresses further (127.0.0.121-123 and .241-243; kill-sweep.sh's LANE=39
# and 79).  Incus: one cluster.
LANES=1
if [[ $PRODUCT == lxd ]]; then
    LANES=${MIGSIM_LIVE_LANES:-3}
    [[ $LANES =~ ^[123]$ ]] || { log "error: MIGSIM_LIVE_LANES=$LANES: expected 1, 2 or 3"; exit 2; }
    ((${MIGSIM_LXD_OFFSET:-0} + 120 * (LANES - 1) <= 249)) ||
        { log "error: MIGSIM_LXD_OFFSET=$MIGSIM_LXD_OFFSET leaves no room for $LANES lanes (the last must start at 249 or below)"; exit 2; }
fi
BASE_OFFSET=${MIGSIM_LXD_OFFSET:-0}
DIRS=() OFFSETS=()
for ((k = 0; k < LANES; k++)); do
    d=$WORK/$PRODUCT-cluster
    ((k == 0)) || d+=$((k + 1))
    # unix socket paths are limited (live-cluster.sh refuses more than 80 bytes)
    ((${#d} <= 60)) || d=/tmp/migsim-$TMP-$$-$k
    DIRS+=("$d")
    OFFSETS+=($((BASE_OFFSET + 120 * k)))
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# a lane's cluster tool, with the lane's addresses (fault and kill-test.sh
# inherit MIGSIM_LXD_OFFSET too)
lane_cluster() {
    local k=$1
    shift
    if [[ $PRODUCT == lxd ]]; then
        MIGSIM_LXD_OFFSET=${OFFSETS[k]} "$CLUSTER_SH" "$@"
    else
        "$CLUSTER_SH" "$@"
    fi
}

kill_tree() {
    local child
    for child in $(pgrep -P "$1"); do kill_tree "$child"; done
    kill -TERM "$1" 2>/dev/null || true
}

STARTED=0
teardown() {
    local rc=$?
    trap - EXIT INT TERM
    # lane workers still running (an interrupted suite) stop first, with
    # what they run (a background job does not get the terminal's SIGINT)
    local pid
    for pid in $(jobs -p); do kill_tree "$pid"; done
    wait 2>/dev/null || true
    # the lanes side by side, as they came up
    # (a lane whose worker ran out of jobs is down already)
    local k pids=()
    for ((k = 0; k < STARTED; k++)); do
        [[ -e $WORK/lane-$k.down ]] && continue
        tear_down_lane "$k" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || rc=1
    done
    exit "$rc"
}
tear_down_lane() {
    local k=$1 t
    t=$(now)
    if ! lane_cluster "$k" down "${DIRS[k]}" >&2; then
        log "warning: tear-down of ${DIRS[k]} failed"
        return 1
    fi
    log "tear-down of lane $k: $(elapsed "$t") s"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# The lanes are brought up side by side (until session 37 one after the
# other: about a minute each on CI's two cores, most of it waiting on the
# daemons' start and joins), each then seeded with the objects no scenario
# created (seed-foreign.sh: replay must leave them, and all of the
# cluster, byte-identical).  Every lane counts as started, so that the
# tear-down also takes a lane whose bring-up is cut short (down of a
# directory never brought up does nothing).
bring_up_lane() {
    local k=$1 t0 rc=0
    t0=$(now)
    lane_cluster "$k" up "${DIRS[k]}" >"$WORK/cluster-up-$k.out" || rc=$?
    if ((rc == 0)); then
        "$HERE/seed-foreign.sh" "${DIRS[k]}" "$PRODUCT" || rc=1
    fi
    echo "$rc $(elapsed "$t0")" >"$WORK/cluster-up-$k.rc"
}
STARTED=$LANES
for ((k = 0; k < LANES; k++)); do
    rm -f "$WORK/cluster-up-$k.rc" "$WORK/lane-$k.down"
    bring_up_lane "$k" &
done
wait
SOCKETS=()
for ((k = 0; k < LANES; k++)); do
    rc=1 secs='?'
    [[ -f $WORK/cluster-up-$k.rc ]] && read -r rc secs <"$WORK/cluster-up-$k.rc"
    # live-cluster.sh exits 77 when the product cannot run here: pass the skip on
    if ((rc == 77)); then
        log "SKIP: this host cannot run an $NAME cluster (see above)"
        exit 77
    fi
    ((rc == 0)) || { log "error: bring-up or seeding of lane $k failed (exit $rc)"; exit 1; }
    SOCKETS+=("$(tail -n 1 "$WORK/cluster-up-$k.out")")
    log "bring-up of lane $k: $secs s, socket ${SOCKETS[k]}"
done

mapfile -t files < <(find "$SCENARIOS" -maxdepth 1 -name '*.scn' | sort)
((${#files[@]})) || { log "error: no scenarios in $SCENARIOS"; exit 1; }

# LXD: the profile of the recorded cluster (the lane's offline-member faults
# are added per lane); Incus: the profile is detected from GET /1.0, no faults.
replay_opts=()
[[ $PRODUCT == lxd ]] && replay_opts=(--profile lxd-5.0.2)

# Kill tests (docs/live-replay.md, "The journal"): a fixed sample of kill
# points, SIGKILL and SIGINT, at step boundaries and in the middle of an
# operation (instance creation, evacuation, restore, a stateless move that
# makes LXD's lxd-move-of-<uuid> copy, a member taken offline: the journal
# and clean-up start it again); each recovered with --recover and compared
# with a snapshot of the whole cluster.  About 2-3 minutes, one job of the
# queue below; every step of every scenario is tests/live/kill-sweep.sh.
S=$SCENARIOS
KILL_CASES=(
    "$S/root-disk-default-profile.scn:3:boundary:KILL"
    "$S/root-disk-new-pool.scn:1:boundary:KILL"
    "$S/root-disk-new-pool.scn:2:boundary:KILL"
    "$S/evacuate-restore-volume.scn:6:mid:KILL"
    "$S/evacuate-restore-volume.scn:7:mid:KILL"
    "$S/evacuate-restore-volume.scn:6:mid:INT"
    "$S/move-containers.scn:5:mid:KILL"
    "$S/move-containers.scn:9:mid:KILL"
    "$S/volume-same-name.scn:2:boundary:INT"
    "$S/stateful-keys.scn:2:mid:KILL"
    "$S/offline-evacuation-target.scn:3:boundary:KILL"
    "$S/offline-evacuation-target.scn:3:mid:INT"
)

# The queue: the scenarios that take a member offline first (each waits
# out LXD's heartbeats, up to a minute and more), then the kill tests and
# the HTTPS check (LXD) and the import/preflight check, then the rest in
# name order, so that the long jobs do not all land at the end of one lane.
QUEUE=()
for f in "${files[@]}"; do grep -q '^fault ' "$f" && QUEUE+=("$f"); done
[[ $PRODUCT == lxd ]] && QUEUE+=(kill-tests https-check)
QUEUE+=(preflight-check)
for f in "${files[@]}"; do grep -q '^fault ' "$f" || QUEUE+=("$f"); done
rm -rf "$WORK/out"
mkdir -p "$WORK/out"
echo 0 >"$WORK/queue.next"
: >"$WORK/verdicts"
: >"$WORK/retried"

# The index of the next job in QUEUE (past its end when there is none).
claim() {
    local n
    {
        flock 9
        n=$(<"$WORK/queue.next")
        echo $((n + 1)) >"$WORK/queue.next"
    } 9>"$WORK/queue.lock"
    echo "$n"
}

# One job on lane K between two snapshots of the whole cluster
# (tests/live/snapshot.py: GET of every object) that must be equal:
#   between_snapshots K NAME COMMAND...   (COMMAND: 0 passed, else failed)
# The snapshot before is the one taken after the lane's previous job when
# that one left the cluster as it found it (LANE_STATE, set here; nothing
# else runs on a lane between two jobs), else a new one: one interpreter
# start and a GET of every object less per job; the snapshot after is
# taken and compared in one interpreter (--compare).  Exit 0 the command
# passed and the cluster is as it was, 1 the command failed, 2 the cluster
# was left changed (a changed cluster would spoil the jobs after this one:
# the lane is rebuilt), 3 the cluster stopped answering (a snapshot could
# not be taken: the daemon, not a difference; the lane is rebuilt and the
# job runs once more).
between_snapshots() {
    local k=$1 name=$2 rc=0 verdict=0
    shift 2
    local socket=${SOCKETS[k]}
    if [[ -n $LANE_STATE ]]; then
        cp "$LANE_STATE" "$WORK/snapshot-$name.before.json"
    elif ! python3 "$HERE/snapshot.py" "$socket" >"$WORK/snapshot-$name.before.json"; then
        log "error: $name: no snapshot before it: the cluster does not answer"
        return 3
    fi
    LANE_STATE=
    "$@" || verdict=1
    python3 "$HERE/snapshot.py" --compare "$socket" "$WORK/snapshot-$name.before.json" \
        "$WORK/snapshot-$name.after.json" >&2 || rc=$?
    case $rc in
    0) ;;
    4)
        log "error: $name: no snapshot after it: the cluster stopped answering"
        return 3
        ;;
    *)
        log "error: $name: the cluster is not as it was before"
        verdict=2
        ;;
    esac
    ((verdict == 2)) || LANE_STATE=$WORK/snapshot-$name.after.json
    return $verdict
}

# One scenario in its own replay on lane K (between_snapshots's command):
# 0 the same answers, 1 a difference, a failed replay, or a journal left
# behind.
replay_scenario() {
    local k=$1 f=$2 name rc=0
    local opts=("${replay_opts[@]}")
    [[ $PRODUCT == lxd ]] && opts+=(--fault-command "$CLUSTER_SH fault ${DIRS[k]}")
    name=$(basename "$f" .scn)
    "$MIGSIM" replay --remote "unix:${SOCKETS[k]}" "${opts[@]}" --yes \
        --member m1=m1 --member m2=m2 --member m3=m3 --image img=bb \
        --timeout 300 --color never --journal "$WORK/replay-$name.journal" \
        --json "$WORK/live-replay-$name.json" "$f" || rc=$?
    case $rc in
    0) ;;
    1) log "error: $name: the live cluster and the simulation differ (see DIFFERENT above)" ;;
    *) log "error: $name: replay failed with exit $rc" ;;
    esac
    if [[ -e $WORK/replay-$name.journal ]]; then
        log "error: $name: the replay left its journal behind"
        rc=1
    fi
    return "$rc"
}

# The checks that need a whole cluster of their own for a while, run as jobs
# of the queue on whichever lane is free (until session 37 on lane 0 after
# every scenario, about 170 s with the other lanes idle): the import and
# preflight check (issue 7: import changes nothing, preflight predicts the
# real evacuation and restore), and on LXD replay over HTTPS with
# certificates, as `lxc remote add` would connect.  Each between two
# snapshots like a scenario: what it creates it must remove.
preflight_check() {
    local k=$1 t rc=0
    t=$(now)
    if [[ $PRODUCT == incus ]]; then
        env CLIENT=incus SOCKET="${SOCKETS[k]}" INCUS_DIR="${DIRS[k]}/incus1" INCUS_CONF="${DIRS[k]}/conf" \
            "$HERE/../preflight/live-check.sh" "$MIGSIM" || rc=$?
    else
        env LIVE_ENV="${DIRS[k]}/env" "$HERE/../preflight/live-check.sh" "$MIGSIM" || rc=$?
    fi
    log "import/preflight live check: $(elapsed "$t") s (exit $rc)"
    ((rc == 0)) || log "error: the import/preflight live check failed"
    return "$rc"
}
https_check() {
    local k=$1 t rc=0
    t=$(now)
    "$HERE/https-check.sh" "$MIGSIM" "${DIRS[k]}" || rc=$?
    log "HTTPS replay check: $(elapsed "$t") s (exit $rc)"
    ((rc == 0)) || log "error: the HTTPS replay check failed"
    return "$rc"
}

# Lane K's cluster torn down and brought up again, as at the start (foreign
# objects seeded); its new socket in SOCKETS[k] of this lane's worker.
rebuild_lane() {
    local k=$1 t out=$WORK/cluster-rebuild-$1.out rc=0
    LANE_STATE=
    t=$(now)
    lane_cluster "$k" down "${DIRS[k]}" >&2 || log "warning: lane $k: tear-down before the rebuild failed"
    # the daemons' logs of the cluster that failed, kept beside the next ones
    REBUILDS=$((REBUILDS + 1))
    [[ -d ${DIRS[k]}.logs ]] && mv "${DIRS[k]}.logs" "${DIRS[k]}.logs.before-rebuild-$REBUILDS"
    lane_cluster "$k" up "${DIRS[k]}" >"$out" || rc=$?
    if ((rc != 0)); then
        log "error: lane $k: rebuild failed (exit $rc)"
        return 1
    fi
    SOCKETS[k]=$(tail -n 1 "$out")
    "$HERE/seed-foreign.sh" "${DIRS[k]}" "$PRODUCT" || { log "error: lane $k: seeding the rebuilt cluster failed"; return 1; }
    log "lane $k: cluster rebuilt in $(elapsed "$t") s, socket ${SOCKETS[k]}"
}

# One job (a scenario, the kill tests or a check) on lane K, its output
# in OUT; the verdict as between_snapshots's.
run_job() {
    local k=$1 job=$2 out=$3 rc=0
    case $job in
    kill-tests)
        # it kills replays mid-operation and checks each recovery itself:
        # the next job takes a snapshot of its own
        LANE_STATE=
        # kill-test.sh: 1 a case not recovered to an identical cluster
        "$HERE/kill-test.sh" "$MIGSIM" "${SOCKETS[k]}" "$WORK/kill" "${KILL_CASES[@]}" >"$out" 2>&1 || rc=2
        ;;
    preflight-check) between_snapshots "$k" "$job" preflight_check "$k" >"$out" 2>&1 || rc=$? ;;
    https-check) between_snapshots "$k" "$job" https_check "$k" >"$out" 2>&1 || rc=$? ;;
    *) between_snapshots "$k" "$(basename "$job" .scn)" replay_scenario "$k" "$job" >"$out" 2>&1 || rc=$? ;;
    esac
    return "$rc"
}

# Lane K takes jobs until the queue is empty.  A job that left the cluster
# changed fails, and the lane is rebuilt for the next job; a job whose
# cluster stopped answering runs once more on the rebuilt lane (its first
# output kept as OUT.first), and fails if it fails again.  A lane that
# cannot be rebuilt stops.
lane_worker() {
    local k=$1 n job name out t rc
    REBUILDS=0
    LANE_STATE=
    [[ $PRODUCT == lxd ]] && export MIGSIM_LXD_OFFSET=${OFFSETS[k]}
    while :; do
        n=$(claim)
        if ((n >= ${#QUEUE[@]})); then
            # nothing left for this lane: its cluster goes now, beside the
            # other lanes' last jobs, not after them
            tear_down_lane "$k" && : >"$WORK/lane-$k.down"
            return 0
        fi
        job=${QUEUE[n]}
        name=$(basename "$job" .scn)
        out=$WORK/out/$(printf '%03d' "$n")-$name.log
        t=$(now)
        rc=0
        run_job "$k" "$job" "$out" || rc=$?
        if ((rc == 3)); then
            log "lane $k: $name: the cluster stopped answering after $(elapsed "$t") s (not a difference; output in $out.first): rebuilding the lane, running it once more"
            mv "$out" "$out.first"
            echo "$name" >>"$WORK/retried"
            rebuild_lane "$k" || { echo "$n 3" >>"$WORK/verdicts"; return 0; }
            t=$(now)
            rc=0
            run_job "$k" "$job" "$out" || rc=$?
        fi
        echo "$n $rc" >>"$WORK/verdicts"
        log "lane $k: $name: $(case $rc in 0) echo ok ;; 1) echo FAILED ;; 2) echo "FAILED, cluster changed" ;; *) echo "FAILED, cluster not answering" ;; esac) ($(elapsed "$t") s)"
        if ((rc >= 2)); then
            rebuild_lane "$k" || return 0
        fi
    done
}

t=$(now)
for ((k = 0; k < LANES; k++)); do
    lane_worker "$k" &
done
wait
# every job's output, in queue order, as if one lane had run them
for out in "$WORK"/out/*.log; do
    [[ -e $out ]] && cat "$out"
done
failed=0
done_jobs=$(wc -l <"$WORK/verdicts")
if ((done_jobs < ${#QUEUE[@]})); then
    log "error: $((${#QUEUE[@]} - done_jobs)) of ${#QUEUE[@]} jobs did not run: no lane's cluster could be rebuilt"
    failed=1
fi
grep -qv ' 0$' "$WORK/verdicts" && failed=1
# The failed jobs' output again, last, where a CI log's tail shows it.
while read -r n rc; do
    ((rc == 0)) && continue
    for out in "$WORK"/out/"$(printf '%03d' "$n")"-*.log; do
        [[ -e $out ]] || continue
        log "failed job $(basename "$out" .log), verdict $rc; its last 60 lines:"
        tail -n 60 "$out" >&2
    done
done < <(sort -n "$WORK/verdicts")
if [[ -s $WORK/retried ]]; then
    log "run once more after their cluster stopped answering: $(sort "$WORK/retried" | tr '\n' ' ')(first outputs in $WORK/out/*.first)"
fi
log "replay of ${#files[@]} scenarios, $([[ $PRODUCT == lxd ]] && echo "the kill tests, the HTTPS check and ")the import/preflight check, each between two snapshots, on $LANES lane(s): $(elapsed "$t") s (failed=$failed)"
((failed == 0)) || exit 1
