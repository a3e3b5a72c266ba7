#!/bin/bash
# Live check of `migsim replay` over HTTPS (docs/live-replay.md): a client
# certificate made here and trusted with `lxc config trust add`, the server
# verified against its own certificate only.
#
#   https-check.sh MIGSIM CLUSTER_DIR
#
# Proves: the replay over https://M1:8443 (m1's address: 127.0.0.1, or
# 127.0.0.(N+1) on the lane MIGSIM_LXD_OFFSET=N) gives zero differences; the
# same replay without --server-cert fails verification (exit 4, nothing
# sent); an untrusted client certificate is refused (exit 4).
set -euo pipefail

MIGSIM=${1:?usage: https-check.sh MIGSIM CLUSTER_DIR}
DIR=${2:?usage: https-check.sh MIGSIM CLUSTER_DIR}
HERE=$(dirname -- "$(realpath -- "$0")")
# shellcheck disable=SC1091
. "$DIR/env"
export LXD_CONF LXD_DIR
say() { printf 'https-check: %s\n' "$*" >&2; }
# m1's address, as lxd-cluster.sh places the members on a lane
REMOTE=https://127.0.0.$((${MIGSIM_LXD_OFFSET:-0} + 1)):8443
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

command -v openssl >/dev/null || { say "SKIP: openssl is not installed"; exit 77; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 1 \
    -subj /CN=migsim-live -keyout "$TMP/client.key" -out "$TMP/client.crt" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 1 \
    -subj /CN=stranger -keyout "$TMP/stranger.key" -out "$TMP/stranger.crt" 2>/dev/null
timeout 60 lxc config trust add "$TMP/client.crt"
SERVER_CERT=$DIR/lxd1/cluster.crt
SCN=$HERE/https/instance-lifecycle.scn
status=0

set +e
"$MIGSIM" replay --remote "$REMOTE" --client-cert "$TMP/client.crt" \
    --client-key "$TMP/client.key" --server-cert "$SERVER_CERT" --image img=bb \
    --timeout 120 --color never --journal "$TMP/journal" "$SCN"
rc=$?
set -e
if ((rc == 0)); then say "ok: replay over HTTPS, zero differences"; else say "FAIL: replay over HTTPS exited $rc"; status=1; fi

set +e
out=$("$MIGSIM" replay --remote "$REMOTE" --client-cert "$TMP/client.crt" \
    --client-key "$TMP/client.key" --image img=bb --color never --journal "$TMP/journal" "$SCN" 2>&1)
rc=$?
set -e
# exit 4 is also "cannot reach the server": that would prove nothing
if ((rc == 4)) && ! grep -q "cannot reach the server" <<<"$out"; then
    say "ok: without --server-cert the self-signed server is refused (exit 4)"
else say "FAIL: without --server-cert: exit $rc"; printf '%s\n' "$out" >&2; status=1; fi

set +e
out=$("$MIGSIM" replay --remote "$REMOTE" --client-cert "$TMP/stranger.crt" \
    --client-key "$TMP/stranger.key" --server-cert "$SERVER_CERT" --image img=bb --color never --journal "$TMP/journal" "$SCN" 2>&1)
rc=$?
set -e
if ((rc == 4)) && ! grep -q "cannot reach the server" <<<"$out"; then
    say "ok: an untrusted client certificate is refused (exit 4)"
else say "FAIL: untrusted client: exit $rc"; printf '%s\n' "$out" >&2; status=1; fi

# nothing of the scenario may be left behind
if timeout 60 lxc list --format csv -c n | grep -qx tls1; then say "FAIL: tls1 left behind"; status=1; fi
exit $status
