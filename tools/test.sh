#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root, or through
# sudo): installs what is missing, builds, then runs
#   1. the unit and scenario suites,
#   2. the same under AddressSanitizer and UndefinedBehaviorSanitizer (the
#      scenarios as one process over the whole corpus), and
#      ThreadSanitizer over `migsim explore --jobs 2` (tools/tsan.sh),
#   3. the live suite against real LXD 5.0.2 and Incus 6.0.4 clusters (a
#      daemon that does not start is a failure; a host without LXD skips,
#      which fails under CI), started first, in the background beside the
#      other phases, its output printed after them,
#   4. rule coverage per release (migsim coverage --fail-under),
#   5. the fuzz targets' deterministic sample (tools/fuzz.sh -s),
#   6. with MIGSIM_TEST_DEB=1 (.ci/run), the Debian package
#      (packaging/deb-test.sh), in the background beside the live suite,
#   7. line and branch coverage of everything above that ran in build/
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
# MIGSIM_TEST_DEB=1 (.ci/run sets it): the Debian package too
# (packaging/deb-test.sh, in the background beside the live suite, below),
# its tools installed in the same apt run
with_deb=
[ "${MIGSIM_TEST_DEB:-}" != 1 ] || with_deb=--with-deb
tools/setup.sh --with-live --with-browser --with-fuzz $with_deb --no-build

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
# migsim first (183 of the tree's 227 compiles): the live suite needs
# nothing else, so it starts as soon as migsim is linked and the rest of
# the tree is built beside it (below)
ninja -C build sim/migsim >/dev/null
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
live_pid='' deb_pid=''
trap '[ -z "$live_pid" ] || wait "$live_pid" 2>/dev/null || true; [ -z "$deb_pid" ] || wait "$deb_pid" 2>/dev/null || true' EXIT
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

# The Debian package (MIGSIM_TEST_DEB=1): packaging/deb-test.sh builds it
# from a clean clone of HEAD (a release build of its own), runs lintian,
# installs it and checks the installed migsim.  Until session 36 CI ran it
# before this script, alone, for several minutes of the run's wall; it
# needs nothing of build/, so it runs from here beside the live suite,
# niced so that the suites' timeouts and the live daemons keep the cores
# first.  Its output is printed and counted under "Debian package
# (results)", after the live suite's.
if [ "${MIGSIM_TEST_DEB:-}" = 1 ]; then
    phase "Debian package started (packaging/deb-test.sh, niced; results after the live suite's)"
    nice -n 10 packaging/deb-test.sh >build/deb-test.log 2>&1 &
    deb_pid=$!
fi

# Beside the live suite since session 35: its LXD and Incus daemons load
# the two cores while these suites run, as they load the sanitizer phase,
# so the timeouts (there to catch a hang) are doubled here too; the
# bounds tests put on single commands (MIGSIM_TIMEOUT_SCALE) are not,
# being this build's guard against a quadratic blow-up
# (tests/input/bad-input.sh).  --no-rebuild: the live suite is running
# build/'s migsim, which must not be relinked under it (ninja built
# everything above).
# the rest of build/ (unit tests, fuzz regressions, helpers); migsim is
# up to date, so nothing the live suite runs is relinked under it
ninja -C build >/dev/null
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
#
# The scenario suite is not run here test by test: its 734 golden tests
# (one process each, about 770 s of the phase's summed wall in rehearsal
# ci34, a third of it) check text the normal build has just compared.
# What ASan and UBSan add is a memory or undefined-behaviour verdict on
# the code those scenarios reach, and one process running the whole corpus
# under each release it is written for, transcripts and --explain
# rendered, reaches all of it and more (the golden tests render only the
# releases/ and multi-release files under more than one release): about
# 1.5 CPU s in the normal build.  LeakSanitizer checks that process at its
# exit, where anything a scenario leaked is still unreachable.
phase "sanitizers (ASan, UBSan)"
[ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug >/dev/null
ninja -C build-asan >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
MIGSIM_TIMEOUT_SCALE=2 MIGSIM_SANITIZED=1 \
    meson test -C build-asan --no-suite live --no-suite scenario --print-errorlogs --timeout-multiplier 2 || status=1
count build-asan
if build-asan/sim/migsim run --color=never --all-profiles --explain \
    scenarios/ tests/live/scenarios/ tests/live/incus-scenarios/ >build-asan/corpus-run.log 2>&1; then
    passed=$((passed + 1))
    echo "sanitized corpus run: $(tail -n 1 build-asan/corpus-run.log)"
else
    # exit 1 (an expectation failed) fails too: the normal build's
    # scenario suite passed the same files
    grep -E '^ +FAIL|ERROR|Sanitizer|runtime error' build-asan/corpus-run.log | head -n 40
    tail -n 5 build-asan/corpus-run.log
    echo "sanitized corpus run: migsim run --all-profiles --explain scenarios/ failed (build-asan/corpus-run.log)" >&2
    failed=$((failed + 1))
    status=1
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

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

# Rule coverage: every rule check site exercised with both outcomes by
# scenarios whose expectations held, per release (docs/testing.md).  A new
# rule or check site without a scenario fails here: that is intended.  It
# runs before the live suite is waited for (it needs only the scenarios,
# and a core is free once the fuzzing is done).
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

if [ -n "$live_pid" ]; then
    phase "live suite (results)"
    if ! wait "$live_pid"; then
        status=1
    fi
    live_pid=
    cat build/live-suite.log
    count build live-testlog
fi

if [ -n "$deb_pid" ]; then
    phase "Debian package (results)"
    if wait "$deb_pid"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        status=1
    fi
    deb_pid=
    cat build/deb-test.log
fi

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
