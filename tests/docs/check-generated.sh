#!/bin/sh
# docs/rules.md is generated from the rule table; this fails when it drifts.
# Usage: check-generated.sh MIGSIM SOURCE_ROOT   (MIGSIM_UPDATE_GOLDEN=1 rewrites it)
set -u
migsim=$1 root=$2
actual=$(mktemp) || exit 99
trap 'rm -f "$actual"' EXIT
"$migsim" rules --markdown >"$actual" || exit 1
if [ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$actual" "$root/docs/rules.md"
    exit 0
fi
if ! diff -u "$root/docs/rules.md" "$actual"; then
    echo "docs/rules.md is out of date: run 'build/sim/migsim rules --markdown > docs/rules.md'" >&2
    exit 1
fi
