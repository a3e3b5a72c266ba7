#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The live suite: brings up a fresh 3-member LXD 5.0.2 cluster, replays
# every scenario of SCENARIO_DIR against it with `migsim replay`, requires
# zero differences, and always tears the cluster down again.  With --incus
# (run-live-incus.sh) the same against a fresh Incus 6.0.4 cluster
# (incus-cluster.sh, 127.0.0.4-6; the profile is detected from GET /1.0:
# incus-6.0.4) and its import/preflight check, without the LXD-only kill and
# HTTPS checks.
# Callers outside CI serialise with `flock /tmp/migsim-lxd-live.lock`
# (`flock /tmp/migsim-incus-live.lock`).
#
#   run-live.sh [--incus] MIGSIM SCENARIO_DIR [WORK_DIR]
#
# The cluster lives in WORK_DIR/lxd-cluster (or /tmp/migsim-live-$$ when
# that path is too long for a unix socket; incus-cluster, /tmp/migsim-incus-$$);
# the replay's JSON report and the cluster logs are left in WORK_DIR.  Exit
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

DIR=$WORK/$PRODUCT-cluster
# unix socket paths are limited (live-cluster.sh refuses more than 80 bytes)
((${#DIR} <= 60)) || DIR=/tmp/migsim-$TMP-$$

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

STARTED=0
teardown() {
    local rc=$?
    trap - EXIT INT TERM
    if ((STARTED)); then
        local t
        t=$(now)
        "$CLUSTER_SH" down "$DIR" >&2 || { log "warning: tear-down of $DIR failed"; rc=1; }
        log "tear-down: $(elapsed "$t") s"
    fi
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

t0=$(now)
set +e
"$CLUSTER_SH" up "$DIR" >"$WORK/cluster-up.out"
rc=$?
set -e
# live-cluster.sh exits 77 when the product cannot run here: pass the skip on
if ((rc == 77)); then
    log "SKIP: this host cannot run an $NAME cluster (see above)"
    exit 77
fi
STARTED=1
((rc == 0)) || { log "error: bring-up failed (exit $rc)"; exit 1; }
SOCKET=$(tail -n 1 "$WORK/cluster-up.out")
log "bring-up: $(elapsed "$t0") s, socket $SOCKET"

mapfile -t files < <(find "$SCENARIOS" -maxdepth 1 -name '*.scn' | sort)
((${#files[@]})) || { log "error: no scenarios in $SCENARIOS"; exit 1; }

# Objects the scenarios did not create: replay must leave them (and all of
# the cluster) byte-identical.
"$HERE/seed-foreign.sh" "$DIR" "$PRODUCT"

# LXD: the profile of the recorded cluster and its offline-member faults;
# Incus: the profile is detected from GET /1.0, no faults.
replay_opts=()
if [[ $PRODUCT == lxd ]]; then
    replay_opts=(--profile lxd-5.0.2 --fault-command "$CLUSTER_SH fault $DIR")
fi

# Every scenario in its own replay, between two snapshots of the whole
# cluster (tests/live/snapshot.py: GET of every object) that must be equal.
t=$(now)
failed=0
dirty=0
for f in "${files[@]}"; do
    name=$(basename "$f" .scn)
    python3 "$HERE/snapshot.py" "$SOCKET" >"$WORK/snapshot-$name.before.json"
    set +e
    "$MIGSIM" replay --remote "unix:$SOCKET" "${replay_opts[@]}" --yes \
        --member m1=m1 --member m2=m2 --member m3=m3 --image img=bb \
        --timeout 300 --color never --journal "$WORK/replay-$name.journal" \
        --json "$WORK/live-replay-$name.json" "$f"
    rc=$?
    set -e
    case $rc in
    0) ;;
    1) log "error: $name: the live cluster and the simulation differ (see DIFFERENT above)"; failed=1 ;;
    *) log "error: $name: replay failed with exit $rc"; failed=1 ;;
    esac
    python3 "$HERE/snapshot.py" "$SOCKET" >"$WORK/snapshot-$name.after.json"
    if ! python3 "$HERE/snapshot.py" --diff "$WORK/snapshot-$name.before.json" "$WORK/snapshot-$name.after.json" >&2; then
        log "error: $name: the cluster is not as it was before the replay"
        failed=1 dirty=1
    fi
    if [[ -e $WORK/replay-$name.journal ]]; then
        log "error: $name: the replay left its journal behind"
        failed=1 dirty=1
    fi
    # a changed cluster would spoil the scenarios after this one
    ((dirty == 0)) || break
done
log "replay of ${#files[@]} scenarios, each between two snapshots: $(elapsed "$t") s (failed=$failed)"
((failed == 0)) || exit 1

# One check on the same cluster: WHAT ERROR COMMAND...; its time and exit
# are logged, and a failure ends the suite with ERROR.
check() {
    local what=$1 error=$2 t rc
    shift 2
    t=$(now)
    set +e
    "$@"
    rc=$?
    set -e
    log "$what: $(elapsed "$t") s (exit $rc)"
    ((rc == 0)) || { log "error: $error"; exit 1; }
}

# Incus: import and preflight; the import must detect Incus and change
# nothing, the preflight must predict the real evacuation and restore.
if [[ $PRODUCT == incus ]]; then
    check "import/preflight live check" "import/preflight live check failed" \
        env CLIENT=incus SOCKET="$SOCKET" INCUS_DIR="$DIR/incus1" INCUS_CONF="$DIR/conf" \
        "$HERE/../preflight/live-check.sh" "$MIGSIM"
    exit 0
fi

# Kill tests (docs/live-replay.md, "The journal"): a fixed sample of kill
# points, SIGKILL and SIGINT, at step boundaries and in the middle of an
# operation (instance creation, evacuation, restore, a stateless move that
# makes LXD's lxd-move-of-<uuid> copy, a member taken offline: the journal
# and clean-up start it again); each recovered with --recover and compared
# with a snapshot of the whole cluster.  About 3 minutes; every step of
# every scenario is tests/live/kill-sweep.sh.
S=$SCENARIOS
check "kill tests" "a killed replay was not recovered to an identical cluster" \
    "$HERE/kill-test.sh" "$MIGSIM" "$SOCKET" "$WORK/kill" \
    "$S/root-disk-default-profile.scn:3:boundary:KILL" \
    "$S/root-disk-new-pool.scn:1:boundary:KILL" \
    "$S/root-disk-new-pool.scn:2:boundary:KILL" \
    "$S/evacuate-restore-volume.scn:6:mid:KILL" \
    "$S/evacuate-restore-volume.scn:7:mid:KILL" \
    "$S/evacuate-restore-volume.scn:6:mid:INT" \
    "$S/move-containers.scn:5:mid:KILL" \
    "$S/move-containers.scn:9:mid:KILL" \
    "$S/volume-same-name.scn:2:boundary:INT" \
    "$S/stateful-keys.scn:2:mid:KILL" \
    "$S/offline-evacuation-target.scn:3:boundary:KILL" \
    "$S/offline-evacuation-target.scn:3:mid:INT"

# The import/preflight check (issue 7) runs on the same cluster: import
# must change nothing, and preflight's prediction of an evacuation must
# match what the real evacuation then does.
check "import/preflight live check" "the preflight live check failed" \
    env LIVE_ENV="$DIR/env" "$HERE/../preflight/live-check.sh" "$MIGSIM"

# Replay over HTTPS with certificates, as `lxc remote add` would connect.
check "HTTPS replay check" "the HTTPS replay check failed" \
    "$HERE/https-check.sh" "$MIGSIM" "$DIR"
