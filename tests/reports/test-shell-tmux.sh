#!/bin/sh
# `migsim shell` on a real terminal (tmux): keys typed with send-keys go
# through libedit as a user's would.  Checks that
#   - a line edited before Enter (arrow keys, backspace) is applied as
#     edited: the model answers for the edited command, not the typed one,
#   - Up recalls the previous line, which can be edited and run again,
#     and Up three times reaches three lines back,
#   - the history is written to $XDG_STATE_HOME/migsim/history and a new
#     session recalls it with Up.
# Usage: test-shell-tmux.sh MIGSIM   (from the source root)
. "$(dirname "$0")/tmux-setup.sh"

fail() {
    echo "FAIL: $2"
    echo "---- screen:"
    tmux -S "$sock" capture-pane -p -S - -t "$1" 2>/dev/null | sed '/^$/d'
    exit 1
}

# screen SESSION: the screen and its history
screen() {
    tmux -S "$sock" capture-pane -p -S - -t "$1"
}

# wait_count SESSION TEXT N: until TEXT is on N lines (10 s at most)
wait_count() {
    i=0
    while [ $i -lt 100 ]; do
        [ "$(screen "$1" | grep -cF -- "$2")" -ge "$3" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

keys() {
    session=$1
    shift
    tmux -S "$sock" send-keys -t "$session" "$@"
}

# type a line literally (-l: no key names), without Enter
typed() {
    tmux -S "$sock" send-keys -t "$1" -l "$2"
}

start() {
    tmux -S "$sock" new-session -d -s "$1" -x 200 -y 50 \
        "cd '$(pwd)' && XDG_STATE_HOME='$tmp/state' TERM=xterm-256color '$migsim' shell --profile lxd-6.9; echo \"migsim-exit=\$?\"; sleep 30"
}

start one
wait_count one 'migsim>' 1 || fail one "no prompt"
typed one 'pool local dir'
keys one Enter
typed one 'lxc profile device add default root disk path=/ pool=local'
keys one Enter
wait_count one '        ok' 1 || fail one "the root disk line did not run"

# typed: c9 on m2; edited before Enter: 12 x Left puts the cursor after
# "c9", BSpace removes the 9, 1 is inserted: c1
typed one 'lxc launch img c9 --target m2'
i=0
while [ $i -lt 12 ]; do
    keys one Left
    i=$((i + 1))
done
keys one BSpace 1 Enter
wait_count one '$ lxc launch img c1 --target m2' 1 || fail one "the edited command was not run as edited"
screen one | grep -qF 'c9' && fail one "the unedited text c9 reached the session"
typed one 'expect instance c1 location m2'
keys one Enter
wait_count one 'expect instance c1 location m2  PASS' 1 || fail one "c1 is not on m2 after the edited launch"
echo "ok: a line edited with Left and BSpace is applied as edited"

# Up recalls the last line; edited (m2 -> m3) it is a new check, which fails
keys one Up BSpace 3 Enter
wait_count one 'expect instance c1 location m3  FAIL' 1 || fail one "Up did not recall the last line for editing"
screen one | grep -qF "location is 'm2', expected m3" || fail one "the recalled check did not give the model's answer"
# three lines back: the launch, run again, refused as a duplicate
keys one Up Up Up Enter
wait_count one '$ lxc launch img c1 --target m2' 2 || fail one "Up x3 did not recall the launch"
echo "ok: Up recalls earlier lines, editable before Enter"

typed one ':quit'
keys one Enter
wait_count one 'migsim-exit=0' 1 || fail one ":quit did not end the shell with status 0"
history=$tmp/state/migsim/history
[ -s "$history" ] || fail one "no history file at $history"
grep -qF 'lxc\040launch\040img\040c1\040--target\040m2' "$history" ||
    fail one "the history lacks the edited launch line: $(cat "$history")"
grep -qF 'c9' "$history" && fail one "the history holds the unedited text"

# a new session recalls the last one's lines: :quit, then the launch
start two
wait_count two 'migsim>' 1 || fail two "no prompt in the second session"
keys two Up Up
sleep 0.3
screen two | grep -qF 'migsim> lxc launch img c1 --target m2' ||
    fail two "Up in a new session did not recall the earlier session's line"
keys two C-u
typed two ':quit'
keys two Enter
wait_count two 'migsim-exit=0' 1 || fail two ":quit did not end the second shell"
echo "ok: the history is kept in \$XDG_STATE_HOME/migsim/history and recalled by the next session"
