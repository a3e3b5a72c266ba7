#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The throw-away Incus cluster of the live suite: live-cluster.sh incus (usage,
# addresses and exit codes there).
exec "$(dirname -- "$(realpath -- "$0")")/live-cluster.sh" incus "$@"
