#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Adds to a fresh test cluster objects that no live scenario creates, so
# that the suite can prove replay leaves what it did not create
# byte-identical: a profile `keep` with a key and a disk, the custom volume
# `keepvol` on m2 that the disk uses, and the server key
# images.remote_cache_expiry.  No instance: the scenarios evacuate every
# member, and a foreign instance would be moved (and counted in placement).
#
#   seed-foreign.sh CLUSTER_DIR [lxd|incus]  (the DIR of lxd-cluster.sh up DIR
#                                             or incus-cluster.sh up DIR)
#
# On Incus the server key is images.auto_update_interval.

set -euo pipefail
(($# == 1 || $# == 2)) || { printf 'usage: %s CLUSTER_DIR [lxd|incus]\n' "${0##*/}" >&2; exit 2; }
DIR=$1
case ${2:-lxd} in
lxd)
    lxc1() { LXD_DIR=$DIR/lxd1 LXD_CONF=$DIR/conf timeout 120 lxc "$@"; }
    key=images.remote_cache_expiry
    ;;
incus)
    lxc1() { INCUS_DIR=$DIR/incus1 INCUS_CONF=$DIR/conf timeout 120 incus "$@"; }
    key=images.auto_update_interval
    ;;
*) printf 'usage: %s CLUSTER_DIR [lxd|incus]\n' "${0##*/}" >&2; exit 2 ;;
esac
lxc1 storage volume create local keepvol --target m2 >/dev/null
lxc1 profile create keep >/dev/null
lxc1 profile set keep user.migsim.keep=1
lxc1 profile device add keep data disk pool=local source=keepvol path=/srv >/dev/null
lxc1 config set "$key" 12
