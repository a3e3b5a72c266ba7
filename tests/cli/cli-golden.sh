#!/bin/sh
# Golden test of one migsim command: its stdout, its stderr and its exit
# status, compared with tests/cli/golden/NAME.  Check-site line numbers
# (model/FILE.c:LINE, lcov's FN/DA/BRDA lines, JSON "line") are written as N
# so that editing model/ does not churn the files; everything else is exact.
# Files the command writes (--json, --lcov) are appended after the output.
# Usage: cli-golden.sh MIGSIM GOLDEN [--file OUTFILE] [--filter MODE] [--file-filter MODE] -- ARGS...
#   OUTFILE: a name in the temporary directory, substituted for @OUT@ in ARGS;
#   MODE: a filter.py mode applied to stdout / to the file, which keeps what
#   the fixture is about and drops what grows when rules are added elsewhere.
# MIGSIM_UPDATE_GOLDEN=1 rewrites the golden file.
set -u
. "$(dirname -- "$0")/../common/golden-compare.sh"
migsim=$1 golden=$2
shift 2
outfile= filter=cat file_filter=cat
here=$(dirname "$0")
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
    --file) outfile=$2 ;;
    --filter) filter="$here/filter.py $2" ;;
    --file-filter) file_filter="$here/filter.py $2" ;;
    *) echo "cli-golden.sh: unknown option $1" >&2; exit 99 ;;
    esac
    shift 2
done
[ "$1" = -- ] && shift
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
args=
for a in "$@"; do
    case $a in
    *@OUT@*) a=$(printf '%s' "$a" | sed "s|@OUT@|$tmp/$outfile|") ;;
    esac
    args="$args '$a'"
done
eval "\"$migsim\" $args" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
{
    echo "\$ migsim $*"
    $filter <"$tmp/stdout" || echo "(filter failed)"
    echo "-- stderr"
    sed "s|$tmp/||g" "$tmp/stderr"
    echo "-- exit status: $status"
    if [ -n "$outfile" ]; then
        echo "-- $outfile"
        if [ -f "$tmp/$outfile" ]; then $file_filter <"$tmp/$outfile" || echo "(filter failed)"; else echo "(not written)"; fi
    fi
} | sed -e 's|\(model/[a-z-]*\.c\):[0-9][0-9]*|\1:N|g' \
        -e 's#^\(FN\|DA\):[0-9][0-9]*,#\1:N,#' \
        -e 's|^BRDA:[0-9][0-9]*,[0-9][0-9]*,|BRDA:N,N,|' \
        -e 's|"line" : [0-9][0-9]*|"line" : N|' \
        -e 's|rule coverage [0-9.]*% is below|rule coverage N% is below|' >"$tmp/actual"
golden_compare "$golden" "$tmp/actual" "golden file"
