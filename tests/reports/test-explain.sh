#!/bin/sh
# --explain on LXD #15218: the transcript says where migration.stateful=true
# comes from (the server key, not overridden by the instance) and which rule
# refused the restore, with its LXD source reference.
# Usage: test-explain.sh MIGSIM   (from the source root)
set -u
migsim=$1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
status=0

"$migsim" run --explain --color=never scenarios/lxd-15218.scn >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit status $rc"; cat "$tmp/out"; exit 1; }

expect_line() {
    if grep -qxF "$1" "$tmp/out"; then
        echo "ok: $2"
    else
        echo "FAIL: $2: no line"
        echo "    $1"
        status=1
    fi
}

expect_line '        | v1: migration.stateful=true comes from the server key instances.migration.stateful; the instance does not override it' \
    "config layer sentence"
expect_line '        | rule DISK.STATEFUL.REMOTE_POOL: VM with expanded migration.stateful=true, non-root disk on a local pool' \
    "deciding rule and its trigger"
grep -q '^        | LXD source: lxd/device/disk.go:' "$tmp/out" && echo "ok: LXD source reference" \
    || { echo "FAIL: no LXD source reference"; status=1; }
# once v1 sets migration.stateful=false itself, the server key no longer
# decides: the sentence must not appear for the restore that follows
after=$(sed -n '/\$ lxc config set v1 migration.stateful=false$/,/\$ lxc cluster evacuate m1 --force$/p' "$tmp/out")
printf '%s\n' "$after" | grep -q '\$ lxc cluster restore m1 --force$' \
    || { echo "FAIL: the restore after 'lxc config set v1 migration.stateful=false' is not in the transcript"; status=1; }
if printf '%s\n' "$after" | grep -q 'comes from the server key'; then
    echo "FAIL: the server-key sentence appears where the instance overrides the key"
    status=1
fi
# without --explain, no explanation lines
"$migsim" run --color=never scenarios/lxd-15218.scn >"$tmp/plain" 2>&1
if grep -q '^        | ' "$tmp/plain"; then
    echo "FAIL: explanation lines without --explain"
    status=1
fi
exit $status
