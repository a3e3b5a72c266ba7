#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root, or through
# sudo): installs what is missing, builds, then runs
#   1. the unit and scenario suites,
#   2. the same under AddressSanitizer and UndefinedBehaviorSanitizer, and
#      ThreadSanitizer over `migsim explore --jobs 2` (tools/tsan.sh),
#   3. the live suite against a real LXD 5.0.2 cluster (a daemon that does not
#      start is a failure; a host without LXD skips, which fails under CI),
#      started first, in the background beside 1, 2 and 5, its output
#      printed after them,
#   4. rule coverage per release (migsim coverage --fail-under),
#   5. the fuzz targets' deterministic sample (tools/fuzz.sh -s),
#   6. line and branch coverage of everything above that ran in build/
#      (it is configured with -Db_coverage=true: one build and one run of
#      the suites serve both the verdict and the coverage figure, the live
#      suite included).
# Each phase's header gives the seconds since the start, so a slow phase
# shows in CI's log (the whole run should stay under about 45 minutes).
# Ends with "tests: N passed, N failed, N skipped".  A skipped test is not a
# pass: with CI=true (.ci/run sets it) any skip makes the run fail.
set -eu
cd "$(dirname "$0")/.."
# --no-build: build/ is configured below, instrumented for coverage, so
# migsim is built once here, not once plain and again instrumented
tools/setup.sh --with-live --with-browser --with-fuzz --no-build

passed=0 failed=0 skipped=0
count() { # BUILDDIR [LOGBASE]
    # meson's JSON log: one object per test with a "result" field
    log=$1/meson-logs/${2:-testlog}.json
    p=$(grep -c '"result": "OK"' "$log" || true)
    s=$(grep -c '"result": "SKIP"' "$log" || true)
    t=$(grep -c '"result"' "$log" || true)
    passed=$((passed + p))
    skipped=$((skipped + s))
    failed=$((failed + t - p - s))
}
status=0
started=$(date +%s)
phase() { echo "== $* [at $(($(date +%s) - started)) s]"; }

# The releases whose rule coverage CI holds, and the floor for each: 100,
# reached by the scenarios (docs/testing.md).
coverage_releases="lxd-5.0.2 lxd-5.21.7 lxd-6.9"
coverage_floor() {
    case $1 in
    lxd-5.0.2) echo 100 ;;
    lxd-5.21.7) echo 100 ;;
    lxd-6.9) echo 100 ;;
    *) echo 100 ;;
    esac
}

phase "formatting (.clang-format, tools/check-format.sh)"
if tools/check-format.sh; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    status=1
fi

# build/ is instrumented for gcov (section 6); a build/ made without it is
# reconfigured (one rebuild), and counters of an earlier run are cleared
[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized -Db_coverage=true >/dev/null
if ! meson introspect build --buildoptions |
    python3 -c 'import json, sys; sys.exit(not any(o["name"] == "b_coverage" and o["value"] for o in json.load(sys.stdin)))'; then
    meson configure build -Db_coverage=true >/dev/null
fi
ninja -C build >/dev/null
find build -name '*.gcda' -delete

# The live suite runs in the background from here, beside every other
# phase up to the fuzzing: it is the longest (about 20 minutes, most of
# them spent waiting on the LXD and Incus daemons), so it starts first and
# the two cores do the CPU-bound phases meanwhile.  It keeps its own meson
# logs (--logbase live-testlog) since the suites beside it in build/ write
# meson-logs/testlog.*.  Its output is kept in
# build/live-suite.log and printed whole when it is waited for, after the
# fuzzing; its timeouts are tripled for that load (a rehearsal with the
# machine's load at 12-20 passed).  A run cut short still waits for it, so
# the suite brings its clusters down before the script exits.
live_pid=
trap '[ -z "$live_pid" ] || wait "$live_pid" 2>/dev/null || true' EXIT
if meson test -C build --list --suite live 2>/dev/null | grep -q " / "; then
    phase "live suite started (real LXD 5.0.2 clusters, three lanes, beside a real Incus 6.0.4 cluster; results after the fuzzing)"
    # both products' locks: the Incus cluster's addresses (127.0.0.4-6) are
    # shared with anyone testing Incus by hand on this host
    flock /tmp/migsim-lxd-live.lock flock /tmp/migsim-incus-live.lock \
        meson test -C build --no-rebuild --logbase live-testlog --suite live --print-errorlogs --timeout-multiplier 3 >build/live-suite.log 2>&1 &
    live_pid=$!
elif [ "${CI:-}" = true ]; then
    echo "the live suite is not registered (meson -Dlive_tests): under CI that is a failure" >&2
    failed=$((failed + 1))
    status=1
fi

# Beside the live suite since session 35: its LXD and Incus daemons load
# the two cores while these suites run, as they load the sanitizer phase,
# so the timeouts (there to catch a hang) are doubled here too; the
# bounds tests put on single commands (MIGSIM_TIMEOUT_SCALE) are not,
# being this build's guard against a quadratic blow-up
# (tests/input/bad-input.sh).  --no-rebuild: the live suite is running
# build/'s migsim, which must not be relinked under it (ninja built
# everything above).
phase "every suite but live"
meson test -C build --no-rebuild --no-suite live --print-errorlogs --timeout-multiplier 2 || status=1
count build

# ASan and UBSan make the code 2-3 times slower: the timeouts (there to
# catch a hang) are doubled, so a loaded machine does not fail a test that
# passes (seen: explore/shard, 117 s of its 240 under CI's ASan run); so
# are the bounds tests put on single commands (MIGSIM_TIMEOUT_SCALE).
# MIGSIM_SANITIZED=1 lets the explore tests whose cost is search size
# (explore/shard, explore/determinism) search less there, keeping the same
# kind of assertion (each test says how); the normal build above ran them
# at full size.
phase "sanitizers (ASan, UBSan)"
[ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug >/dev/null
ninja -C build-asan >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 MIGSIM_TIMEOUT_SCALE=2 MIGSIM_SANITIZED=1 \
    meson test -C build-asan --no-suite live --print-errorlogs --timeout-multiplier 2 || status=1
count build-asan

# ThreadSanitizer over `migsim explore --jobs 2` (the only threads): a
# data race fails (about 1 minute after its build; docs/explore.md)
phase "ThreadSanitizer (explore --jobs 2)"
if tools/tsan.sh; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    status=1
fi

# Fuzzing: each libFuzzer target (tests/fuzz/) runs the fixed number of
# inputs tests/fuzz/ci-sample gives it from its corpus with a fixed seed, two
# at a time: the same inputs on every machine, so the verdict is the code's,
# not the machine speed's; a crash, leak, timeout or OOM fails (about
# 3 minutes with the build on 2 cores).  Timed runs that look for new
# inputs: docs/testing.md.
phase "fuzzing"
if tools/fuzz.sh -s; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    status=1
fi

if [ -n "$live_pid" ]; then
    phase "live suite (results)"
    if ! wait "$live_pid"; then
        status=1
    fi
    live_pid=
    cat build/live-suite.log
    count build live-testlog
fi

# Rule coverage: every rule check site exercised with both outcomes by
# scenarios whose expectations held, per release (docs/testing.md).  A new
# rule or check site without a scenario fails here: that is intended.
phase "rule coverage"
for release in $coverage_releases; do
    if ! build/sim/migsim coverage --profile "$release" --fail-under "$(coverage_floor "$release")" scenarios/ \
        >"build/rule-coverage-$release.txt"; then
        sed -n '/^Uncovered/,$p' "build/rule-coverage-$release.txt"
        failed=$((failed + 1))
        status=1
    else
        passed=$((passed + 1))
    fi
    tail -n 1 "build/rule-coverage-$release.txt"
done

phase "code coverage (build/: every suite above, live included)"
if lcov --quiet --capture --directory build --output-file build/coverage.info \
     --rc lcov_branch_coverage=1 --include "$(pwd)/model/*" --include "$(pwd)/sim/*" --include "$(pwd)/reports/*" \
     >build/lcov.log 2>&1; then
    lcov --summary build/coverage.info --rc lcov_branch_coverage=1 2>&1 | grep -E 'lines|branches'
else
    cat build/lcov.log
    echo "code coverage: lcov failed" >&2
    status=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then
    echo "CI=true: $skipped skipped test(s) count as failures (see the SKIP lines above)" >&2
    status=1
fi
[ "$failed" -eq 0 ] || status=1
exit $status
