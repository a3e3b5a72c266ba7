#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The throw-away LXD cluster of the live suite: live-cluster.sh lxd (usage,
# addresses and exit codes there).
exec "$(dirname -- "$(realpath -- "$0")")/live-cluster.sh" lxd "$@"
