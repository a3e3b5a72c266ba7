#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Kill `migsim replay` part-way, recover, and prove the cluster is as it was
# (docs/live-replay.md, "The journal").  For each case:
#
#   1. snapshot the whole cluster (snapshot.py: GET of every object);
#   2. start the replay of SCENARIO with a fresh --journal;
#   3. wait until it has printed its journal's path (its signal handlers are
#      in place from then on: a background job of a script starts with
#      SIGINT ignored, so an earlier SIGINT would be lost, not tested), then
#      until it has printed K command steps (each step's block is
#      printed and flushed when the step is done, so the process is then
#      between steps: a step boundary); with "mid", wait further until LXD
#      runs an operation of the next step (a case whose next step starts no
#      operation within 5 s is reported as "no operation" and killed there);
#   4. send SIGNAL (KILL or INT);
#   5. run `migsim replay --recover JOURNAL` if the journal is still there
#      (after SIGINT replay cleans up itself and removes it);
#   6. snapshot again: it must equal the first one, and no journal may be left.
#
#   kill-test.sh MIGSIM SOCKET WORK_DIR CASE...
#   CASE = SCENARIO_FILE:K:boundary|mid:KILL|INT
#
# With UNTIL=T (seconds since the epoch) no case is started after time T
# (kill-sweep.sh: the cases that fit in one hold of the live lock); the
# cases left are not counted.
#
# Prints one line per case and a summary; exit 0 when every case recovered
# to an identical cluster, 1 otherwise, 2 usage.  The cluster must be up
# (tests/live/lxd-cluster.sh) and the caller holds the live lock.

set -uo pipefail

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

(($# >= 4)) || { printf 'usage: %s MIGSIM SOCKET WORK_DIR SCENARIO:K:boundary|mid:KILL|INT...\n' "${0##*/}" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
SOCKET=$2
WORK=$3
shift 3
HERE=$(dirname -- "$(realpath -- "$0")")
SNAP=$HERE/snapshot.py
# SOCKET is DIR/lxd1/unix.socket of a cluster of lxd-cluster.sh, whose
# "fault DIR" is replay's --fault-command (MIGSIM_LXD_OFFSET, if set, is
# inherited: a lane's own cluster)
FAULT_COMMAND="$HERE/lxd-cluster.sh fault $(dirname -- "$(dirname -- "$SOCKET")")"
# The interpreter itself, resolved once: a version manager's python3 shim
# (pyenv) runs shell scripts on every start (3.5 s at a load average of 20,
# for a snapshot that takes 0.4 s), and a case starts python three times.
PY=$(python3 -c 'import sys; print(sys.executable)') || { log "error: no python3"; exit 2; }
mkdir -p "$WORK"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Steps replay has finished: the blocks of command steps and pool directives.
steps_done() {
    local n
    n=$(grep -cE '^ *[0-9]+  (\$ |pool )' "$1" 2>/dev/null)
    printf '%s' "${n:-0}"
}

n_ok=0 n_bad=0 n_noop=0
deadline=${UNTIL:-}
[[ -z $deadline || $deadline =~ ^[0-9]+$ ]] || { log "error: UNTIL must be a time in seconds since the epoch"; exit 2; }
last_after=""
t_all=$(now)
for case in "$@"; do
    IFS=: read -r scn k where sig <<<"$case"
    name=$(basename "$scn" .scn)
    if [[ ! -f $scn || ! $k =~ ^[0-9]+$ || ! $where =~ ^(boundary|mid)$ || ! $sig =~ ^(KILL|INT)$ ]]; then
        log "error: bad case '$case'"
        exit 2
    fi
    id="$name-$k-$where-$sig"
    journal=$WORK/$id.journal
    rm -f "$journal"
    if [[ -n $deadline ]] && (($(date +%s) >= deadline)); then
        log "stopped before $id: UNTIL $deadline has passed"
        break
    fi
    t=$(now)
    # The snapshot after an identical case is this case's snapshot before:
    # the cluster is quiet in between (nothing runs and nothing is
    # created), and every case then still compares with the state the
    # chunk started from.
    if [[ -n $last_after ]]; then
        cp "$last_after" "$WORK/$id.before.json"
    else
        "$PY" "$SNAP" "$SOCKET" >"$WORK/$id.before.json"
    fi
    last_after=""
    : >"$WORK/$id.out"
    # the offline-member scenarios need the fault command (run-live.sh
    # passes the same): without it replay refused them at once and every
    # case of theirs was identical without having changed anything
    "$MIGSIM" replay --remote "unix:$SOCKET" --profile lxd-5.0.2 --yes \
        --fault-command "$FAULT_COMMAND" \
        --member m1=m1 --member m2=m2 --member m3=m3 --image img=bb \
        --timeout 120 --color never --journal "$journal" "$scn" >"$WORK/$id.out" 2>&1 &
    pid=$!
    t_start=$(now)
    # 3. the kill point
    killed_at=""
    for ((i = 0; i < 6000; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        if grep -q '^journal: ' "$WORK/$id.out" && (($(steps_done "$WORK/$id.out") >= k)); then
            killed_at=boundary
            break
        fi
        sleep 0.02
    done
    if [[ $killed_at == boundary && $where == mid ]]; then
        killed_at="no operation"
        "$PY" "$SNAP" --wait-running "$SOCKET" 5 "$pid" && killed_at=mid
    fi
    if kill -0 "$pid" 2>/dev/null; then
        kill -s "$sig" "$pid"
    else
        killed_at="after the end"
    fi
    wait "$pid" 2>/dev/null
    rc=$?
    t_replay=$(elapsed "$t_start")
    # 5. recover what the journal lists
    recovered="-"
    records=0
    t_rec=$(now)
    if [[ -e $journal ]]; then
        records=$(($(wc -l <"$journal") - 1))
        "$MIGSIM" replay --recover "$journal" --timeout 120 >"$WORK/$id.recover" 2>&1
        recovered="exit $? ($(grep -c '^clean-up:' "$WORK/$id.recover") actions for $records records)"
    fi
    t_rec=$(elapsed "$t_rec")
    verdict=identical
    if ! "$PY" "$SNAP" --compare "$SOCKET" "$WORK/$id.before.json" "$WORK/$id.after.json" >"$WORK/$id.diff"; then
        verdict=DIFFERENT
    fi
    [[ -e $journal ]] && verdict="$verdict, JOURNAL LEFT"
    printf '%-46s killed %-13s replay exit %-3s recover %-32s -> %s (%s s: replay %s, recover %s)\n' \
        "$id" "${killed_at:-never}" "$rc" "$recovered" "$verdict" "$(elapsed "$t")" "$t_replay" "$t_rec"
    if [[ $verdict == identical ]]; then
        last_after=$WORK/$id.after.json
        n_ok=$((n_ok + 1))
        [[ $killed_at == "no operation" ]] && n_noop=$((n_noop + 1))
    else
        n_bad=$((n_bad + 1))
        cat "$WORK/$id.diff" "$WORK/$id.recover" 2>/dev/null | head -40
        # a changed cluster spoils every case after this one
        break
    fi
done
log "$((n_ok + n_bad)) cases: $n_ok identical after recovery ($n_noop mid cases had no operation to interrupt), $n_bad not; $(elapsed "$t_all") s"
((n_bad == 0))
