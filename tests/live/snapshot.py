#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A full snapshot of an LXD cluster: GET of every object, as canonical JSON.

    snapshot.py SOCKET > before.json
    snapshot.py --diff before.json after.json    # exit 1 and a report when they differ
    snapshot.py --compare SOCKET before.json after.json
        # writes after.json, then as --diff (one interpreter start less)
    snapshot.py --running SOCKET                 # exit 0 while an operation runs
    snapshot.py --wait-running SOCKET SECONDS PID
        # exit 0 as soon as an operation runs, 1 after SECONDS without one,
        # 3 when process PID has ended first
    Any form exits 4 when the daemon does not answer a GET (refused, reset,
    timed out) three times in a row.

Written independently of migsim (Python's standard library only), so that
the live suite compares what replay leaves behind with a truth migsim did
not produce.  What it reads, through one member's unix socket:

  /1.0 (server config, and each member's own with ?target=), the cluster and
  its members, storage pools (and each member's view with ?target=), every
  pool's volumes, profiles, networks, projects, the instances of every
  project (recursion=1: config, devices, location, status) and images.

Left out, because LXD changes them by itself while anything runs:
  * operations and warnings (transient);
  * an image's last_used_at (LXD stamps it whenever an instance is created
    from the image, lxd/instances_post.go at lxd-5.0.2) and the
    cached/auto-update flags that go with it.
Lists of URLs (used_by, members' lists) are sorted: LXD returns them in
database order, which is not part of an object's state.
"""

import http.client
import json
import os
import socket
import sys
import time
import urllib.parse


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("lxd", timeout=60)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.unix_path)


class NotAnswering(Exception):
    """The daemon behind the socket did not answer a GET (refused, reset,
    timed out or not JSON) on any attempt: the cluster's health, reported
    with exit 4 rather than as a snapshot (run-live.sh rebuilds the lane)."""


# A daemon under load (three clusters and their replays on two cores) can
# miss one 60-s read or reset one connection and answer the next: a GET is
# tried this many times, a few seconds apart, before the snapshot fails.
GET_ATTEMPTS = 3
GET_RETRY_PAUSE_S = 5


def get_once(sock, path):
    conn = UnixConnection(sock)
    try:
        conn.request("GET", path)
        body = conn.getresponse().read()
    finally:
        conn.close()
    return json.loads(body)


def get(sock, path):
    for attempt in range(1, GET_ATTEMPTS + 1):
        try:
            reply = get_once(sock, path)
            break
        except (OSError, http.client.HTTPException, ValueError) as e:
            print("snapshot.py: GET %s, attempt %d of %d: %s: %s" % (path, attempt, GET_ATTEMPTS, type(e).__name__, e),
                  file=sys.stderr)
            if attempt == GET_ATTEMPTS:
                raise NotAnswering("GET %s failed %d times (last: %s)" % (path, GET_ATTEMPTS, e))
            time.sleep(GET_RETRY_PAUSE_S)
    if reply.get("type") == "error":
        return {"error": reply.get("error"), "error_code": reply.get("error_code")}
    return reply.get("metadata")


def sort_lists(value, key=None):
    if isinstance(value, dict):
        return {k: sort_lists(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [sort_lists(v) for v in value]
        if all(isinstance(v, str) for v in items) and key in ("used_by", "locations", "roles", "groups", "members"):
            return sorted(items)
        return items
    return value


def by_name(items, key="name"):
    return {str(i.get(key)): i for i in items or []}


# A member's heartbeat can lag under load (two live suites on two cores)
# or right after cluster.offline_threshold changed (the next round follows
# the old interval): it shows "Offline" for a while, then "Online" again
# by itself.  That is the cluster's health, not the state a replay left,
# so a snapshot waits for it; a member still Offline after this long is
# snapshotted as it is (and a diff then names it).
OFFLINE_WAIT_S = 90


def wait_members_online(sock):
    deadline = time.monotonic() + OFFLINE_WAIT_S
    waited = False
    while True:
        members = get(sock, "/1.0/cluster/members?recursion=1") or []
        offline = sorted(m["server_name"] for m in members if m.get("status") == "Offline")
        if not offline or time.monotonic() >= deadline:
            if waited:
                print("snapshot.py: %s" % ("members Online again" if not offline else
                                            "still Offline after %d s: %s" % (OFFLINE_WAIT_S, " ".join(offline))),
                      file=sys.stderr)
            return members
        if not waited:
            print("snapshot.py: waiting for Offline member(s) %s" % " ".join(offline), file=sys.stderr)
            waited = True
        time.sleep(1)


def snapshot(sock):
    q = urllib.parse.quote
    snap = {}
    wait_members_online(sock)
    server = get(sock, "/1.0")
    snap["server"] = {"config": server.get("config"), "environment": {
        k: v for k, v in (server.get("environment") or {}).items() if k != "server_pid"}}
    members = get(sock, "/1.0/cluster/members?recursion=1") or []
    snap["cluster"] = get(sock, "/1.0/cluster")
    snap["members"] = by_name(members, "server_name")
    snap["cluster_groups"] = by_name(get(sock, "/1.0/cluster/groups?recursion=1"))
    names = sorted(m["server_name"] for m in members)
    snap["member_config"] = {m: (get(sock, "/1.0?target=" + q(m)) or {}).get("config") for m in names}
    pools = get(sock, "/1.0/storage-pools?recursion=1") or []
    snap["pools"] = by_name(pools)
    snap["pool_members"] = {p["name"]: {m: get(sock, "/1.0/storage-pools/%s?target=%s" % (q(p["name"]), q(m)))
                                        for m in names} for p in pools}
    snap["volumes"] = {}
    for p in pools:
        vols = get(sock, "/1.0/storage-pools/%s/volumes?recursion=1" % q(p["name"])) or []
        snap["volumes"][p["name"]] = {"%s/%s@%s" % (v.get("type"), v.get("name"), v.get("location")): v
                                      for v in vols}
    snap["profiles"] = by_name(get(sock, "/1.0/profiles?recursion=1"))
    snap["networks"] = by_name(get(sock, "/1.0/networks?recursion=1"))
    snap["projects"] = by_name(get(sock, "/1.0/projects?recursion=1"))
    # every project's (LXD 5.0.2 has instance_all_projects), keyed
    # PROJECT/NAME: a project replay created and left would hold them
    snap["instances"] = {"%s/%s" % (i.get("project"), i.get("name")): i
                         for i in get(sock, "/1.0/instances?recursion=1&all-projects=true") or []}
    images = get(sock, "/1.0/images?recursion=1") or []
    for image in images:
        for key in ("last_used_at", "cached", "auto_update"):
            image.pop(key, None)
    snap["images"] = by_name(images, "fingerprint")
    return sort_lists(snap)


def flatten(value, prefix, out):
    if isinstance(value, dict) and value:
        for k in sorted(value):
            flatten(value[k], "%s.%s" % (prefix, k) if prefix else k, out)
    else:
        out[prefix] = json.dumps(value, sort_keys=True)
    return out


def diff(a_path, b_path):
    with open(a_path) as f:
        a = flatten(json.load(f), "", {})
    with open(b_path) as f:
        b = flatten(json.load(f), "", {})
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append("  %s: before %s, after %s" % (key, a.get(key, "(absent)"), b.get(key, "(absent)")))
    if lines:
        print("the cluster differs from its snapshot (%d values):" % len(lines))
        print("\n".join(lines[:60]))
        if len(lines) > 60:
            print("  ... and %d more" % (len(lines) - 60))
        return 1
    return 0


def running(sock):
    """Exit 0 while LXD runs a task (an instance create, move, evacuation...)."""
    ops = get(sock, "/1.0/operations?recursion=1") or {}
    tasks = [o for o in ops.get("running") or [] if o.get("class") != "token"]
    return 0 if tasks else 1


def wait_running(sock, seconds, pid):
    """Poll in one interpreter (kill-test.sh's "mid" point): starting one
    per poll took longer than many operations last."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 3
        if running(sock) == 0:
            return 0
        time.sleep(0.01)
    return 1


def main(argv):
    if len(argv) == 3 and argv[1] == "--running":
        return running(argv[2])
    if len(argv) == 5 and argv[1] == "--wait-running":
        return wait_running(argv[2], float(argv[3]), int(argv[4]))
    if len(argv) == 4 and argv[1] == "--diff":
        return diff(argv[2], argv[3])
    if len(argv) == 5 and argv[1] == "--compare":
        with open(argv[4], "w") as f:
            json.dump(snapshot(argv[2]), f, sort_keys=True, indent=1)
            f.write("\n")
        return diff(argv[3], argv[4])
    if len(argv) != 2:
        print("usage: snapshot.py SOCKET | --diff BEFORE AFTER | --compare SOCKET BEFORE AFTER", file=sys.stderr)
        return 2
    json.dump(snapshot(argv[1]), sys.stdout, sort_keys=True, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except NotAnswering as e:
        print("snapshot.py: the cluster does not answer: %s" % e, file=sys.stderr)
        sys.exit(4)
