#!/bin/bash
# migsim serve --speed (docs/serve.md#speed) with Debian's real lxc 5.0.2:
# at --speed 0.25 an evacuation is an operation that runs for its simulated
# time (model/ms-clock.c) and is observed running, with LXD's progress
# metadata, before it succeeds; `lxc cluster evacuate` prints the progress
# texts of lxd/api_cluster.go:2936,2967 at lxd-5.0.2 (hand-written below);
# a wait with a timeout shorter than the operation comes back with it still
# running (lxd/operations.go:883-901); and the cluster ends in the same
# state as at speed 0.
#
#   speed.sh MIGSIM LXC SCENARIO
#
# SCENARIO's commands up to its first `lxc cluster evacuate` make the start
# state (migsim state), and the evacuation is typed at speed 0 and 0.25.
#
# Exit status: 0 as expected, 1 a difference (printed), 77 no lxc.
set -uo pipefail
MIGSIM=$1 LXC=$2 SCN=$3
command -v "$LXC" >/dev/null || { echo "SKIP: no $LXC" >&2; exit 77; }
. "$(dirname "$0")/lib.sh"
# the state before the scenario's first evacuation
sed '/^lxc cluster evacuate/,$d' "$SCN" >"$TMP/setup.scn"
"$MIGSIM" state "$TMP/setup.scn" >"$TMP/state.json" || exit 1
start() { # SPEED
    rm -rf "$TMP/dir" "$TMP/serve.out" # not the last start's "serving" (https.sh)
    "$MIGSIM" serve --speed "$1" --dir "$TMP/dir" --state "$TMP/state.json" >"$TMP/serve.out" 2>&1 &
    SERVE=$!
    wait_serving
}
stop() { kill "$SERVE"; wait "$SERVE"; RC=$?; SERVE=; }
lxc() { LXD_DIR="$TMP/dir/m1" LXD_CONF="$TMP/conf" "$LXC" "$@"; }
field() { python3 -c 'import json,sys; print(eval("json.load(sys.stdin)" + sys.argv[1]))' "$1"; }
status() { lxc query "/1.0/operations/$1${2:-}" | field '["status"]'; }
final_state() {
    lxc list --format csv -c nsL
    lxc cluster list --format csv | cut -d, -f1,5
}

# speed 0 (the default): done when created
start 0 || exit 1
lxc list >/dev/null 2>&1 # lxc's first-run notice
lxc cluster evacuate m1 --force >/dev/null 2>&1
check "speed 0: the evacuation's operation is done when created" Success \
    "$(status "$(lxc query /1.0/operations | field '["success"][-1].split("/")[-1]')")"
final_state >"$TMP/state0"
stop
check "speed 0: the server exits 0 on SIGTERM" 0 "$RC"

# speed 0.25: four times as long as on the live cluster, so that the checks
# below fall inside the evacuation even on a loaded machine
start 0.25 || exit 1
start_s=$(date +%s.%N)
lxc cluster evacuate m1 --force >"$TMP/evacuate.out" 2>&1 &
EVAC=$!
ID=
for _ in $(seq 100); do
    ID=$(lxc query /1.0/operations | field '.get("running", [""])[0].split("/")[-1]')
    [ -n "$ID" ] && break
    sleep 0.1
done
check "speed 0.25: the evacuation is listed running" Running "$(status "$ID")"
check "speed 0.25: a wait with timeout=1 comes back with it still running" Running \
    "$(status "$ID" "/wait?timeout=1")"
# the targets are the model's, the texts LXD's
PROGRESS='Migrating "er1" in project "default" to "m2"
Starting "er1" in project "default"
Migrating "er2" in project "default" to "m3"
Migrating "er3" in project "default" to "m2"'
# which step it is at depends on when the request comes: any of them
check "speed 0.25: the progress metadata is LXD's (evacuation_progress, one of the steps)" yes \
    "$(lxc query "/1.0/operations/$ID" | python3 -c 'import json,sys
m = json.load(sys.stdin)["metadata"]
print("yes" if list(m) == ["evacuation_progress"] and m["evacuation_progress"] in sys.argv[1].split("\n") else m)' "$PROGRESS")"
check "speed 0.25: a wait without timeout ends with its success" Success "$(status "$ID" /wait)"
wait $EVAC
rc=$?
took=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start_s" "$(date +%s.%N)")
check "speed 0.25: lxc cluster evacuate exits 0" 0 "$rc"
# lxc draws the progress even when stdout is not a terminal
# (lxc/utils/progress.go:102-108 at lxd-5.0.2), each line over the last
check "speed 0.25: lxc cluster evacuate shows LXD's progress texts" \
    "$(sed 's/^/Evacuating cluster member: /' <<<"$PROGRESS")" \
    "$(tr '\r' '\n' <"$TMP/evacuate.out" | grep -v '^ *$' | uniq)"
# 0.05 s + 1.1 s and 0.16 s for er1 + 1.1 s each for er2 and er3 = 3.51 s
# simulated, 14.04 s at 0.25
check "speed 0.25: the evacuation took its simulated time (14.04 s, at least 13.5 s)" yes \
    "$(python3 -c "import sys; print('yes' if float(sys.argv[1]) >= 13.5 else 'no: ' + sys.argv[1])" "$took")"
final_state >"$TMP/state1"
check "speed 0.25: the final state is the one at speed 0" "$(cat "$TMP/state0")" "$(cat "$TMP/state1")"
stop
check "speed 0.25: the server exits 0 on SIGTERM" 0 "$RC"
exit $fail
