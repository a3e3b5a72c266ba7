# Shared by the serve test scripts (sourced): a temporary directory removed
# at exit with the server ($SERVE) stopped, and check DESCRIPTION EXPECTED
# ACTUAL, which prints ok/FAIL and sets fail=1 on a difference.
TMP=$(mktemp -d)
SERVE=
cleanup() {
    [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null && wait "$SERVE" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
fail=0
check() { # DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        printf 'FAIL %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3"
        fail=1
    else
        printf 'ok   %s\n' "$1"
    fi
}
# Waits up to 5 s for the server to print "serving" to $TMP/serve.out.
wait_serving() {
    for _ in $(seq 50); do
        grep -q '^serving' "$TMP/serve.out" && return 0
        sleep 0.1
    done
    cat "$TMP/serve.out"
    return 1
}
