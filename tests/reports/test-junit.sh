#!/bin/sh
# JUnit XML as CI systems read it: well-formed XML 1.0 (xmllint) even when
# messages carry quotes, markup, ANSI sequences and control characters; one
# testsuite per scenario file, one testcase per command or check; failures
# carry the expected and the actual outcome.
# Usage: test-junit.sh MIGSIM   (from the source root)
set -u
migsim=$1
if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: xmllint not found (Debian package libxml2-utils)"
    exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
xml=$tmp/junit.xml

fail() {
    echo "FAIL: $*"
    exit 1
}
xpath() {
    xmllint --xpath "$1" "$xml" 2>/dev/null
}

"$migsim" run -q --junit "$xml" --json "$tmp/r.json" scenarios/lxd-15218.scn tests/reports/data/failing.scn \
    >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] || fail "expected exit status 1 (an expectation failed), got $status: $(cat "$tmp/out")"
xmllint --noout "$xml" || fail "not well-formed XML"
LC_ALL=C grep -q "$(printf '\033')" "$xml" && fail "an ESC byte reached the XML"

[ "$(xpath 'count(/testsuites/testsuite)')" = 2 ] || fail "expected 2 testsuites"
# per file: tests = commands + checks, counted from the JSON report
expected=$(python3 -c '
import json, sys
for sc in json.load(open(sys.argv[1]))["scenarios"]:
    print(sc["path"], sc["release"], sc["commands"] + sc["checks"], sc["failed"])' "$tmp/r.json") || fail "cannot read the JSON report"
i=0
echo "$expected" | while read -r path release tests failed; do
    i=$((i + 1))
    suite="/testsuites/testsuite[$i]"
    [ "$(xpath "string($suite/@name)")" = "$path [$release]" ] \
        || fail "testsuite $i is named '$(xpath "string($suite/@name)")', expected '$path [$release]'"
    [ "$(xpath "count($suite/testcase)")" = "$tests" ] || fail "$path: $(xpath "count($suite/testcase)") testcases, expected $tests"
    [ "$(xpath "string($suite/@tests)")" = "$tests" ] || fail "$path: tests attribute is not $tests"
    [ "$(xpath "count($suite/testcase/failure)")" = "$failed" ] || fail "$path: failure count is not $failed"
    [ "$(xpath "string($suite/@failures)")" = "$failed" ] || fail "$path: failures attribute is not $failed"
    # one release per file in this run: the class is the file, its dots
    # written as '_' (Jenkins splits a class at its last dot)
    class=$(printf '%s' "$path" | tr . _)
    [ "$(xpath "count($suite/testcase[@classname != '$class'])")" = 0 ] \
        || fail "$path: testcase classname is not '$class'"
done || exit 1

f='/testsuites/testsuite[2]/testcase'
# the expectation with an ANSI sequence and U+0001: both made safe, the rest kept
case1=$(xpath "string($f[@name='lxc launch img c1 --target m1 -s local']/failure)")
[ -n "$case1" ] || fail "no failure for line 9"
printf '%s\n' "$case1" | grep -qx 'expected: Error: instance "c1" <exists> & red � done' \
    || fail "line 9: expected outcome not carried: $case1"
printf '%s\n' "$case1" | grep -qx 'actual: ok' || fail "line 9: actual outcome not carried: $case1"
# a failed check
case2=$(xpath "string($f[@name='expect instance c1 location m2']/failure)")
printf '%s\n' "$case2" | grep -qx 'expected: expect instance c1 location m2' || fail "line 13: $case2"
printf '%s\n' "$case2" | grep -qx "actual: location is 'm1', expected m2" || fail "line 13: $case2"
# the line is in the failure's text, not in the test's name
printf '%s\n' "$case2" | grep -qx "line: 13" || fail "line 13: no line in $case2"
# LXD refused a command expected to succeed: its quoted message survives
case3=$(xpath "string($f[@name='lxc storage volume attach local nope c1']/failure)")
printf '%s\n' "$case3" | grep -qx 'expected: ok' || fail "line 16: $case3"
printf '%s\n' "$case3" | grep -q '^actual: Error: Failed add validation for device "nope": ' || fail "line 16: $case3"
[ "$(xpath "string($f[@name='lxc storage volume attach local nope c1']/failure/@message)")" \
    = 'expected ok, got Error: Failed add validation for device "nope": Failed loading "custom/nope" from project "default": Storage volume not found' ] \
    || fail "line 16: failure message attribute"
# passing cases have no failure
[ "$(xpath "count($f[@name='lxc stop c1']/failure)")" = 0 ] || fail "line 19 should pass"

# --all-profiles: one testsuite per release, each test's ID (class + name)
# names its release, so no two tests share an ID; a check for other
# releases is no test of this one
scn=scenarios/releases/evacuate-networks-not-started.scn
"$migsim" run -q --all-profiles --junit "$xml" "$scn" >"$tmp/out" 2>&1
status=$?
[ $status -eq 0 ] || fail "--all-profiles: exit status $status: $(cat "$tmp/out")"
xmllint --noout "$xml" || fail "--all-profiles: not well-formed XML"
[ "$(xpath 'count(/testsuites/testsuite)')" = 17 ] || fail "--all-profiles: expected 17 testsuites (5.21.x and 6.x)"
class=$(printf '%s' "$scn" | tr . _)
[ "$(xpath "count(//testcase[@classname='$class.lxd-6_9'])")" -gt 0 ] || fail "--all-profiles: no test named for lxd-6.9"
[ "$(xpath "count(//testcase[@classname='$class.lxd-5_0_2'])")" = 0 ] || fail "--all-profiles: ran lxd-5.0.2, outside 'releases'"
ids=$(xmllint --xpath '//testcase' "$xml" | grep -o 'classname="[^"]*" name="[^"]*"' | sort)
[ -z "$(printf '%s\n' "$ids" | uniq -d)" ] || fail "--all-profiles: two tests share an ID: $(printf '%s\n' "$ids" | uniq -d | head -1)"
line29='expect[lxd-5.21.0..5.21.3,lxd-6.1..6.4] member node1 status EVACUATED'
[ "$(xpath "count(//testcase[@classname='$class.lxd-6_9' and @name='$line29'])")" = 0 ] \
    || fail "--all-profiles: the check for 5.21.0-5.21.3/6.1-6.4 (line 29) is a test under lxd-6.9"
[ "$(xpath "count(//testcase[@classname='$class.lxd-6_1' and @name='$line29'])")" = 1 ] \
    || fail "--all-profiles: the check of line 29 is not a test under lxd-6.1"

# a release whose own expectation fails makes the run fail
sed 's/^Error\[lxd-6.7+\]: .*/Error[lxd-6.7+]: a text LXD never printed/' "$scn" >"$tmp/wrong.scn"
"$migsim" run -q --all-profiles --junit "$xml" "$tmp/wrong.scn" >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "--all-profiles with a wrong 6.7+ text: expected exit status 1"
[ "$(xpath 'count(//testsuite[@failures != "0"])')" = 3 ] || fail "--all-profiles: expected failures in exactly 6.7, 6.8, 6.9"
"$migsim" matrix "$tmp/wrong.scn" >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "matrix with a wrong 6.7+ text: expected exit status 1"
grep -q '^  lxd-6.8 .* L25 ' "$tmp/out" || fail "matrix does not list the unmet expectation of lxd-6.8: $(cat "$tmp/out")"
# the same verdict as JSON and Markdown: exactly 6.7, 6.8 and 6.9 have an unmet expectation
"$migsim" matrix --json "$tmp/wrong.scn" >"$tmp/m.json" 2>&1
[ $? -eq 1 ] || fail "matrix --json with a wrong 6.7+ text: expected exit status 1"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
bad = [r["release"] for r in m["rows"] if r["unmet"]]
assert bad == ["lxd-6.7", "lxd-6.8", "lxd-6.9"] and m["passed"] is False, bad
' "$tmp/m.json" || fail "matrix --json: unmet rows are not 6.7, 6.8, 6.9"
"$migsim" matrix --markdown "$tmp/wrong.scn" >"$tmp/m.md" 2>&1
[ $? -eq 1 ] || fail "matrix --markdown with a wrong 6.7+ text: expected exit status 1"
[ "$(grep -c '^| lxd-6\.[789] |.*\*\*!\*\*' "$tmp/m.md")" = 3 ] || fail "matrix --markdown: the three unmet rows are not marked: $(cat "$tmp/m.md")"
"$migsim" matrix --json "$scn" >/dev/null 2>&1 || fail "matrix --json of a scenario that holds: exit status $?"
"$migsim" matrix "$scn" >"$tmp/out" 2>&1 || fail "matrix of a scenario that holds in every release: exit status $?"
"$migsim" run -q --all-profiles --profile lxd-6.9 "$scn" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--all-profiles with --profile: expected usage error 2"
echo "ok"
