#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The Incus half of the live suite: run-live.sh --incus (usage and exit
# codes there).
#
#   run-live-incus.sh MIGSIM SCENARIO_DIR [WORK_DIR]
exec "$(dirname -- "$(realpath -- "$0")")/run-live.sh" --incus "$@"
