#!/bin/sh
# `migsim run --step` on a real terminal (tmux, 80x24): it stops before the
# first command, Enter runs that command and stops before the next one, each
# command is on the screen once, b goes back one command, q quits, the
# scenario's comments come before the steps they narrate.  Also: on a terminal, colour is on by default and
# off with NO_COLOR.
# Usage: test-step-tmux.sh MIGSIM   (from the source root)
. "$(dirname "$0")/tmux-setup.sh"
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

# a projector-sized terminal: 80x24
tmux -S "$sock" new-session -d -s step -x 80 -y 24 \
    "cd '$(pwd)' && TERM=xterm-256color '$migsim' run --step --color=never scenarios/lxd-15218.scn; echo \"migsim-exit=\$?\"; sleep 30"
prompt='[Enter run, b back, q quit]'
first='  18  $ lxc launch img v1 --vm --target m1 -s local'
second='  19  $ lxc storage volume create local foo --type=block --target m1'
third='  20  $ lxc storage volume attach local foo v1'
# screen_count TEXT: how often TEXT is on the screen and in its history
screen_count() {
    tmux -S "$sock" capture-pane -p -S - -t step | grep -cF -- "$1"
}
wait_for step "$prompt" || fail step "no prompt before the first command"
screen_count "$first" | grep -qx 1 || fail step "the first command is not shown once before it runs"
sleep 0.3
# paused: the first command has not run yet
tmux -S "$sock" capture-pane -p -t step | grep -qF 'PASS (expected ok)' && fail step "ran before Enter"
tmux -S "$sock" send-keys -t step Enter
wait_for step "$second" || fail step "Enter did not lead to the next command"
tmux -S "$sock" capture-pane -p -t step | grep -qF 'PASS (expected ok)' || fail step "the first command's result is not shown"
[ "$(screen_count "$first")" = 1 ] || fail step "the first command is printed $(screen_count "$first") times, expected once"
[ "$(screen_count "$prompt")" = 1 ] || fail step "an answered prompt stays on the screen"
[ "$(screen_count "$third")" = 0 ] || fail step "went past the second command"
echo "ok: Enter runs one command, printed once, and stops before the next"

tmux -S "$sock" send-keys -t step Enter
wait_for step "$third" || fail step "Enter did not lead to the third command"
# b: back to the second command, which has not run in the new pass
tmux -S "$sock" send-keys -t step b Enter
wait_for step "back one command" || fail step "b did not go back"
sleep 0.3
tmux -S "$sock" capture-pane -p -t step | sed "/^$/d" | tail -n 3 | grep -qF "$second" || fail step "b did not stop at the second command again"
tmux -S "$sock" send-keys -t step Enter
wait_for step "$third" || fail step "after b, Enter did not lead to the third command"
echo "ok: b goes back one command"

# narration: the file's opening comment under the title, and a step's
# comment right above its command, before the pause
[ "$(screen_count '# LXD issue #15218: setting instances.migration.stateful')" = 1 ] ||
    fail step "the scenario's opening comment is not shown once"
tmux -S "$sock" send-keys -t step Enter
fourth='  24  $ lxc config set instances.migration.stateful=true'
wait_for step "$fourth" || fail step "Enter did not lead to the fourth command"
sleep 0.3
tmux -S "$sock" capture-pane -p -t step | sed "/^$/d" | tail -n 3 | head -n 2 | tr '\n' '|' |
    grep -qF "      # accepted: LXD checks no existing instance when the key changes|$fourth|" ||
    fail step "the comment above line 24 is not shown right above its command"
echo "ok: --step tells the scenario's comments before each step"

tmux -S "$sock" send-keys -t step q Enter
wait_for step "migsim-exit=" || fail step "q did not end the run"
tmux -S "$sock" capture-pane -p -S - -t step | grep -qF 'stopped by q' || fail step "q: no 'stopped by q'"
[ "$(screen_count '  25  expect instance v1 expanded migration.stateful true')" = 0 ] || fail step "q ran the rest"
echo "ok: q quits"

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
