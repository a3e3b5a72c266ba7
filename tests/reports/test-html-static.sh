#!/bin/sh
# The HTML report without a browser: --html alone captures the cluster after
# every step (one picture per command or directive), the file references
# nothing outside itself, and hostile text from a scenario (quotes, markup,
# an ANSI sequence, U+0001) arrives escaped.
# Usage: test-html-static.sh MIGSIM   (from the source root)
set -u
migsim=$1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

for scenario in scenarios/lxd-15218.scn tests/reports/data/failing.scn; do
    "$migsim" run -q --html "$tmp/r.html" "$scenario" >/dev/null 2>&1
    status=$?
    [ $status -le 1 ] || fail "$scenario: migsim exited $status"
    "$migsim" run -q --json "$tmp/r.json" "$scenario" >/dev/null 2>&1
    steps=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for sc in r["scenarios"] for s in sc["steps"] if s["kind"] != "check"))' "$tmp/r.json") \
        || fail "cannot read the JSON report"
    pictures=$(grep -o '<svg class="ms-state"' "$tmp/r.html" | wc -l)
    [ "$pictures" -eq "$steps" ] || fail "$scenario: $pictures pictures for $steps steps (states not captured with --html alone?)"
    # self-contained: no external stylesheet, script, image or font
    if grep -Eio '<(link|iframe|object|embed)[ >]|(src|href)="(https?:|//|file:)[^"]*"|url\((https?:|//)|@import' "$tmp/r.html"; then
        fail "$scenario: the report references something outside itself (above)"
    fi
    grep -q "<style>" "$tmp/r.html" && grep -q "<script>" "$tmp/r.html" || fail "$scenario: inline style or script missing"
done

# $tmp/r.html is now the failing scenario's report
if LC_ALL=C grep -n "$(printf '[\001-\010\013\014\016-\037]')" "$tmp/r.html" >/dev/null; then
    fail "control characters (ESC, U+0001) reached the HTML"
fi
grep -q '&lt;exists&gt; &amp; red' "$tmp/r.html" || fail "the expectation's markup is not escaped"
grep -q '&quot;quotes&quot; &amp; &lt;markup&gt;' "$tmp/r.html" || fail "the title is not escaped"
if grep -q '<markup>\|<exists>' "$tmp/r.html"; then
    fail "raw markup from the scenario reached the HTML"
fi
fails=$(grep -o '<article class="step [a-z]* fail"' "$tmp/r.html" | wc -l)
# line 9 (expectation), line 13 (check, listed under line 9) and line 16
[ "$fails" -eq 2 ] || fail "$fails failing steps marked, expected 2"

# narration: the opening comment under the title, each step's comment
# inside its card (after its header, before the facts), a check's in its
# list item; a comment above an outcome line is nobody's
"$migsim" run -q --profile lxd-6.9 --html "$tmp/n.html" tests/cli/data/narrate.scn >/dev/null 2>&1 ||
    fail "narrate.scn did not pass"
tr '\n' '~' <"$tmp/n.html" >"$tmp/n.flat"
grep -qF '</span></p>~<p class="narration">A trainer&apos;s story: the comment opening the file describes it,~and is shown under the title.</p>~<article' "$tmp/n.flat" ||
    fail "the opening comment is not under the title"
grep -qF 'lxc move c1 --target m2</code><span class="verdict pass">PASS</span></header>~<div class="step-body"><div class="step-outcome"><p class="narration">a blank line between the comment and its step is allowed</p>~<dl class="facts">' "$tmp/n.flat" ||
    fail "a command's comment is not in its card"
grep -qF '<li><span class="narration">a comment above a check narrates it</span> ' "$tmp/n.flat" ||
    fail "a check's comment is not in its list item"
grep -qF 'narrates nothing' "$tmp/n.flat" && fail "a comment above an outcome line was shown"
[ "$(grep -o 'class="narration"' "$tmp/n.flat" | wc -l)" -eq 5 ] || fail "expected 5 narrations"
echo "ok"
