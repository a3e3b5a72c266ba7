#!/bin/sh
# ThreadSanitizer over the explorer's threads (docs/explore.md#threadsanitizer):
# builds build-tsan (-Db_sanitize=thread) and runs `migsim explore --jobs 2`
# on small searches that take every path of the partitioned search: whole
# runs, a step budget and --max-violations that end inside a unit (the
# cut of the unit they end in, the lowered step bounds and the cancelled
# workers), --concurrent, and a shard.
# Any report fails (exit 66).  About 1 minute after the build.
set -eu
cd "$(dirname "$0")/.."
[ -f build-tsan/build.ninja ] ||
    meson setup build-tsan -Db_sanitize=thread -Db_lundef=false --buildtype=debugoptimized >/dev/null
ninja -C build-tsan sim/migsim >/dev/null
# GLib's slice allocator recycles memory behind the sanitizer's back
G_SLICE=always-malloc
TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$PWD/tools/tsan.supp"
export G_SLICE TSAN_OPTIONS
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for args in "--profile lxd-5.21.7 --depth 2" \
            "--profile lxd-5.0.2 --depth 3 --budget 20000" \
            "--profile lxd-5.21.7 --depth 3 --max-violations 3" \
            "--profile lxd-5.0.2 --depth 2 --concurrent" \
            "--profile lxd-5.21.7 --depth 2 --shard 1/2 --out $out/shard"; do
    # shellcheck disable=SC2086
    build-tsan/sim/migsim explore --seed 1 --jobs 2 $args >/dev/null 2>"$out/log" && code=0 || code=$?
    # 0 and 1 are explore's verdicts; 66 is a ThreadSanitizer report
    if [ $code -gt 1 ]; then
        cat "$out/log" >&2
        echo "tsan: migsim explore --jobs 2 $args exited $code" >&2
        status=1
    else
        echo "tsan: ok: explore --jobs 2 $args"
    fi
done
exit $status
