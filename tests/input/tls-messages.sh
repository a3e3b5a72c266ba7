#!/bin/sh
# Clear messages for two TLS failures (issue 12, class 10), against local
# servers started here, with the fingerprints computed by openssl (an
# independent truth):
#   - a server that accepts the connection and never answers the TLS
#     handshake: the message says so and names the connect timeout, not
#     "no reply within 60000 ms";
#   - a pinned certificate (--server-cert) that is not the server's: the
#     message says the pin did not match and shows both fingerprints.
# Exit code 4 (cluster unreachable or refused) for both.  TAP output.
#
#   tls-messages.sh MIGSIM
set -u

MIGSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
N=0
FAILED=0

ok() { N=$((N + 1)); echo "ok $N - $1"; }
not_ok() { N=$((N + 1)); echo "not ok $N - $1"; sed 's/^/# /' "$TMP/out"; FAILED=1; }

for tool in openssl python3; do
    command -v $tool >/dev/null || { echo "1..0 # SKIP $tool is missing"; exit 77; }
done

# a free port, chosen by the kernel
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait until something listens on $1
wait_port() {
    for _ in $(seq 50); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; }

printf 'members m1\nlxc list\n' >"$TMP/list.scn"
for name in served pinned; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$name" \
        -keyout "$TMP/$name.key" -out "$TMP/$name.crt" >/dev/null 2>&1
done

# 1. a stalled TLS handshake: accept, then say nothing
port=$(free_port)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(8)
held = []
while True:
    c, _ = s.accept(); held.append(c)
" &
PIDS="$PIDS $!"
wait_port "$port"
XDG_STATE_HOME="$TMP/state" timeout 30 "$MIGSIM" replay --remote "https://127.0.0.1:$port" --server-cert "$TMP/pinned.crt" --timeout 1 \
    "$TMP/list.scn" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" = 4 ] && grep -qF "connected, but the TLS handshake did not complete within 1000 ms (the server never answered it)" "$TMP/out"; then
    ok "stalled TLS handshake: exit 4, the handshake named"
else
    not_ok "stalled TLS handshake: exit $rc"
fi

# 2. a pinned certificate that is not the server's
port=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$TMP/served.crt" -key "$TMP/served.key" -www \
    >/dev/null 2>&1 &
PIDS="$PIDS $!"
wait_port "$port"
timeout 30 "$MIGSIM" import --remote "https://127.0.0.1:$port" --server-cert "$TMP/pinned.crt" >"$TMP/out" 2>&1
rc=$?
want="pinned $TMP/pinned.crt has fingerprint $(fingerprint "$TMP/pinned.crt"), the server offers $(fingerprint "$TMP/served.crt")"
if [ "$rc" = 4 ] && grep -qF "the server's certificate is not the pinned one" "$TMP/out" && grep -qF "$want" "$TMP/out"; then
    ok "pinned certificate mismatch: exit 4, both fingerprints"
else
    echo "# want: $want"
    not_ok "pinned certificate mismatch: exit $rc"
fi

echo "1..$N"
exit $FAILED
