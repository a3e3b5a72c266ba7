#!/usr/bin/env python3
"""Turn /work/shared/cases/upstream-public.json's cases into scenarios.

Usage: tools/shared-cases-to-scn.py CASES.json OUTDIR
       then: build/sim/migsim run -q OUTDIR

One OUTDIR/ID@RELEASE.scn per case and release: its members, pools (`pool NAME DRIVER`), the
default profile's root disk on the pool marked default_profile_root, the
cluster groups, and each `cmd` step with its `on`, its expected outcome
(an exact error as `Error:`, a contained one as `expect error "TEXT"`,
`error_match: any` as `expect error`) and its asserts that the scenario
language has (instance status/location/config/expanded/device, member
status, volume location, profile device; "!=" as `not`).  A case's
cluster's helper profiles get a root disk on the first pool.  A case's
`lxd_versions` is free text: the releases picked from it (5.0.2, 5.21.7,
6.9; `--yes` is `--force` before 6.9) are a guess to read with the case, and so is the error text, which is
the newest release's: a difference at an older release is to be checked
against the case's notes before it is called a miss.  Cases with
`fault_injection` steps or with placeholders (`<...>`) are listed and
skipped: their hand-written scenarios cover them.
"""
import json
import re
import sys
from pathlib import Path


def releases_of(text):
    t = text.lower()
    rel = []
    if "5.0.2" in t or "5.x" in t:
        rel.append("lxd-5.0.2")
    if "5.21" in t or "5.x" in t:
        rel.append("lxd-5.21.7")
    if re.search(r"\b6\.", t) or "head" in t or "5.x" in t:
        rel.append("lxd-6.9")
    return rel or ["lxd-6.9"]


def assert_lines(a):
    neg = "not " if a.get("op") == "!=" else ""
    t = a["type"]
    v = a.get("value")
    if v == "":
        v = "unset"
    if t == "instance" and a["field"] in ("status", "location"):
        return [f"expect instance {a['name']} {a['field']} {neg}{v}"]
    if t == "instance_config":
        return [f"expect instance {a['name']} config {a['key']} {neg}{v}"]
    if t == "instance_expanded_config":
        return [f"expect instance {a['name']} expanded {a['key']} {neg}{v}"]
    if t == "instance_device":
        return [f"expect instance {a['name']} device {a['device']} {a['key']} {neg}{v}"]
    if t == "profile_device":
        return [f"expect profile {a['name']} device {a['device']} {a['key']} {neg}{v}"]
    if t == "member" and a["field"] == "status":
        return [f"expect member {a['name']} status {neg}{v}"]
    if t == "volume" and a["field"] == "location":
        return [f"expect volume {a['pool']}/{a['name']} location {neg}{v}"]
    return [f"# assert not expressible: {json.dumps(a)}"]


def convert(case, rel):
    steps = case["steps"]
    if any(s["kind"] != "cmd" for s in steps):
        return None, "fault_injection steps"
    if any("<" in s["cmd"] for s in steps):
        return None, "placeholder in a command"
    cs = case["cluster_setup"]
    out = [f"# {case['id']}: {case['source']}", f"# lxd_versions: {case['lxd_versions']}"]
    out.append(f"title {case['id']}")
    out.append(f"profile {rel}")
    out.append("members " + " ".join(m["name"] for m in cs["members"]))
    root = None
    for p in cs.get("pools", []):
        # a pool the steps create themselves is not declared
        if any(re.match(rf"lxc storage create {re.escape(p['name'])}\b", s["cmd"]) for s in steps):
            continue
        # the driver field may carry a remark; "any" is written as dir
        drv = p["driver"].split()[0]
        known = ("dir", "btrfs", "lvm", "zfs", "ceph", "cephfs")
        out.append(f"pool {p['name']} {drv if drv in known else 'dir'}")
        if p.get("default_profile_root"):
            root = p["name"]
    pools = [p["name"] for p in cs.get("pools", [])]
    # lxd-ci's setups: the default profile's root on the first pool, and
    # each helper profile ("vmsmall") a root disk on it too
    if not root and pools and not cs.get("profiles") and "default_profile" not in cs:
        root = pools[0]
    if root:
        out.append(f"lxc profile device add default root disk path=/ pool={root}")
    for prof in cs.get("profiles") or {}:
        out.append(f"lxc profile create {prof}")
        out.append(f"lxc profile device add {prof} root disk path=/ pool={pools[0]}")
    on = cs["members"][0]["name"]
    for s in steps:
        if s.get("on") and s["on"] != on:
            on = s["on"]
            out.append(f"on {on}")
        cmd = s["cmd"]
        if rel != "lxd-6.9" and cmd.startswith("lxc cluster evacuate "):
            # `lxc cluster evacuate --yes` exists from 6.9; before, the
            # confirmation is --force (the cases' "only the CLI confirmation
            # flag differs"; lxc/cluster.go:1303-1304 at lxd-6.9, :1302 at
            # lxd-6.8).  Other commands keep --yes: `lxc cluster remove
            # --force --yes` has had it all along (lxc/cluster.go:435 at
            # lxd-5.0.2)
            cmd = re.sub(r" --yes\b", " --force", cmd)
        out.append(cmd)
        if s["expect"] == "error":
            err, m = s.get("error"), s.get("error_match")
            if err and m == "exact":
                out.append(err if err.startswith("Error: ") else "Error: " + err)
            elif err and m == "contains":
                frag = err[len("Error: "):] if err.startswith("Error: ") else err
                out.append('expect error "' + frag.replace("\\", "\\\\").replace('"', '\\"') + '"')
            else:
                out.append("expect error")
        for a in s.get("asserts") or []:
            out.extend(assert_lines(a))
    return "\n".join(out) + "\n", None


def main():
    cases = json.load(open(sys.argv[1]))
    outdir = Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    for c in cases:
        for rel in releases_of(c["lxd_versions"]):
            text, why = convert(c, rel)
            if text is None:
                print(f"skipped {c['id']}: {why}")
                break
            (outdir / f"{c['id']}@{rel}.scn").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
