#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The live suite: brings up a fresh 3-member LXD 5.0.2 cluster, replays
# every scenario of SCENARIO_DIR against it with `migsim replay`, requires
# zero differences, and always tears the cluster down again.
#
#   run-live.sh MIGSIM SCENARIO_DIR [WORK_DIR]
#
# The cluster lives in WORK_DIR/lxd-cluster (or /tmp/migsim-live-$$ when
# that path is too long for a unix socket); the replay's JSON report and
# the cluster logs are left in WORK_DIR.  Exit codes: 0 no difference,
# 1 differences or a failed replay, 2 usage, 77 this host cannot run LXD.

set -euo pipefail

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

(($# >= 2 && $# <= 3)) || { printf 'usage: %s MIGSIM SCENARIO_DIR [WORK_DIR]\n' "${0##*/}" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
SCENARIOS=$(realpath -- "$2")
WORK=$(realpath -m -- "${3:-/tmp/migsim-live-$$}")
HERE=$(dirname -- "$(realpath -- "$0")")
CLUSTER_SH=$HERE/lxd-cluster.sh

[[ -x $MIGSIM ]] || { log "error: '$MIGSIM' is not executable"; exit 2; }
[[ -d $SCENARIOS ]] || { log "error: '$SCENARIOS' is not a directory"; exit 2; }
mkdir -p "$WORK"

DIR=$WORK/lxd-cluster
# unix socket paths are limited (lxd-cluster.sh refuses more than 80 bytes)
((${#DIR} <= 60)) || DIR=/tmp/migsim-live-$$

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
# lxd-cluster.sh exits 77 when LXD cannot run here: pass the skip on
if ((rc == 77)); then
    log "SKIP: this host cannot run an LXD cluster (see above)"
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
"$HERE/seed-foreign.sh" "$DIR"

# Every scenario in its own replay, between two snapshots of the whole
# cluster (tests/live/snapshot.py: GET of every object) that must be equal.
t=$(now)
failed=0
dirty=0
for f in "${files[@]}"; do
    name=$(basename "$f" .scn)
    python3 "$HERE/snapshot.py" "$SOCKET" >"$WORK/snapshot-$name.before.json"
    set +e
    "$MIGSIM" replay --remote "unix:$SOCKET" --profile lxd-5.0.2 --yes \
        --member m1=m1 --member m2=m2 --member m3=m3 --image img=bb \
        --fault-command "$CLUSTER_SH fault $DIR" \
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

# Kill tests (docs/live-replay.md, "The journal"): a fixed sample of kill
# points, SIGKILL and SIGINT, at step boundaries and in the middle of an
# operation (instance creation, evacuation, restore, a stateless move that
# makes LXD's lxd-move-of-<uuid> copy); each recovered with --recover and
# compared with a snapshot of the whole cluster.  About 2 minutes; every
# step of every scenario is tests/live/kill-sweep.sh.
t=$(now)
S=$SCENARIOS
set +e
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
    "$S/stateful-keys.scn:2:mid:KILL"
rc=$?
set -e
log "kill tests: $(elapsed "$t") s (exit $rc)"
((rc == 0)) || { log "error: a killed replay was not recovered to an identical cluster"; exit 1; }

# The import/preflight check (issue 7) runs on the same cluster: import
# must change nothing, and preflight's prediction of an evacuation must
# match what the real evacuation then does.
t=$(now)
set +e
LIVE_ENV="$DIR/env" "$HERE/../preflight/live-check.sh" "$MIGSIM"
rc=$?
set -e
log "import/preflight live check: $(elapsed "$t") s (exit $rc)"
((rc == 0)) || { log "error: the preflight live check failed"; exit 1; }

# Replay over HTTPS with certificates, as `lxc remote add` would connect.
t=$(now)
set +e
"$HERE/https-check.sh" "$MIGSIM" "$DIR"
rc=$?
set -e
log "HTTPS replay check: $(elapsed "$t") s (exit $rc)"
((rc == 0)) || { log "error: the HTTPS replay check failed"; exit 1; }
