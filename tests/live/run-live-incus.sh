#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The Incus half of the live suite: brings up a fresh 3-member Incus 6.0.4
# cluster (incus-cluster.sh, 127.0.0.4-6), replays every scenario of
# SCENARIO_DIR against it with `migsim replay` (the profile is detected from
# GET /1.0: incus-6.0.4), requires zero differences, and always tears the
# cluster down again.  Callers outside CI serialise with
# `flock /tmp/migsim-incus-live.lock`.
#
#   run-live-incus.sh MIGSIM SCENARIO_DIR [WORK_DIR]
#
# Exit codes: 0 no difference, 1 differences or a failed replay, 2 usage,
# 77 this host cannot run Incus.

set -euo pipefail

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

(($# >= 2 && $# <= 3)) || { printf 'usage: %s MIGSIM SCENARIO_DIR [WORK_DIR]\n' "${0##*/}" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
SCENARIOS=$(realpath -- "$2")
WORK=$(realpath -m -- "${3:-/tmp/migsim-incus-$$}")
HERE=$(dirname -- "$(realpath -- "$0")")
CLUSTER_SH=$HERE/incus-cluster.sh

[[ -x $MIGSIM ]] || { log "error: '$MIGSIM' is not executable"; exit 2; }
[[ -d $SCENARIOS ]] || { log "error: '$SCENARIOS' is not a directory"; exit 2; }
mkdir -p "$WORK"

DIR=$WORK/incus-cluster
# unix socket paths are limited (lxd-cluster.sh refuses more than 80 bytes)
((${#DIR} <= 60)) || DIR=/tmp/migsim-incus-$$

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
# incus-cluster.sh exits 77 when Incus cannot run here: pass the skip on
if ((rc == 77)); then
    log "SKIP: this host cannot run an Incus cluster (see above)"
    exit 77
fi
STARTED=1
((rc == 0)) || { log "error: bring-up failed (exit $rc)"; exit 1; }
SOCKET=$(tail -n 1 "$WORK/cluster-up.out")
log "bring-up: $(elapsed "$t0") s, socket $SOCKET"

mapfile -t files < <(find "$SCENARIOS" -maxdepth 1 -name '*.scn' | sort)
((${#files[@]})) || { log "error: no scenarios in $SCENARIOS"; exit 1; }

# Objects the scenarios did not create: replay must leave them (and all of
# the cluster) byte-identical.  A profile with a key and a disk, a custom
# volume it uses, a server key.  No instance: the scenarios evacuate every
# member, and a foreign instance would be moved (and counted in placement).
lxc1() { INCUS_DIR=$DIR/incus1 INCUS_CONF=$DIR/conf timeout 120 incus "$@"; }
lxc1 storage volume create local keepvol --target m2 >/dev/null
lxc1 profile create keep >/dev/null
lxc1 profile set keep user.migsim.keep=1
lxc1 profile device add keep data disk pool=local source=keepvol path=/srv >/dev/null
lxc1 config set images.auto_update_interval 12

# Every scenario in its own replay, between two snapshots of the whole
# cluster (tests/live/snapshot.py: GET of every object) that must be equal.
t=$(now)
failed=0
dirty=0
for f in "${files[@]}"; do
    name=$(basename "$f" .scn)
    python3 "$HERE/snapshot.py" "$SOCKET" >"$WORK/snapshot-$name.before.json"
    set +e
    "$MIGSIM" replay --remote "unix:$SOCKET" --yes \
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

# import and preflight against Incus: the import must detect Incus and
# change nothing, the preflight must predict the real evacuation and restore
t=$(now)
CLIENT=incus SOCKET=$SOCKET INCUS_DIR=$DIR/incus1 INCUS_CONF=$DIR/conf \
    "$HERE/../preflight/live-check.sh" "$MIGSIM" || { log "error: import/preflight live check failed"; exit 1; }
log "import/preflight live check: $(elapsed "$t") s"
