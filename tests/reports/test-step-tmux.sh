#!/bin/sh
# `migsim run --step` on a real terminal (tmux): it stops before the first
# command, Enter runs that command and stops before the next one, q runs the
# rest without stopping.  Also: on a terminal, colour is on by default and
# off with NO_COLOR.
# Usage: test-step-tmux.sh MIGSIM   (from the source root)
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
status=0

fail() {
    echo "FAIL: $*"
    echo "---- screen:"
    tmux -S "$sock" capture-pane -p -t "$1" 2>/dev/null | sed '/^$/d'
    exit 1
}

# wait_for SESSION TEXT: until the screen shows TEXT (10 s at most)
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        tmux -S "$sock" capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

start() {
    session=$1
    shift
    # -x/-y: wide enough that no transcript line wraps
    tmux -S "$sock" new-session -d -s "$session" -x 250 -y 80 \
        "cd '$(pwd)' && $* ; echo \"migsim-exit=\$?\"; sleep 30"
}

start step "TERM=xterm-256color '$migsim' run --step --color=never scenarios/lxd-15218.scn"
first='  18  $ lxc launch img v1 --vm --target m1 -s local   [Enter to run, q to quit]'
second='  19  $ lxc storage volume create local foo --type=block --target m1   [Enter to run, q to quit]'
wait_for step "$first" || fail step "no prompt before the first command"
sleep 0.3
# paused: the first command has not run yet
tmux -S "$sock" capture-pane -p -t step | grep -qF 'PASS (expected ok)' && fail step "ran before Enter"
tmux -S "$sock" send-keys -t step Enter
wait_for step "$second" || fail step "Enter did not lead to the next command"
tmux -S "$sock" capture-pane -p -t step | grep -qF 'PASS (expected ok)' || fail step "the first command's result is not shown"
tmux -S "$sock" capture-pane -p -t step | grep -qF '  20  $ lxc storage volume attach' && fail step "went past the second command"
echo "ok: Enter runs one command and stops before the next"
tmux -S "$sock" send-keys -t step q Enter
wait_for step "migsim-exit=0" || fail step "q did not run the rest to the end"
tmux -S "$sock" capture-pane -p -S - -t step | grep -qF 'scenarios: 1 passed, 0 failed' || fail step "no summary"
echo "ok: q runs the rest"

# colour on a terminal: capture-pane -e keeps the attributes as escapes
start auto "env -u NO_COLOR TERM=xterm-256color '$migsim' run scenarios/lxd-15218.scn"
wait_for auto "migsim-exit=0" || fail auto "run did not finish"
if tmux -S "$sock" capture-pane -e -p -t auto | LC_ALL=C grep -q "$(printf '\033')\[[0-9;]*m"; then
    echo "ok: colour on a terminal by default"
else
    echo "FAIL: no colour on a terminal with --color=auto"
    status=1
fi
start nocolor "NO_COLOR=1 TERM=xterm-256color '$migsim' run scenarios/lxd-15218.scn"
wait_for nocolor "migsim-exit=0" || fail nocolor "run did not finish"
if tmux -S "$sock" capture-pane -e -p -t nocolor | LC_ALL=C grep -q "$(printf '\033')\[[0-9;]*m"; then
    echo "FAIL: colour on a terminal despite NO_COLOR=1"
    status=1
else
    echo "ok: no colour on a terminal with NO_COLOR=1"
fi
exit $status
