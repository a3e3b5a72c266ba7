#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The differential test of `migsim serve` (docs/serve.md): brings up a fresh
# 3-member LXD 5.0.2 cluster, runs tests/live/lxc-diff.py on SCENARIO... (the
# real lxc against migsim serve and against the cluster, transcripts must be
# identical) and always tears the cluster down.
#
#   run-lxc-diff.sh [--incus] MIGSIM WORK_DIR SCENARIO...
#
# --incus: the real incus client against `migsim serve --profile
# incus-6.0.4` and a fresh Incus 6.0.4 cluster (incus-cluster.sh; run it
# under flock /tmp/migsim-incus-live.lock).
#
# Exit codes: those of lxc-diff.py (0 identical, 1 differences, 2 the cluster
# could not be put back), 77 this host cannot run LXD or has no lxc.
set -euo pipefail
PRODUCT=lxd CLIENT=lxc FLAG=()
[[ ${1-} == --incus ]] && { PRODUCT=incus CLIENT=incus FLAG=(--incus); shift; }
(($# >= 3)) || { echo "usage: ${0##*/} [--incus] MIGSIM WORK_DIR SCENARIO..." >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
WORK=$(realpath -m -- "$2")
shift 2
HERE=$(dirname -- "$(realpath -- "$0")")
command -v $CLIENT >/dev/null || { echo "SKIP: no $CLIENT client" >&2; exit 77; }
mkdir -p "$WORK"
DIR=/tmp/migsim-lxc-diff-$$
trap '"$HERE/$PRODUCT-cluster.sh" down "$DIR" >/dev/null 2>&1 || true' EXIT
set +e
"$HERE/$PRODUCT-cluster.sh" up "$DIR" >"$WORK/cluster-up.out"
rc=$?
set -e
((rc == 77)) && exit 77
((rc == 0)) || { echo "bring-up failed (exit $rc)" >&2; exit 1; }
python3 "$HERE/lxc-diff.py" "${FLAG[@]}" "$MIGSIM" "$(command -v $CLIENT)" "$DIR" "$WORK/$CLIENT-diff" "$@"
