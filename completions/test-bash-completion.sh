#!/bin/bash
# Runs the bash completion function on hand-written command lines and
# compares what it offers with the expected words (written by hand: the
# release names are LXD's tags, the files those made here).
# Usage: test-bash-completion.sh MIGSIM COMPLETION-FILE
set -u
migsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
completion=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/sc/sub"
ln -s "$migsim" "$dir/bin/migsim"
touch "$dir/sc/a.scn" "$dir/sc/b.scn" "$dir/sc/notes.txt"
PATH=$dir/bin:$PATH
cd "$dir"
# shellcheck source=/dev/null
. "$completion"

failed=0
n=0
# check "EXPECTED WORDS" WORD... (the last word is the one being completed)
check() {
    local expected=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMPREPLY=()
    _migsim
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
    expected=$(printf '%s\n' $expected | sort | tr '\n' ' ' | sed 's/ $//')
    n=$((n + 1))
    if [ "$got" != "$expected" ]; then
        echo "not ok $n - '$*': expected '$expected', got '$got'"
        failed=$((failed + 1))
    else
        echo "ok $n - '$*'"
    fi
}

check "rules run" migsim ru
check "preflight profiles" migsim p
check "--help --version" migsim --
check "serve" migsim help se

check "--profile" migsim run --prof
check "-p" migsim state -p
check "lxd-5.1 lxd-5.10 lxd-5.11 lxd-5.12 lxd-5.13 lxd-5.14 lxd-5.15 lxd-5.16 lxd-5.17 lxd-5.18 lxd-5.19" \
    migsim run --profile lxd-5.1
check "lxd-5.1 lxd-5.10 lxd-5.11 lxd-5.12 lxd-5.13 lxd-5.14 lxd-5.15 lxd-5.16 lxd-5.17 lxd-5.18 lxd-5.19" \
    migsim run -p lxd-5.1
check "incus-6.0.0" migsim coverage --profile = incus-6.0.0
check "auto always never" migsim run --color ""
check "--insecure" migsim replay --ins
check "--json --junit" migsim run --j
check "sc/a.scn sc/b.scn sc/sub" migsim run sc/
check "sc/a.scn sc/b.scn sc/notes.txt sc/sub" migsim run --json sc/
check "" migsim run --nosuch
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
