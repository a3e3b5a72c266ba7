#!/bin/sh
# docs/fidelity.md maps every rule of the rule table to its LXD source lines
# per tag; this fails when a rule is missing or the map drifts from the
# table, or when a rule's reference cites no tag.
# Usage: check-fidelity.sh MIGSIM SOURCE_ROOT   (MIGSIM_UPDATE_GOLDEN=1 rewrites the map)
set -u
migsim=$1 root=$2
json=$(mktemp) || exit 99
trap 'rm -f "$json"' EXIT
"$migsim" rules --json >"$json" || exit 1
if [ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ]; then
    python3 - "$root/docs/fidelity.md" "$root/tools/gen-fidelity-map.py" "$json" <<'PY' || exit 1
import subprocess, sys
doc, tool, json_path = sys.argv[1:]
section = subprocess.run([sys.executable, tool], stdin=open(json_path), capture_output=True,
                         text=True, check=True).stdout
text = open(doc).read()
begin = text.index("<!-- BEGIN rule map")
end = text.index("<!-- END rule map -->") + len("<!-- END rule map -->\n")
open(doc, "w").write(text[:begin] + section + text[end:])
PY
    exit 0
fi
python3 "$root/tools/gen-fidelity-map.py" --check "$root/docs/fidelity.md" <"$json"
