#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The real incus 6.0.4 client against `migsim serve --profile incus-6.0.4`,
# compared with what the same client got from a real Incus 6.0.4 cluster
# (docs/serve.md, "Incus"):
#   1. GET /1.0 (`incus query /1.0` on m1): api_extensions, environment.server,
#      server_version and the other fields of DIR/api-1.0.json, which hold the
#      real cluster's answer;
#   2. each SCENARIO's incus lines typed by tests/live/lxc-diff.py --incus
#      --recorded DIR: exit code, stdout, stderr and `incus list --format
#      json` after each command must equal DIR/NAME.txt, the transcript
#      lxc-diff.py wrote on the real cluster.
# How they were recorded: DIR/README.md.
#
#   incus-recorded.sh MIGSIM INCUS DIR WORK SCENARIO...
#
# Exit status: 0 all equal, 1 a difference (printed), 2 usage, 77 no incus.
set -uo pipefail
(($# >= 5)) || { echo "usage: ${0##*/} MIGSIM INCUS DIR WORK SCENARIO..." >&2; exit 2; }
MIGSIM=$1 INCUS=$2 DIR=$3 WORK=$4
shift 4
HERE=$(dirname -- "$(realpath -- "$0")")
command -v "$INCUS" >/dev/null || { echo "SKIP: no $INCUS" >&2; exit 77; }
TMP=$(mktemp -d) SERVE= fail=0
trap '[ -z "$SERVE" ] || kill "$SERVE" 2>/dev/null; rm -rf "$TMP"' EXIT

"$MIGSIM" serve --profile incus-6.0.4 --dir "$TMP/d" --members m1,m2,m3 >"$TMP/serve.out" 2>&1 &
SERVE=$!
for _ in $(seq 50); do
    grep -q '^serving' "$TMP/serve.out" && break
    sleep 0.1
done
mkdir -p "$TMP/conf"
INCUS_DIR=$TMP/d/m1 INCUS_CONF=$TMP/conf HOME=$TMP/conf timeout 30 "$INCUS" query /1.0 >"$TMP/1.0.json" ||
    { echo "FAIL incus query /1.0"; cat "$TMP/serve.out"; exit 1; }
python3 - "$DIR/api-1.0.json" "$TMP/1.0.json" <<'EOF' || fail=1
import json, sys
real = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
bad = 0
def same(what, want, have):
    global bad
    if want != have:
        bad = 1
        print(f'FAIL GET /1.0 {what}\n  real Incus 6.0.4: {want}\n  migsim serve:     {have}')
for key, want in real.items():
    if key == 'environment':
        for k, v in want.items():
            same(f'environment.{k}', v, got.get('environment', {}).get(k))
    elif key == 'api_extensions':
        have = got.get(key, [])
        missing = [e for e in want if e not in have]
        extra = [e for e in have if e not in want]
        same('api_extensions (missing, extra)', ([], []), (missing, extra))
        if not missing and not extra:
            same('api_extensions order', want, have)
    else:
        same(key, want, got.get(key))
print(f'{"FAIL" if bad else "ok  "} GET /1.0: {len(real["api_extensions"])} api_extensions and '
      f'{len(real) - 2 + len(real["environment"])} other fields as the real Incus 6.0.4')
sys.exit(bad)
EOF
kill "$SERVE" && wait "$SERVE" 2>/dev/null
SERVE=

python3 "$HERE/../live/lxc-diff.py" --incus --recorded "$DIR" "$MIGSIM" "$INCUS" - "$WORK" "$@" || fail=1
exit $fail
