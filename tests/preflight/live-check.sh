#!/bin/bash
# Live check of `migsim import` and `migsim preflight` against a real LXD
# cluster (the live suite's 3-member LXD 5.0.2 cluster with a `local` dir
# pool and the image alias `bb`).
#
#   live-check.sh MIGSIM
#
# Environment: SOCKET (m1's unix socket), LXD_CONF and LXD_DIR for `lxc`,
# as in the env file that tests/live/lxd-cluster.sh writes; LIVE_ENV=FILE
# reads them from that file instead.  CLIENT=incus checks an Incus cluster
# (tests/live/incus-cluster.sh) with `incus`, INCUS_CONF and INCUS_DIR: the
# import must then detect Incus (release incus-X.Y.Z) and the preflight runs
# `incus cluster evacuate m1`.
#
# What it proves:
#   1. `migsim import` changes nothing: the cluster's state read through the
#      API before and after the import is identical;
#   2. `migsim preflight --state FILE -- lxc cluster evacuate m1` predicts,
#      instance by instance, what the real evacuation does (stopped in place
#      or moved, and to which member), and whether the restore succeeds.
# It creates pf-c1 (with the local custom volume pf-vol) and pf-c2 on m1,
# and removes them again (and restores m1) whatever happens.
#
# Exit codes: 0 all predictions held, 1 a difference, 2 usage, 77 no cluster.
set -euo pipefail

MIGSIM=${1:?usage: live-check.sh MIGSIM}
if [[ -n ${LIVE_ENV:-} ]]; then
    # shellcheck disable=SC1090
    . "$LIVE_ENV"
fi
CLIENT=${CLIENT:-lxc}
case $CLIENT in
lxc)
    : "${SOCKET:?SOCKET is not set}" "${LXD_CONF:?LXD_CONF is not set}" "${LXD_DIR:?LXD_DIR is not set}"
    export LXD_CONF LXD_DIR
    ;;
incus)
    : "${SOCKET:?SOCKET is not set}" "${INCUS_CONF:?INCUS_CONF is not set}" "${INCUS_DIR:?INCUS_DIR is not set}"
    export INCUS_CONF INCUS_DIR
    ;;
*) echo "live-check: CLIENT must be lxc or incus" >&2; exit 2 ;;
esac
[[ -S $SOCKET ]] || { echo "live-check: SKIP: no socket at $SOCKET" >&2; exit 77; }

TMP=$(mktemp -d)
FAILED=0
say() { printf 'live-check: %s\n' "$*" >&2; }
differ() { say "DIFFERENCE: $*"; FAILED=1; }
lxc_() { timeout 180 "$CLIENT" "$@"; }

cleanup() {
    local status
    status=$(lxc_ query /1.0/cluster/members/m1 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || true)
    [[ $status == Evacuated ]] && { lxc_ cluster restore m1 --force >/dev/null 2>&1 || lxc_ cluster restore m1 --force >/dev/null 2>&1 || true; }
    for c in pf-c1 pf-c2; do
        lxc_ delete --force "$c" >/dev/null 2>&1 || true
    done
    lxc_ storage volume delete local pf-vol --target m1 >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

# The API's view of the cluster, for the before/after comparison.  Lists
# of names come back in no fixed order, so they are sorted; the operations
# list is left out: LXD's own periodic tasks come and go in it (the unit test
# test-import proves that the import sends GET requests only).
snapshot() {
    local out=$1 path
    : >"$out"
    for path in /1.0 "/1.0/cluster/members?recursion=1" "/1.0/storage-pools?recursion=1" \
        "/1.0/storage-pools/local/volumes?recursion=1" "/1.0/profiles?recursion=1" \
        "/1.0/instances?recursion=1" "/1.0/storage-pools/local?target=m1" \
        "/1.0/storage-pools/local?target=m2" "/1.0/storage-pools/local?target=m3"; do
        printf '== %s\n' "$path" >>"$out"
        lxc_ query "$path" | python3 -c '
import json, sys
def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        items = [norm(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    return v
print(json.dumps(norm(json.load(sys.stdin)), indent=1, sort_keys=True))' >>"$out"
    done
}

say "creating pf-c1 (local volume pf-vol) and pf-c2 on m1"
lxc_ storage volume create local pf-vol --target m1 >/dev/null
lxc_ init bb pf-c1 --target m1 -s local >/dev/null 2>&1
lxc_ storage volume attach local pf-vol pf-c1 /mnt
lxc_ init bb pf-c2 --target m1 -s local >/dev/null 2>&1
lxc_ start pf-c1 pf-c2 >/dev/null 2>&1

say "import (GET only)"
snapshot "$TMP/before"
"$MIGSIM" import --remote "unix:$SOCKET" --out "$TMP/state.json"
snapshot "$TMP/after"
release=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$TMP/state.json")
case $CLIENT:$release in
lxc:lxd-* | incus:incus-*) say "import: release $release" ;;
*) differ "import: release $release for a cluster of $CLIENT" ;;
esac
if cmp -s "$TMP/before" "$TMP/after"; then
    say "import changed nothing ($(wc -l <"$TMP/before") lines of API state compared)"
else
    differ "the cluster changed during the import:"
    diff "$TMP/before" "$TMP/after" >&2 || true
fi

say "preflight of '$CLIENT cluster evacuate m1'"
rc=0
"$MIGSIM" preflight --state "$TMP/state.json" --json "$TMP/plan.json" -- "$CLIENT" cluster evacuate m1 >"$TMP/plan.txt" || rc=$?
cat "$TMP/plan.txt" >&2
[[ $rc == 0 || $rc == 1 ]] || { differ "preflight exited $rc"; exit 1; }

say "the real evacuation"
evac_ok=1
lxc_ cluster evacuate m1 --force >"$TMP/evac.out" 2>&1 || evac_ok=0
lxc_ query "/1.0/instances?recursion=1" >"$TMP/evacuated.json"

python3 - "$TMP/plan.json" "$TMP/evacuated.json" "$evac_ok" evacuate <<'PY' || FAILED=1
import json, sys
plan = json.load(open(sys.argv[1]))["plan"]
real = {i["name"]: i for i in json.load(open(sys.argv[2]))}
ok = sys.argv[3] == "1"
bad = 0
if plan["evacuate"]["ok"] != ok:
    print(f"live-check: DIFFERENCE: evacuation predicted ok={plan['evacuate']['ok']}, real ok={ok}", file=sys.stderr)
    bad = 1
for fate in plan["evacuate"]["instances"]:
    name, inst = fate["instance"], real.get(fate["instance"])
    if inst is None:
        print(f"live-check: DIFFERENCE: {name} is gone", file=sys.stderr); bad = 1; continue
    if fate["fate"] in ("moved", "live-migrated"):
        want = (fate["to"], "Running" if fate["started"] else "Stopped")
    else:
        want = ("m1", "Stopped")
    got = (inst["location"], inst["status"])
    verdict = "ok" if got == want else "DIFFERENCE"
    print(f"live-check: {verdict}: {name}: predicted {fate['fate']} -> {want}, real {got}", file=sys.stderr)
    bad |= got != want
sys.exit(bad)
PY

say "the real restore"
restore_ok=1
lxc_ cluster restore m1 --force >"$TMP/restore.out" 2>&1 || restore_ok=0
lxc_ query "/1.0/instances?recursion=1" >"$TMP/restored.json"
python3 - "$TMP/plan.json" "$TMP/restored.json" "$restore_ok" <<'PY' || FAILED=1
import json, sys
plan = json.load(open(sys.argv[1]))["plan"]
real = {i["name"]: i for i in json.load(open(sys.argv[2]))}
ok = sys.argv[3] == "1"
bad = 0
predicted = plan["restore"] is not None and plan["restore"]["ok"]
if predicted != ok:
    print(f"live-check: DIFFERENCE: restore predicted ok={predicted}, real ok={ok}", file=sys.stderr); bad = 1
for fate in plan["restore"]["instances"] if plan["restore"] else []:
    inst = real.get(fate["instance"])
    want = ("m1", "Running")
    got = (inst["location"], inst["status"]) if inst else None
    verdict = "ok" if got == want else "DIFFERENCE"
    print(f"live-check: {verdict}: {fate['instance']}: predicted {fate['fate']} -> {want}, real {got}", file=sys.stderr)
    bad |= got != want
sys.exit(bad)
PY

if ((FAILED)); then
    say "FAILED"
    exit 1
fi
say "all predictions held"
