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
