#!/bin/sh
# Golden test of `migsim shell` driven through a pipe: the session's output
# (each line echoed after "migsim> "), stderr and exit status, then the
# scenario its `:save saved.scn` wrote, then `migsim run` on that file,
# which must pass (exit 0), all compared with tests/cli/golden/NAME.
# Usage: shell-session.sh MIGSIM GOLDEN SESSION [SHELL-ARGS...]
# MIGSIM_UPDATE_GOLDEN=1 rewrites the golden file.
set -u
. "$(dirname -- "$0")/../common/golden-compare.sh"
migsim=$(realpath "$1") golden=$2 session=$(realpath "$3")
shift 3
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
# no history is written from a pipe; a terminal's would go here
export XDG_STATE_HOME="$tmp/state"
(cd "$tmp" && "$migsim" shell "$@" <"$session" >stdout 2>stderr; echo $? >status)
(cd "$tmp" && "$migsim" run saved.scn >run.out 2>&1; echo $? >run.status)
{
    echo "\$ migsim shell $* < $(basename "$session")"
    cat "$tmp/stdout"
    echo "-- stderr"
    cat "$tmp/stderr"
    echo "-- exit status: $(cat "$tmp/status")"
    echo "-- saved.scn"
    if [ -f "$tmp/saved.scn" ]; then cat "$tmp/saved.scn"; else echo "(not written)"; fi
    echo "-- migsim run saved.scn"
    cat "$tmp/run.out"
    echo "-- exit status: $(cat "$tmp/run.status")"
    [ -e "$tmp/state" ] && echo "-- a history was written from a pipe"
} >"$tmp/actual"
[ "$(cat "$tmp/run.status")" = 0 ] || echo "shell-session.sh: migsim run saved.scn did not pass" >&2
golden_compare "$golden" "$tmp/actual" "golden file"
