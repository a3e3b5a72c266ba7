# Sourced by the tests that drive migsim on a terminal (test-step-tmux.sh,
# test-shell-tmux.sh) with the migsim binary as $1: skips without tmux,
# sets $migsim, $tmp (removed on exit) and $sock, a tmux server of our own.
set -u
migsim=$(realpath "$1")
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux not found (Debian package tmux)"
    exit 77
fi
tmp=$(mktemp -d) || exit 99
sock=$tmp/tmux.sock
# our own server on our own socket: killing it touches nothing else
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
