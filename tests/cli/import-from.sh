#!/bin/sh
# migsim import --from (issue 17): a customer's pasted `lxc list --format
# json` + `lxc cluster list --format json` (real outputs of the live LXD
# 5.0.2 cluster, tests/recorded/lxd-5.0.2/) become a state file, and the
# customer's terminal session, pasted unedited, runs on it
# (tests/cli/import-from-data/customer-reproducer.scn).  Then every recorded JSON list
# together, and bad input (FILE:LINE, exit 3).  Compared with
# tests/cli/golden/import-from; MIGSIM_UPDATE_GOLDEN=1 rewrites it.
# Usage: import-from.sh MIGSIM (run from the source root)
set -u
migsim=$1
golden=tests/cli/golden/import-from
R=tests/recorded/lxd-5.0.2
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
run() {
    "$@" >"$tmp/out" 2>&1
    status=$?
    sed "s|$tmp/||g" "$tmp/out"
    echo "exit status: $status"
}
{
    echo "== import --from the customer's two pastes"
    run "$migsim" import --profile lxd-5.0.2 --from "$R/list-json.out" --from "$R/cluster-list-json.out" \
        -o "$tmp/customer.json"
    cp tests/cli/import-from-data/customer-reproducer.scn "$tmp/"
    echo "== run the pasted session on it"
    run "$migsim" run --color=never "$tmp/customer-reproducer.scn"
    echo "== import --from every recorded list and lxc config show"
    run "$migsim" import --profile lxd-5.0.2 --from "$R/list-json.out" --from "$R/cluster-list-json.out" \
        --from "$R/storage-list-json.out" --from "$R/volume-list-json.out" --from "$R/profile-list-json.out" \
        --from "$R/server-show.out"
    echo "== a buginfo-style dump with the same outputs under headers"
    {
        echo "# Detailed LXD information"
        echo "## Daemon configuration"
        echo '```'
        cat "$R/server-show.out"
        echo '```'
        echo "## Instances"
        cat "$R/list.out"
        echo "## Instances (JSON)"
        cat "$R/list-json.out"
        echo "## Cluster"
        cat "$R/cluster-list-json.out"
    } >"$tmp/buginfo.txt"
    run "$migsim" import --profile lxd-5.0.2 --from "$tmp/buginfo.txt" -o "$tmp/dump.json"
    echo "== bad input"
    printf '[{"name":"c1",\n  "status": }]\n' >"$tmp/truncated.json"
    run "$migsim" import --from "$tmp/truncated.json"
    printf 'hello: world\n' >"$tmp/other.yaml"
    run "$migsim" import --from "$tmp/other.yaml"
    run "$migsim" import --from "$R/list-json.out" --from "$R/list-json.out"
    run "$migsim" import --from "$tmp/missing.json"
    run "$migsim" import --from "$R/volume-list-json.out"
} >"$tmp/actual"
if [ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/actual" "$golden"
    exit 0
fi
diff -u "$golden" "$tmp/actual"
