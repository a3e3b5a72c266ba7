#!/bin/sh
# migsim preflight from the command line: the #15218 state, exit codes,
# JSON output, and bad state files (exit 3, the JSON path named).
#
#   test-preflight.sh MIGSIM DATA_DIR
set -u

MIGSIM=$1
DATA=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0

fail() { echo "FAIL: $*"; FAILED=1; }

# run EXPECTED_EXIT ARGS...: output in $TMP/out, stderr in $TMP/err
run() {
    want=$1
    shift
    "$MIGSIM" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    [ "$got" = "$want" ] || fail "migsim $* exited $got, expected $want: $(cat "$TMP/err")"
}

has() { grep -qF -- "$1" "$TMP/$2" || fail "'$1' not in $2 of: $(head -c 2000 "$TMP/$2")"; }

RESTORE_ERROR='Error: Failed starting instance "v1": Failed start validation for device "foo": Only additional disks coming from a shared storage pool are supported with migration.stateful=true'

# 1. the #15218 change: accepted, and the restore of m1 would fail on v1
run 1 preflight --state "$DATA/lxd-15218.json" --json "$TMP/report.json" -- lxc config set instances.migration.stateful true
has 'accepted' out
has 'v1               would not start [DISK.STATEFUL.REMOTE_POOL] (new with this change)' out
has "$RESTORE_ERROR" out
has 'm1 stays EVACUATED.' out
has '$ lxc config set v1 migration.stateful=false' out
has '$ lxc storage volume detach local foo v1 foo' out
has '$ lxc cluster restore m1 --action=skip' out
has 'not simulated: this cluster has no remote pool' out
has 'Result: 1 problem: something would break.' out
has '"rule" : "DISK.STATEFUL.REMOTE_POOL"' report.json
has '"breaks" : true' report.json
python3 - "$TMP/report.json" <<'PY' || fail "JSON report content"
import json, sys
r = json.load(open(sys.argv[1]))
m1 = r["members"][0]
assert m1["member"] == "m1" and not m1["restore"]["ok"], m1
f = m1["restore"]["failures"][0]
assert f["instance"] == "v1" and f["new"] and f["rule"] == "DISK.STATEFUL.REMOTE_POOL", f
assert f["error"].startswith('Failed starting instance "v1": '), f
works = {w["commands"][0] for w in f["ways_out"] if w["works"]}
assert "lxc config set v1 migration.stateful=false" in works, works
assert "lxc cluster restore m1 --action=skip" in works, works
assert all(m["restore"]["ok"] for m in r["members"][1:]), r["members"]
PY

# 2. the same on 5.21.3: no skip action yet, the older wording
run 1 preflight --state "$DATA/lxd-15218.json" --profile lxd-5.21.3 -- lxc config set instances.migration.stateful true
has 'Error: Failed to start instance "v1": Failed start validation for device "foo"' out
has 'not available in lxd-5.21.3' out

# 2b. the same change on a state that has it already (hand-15218.json sets
# instances.migration.stateful=true): v1 failed before it as well, so its
# failure is not new (the check before the change must restore m1 too)
run 1 preflight --state "$DATA/hand-15218.json" --profile lxd-5.21.7 -- lxc config set instances.migration.stateful true
has 'v1               would not start [DISK.STATEFUL.REMOTE_POOL]' out
if grep -qF '(new with this change)' "$TMP/out"; then fail "a failure of the state before the change marked new"; fi

# 2c. 2b at lxd-6.9 (the restore's start: api_cluster_member.go:2093
# "Failed starting instance", the VM's validation driver_qemu.go:1353, the
# disk's device/disk.go:656): not new either
run 1 preflight --state "$DATA/hand-15218.json" --profile lxd-6.9 -- lxc config set instances.migration.stateful true
has 'Error: Failed starting instance "v1": Failed start validation for device "foo": Only additional disks coming from a shared storage pool are supported with migration.stateful=true' out
has 'v1               would not start [DISK.STATEFUL.REMOTE_POOL]' out
if grep -qF '(new with this change)' "$TMP/out"; then fail "lxd-6.9: a failure of the state before the change marked new"; fi

# 2d. the other way at lxd-5.0.2, which has no server key (none in
# lxd/cluster/config/config.go, lxd/db/profiles.go:176-197 expands without
# it): hand-15218.json's instances.migration.stateful=true does nothing
# there, so v1 started before the profile change and its failure after it is
# new (api_cluster.go:3077 "Failed to start instance", driver_qemu.go:959)
run 1 preflight --state "$DATA/hand-15218.json" --profile lxd-5.0.2 -- lxc profile set default migration.stateful=true
has 'v1               would not start [START.SIZE_STATE_502] (new with this change)' out
has 'Error: Failed to start instance "v1": Stateful start requires that the instance limits.memory is less than size.state on the root disk device' out

# 3. a harmless change: exit 0
run 0 preflight --state "$DATA/lxd-15218.json" -- lxc config set v1 user.note hello
has 'Result: nothing would break.' out

# 4. a refused change: exit 1, LXD's error
run 1 preflight --state "$DATA/seed-5.0.2.json" -- lxc config set instances.migration.stateful true
has "REFUSED: Error: cannot set 'instances.migration.stateful' to 'true': unknown key" out

# 5. an evacuation plan: where each instance goes
run 0 preflight --state "$DATA/seed-5.0.2.json" -- lxc cluster evacuate m1
has 'c1               is stopped, stays on m1' out
has 'c2               moves to m2 and is started there' out
has 'c2               moves back to m1 and is started' out

# 6. several steps with --scenario
cat >"$TMP/steps.scn" <<'SCN'
lxc config set instances.migration.stateful true
# v1 runs: its own key cannot change now, nor a profile's that reaches
# it; the profile is saved all the same (lxd/profiles_utils.go:80-150 and
# driver_qemu.go:6063 at lxd-5.21.7)
lxc config set v1 migration.stateful=false
Error: Key "migration.stateful" cannot be updated when VM is running
lxc profile set default migration.stateful=false
expect error "Instance: v1: Key \"migration.stateful\" cannot be updated when VM is running"
expect instance v1 expanded migration.stateful false
SCN
run 0 preflight --state "$DATA/lxd-15218.json" --scenario "$TMP/steps.scn"
has 'Result: nothing would break.' out
# the same change alone: saved, refused by v1, a problem; the sweep runs
# on the changed cluster
run 1 preflight --state "$DATA/lxd-15218.json" -- lxc profile set default migration.stateful=false
has 'SAVED, BUT REFUSED BY INSTANCES: Error: The following instances failed to update (profile change still saved):' out
has 'Evacuate, then restore, each member on its own (from the state after the change)' out
has 'Result: 1 problem: something would break.' out
# a line migsim does not simulate (lxc exec) is skipped, as 'migsim run'
# skips it (preflight crashed on it before it used the runner's step loop)
printf 'lxc exec v1 -- true\nlxc config set instances.migration.stateful true\n' >"$TMP/noop.scn"
run 1 preflight --state "$DATA/lxd-15218.json" --scenario "$TMP/noop.scn"
has 'Result: 1 problem: something would break.' out

# 6b. a way out that running users refuse is saved all the same
# (lxd/profiles_utils.go:90-160 at lxd-5.21.7): the way names who refuses
# it when the operator runs it, after the evacuation: v2 (a VM running on
# m2), not v1 (running before the evacuation of m1, stopped after it;
# driver_qemu.go:6063 at lxd-5.21.7 refuses migration.stateful only on a
# running VM)
run 1 preflight --state "$DATA/saved-refused.json" -- lxc config set instances.migration.stateful true
has '-> `lxc profile set default migration.stateful=false` fails, the profile saved all the same (PROFILE.UPDATE_SAVED), not applied now to v2; the restore succeeds; v1 is RUNNING on m1' out
grep -qF 'v1 refuses it' "$TMP/out" && fail "v1 is stopped when the way out runs: $(cat "$TMP/out")"

# 7. bad state files: exit 3 with the file and JSON path
sed 's/"status" : "RUNNING"/"status" : 7/' "$DATA/lxd-15218.json" >"$TMP/bad.json"
run 3 preflight --state "$TMP/bad.json" -- lxc list
has "$TMP/bad.json: \$.instances[0].status: expected a string, got a number" err
sed 's/"name" : "v1",/"name" : "v1", "architecture" : "x86_64",/' "$DATA/lxd-15218.json" >"$TMP/bad2.json"
run 3 preflight --state "$TMP/bad2.json" -- lxc list
has '$.instances[0].architecture: unknown field' err
run 3 preflight --state "$TMP/missing.json" -- lxc list
has "missing.json" err
printf '{"release": "lxd-6.9"' >"$TMP/trunc.json"
run 3 preflight --state "$TMP/trunc.json" -- lxc list
has 'not valid JSON' err

# 8. usage errors: exit 2
run 2 preflight -- lxc list
run 2 preflight --state "$DATA/lxd-15218.json"
run 2 preflight --state "$DATA/lxd-15218.json" -- ls -l
run 2 preflight --state "$DATA/lxd-15218.json" --profile lxd-9.9 -- lxc list

# 9. a scenario can start from a state file (path relative to the scenario)
cp "$DATA/lxd-15218.json" "$TMP/cluster.json"
cat >"$TMP/with-state.scn" <<'SCN'
state cluster.json
lxc config set instances.migration.stateful true
lxc cluster evacuate m1 --force
lxc cluster restore m1 --force
expect error "Only additional disks"
expect member m1 status EVACUATED
SCN
run 0 run -q "$TMP/with-state.scn"
run 0 run -q --state "$DATA/lxd-15218.json" "$TMP/steps.scn"

exit $FAILED
