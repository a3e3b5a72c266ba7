#!/bin/bash
# Records the network forward texts of tests/live/forwards-5.0.2.transcript on
# a throw-away LXD 5.0.2 cluster (lane MIGSIM_LXD_OFFSET=12; hold its lock:
#   flock /tmp/migsim-lxd-live-lane3.lock tests/live/record-forwards.sh > tests/live/forwards-5.0.2.transcript)
# All three members share one network namespace here, so each final
# "network create" fails on the peers ("Network interface ... already exists")
# and leaves the network Errored with its config stored: the forward texts are
# those of the config.
export MIGSIM_LXD_OFFSET=12
D=/tmp/net-live-fwd
cd "$(dirname -- "$0")/../.." || exit 1
tests/live/lxd-cluster.sh down "$D" >/dev/null 2>&1
tests/live/lxd-cluster.sh up "$D" || { echo UP FAILED; exit 1; }
run() { echo "\$ lxc $*"; LXD_DIR="$D"/lxd1 LXD_CONF="$D"/conf timeout 60 lxc "$@" 2>&1; echo "[rc=$?]"; }
run2() { echo "\$ (m2) lxc $*"; LXD_DIR="$D"/lxd2 LXD_CONF="$D"/conf timeout 60 lxc "$@" 2>&1; echo "[rc=$?]"; }
run cluster list
run network forward create nope 192.0.2.1
run network create br0 --target m1
run network create br0 --target m2
run network create br0 --target m3
run network create br0 ipv4.address=10.123.0.1/24 ipv6.address=none
run network create brn --target m1
run network create brn --target m2
run network create brn --target m3
run network create brn ipv4.address=none ipv6.address=none
run network forward create brn 192.0.2.1
run network forward create br0 192.0.2.1
run network forward create br0 192.0.2.1
run network forward create br0 192.0.2.1 --target m2
run network forward create br0 192.0.2.1 --target m9
run2 network forward create br0 192.0.2.1
run network forward create br0 foo
run network forward create br0 0.0.0.0
run network forward create br0 192.0.2.2 target_address=10.123.0.5
run network forward create br0 192.0.2.3 target_address=10.9.0.5
run network forward create br0 192.0.2.4 target_address=bad
run network forward create br0 192.0.2.5 target_address=2001:db8::1
run network forward create br0 192.0.2.6 foo=bar
run network forward create br0 192.0.2.7 user.foo=bar
run network forward create br0 2001:db8::1
run network forward create br0 10.123.0.9
run network forward list br0
run network forward list br0 --target m2
run network forward show br0 192.0.2.1
run network forward set br0 192.0.2.1 target_address=10.123.0.7
run network forward set br0 192.0.2.1 target_address=10.9.0.7
run network forward set br0 192.0.2.99 target_address=10.123.0.7
run network forward set br0 192.0.2.1 bogus=1
run network forward unset br0 192.0.2.1 target_address
run network forward port add br0 192.0.2.1 tcp 80 10.123.0.5
run network forward port add br0 192.0.2.1 tcp 80 10.123.0.6
run network forward port add br0 192.0.2.1 sctp 81 10.123.0.5
run network forward port add br0 192.0.2.1 tcp 82 10.9.0.5
run network forward port add br0 192.0.2.1 tcp abc 10.123.0.5
run network forward port add br0 192.0.2.1 tcp 90-91 10.123.0.5 100-102
run network forward port add br0 192.0.2.1 tcp 83 bad
run network forward port remove br0 192.0.2.1 tcp 80
run network forward port remove br0 192.0.2.1 tcp 80
run network forward delete br0 192.0.2.99
run network forward delete br0 192.0.2.1 --target m2
run network forward delete br0 192.0.2.1 --target m2
run network forward delete nope 192.0.2.1
run network delete br0
run network list
tests/live/lxd-cluster.sh down "$D"
