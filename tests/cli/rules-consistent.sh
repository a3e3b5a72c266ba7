#!/bin/sh
# `migsim rules` prints the same catalogue as text, JSON and Markdown: the
# same number of rules and the same IDs in the same order.
# Usage: rules-consistent.sh MIGSIM
set -u
migsim=$1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$migsim" rules | grep -E '^[A-Z]' | cut -d' ' -f1 >"$tmp/text" || exit 1
"$migsim" rules --json | python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)]' >"$tmp/json" || exit 1
"$migsim" rules --markdown | sed -n 's/^## //p' >"$tmp/md" || exit 1
[ -s "$tmp/text" ] || { echo "FAIL: no rule in 'migsim rules'" >&2; exit 1; }
diff -u "$tmp/text" "$tmp/json" && diff -u "$tmp/text" "$tmp/md"
[ $? -eq 0 ] || exit 1

# with --profile, text and JSON agree on each rule's texts in that release:
# the text output shows the first, the JSON all of them (a rule with several
# checks, such as NAME.POOL, has several at once).  Checked for a
# hand-audited, a derived and an Incus release (the JSON once listed LXD's
# texts for Incus releases, so none at all).
for profile in lxd-5.0.2 lxd-5.10 lxd-6.9 incus-6.0.4; do
    "$migsim" rules --profile "$profile" >"$tmp/text-$profile" || exit 1
    "$migsim" rules --json --profile "$profile" >"$tmp/json-$profile" || exit 1
    python3 - "$profile" "$tmp/text-$profile" "$tmp/json-$profile" <<'PY' || exit 1
import json, sys
profile, text_path, json_path = sys.argv[1:]
shown, rule = {}, None
for line in open(text_path):
    if line[:1].isupper():
        rule = line.split()[0]
    elif line.startswith("    text: "):
        shown[rule] = line[len("    text: "):].rstrip("\n")
listed = {r["id"]: [t["text"] for t in r["texts"]] for r in json.load(open(json_path))}
bad = [r for r in sorted(set(shown) | {r for r, t in listed.items() if t})
       if r not in shown or shown[r] not in listed.get(r, [])]
if not shown:
    sys.exit("FAIL: %s: no text in 'migsim rules --profile'" % profile)
for r in bad:
    print("FAIL: %s: %s: text output %r, JSON %r" % (profile, r, shown.get(r), listed.get(r)))
sys.exit(1 if bad else 0)
PY
done
