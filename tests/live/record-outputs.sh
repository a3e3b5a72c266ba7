#!/bin/bash
# record real lxc outputs from the live 5.0.2 cluster
set -u
OUT=$1
CL=/work/wt-output/tests/live/lxd-cluster.sh
D=/tmp/rec.$$
mkdir -p "$OUT"
$CL up $D > /tmp/W-output/up.out || { echo up failed; exit 1; }
. $D/env
export LXD_DIR LXD_CONF
S="$OUT/session.txt"
run() { # record a command into a named file and into the session transcript
    local name=$1; shift
    { printf 'user@host:~$ lxc'; printf ' %s' "$@"; printf '\n'; } >> $S
    lxc "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"
    cat "$OUT/$name.out" "$OUT/$name.err" >> $S
}
run profile-root profile device add default root disk path=/ pool=local
run profile-create profile create web
run profile-set profile set web limits.cpu=1
run vol-create storage volume create local vol1 --target m1
run init-c1 init bb c1 --target m1
run launch-c2 launch bb c2 --target m2 -p default -p web
run cfg-c2 config set c2 user.note=hello
run attach storage volume attach local vol1 c1 /mnt
run init-c3 init bb c3 --target m3
run list list
run list-csv list -f csv
run list-json list -f json
run list-yaml list -f yaml
run list-cols list -c nsLPb
run list-filter list status=running
run list-compact list -f compact
run info-c1 info c1
run info-c2 info c2
run show-c1 config show c1
run show-c2 config show c2
run show-c2x config show c2 --expanded
run cluster-list cluster list
run cluster-list-json cluster list -f json
run cluster-list-yaml cluster list -f yaml
run cluster-list-csv cluster list -f csv
run cluster-show cluster show m1
run storage-list storage list
run storage-list-json storage list -f json
run storage-list-yaml storage list -f yaml
run volume-list storage volume list local
run volume-list-json storage volume list local -f json
run profile-show profile show default
run profile-show-web profile show web
run profile-list profile list
run profile-list-json profile list -f json
run network-list network list
run network-list-json network list -f json
run operation-list operation list
run server-show config show
run start-err start c2
run delete-err delete c2
run move-err move c2 --target m1
run ls ls
run cluster-show-m3 cluster show m3
lxc version > $OUT/version.out 2>&1
$CL down $D >/dev/null 2>&1
rm -rf $D
echo done
