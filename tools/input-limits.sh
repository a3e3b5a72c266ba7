#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Times the ten bad-input classes of issue 12 on inputs as large as the
# documented limits allow (docs/testing.md, "Bad input at the limits"):
# state files of 8 MiB (and of 32 MiB under --max-state-size 32M), scenario
# files of 4 MiB, lines of 65536 bytes.
# Prints a Markdown table: the class, the input, the exit status (and the
# expected one), CPU seconds (user + system) and wall seconds.  A
# measurement, not a timed test: it fails (exit 1) only when an exit
# status or the expected message is wrong; the times are for the reader
# (the issue asks for each under 1 s; that is for a release build).  Run it
# on a sanitizer build too:
#
#   tools/input-limits.sh --asan
#
# sets up build-asan (meson setup build-asan -Db_sanitize=address,undefined
# -Db_lundef=false --buildtype=debug) if it is not there, builds
# build-asan/sim/migsim and runs on it.  With any binary, UBSan stops at
# its first report (UBSAN_OPTIONS=halt_on_error=1 unless set; by default it
# only prints) and a row whose output has a sanitizer report fails.
#
#   tools/input-limits.sh MIGSIM | --asan
set -u

if [[ $# == 1 && $1 == --asan ]]; then
    ROOT=$(realpath -- "$(dirname -- "$0")/..")
    if [[ ! -d $ROOT/build-asan ]]; then
        meson setup "$ROOT/build-asan" "$ROOT" -Db_sanitize=address,undefined -Db_lundef=false \
            --buildtype=debug >/dev/null || exit 2
    fi
    ninja -C "$ROOT/build-asan" sim/migsim >/dev/null || exit 2
    set -- "$ROOT/build-asan/sim/migsim"
fi
(($# == 1)) || { echo "usage: $0 MIGSIM | --asan" >&2; exit 2; }
MIGSIM=$(realpath -- "$1")
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
DATA=$(realpath -- "$(dirname -- "$0")/../tests/input/data")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2
LIMIT=$((8 * 1024 * 1024))
SCN_LIMIT=$((4 * 1024 * 1024))
FAILED=0

# The generated inputs (python3: fast enough for 8 MiB).
python3 - "$LIMIT" "$SCN_LIMIT" <<'EOF'
import json, sys
limit, scn_limit = int(sys.argv[1]), int(sys.argv[2])

def members(n):
    return [{"name": f"m{i}", "id": i, "status": "ONLINE", "architecture": "x86_64",
             "failure_domain": "default", "groups": ["default"], "role": "voter" if i <= 3 else "spare"}
            for i in range(1, n + 1)]

def state(n_members, n_instances, bad_name=None):
    inst = [{"name": f"c{i}", "type": "container", "status": "RUNNING", "location": f"m{i % n_members + 1}",
             "profiles": ["default"], "config": {"image.os": "Debian", "limits.cpu": "2",
             "volatile.uuid": "%08x-0000-4000-8000-000000000000" % i}, "devices": {}}
            for i in range(n_instances)]
    if bad_name is not None and inst:
        inst[-1]["name"] = bad_name
    return {"release": "lxd-5.0.2", "members": members(n_members),
            "pools": [{"name": "local", "driver": "dir", "status": "Created",
                       "members": {f"m{i}": "Created" for i in range(1, n_members + 1)}, "config": {}}],
            "volumes": [],
            "profiles": [{"name": "default", "config": {},
                          "devices": {"root": {"path": "/", "pool": "local", "type": "disk"}}}],
            "instances": inst, "server_config": {}}

def largest(make, cap=limit):
    # the size grows linearly: estimate from two sizes, then step down
    a, b = len(json.dumps(make(1000), indent=1)), len(json.dumps(make(2000), indent=1))
    n = 1000 + int((cap - 64 - a) / ((b - a) / 1000))
    while len(json.dumps(make(n), indent=1)) > cap - 64:
        n -= n // 200 + 1
    return make(n)

def write(name, text):
    with open(name, "w") as f:
        f.write(text)

write("instances.json", json.dumps(largest(lambda n: state(100, n)), indent=1))
write("members.json", json.dumps(largest(lambda n: state(n, 0)), indent=1))
text = json.dumps(largest(lambda n: state(100, n)), indent=1)
# a key repeated at the very end: the whole file is read before the error
write("duplicate-key.json", text[:-1] + ', "server_config": {}}')
write("bad-name.json", json.dumps(largest(lambda n: state(100, n, bad_name='c"1')), indent=1))
write("deep.json", "[" * limit)
# --max-state-size 32M: four times the default limit
write("instances-32m.json", json.dumps(largest(lambda n: state(100, n), 4 * limit), indent=1))
write("deep-32m.json", "[" * (4 * limit))
write("empty.scn", "# steps on top of a state file\n")
write("deep.scn", "state deep.json\nlxc list\n")
# continuation lines up to the scenario size limit: one logical line over
# the line limit at the end
write("continued.scn", "members m1\n" + "lxc list \\\n" * ((scn_limit - 64) // 11) + "\n")
write("comments.scn", "members m1\n" + "# a comment line of some length\n" * ((scn_limit - 64) // 32))
write("huge.scn", "members m1\n" + "#" * scn_limit + "\n")
write("ok.scn", "members m1 m2\nlxc profile create p1\n")
write("empty-member.scn", 'members "" m2\nlxc list\n')
write("init-bad-name.scn", 'members m1\nlxc init "c 2" --empty\n'
      'Error: Invalid instance name: Name can only contain alphanumeric and hyphen characters\n')
EOF
head -c $((LIMIT + 1)) /dev/zero | tr '\0' ' ' >big-state.json
mkfifo fifo.scn
mkdir -p tree/sub && cp ok.scn tree/a.scn
ln -s . tree/l1 && ln -s . tree/l2 && ln -s . tree/l3 && ln -s .. tree/sub/up && ln -s a.scn tree/same.scn
ln -s self.scn self.scn

printf '| class | input | exit (expected) | CPU s | wall s |\n|---|---|---|---:|---:|\n'
# row CLASS 'INPUT' EXPECTED_EXIT 'TEXT' ARGS...
row() {
    local class=$1 input=$2 want=$3 text=$4 got cpu wall
    shift 4
    /usr/bin/time -o time.out -f '%U %S %e' timeout 120 "$MIGSIM" "$@" >out 2>&1
    got=$?
    read -r u s wall < <(tail -n 1 time.out)
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    if [[ $got != "$want" ]] || ! grep -qF -- "$text" out ||
        grep -qE 'runtime error:|ERROR: (Address|Leak|Undefined)Sanitizer' out; then
        FAILED=1
        printf '| %s | %s | **%s** (%s) | %s | %s |\n' "$class" "$input" "$got" "$want" "$cpu" "$wall"
        head -c 600 out | sed 's/^/    /' >&2
    else
        printf '| %s | %s | %s (%s) | %s | %s |\n' "$class" "$input" "$got" "$want" "$cpu" "$wall"
    fi
}
size() { stat -c %s "$1" | awk '{ printf "%.2f MiB", $1 / 1048576 }'; }

row 1 "state file of $(size deep.json) of '['" 3 "nests deeper than 64 levels" preflight --state deep.json -- lxc list
row 1 "the same through a scenario's state line" 3 "deep.scn:1: state: ./deep.json: nests deeper" run deep.scn
row 2 "$(size continued.scn) of continuation lines" 3 "the line is longer than 65536 bytes" run continued.scn
row 2 "$(size comments.scn) of short lines" 0 "1 passed, 0 failed" run comments.scn
row 3 "state file of $(size members.json): $(grep -c '"failure_domain"' members.json) members" 0 "1 passed, 0 failed" \
    run --state members.json empty.scn
row 3 "state file of $(size instances.json): $(grep -c '"volatile.uuid"' instances.json) instances, 100 members" 0 \
    "1 passed, 0 failed" run --state instances.json empty.scn
row 3 "the same, preflight of an evacuation" 0 "evacuation" preflight --state instances.json -- lxc cluster evacuate m1
row 3 "state file of $(size instances-32m.json): $(grep -c '"volatile.uuid"' instances-32m.json) instances, --max-state-size 32M" \
    0 "1 passed, 0 failed" run --max-state-size 32M --state instances-32m.json empty.scn
row 3 "the same, preflight of an evacuation" 0 "evacuation" \
    preflight --max-state-size 32M --state instances-32m.json -- lxc cluster evacuate m1
row 1 "state file of $(size deep-32m.json) of '[', --max-state-size 32M" 3 "nests deeper than 64 levels" \
    preflight --max-state-size 32M --state deep-32m.json -- lxc list
row 4 "three links to '.', a link up, a link to a file" 0 "scenarios: 1 passed, 0 failed" run tree tree/a.scn
row 4 "a link to itself" 3 "a loop of symbolic links" run self.scn
row 5 "members \"\" m2" 3 'LXD rejects this name' run empty-member.scn
row 6 "a member name with CR and ESC" 0 'm3\x0dResult: nothing would break.\x1b[2K' \
    preflight --state "$DATA/member-name-forges-a-line.json" -- lxc config set c1 user.x y
row 7 "a key repeated at the end of $(size duplicate-key.json)" 3 "this key appears twice in its object" \
    preflight --state duplicate-key.json -- lxc list
row 8 "a FIFO as scenario" 3 "is a FIFO (named pipe)" run fifo.scn
row 8 "/dev/zero as state file" 3 "is a character device" run --state /dev/zero ok.scn
row 8 "state file of $(size big-state.json)" 3 "larger than 8 MiB, the limit for state files; --max-state-size SIZE raises it" \
    preflight --state big-state.json -- lxc list
row 8 "state file of $(size instances-32m.json), --max-state-size 16M" 3 "larger than 16 MiB" \
    run --max-state-size 16M --state instances-32m.json empty.scn
row 8 "scenario of $(size huge.scn)" 3 "larger than 4 MiB" run huge.scn
row 9 "instance c\"1 last in $(size bad-name.json)" 3 "rejects this instance name" preflight --state bad-name.json -- lxc list
row 9 "lxc init \"c 2\" (5.0.2)" 0 "1 passed, 0 failed" run --profile lxd-5.0.2 init-bad-name.scn
row 10 "member id 2^64" 3 "the integer 18446744073709551616 is out of range" \
    preflight --state "$DATA/member-id-2-64.json" -- lxc list
row 10 "profile lxd-99.99" 3 "unknown-profile.scn:4: unknown release 'lxd-99.99'" run "$DATA/unknown-profile.scn"
row 10 "a leading byte-order mark" 0 "1 passed, 0 failed" run "$DATA/bom.scn"
exit $FAILED
