#!/bin/bash
# migsim serve over HTTPS (docs/serve.md#https), with Debian's real lxc and
# curl: the server certificate is made on first start and loaded on the
# next; `lxc remote add` with a client certificate given to --trust works
# and the #15218 commands print what LXD prints (scenarios/lxd-15218.scn);
# a client without a certificate, or with one not trusted, gets what LXD
# 5.0.2 gives an untrusted client: GET /1.0 with "auth": "untrusted" and no
# environment (lxd/api_1.0.go:206-218), 403 "not authorized" elsewhere
# (lxd/daemon.go:611-619, response.go:248-254), "/" and unknown URLs as for
# anyone (lxd/api.go:70-73,97).
#
#   https.sh MIGSIM LXC SCENARIO
#
# Exit status: 0 as expected, 1 a difference (printed), 77 no lxc/curl/openssl.
set -uo pipefail
MIGSIM=$1 LXC=$2 SCN=$3
for tool in "$LXC" curl openssl; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool" >&2; exit 77; }
done
. "$(dirname "$0")/lib.sh"
mkcert() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 1 -subj "/CN=$1" \
        -keyout "$2.key" -out "$2.crt" 2>/dev/null
}
mkdir -p "$TMP/conf" "$TMP/dir"
mkcert client "$TMP/conf/client"
mkcert stranger "$TMP/stranger"
# two free ports (the kernel picks them; a race with another program is unlikely)
read -r P1 P2 < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')

start() {
    # the file of the last start still says "serving" until the new server's
    # shell truncates it: under load wait_serving read the old one and the
    # checks ran before the server was up
    rm -f "$TMP/serve.out"
    "$MIGSIM" serve --profile lxd-5.21.7 --dir "$TMP/dir" --listen "https://127.0.0.1:$P1" \
        --listen "https://127.0.0.1:$P2" --trust "$TMP/conf/client.crt" "$SCN" >"$TMP/serve.out" 2>&1 &
    SERVE=$!
    wait_serving
}
stop() { kill "$SERVE"; wait "$SERVE" 2>/dev/null; SERVE=; }

start || exit 1
check "certificate made on first start" "created" "$(sed -n 's/^certificate .* (\(created\|loaded\)).*/\1/p' "$TMP/serve.out")"
check "key file mode" "600" "$(stat -c %a "$TMP/dir/server.key")"
stop
start || exit 1
check "certificate loaded on the next start" "loaded" "$(sed -n 's/^certificate .* (\(created\|loaded\)).*/\1/p' "$TMP/serve.out")"
fp=$(sed -n 's/.*fingerprint \([0-9a-f]*\);.*/\1/p' "$TMP/serve.out")
check "fingerprint is the SHA-256 of the certificate" \
    "$(openssl x509 -in "$TMP/dir/server.crt" -outform DER | sha256sum | cut -d' ' -f1)" "$fp"

# untrusted: no certificate, and a certificate not given to --trust
url=https://127.0.0.1:$P1
body() { curl -sk "$@" 2>&1; }
code() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
check "untrusted GET /1.0 auth" "untrusted" "$(body "$url/1.0" | json 'd["metadata"]["auth"]')"
check "untrusted GET /1.0 fields" "api_extensions api_status api_version auth auth_methods public" \
    "$(body "$url/1.0" | json '" ".join(sorted(d["metadata"]))')"
check "untrusted GET /1.0/instances" "403 not authorized" \
    "$(body "$url/1.0/instances" | json 'str(d["error_code"]) + " " + d["error"]')"
check "untrusted GET /1.0/cluster/members with a stranger's certificate" "403" \
    "$(code --cert "$TMP/stranger.crt" --key "$TMP/stranger.key" "$url/1.0/cluster/members")"
check "untrusted PUT /1.0" "403" "$(code -X PUT -d '{"config":{}}' "$url/1.0")"
check "untrusted GET /1.0/images (no public image)" "[]" "$(body "$url/1.0/images" | json 'd["metadata"]')"
check "untrusted events websocket" "403" "$(code -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
    -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$url/1.0/events")"
check "untrusted GET /" "200" "$(code "$url/")"
check "untrusted unknown URL" "404" "$(code "$url/2.0")"
check "trusted GET /1.0 auth (curl, server verified by its certificate)" "trusted" \
    "$(curl -s --cacert "$TMP/dir/server.crt" --cert "$TMP/conf/client.crt" --key "$TMP/conf/client.key" \
        "$url/1.0" | json 'd["metadata"]["auth"]')"

# trusted: the real lxc, #15218 over HTTPS (Debian's lxc 5.0.2 needs
# 'init --empty --vm' for a VM, docs/serve.md "Client differences")
export LXD_CONF=$TMP/conf
lxc() { timeout 60 "$LXC" "$@" 2>&1; }
lxc remote add s1 "$url" --accept-certificate >/dev/null
check "lxc remote add s1 (trusted)" "0" "$?"
lxc remote add s2 "https://127.0.0.1:$P2" --accept-certificate >/dev/null
check "lxc remote add s2 (trusted)" "0" "$?"
lxc remote switch s1 >/dev/null
check "lxc cluster list over HTTPS" "m1,m2,m3" "$(lxc cluster list -f csv | cut -d, -f1 | paste -sd,)"
# each member's url is https:// and its address (lxd/db/node.go:113 at
# lxd-5.0.2): the --listen address, a placeholder for m3, which has none
check "lxc cluster list: the members' URLs" \
    "m1 https://127.0.0.1:$P1,m2 https://127.0.0.1:$P2,m3 https://10.0.0.3:8443" \
    "$(lxc cluster list -f csv | cut -d, -f1,2 | tr , ' ' | paste -sd,)"
lxc init v1 --empty --vm --target m1 -s local >/dev/null && lxc start v1 >/dev/null
lxc storage volume create local foo --type=block --target m1 >/dev/null
lxc storage volume attach local foo v1 >/dev/null
check "config set instances.migration.stateful=true" "" "$(lxc config set instances.migration.stateful=true)"
lxc cluster evacuate m1 --force >/dev/null
expected=$(grep -A3 '^lxc cluster restore m1 --force$' "$SCN" | grep -m1 '^Error: ')
check "restore fails as in #15218 (seen through s2)" "$expected" "$(lxc cluster restore s2:m1 --force | tail -n1)"
check "m1 stays EVACUATED" "EVACUATED" \
    "$(lxc cluster list -f json | json '[m["status"] for m in d if m["server_name"] == "m1"][0].upper()')"
check "m1 is the database leader (the bootstrap member)" "database-leader database" \
    "$(lxc cluster list -f json | json '" ".join([m["roles"] for m in d if m["server_name"] == "m1"][0])')"

# trust tokens (lxd/certificates.go:485-763 at lxd-5.0.2): lxc 5.0.2 asks
# the default remote for one ('lxc config trust add' with no argument,
# lxc/config_trust.go:143-211) and 'lxc remote add NAME TOKEN' spends it
# from a client with no certificate yet (lxc/remote.go:154-262)
out=$(lxc config trust add --name newbie)
check "lxc config trust add prints a token" "Client newbie certificate add token:" "$(head -n1 <<<"$out")"
token=$(tail -n1 <<<"$out")
check "the token: client name, m1's address, the server's fingerprint" "newbie 127.0.0.1:$P1 $fp" \
    "$(base64 -d <<<"$token" | json 'd["client_name"] + " " + " ".join(d["addresses"]) + " " + d["fingerprint"]')"
check "the token is a running token operation" "token Running" "$(curl -s --cacert "$TMP/dir/server.crt" \
    --cert "$TMP/conf/client.crt" --key "$TMP/conf/client.key" "$url/1.0/operations" \
    | json '[o for o in d["metadata"].get("running", [])][0].split("/")[-1]' | xargs -I{} curl -s \
    --cacert "$TMP/dir/server.crt" --cert "$TMP/conf/client.crt" --key "$TMP/conf/client.key" \
    "$url/1.0/operations/{}" | json 'd["metadata"]["class"] + " " + d["metadata"]["status"]')"
mkdir -p "$TMP/conf2" "$TMP/conf3" "$TMP/conf0"
LXD_CONF=$TMP/conf2 lxc remote add tok "$token" >"$TMP/remote-add.out"
check "lxc remote add tok TOKEN (a new client)" "0" "$?"
check "the new client is trusted" "m1,m2,m3" \
    "$(LXD_CONF=$TMP/conf2 lxc cluster list tok: -f csv | cut -d, -f1 | paste -sd,)"
check "a token is spent once" "Error: Failed to create certificate: No matching certificate add operation found" \
    "$(LXD_CONF=$TMP/conf3 lxc remote add again "$token" | tail -n1)"
check "no token from a member without HTTPS" \
    "Error: Can't issue token when server isn't listening on network" \
    "$(LXD_CONF=$TMP/conf0 LXD_DIR=$TMP/dir/m3 lxc config trust add --name x | tail -n1)"
check "untrusted before lxc config trust add CERT" "403" \
    "$(code --cert "$TMP/stranger.crt" --key "$TMP/stranger.key" "$url/1.0/cluster/members")"
check "lxc config trust add CERT" "" "$(lxc config trust add "$TMP/stranger.crt")"
check "trusted after lxc config trust add CERT" "200" \
    "$(code --cert "$TMP/stranger.crt" --key "$TMP/stranger.key" "$url/1.0/cluster/members")"
check "the same certificate twice" "Error: Certificate already in trust store" \
    "$(lxc config trust add "$TMP/stranger.crt")"
exit $fail
