# SPDX-License-Identifier: Apache-2.0
# Sourced by the golden tests (tests/scenario/golden.sh, tests/cli/cli-golden.sh).
# golden_compare GOLDEN ACTUAL WHAT: with MIGSIM_UPDATE_GOLDEN=1, stores ACTUAL
# as GOLDEN and exits 0; otherwise exits 1 when GOLDEN is missing (the message
# calls it WHAT), and with the status of `diff -u GOLDEN ACTUAL` (the
# difference on stdout).
golden_compare() {
    if [ "${MIGSIM_UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$(dirname "$1")" && cp "$2" "$1"
        exit 0
    fi
    if [ ! -f "$1" ]; then
        echo "no $3 $1 (run with MIGSIM_UPDATE_GOLDEN=1 to create it)" >&2
        exit 1
    fi
    diff -u "$1" "$2"
    exit
}
