#!/bin/sh
# With --profile lxd-5.21.7 and otherwise default settings, the explorer must
# find LXD #15218 by itself (a local volume on a VM, the server key set,
# evacuate, restore fails), shrink it to at most 6 commands after the set-up,
# and write a scenario that `migsim run` reproduces.  Every other scenario it
# writes must reproduce too.
# Usage: explore-15218.sh MIGSIM
set -u
migsim=$1
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT

"$migsim" explore --profile lxd-5.21.7 --out "$dir/found" >"$dir/stdout" 2>"$dir/stderr"
status=$?
cat "$dir/stdout"
if [ $status -ne 1 ]; then
    cat "$dir/stderr"
    echo "FAIL: expected exit status 1 (violations found), got $status" >&2
    exit 1
fi
case $(head -n 1 "$dir/stdout") in
SEED=*) ;;
*) echo "FAIL: the first line is not the seed" >&2; exit 1 ;;
esac

# the #15218 scenario: restore fails on the VM's start validation
found=
for f in "$dir"/found/restore-roundtrip-*.scn; do
    [ -f "$f" ] || continue
    grep -q '^lxc config set instances.migration.stateful=true$' "$f" || continue
    grep -q '^lxc storage volume attach local ' "$f" || continue
    grep -q '^lxc cluster evacuate ' "$f" || continue
    grep -q '^lxc cluster restore ' "$f" || continue
    grep -q '^Error: Failed starting instance ".*": Failed start validation for device ".*": Only additional disks coming from a shared storage pool are supported with migration.stateful=true$' "$f" || continue
    grep -q '^lxc .*--vm' "$f" || continue
    found=$f
done
if [ -z "$found" ]; then
    echo "FAIL: no restore-roundtrip scenario shows #15218" >&2
    ls "$dir/found" >&2
    exit 1
fi
echo "== $found"
cat "$found"
commands=$(grep -c '^lxc ' "$found")
if [ "$commands" -gt 6 ]; then
    echo "FAIL: #15218 shrunk to $commands commands, expected at most 6" >&2
    exit 1
fi

# Checked against expectations written independently of the explorer: the
# shipped reproducer scenarios/lxd-15218.scn (from the LXD issue) says what
# the failed restore prints and that the member stays EVACUATED with the VM
# STOPPED.  The found scenario must print the same message (with its own
# instance and device names) and, run with those two checks appended, pass.
shipped=$(dirname "$0")/../../scenarios/lxd-15218.scn
expected=$(grep -A3 '^lxc cluster restore m1 --force$' "$shipped" | grep -m1 '^Error: Failed starting instance')
error=$(grep -m1 '^Error: Failed starting instance' "$found")
vm=$(printf '%s' "$error" | sed -n 's/^Error: Failed starting instance "\([^"]*\)".*/\1/p')
device=$(printf '%s' "$error" | sed -n 's/.*for device "\([^"]*\)".*/\1/p')
member=$(grep -m1 '^lxc cluster restore ' "$found" | awk '{print $4}')
renamed=$(printf '%s' "$expected" | sed "s/instance \"v1\"/instance \"$vm\"/; s/device \"foo\"/device \"$device\"/")
if [ -z "$expected" ] || [ "$error" != "$renamed" ]; then
    echo "FAIL: the found restore error differs from scenarios/lxd-15218.scn:" >&2
    echo "  found:    $error" >&2
    echo "  expected: $renamed" >&2
    exit 1
fi
{ cat "$found"; printf 'expect member %s status EVACUATED\nexpect instance %s status STOPPED\n' "$member" "$vm"; } >"$dir/checked.scn"
if ! "$migsim" run --quiet --color=never "$dir/checked.scn" >"$dir/run" 2>&1; then
    cat "$dir/run"
    echo "FAIL: after the failed restore, $member is not EVACUATED or $vm is not STOPPED (scenarios/lxd-15218.scn)" >&2
    exit 1
fi

# every written scenario reproduces its violation under `migsim run`
n=0
for f in "$dir"/found/*.scn; do
    n=$((n + 1))
    if ! "$migsim" run --quiet --color=never "$f" >"$dir/run" 2>&1; then
        cat "$dir/run"
        echo "FAIL: $f does not reproduce under migsim run" >&2
        exit 1
    fi
done
echo "ok: #15218 found in $commands commands; $n scenarios reproduce"
