#!/usr/bin/env python3
"""Writes a large migsim state file for the preflight benchmark.

    gen-state.py MEMBERS INSTANCES > state.json

MEMBERS members m1..mN, INSTANCES instances spread evenly, on LXD 5.21.7.
Pools: 'local' (dir) and 'remote' (ceph).  Per member, every 50th instance
is a VM with a local block volume (the #15218 shape), every 25th a
container with a local filesystem volume; the rest have only a root disk.
Deterministic: the same arguments give the same file.
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-state.py MEMBERS INSTANCES")
    n_members, n_instances = int(sys.argv[1]), int(sys.argv[2])
    members = [f"m{i + 1}" for i in range(n_members)]
    state = {
        "release": "lxd-5.21.7",
        "members": [
            {"name": m, "id": i + 1, "status": "ONLINE", "architecture": "x86_64",
             "failure_domain": "default", "groups": ["default"],
             "role": "voter" if i < 3 else "stand-by" if i < 5 else "spare"}
            for i, m in enumerate(members)
        ],
        "pools": [
            {"name": "local", "driver": "dir", "status": "Created",
             "members": {m: "Created" for m in members}, "config": {}},
            {"name": "remote", "driver": "ceph", "status": "Created",
             "members": {m: "Created" for m in members}, "config": {}},
        ],
        "volumes": [],
        "profiles": [{"name": "default", "config": {}, "devices": {}}],
        "instances": [],
        "server_config": {},
    }
    root = {"path": "/", "pool": "local", "type": "disk"}
    for i in range(n_instances):
        member = members[i % n_members]
        k = i // n_members
        name = f"i{i:05d}"
        inst = {"name": name, "type": "container", "status": "RUNNING", "location": member,
                "profiles": ["default"], "config": {"volatile.last_state.power": "RUNNING"},
                "devices": {"root": dict(root)}}
        if k % 50 == 0:
            inst["type"] = "virtual-machine"
            vol = f"blk-{name}"
            state["volumes"].append({"pool": "local", "name": vol, "content_type": "block",
                                     "location": member, "config": {}})
            inst["devices"]["data"] = {"pool": "local", "source": vol, "type": "disk"}
        elif k % 25 == 0:
            vol = f"fs-{name}"
            state["volumes"].append({"pool": "local", "name": vol, "content_type": "filesystem",
                                     "location": member, "config": {}})
            inst["devices"]["data"] = {"path": "/mnt", "pool": "local", "source": vol, "type": "disk"}
        state["instances"].append(inst)
    json.dump(state, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
