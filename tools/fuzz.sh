#!/bin/sh
# Runs the libFuzzer targets (tests/fuzz/) from their corpora.
#
#   tools/fuzz.sh [-t SECONDS] [-j JOBS] [-k] [TARGET...]
#
# Each target (default: all, i.e. every tests/fuzz/fuzz-TARGET.c) runs for
# SECONDS (default 60) from a scratch copy of tests/fuzz/corpus-TARGET and
# tests/fuzz/regressions/TARGET, with a fixed seed (-seed=1), JOBS targets
# at a time (default 2).  Any crash, leak, timeout (10 s per input) or
# out-of-memory (2 GiB) fails; the input is saved as fuzz-out/TARGET-*
# (keep it under tests/fuzz/regressions/TARGET/ once fixed).  With -k the
# new inputs libFuzzer found are merged into the scratch corpus and left in
# fuzz-out/corpus-TARGET for review.  CI runs `tools/fuzz.sh` (tools/test.sh);
# long runs: `tools/fuzz.sh -t 3600 -k state-file`.
# Builds build-fuzz (CC=clang, -Dfuzz=true) when it is missing.
set -eu
cd "$(dirname "$0")/.."

seconds=60 jobs=2 keep=false
while getopts t:j:k opt; do
    case $opt in
    t) seconds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    k) keep=true ;;
    *) echo "usage: tools/fuzz.sh [-t SECONDS] [-j JOBS] [-k] [TARGET...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
    set --
    for src in tests/fuzz/fuzz-*.c; do
        t=${src#tests/fuzz/fuzz-}
        set -- "$@" "${t%.c}"
    done
fi

[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true >/dev/null
for t in "$@"; do
    [ -f "tests/fuzz/fuzz-$t.c" ] || { echo "fuzz: no target '$t' (tests/fuzz/fuzz-$t.c)" >&2; exit 2; }
    set -- "$@" "tests/fuzz/fuzz-$t"
done
# the arguments are now TARGET... followed by their ninja names
n=$(( $# / 2 ))
targets=$(echo "$@" | cut -d' ' -f1-$n)
ninja_names=$(echo "$@" | cut -d' ' -f$((n + 1))-)
# shellcheck disable=SC2086
ninja -C build-fuzz $ninja_names >/dev/null

# UBSan only reports unless told to stop; leaks are failures too
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
mkdir -p fuzz-out
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_one() {
    t=$1
    work=$scratch/corpus-$t
    mkdir -p "$work"
    cp tests/fuzz/corpus-"$t"/* "$work"/
    [ -d "tests/fuzz/regressions/$t" ] && cp tests/fuzz/regressions/"$t"/* "$work"/
    if build-fuzz/tests/fuzz/fuzz-"$t" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="fuzz-out/$t-" "$work" >"$scratch/$t.log" 2>&1; then
        echo "fuzz $t: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$scratch/$t.log" | grep -o '[0-9]*$') inputs in ${seconds} s"
        if $keep; then
            rm -rf "fuzz-out/corpus-$t"
            cp -r "$work" "fuzz-out/corpus-$t"
        fi
    else
        echo "fuzz $t: FAILED (input kept in fuzz-out/$t-*)"
        grep -E 'ERROR|SUMMARY|==[0-9]+==|Test unit written|^#0|^    #[0-9] ' "$scratch/$t.log" | head -40
        return 1
    fi
}

status=0
running=0
pids=""
for t in $targets; do
    run_one "$t" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do wait "$p" || status=1; done
        pids="" running=0
    fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
