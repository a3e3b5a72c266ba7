#!/bin/sh
# docs/fidelity.md maps every rule of the rule table to its LXD source lines
# per tag; this fails when a rule is missing or the map drifts from the
# table, or when a rule's reference cites no tag.
# Usage: check-fidelity.sh MIGSIM SOURCE_ROOT   (MIGSIM_UPDATE_GOLDEN=1 rewrites the map)
set -u
migsim=$1 root=$2
mode=--check
[ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ] && mode=--update
json=$(mktemp) || exit 99
trap 'rm -f "$json"' EXIT
"$migsim" rules --json >"$json" || exit 1
python3 "$root/tools/gen-fidelity-map.py" "$mode" "$root/docs/fidelity.md" <"$json"
