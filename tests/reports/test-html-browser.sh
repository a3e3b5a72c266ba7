#!/bin/sh
# The HTML report in a real browser: renders the report of
# scenarios/lxd-15218.scn in headless Chromium and checks that
#   - the page script ran to its end without an exception (#ms-script-ok),
#   - the console shows no uncaught error and no blocked fetch (the page's
#     Content-Security-Policy blocks any network access and logs it),
#   - there is one step and one cluster picture (<svg class="ms-state">) per
#     command or directive of the run, counted independently from --json,
# and saves a screenshot as BUILDDIR/report-15218.png.
# Usage: test-html-browser.sh MIGSIM BUILDDIR   (from the source root)
set -u
migsim=$1 builddir=$2
scenario=scenarios/lxd-15218.scn
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
    echo "SKIP: $chromium not found (install Debian's chromium: tools/setup.sh --with-browser)"
    exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
html=$builddir/report-15218.html
png=$builddir/report-15218.png
rm -f "$html" "$png"

fail() {
    echo "FAIL: $*"
    exit 1
}

"$migsim" run -q --html "$html" "$scenario" >"$tmp/run.out" 2>&1 || fail "migsim run --html exited $?: $(cat "$tmp/run.out")"
"$migsim" run -q --json "$tmp/report.json" "$scenario" >/dev/null 2>&1 || fail "migsim run --json failed"
# steps of the HTML report: every command and directive (checks are listed
# under the step they follow)
steps=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for sc in r["scenarios"] for s in sc["steps"] if s["kind"] != "check"))' "$tmp/report.json") \
    || fail "cannot count steps in the JSON report"
[ "$steps" -gt 0 ] || fail "no steps in the JSON report"

run_chromium() {
    # a fresh profile each time: no state carried between runs
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

run_chromium --dump-dom "file://$(realpath "$html")" >"$tmp/dom.html" 2>"$tmp/dom.err" \
    || fail "chromium --dump-dom exited $?: $(tail -5 "$tmp/dom.err")"
if grep -E 'Uncaught|Content Security Policy|Refused to' "$tmp/dom.err"; then
    fail "the browser console reports errors (above)"
fi
grep -q 'id="ms-script-ok"' "$tmp/dom.html" || fail "#ms-script-ok missing: the page script did not run to its end"
grep -q "id=\"ms-script-ok\"[^>]*data-steps=\"$steps\"" "$tmp/dom.html" \
    || fail "the script counted $(grep -o 'data-steps="[0-9]*"' "$tmp/dom.html") steps, expected $steps"
pictures=$(grep -o '<svg class="ms-state"' "$tmp/dom.html" | wc -l)
articles=$(grep -o '<article class="step ' "$tmp/dom.html" | wc -l)
[ "$pictures" -eq "$steps" ] || fail "$pictures cluster pictures for $steps steps"
[ "$articles" -eq "$steps" ] || fail "$articles step articles for $steps steps"
# each picture is inside its own step
for n in $(seq 1 "$steps"); do
    python3 - "$tmp/dom.html" "s1-$n" <<'PY' || fail "step s1-$n has no picture"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<article class="step [^"]*" id="%s"(.*?)</article>' % re.escape(sys.argv[2]), dom, re.S)
sys.exit(0 if m and m.group(1).count('<svg class="ms-state"') == 1 else 1)
PY
done

run_chromium --hide-scrollbars --window-size=1400,2400 --screenshot="$png" "file://$(realpath "$html")" \
    >/dev/null 2>"$tmp/shot.err" || fail "chromium --screenshot exited $?: $(tail -5 "$tmp/shot.err")"
[ -s "$png" ] || fail "no screenshot written"
size=$(wc -c <"$png")
# a blank 1400x2400 page compresses to about 10 kB
[ "$size" -gt 50000 ] || fail "screenshot is only $size bytes: blank page?"
echo "ok: $steps steps, $pictures pictures, no console errors; screenshot $png ($size bytes)"
