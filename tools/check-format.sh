#!/bin/sh
# Lists the C files that .clang-format would change, and fails if any.
# Usage: tools/check-format.sh [FILE...]   (default: every .c and .h in
# model/, sim/, reports/ and tests/).  Needs clang-format (14 or newer).
# Fix one file with: clang-format -i FILE
set -u
cd "$(dirname "$0")/.." || exit 2
command -v clang-format >/dev/null 2>&1 || { echo "check-format: clang-format not found" >&2; exit 2; }
if [ $# -eq 0 ]; then
    set -- $(git ls-files 'model/*.[ch]' 'sim/*.[ch]' 'reports/*.[ch]' 'tests/*.[ch]')
fi
bad=0
for f in "$@"; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "$f"
        bad=$((bad + 1))
    fi
done
if [ "$bad" -gt 0 ]; then
    echo "check-format: $bad of $# files differ from .clang-format (clang-format -i FILE)" >&2
    exit 1
fi
echo "check-format: $# files match .clang-format"
