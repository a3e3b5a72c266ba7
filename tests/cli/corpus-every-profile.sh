#!/bin/sh
# Every scenario of the corpus under every profile migsim has (`run -p P`
# overrides a scenario's own releases): expectations may fail (exit 1), a
# scenario may not crash migsim.  A rule reached at a release where it has
# no text once aborted (CREATE.DEVICE_TYPE at lxd-6.9), and a timing set
# without a text once crashed the runner at lxd-5.0.0 (session 31).
# Usage: corpus-every-profile.sh MIGSIM SCENARIO-DIR
set -u
migsim=$1
corpus=$2
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$migsim" profiles >"$tmp/profiles" || exit 1
grep -E '^(lxd|incus)-[0-9]' "$tmp/profiles" | cut -d' ' -f1 >"$tmp/names"
n=$(wc -l <"$tmp/names")
[ "$n" -ge 60 ] || { echo "FAIL: only $n profiles listed by 'migsim profiles'" >&2; exit 1; }
status=0
while read -r profile; do
    "$migsim" run -q -p "$profile" "$corpus" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "FAIL: migsim run -q -p $profile $corpus exited $rc" >&2
        grep -m3 -E 'ERROR|Bail out|assert|error:' "$tmp/out" >&2
        status=1
    fi
done <"$tmp/names"
echo "$n profiles, the whole corpus under each: no crash"
exit $status
