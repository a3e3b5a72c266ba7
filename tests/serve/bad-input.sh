#!/bin/sh
# migsim serve under bad input: malformed JSON, unknown endpoints, wrong
# methods, oversize bodies, a client that hangs up.  Each answer must be
# LXD's error shape with the status LXD gives (lxd/daemon.go createCmd:
# 404 "not found" for an unknown URL, 501 "not implemented" for a known URL
# with another method); the server must keep answering and exit 0 on
# SIGTERM, leaving no socket.
# Usage: bad-input.sh MIGSIM
set -u
migsim=$1
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
"$migsim" serve --profile lxd-5.0.2 --members 2 --dir "$dir" >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do [ -S "$dir/m1/unix.socket" ] && break; sleep 0.05; done
fail=0
ask() { # METHOD PATH EXPECTED_STATUS EXPECTED_ERROR [CURL ARGS...]
    method=$1 path=$2 status=$3 error=$4
    shift 4
    got=$(curl -s --unix-socket "$dir/m1/unix.socket" -X "$method" -o "$dir/body" -w '%{http_code}' "$@" "http://x$path")
    body=$(cat "$dir/body")
    want="\"error_code\":$status,\"error\":\"$error\""
    case $got:$body in
    "$status":*"\"type\":\"error\""*"$want"*) echo "ok   $method $path -> $got $error" ;;
    *) echo "FAIL $method $path -> $got $body (expected $status $error)"; fail=1 ;;
    esac
}
ask GET /1.0/nothing 404 "not found"
ask GET /2.0 404 "not found"
ask DELETE /1.0 501 "not implemented"
ask PATCH /1.0/cluster/members 501 "not implemented"
ask FOO /1.0 404 "Method \\\"FOO\\\" not found"
ask GET /1.0/instances/nope 404 "Instance not found"
# the text after the colon is json-glib's; check the shape and the prefix
got=$(curl -s --unix-socket "$dir/m1/unix.socket" -X PUT -d '{"config":' http://x/1.0)
case $got in *'"error_code":400,"error":"failed to parse the request body: '*) echo "ok   PUT /1.0 malformed JSON -> 400" ;; *) echo "FAIL malformed JSON: $got"; fail=1 ;; esac
got=$(curl -s --unix-socket "$dir/m1/unix.socket" -X PUT -d '{"config":{"core.https_address":7}}' http://x/1.0)
case $got in *'"error_code":400'*) echo "ok   PUT /1.0 with a non-string value -> 400" ;; *) echo "FAIL non-string value: $got"; fail=1 ;; esac
# 5 MiB, over the 4 MiB limit: refused from Content-Length
head -c 5242880 /dev/zero | tr '\0' 'a' >"$dir/big"
got=$(curl -s --unix-socket "$dir/m1/unix.socket" -X PUT --data-binary @"$dir/big" -w ' %{http_code}' http://x/1.0)
case $got in *'"error_code":413'*' 413') echo "ok   PUT /1.0 with 5 MiB -> 413" ;; *) echo "FAIL oversize: $(echo "$got" | head -c 300)"; fail=1 ;; esac
# a client that sends half a request and hangs up
printf 'PUT /1.0 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"con' |
    timeout 2 python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.stdin.buffer.read()); s.close()' "$dir/m1/unix.socket"
ask GET /1.0/instances/nope 404 "Instance not found"
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL exit status $rc after SIGTERM: $(cat "$dir/err")"; fail=1; }
[ ! -e "$dir/m1/unix.socket" ] || { echo "FAIL the socket is left"; fail=1; }
# bad --members: a usage error (exit 2) at once, never a server of no
# members or one that allocates members until memory runs out
members_refused() { # VALUE EXPECTED_MESSAGE
    timeout 5 "$migsim" serve --members "$1" --dir "$dir/refused" >/dev/null 2>"$dir/members-err"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -qF -- "$2" "$dir/members-err"; then
        echo "ok   --members '$1' -> exit 2: $2"
    else
        echo "FAIL --members '$1' -> exit $rc: $(cat "$dir/members-err") (expected exit 2 and '$2')"
        fail=1
    fi
    [ ! -e "$dir/refused" ] || { echo "FAIL --members '$1' left $dir/refused"; fail=1; }
}
members_refused 0 "expected 1 to 1000 members"
members_refused 1001 "expected 1 to 1000 members"
members_refused 100000000000 "expected 1 to 1000 members"
members_refused , "expected 1 to 1000 member names"
# lxd/api_cluster.go:307 clusterPut (lxd-5.0.2; :293 at lxd-6.9)
members_refused m1,@m2 'ServerName may not start with "@"'
[ "$fail" -eq 0 ] && echo "all answers LXD-shaped; exit 0 on SIGTERM; sockets removed; bad --members refused"
exit "$fail"
