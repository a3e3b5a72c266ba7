#!/usr/bin/env python3
"""Inventory of LXD's shell test suites against scenarios/upstream/.

For each test function of the chosen test/suites files at each tag, list its
line range, its assertions (`! lxc ...` refusals, `lxc ... | grep`,
`[ "$(lxc ...)" = ... ]`) and which scenarios cite it.  A scenario cites a
function when its header comment names the function (test_...) and the file;
an assertion counts as covered when a header cites a line range of that file
"at TAG" that holds the assertion's line (ranges cited "ref HEAD" cannot be
placed at a tag and are not counted).  Heuristic, documented as such in
docs/upstream-tests.md; reasons for functions no scenario covers are kept
by hand in REASONS below.

Usage: tools/upstream-inventory.py [--mirror DIR] > docs/upstream-tests.md
"""
import argparse, glob, os, re, subprocess, sys

TAGS = ["lxd-5.0.2", "lxd-5.21.7", "lxd-6.9"]
# Incus tags (lxc/incus mirror) and the migsim release a scenario's
# `releases` names for each.
INCUS_TAGS = [("v6.0.4", "incus-6.0.4")]
FILES = re.compile(r"^test/suites/(clustering|clustering_move|container_move|move|"
                   r"storage_volume[a-z_]*|projects|storage_driver_[a-z]+|snapshots|"
                   r"storage_snapshots|config|storage_profiles|storage_local_volume_handling|"
                   r"container_local_cross_pool_handling)\.sh$")
FUNC = re.compile(r"^(test_[A-Za-z0-9_]+)\s*\(\)\s*\{")
LXC = r"(?:[A-Z_]+=\S+\s+)*(?:lxc|incus)\s"
ASSERT = [
    ("refusal", re.compile(r"^\s*!\s+" + LXC)),
    ("grep", re.compile(LXC + r".*\|\s*(?:grep|tr|wc)")),
    ("compare", re.compile(r"\[\s+\"\$\(" + LXC)),
]
# Why a function has no scenario (hand-kept; checked against the test text).
REASONS = {
    # clustering.sh
    "test_clustering_enable": "lxc cluster enable of a standalone server: migsim starts clustered (no verb)",
    "test_clustering_address": "cluster.https_address / core.https_address moves and remotes by address: addresses not modelled",
    "test_clustering_dns": "DNS of managed networks (dig): needs network",
    "test_clustering_acme": "ACME certificates (needs network, pebble)",
    "test_clustering_fan": "fan bridges: needs network",
    "test_clustering_downgrade": "members of different daemon versions: one release per run",
    "test_clustering_upgrade": "members of different daemon versions: one release per run",
    "test_clustering_upgrade_large": "members of different daemon versions: one release per run",
    "test_clustering_edit_configuration": "`lxd cluster edit` (daemon tool on a stopped member): not lxc",
    "test_clustering_events": "event streams (lxc monitor): not modelled",
    "test_clustering_ha": "dqlite/raft failover timing: not modelled",
    "test_clustering_handover": "raft leadership handover on shutdown: role timing not modelled",
    "test_clustering_recover": "`lxd cluster recover-from-quorum-loss`: daemon tool, not lxc",
    "test_clustering_recovery": "`lxd recover` of storage: daemon tool, not lxc",
    "test_clustering_remove_raft_node": "`lxd cluster remove-raft-node`: daemon tool, not lxc",
    "test_clustering_rebalance_remove_leader": "leader removal with rebalance: raft timing (roles after the fact not asserted without it)",
    "test_clustering_heal_networks_stop": "network start-up healing on a restarted member: daemon restart not modelled",
    "test_clustering_image_replication": "image replication (images.auto_update, cluster.images_minimal_replica): images not modelled beyond import",
    "test_clustering_image_refresh": "image refresh from a remote simplestreams server: needs network",
    "test_clustering_image_proxy_bypass": "core.proxy_ignore_hosts: needs network",
    "test_clustering_join_api": "join by API (PUT /1.0/cluster): joins not modelled",
    "test_clustering_join_proxy_bypass": "join through a proxy: needs network",
    "test_clustering_trust_add": "trust tokens and certificates: not modelled",
    "test_clustering_update_cert": "cluster certificate update: not modelled",
    "test_clustering_update_cert_reversion": "cluster certificate update: not modelled",
    "test_clustering_update_cert_token": "cluster certificate update: not modelled",
    "test_clustering_link_auth": "cluster links (6.x): not modelled",
    "test_clustering_link_info": "cluster links (6.x): not modelled",
    "test_clustering_metrics": "/1.0/metrics: not modelled",
    "test_clustering_publish": "lxc publish: no verb",
    "test_clustering_projects_force_delete": "lxc project delete --force: no such migsim flag",
    "test_clustering_uuid": "volatile.uuid values across copies: not modelled",
    "test_clustering_replicator_basic": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_dr": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_evacuated_member": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_multi_member": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_scheduled": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_snapshot": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_unclustered": "replicators (6.x, cluster links): not modelled",
    "test_clustering_replicator_vm": "replicators (6.x, cluster links): not modelled",
    # config.sh
    "test_config_edit": "lxc config edit of a YAML with unknown fields: the edit verb takes migsim's subset",
    "test_config_edit_container_snapshot_pool_config": "snapshot config edit (pool of a snapshot): no snapshot records",
    "test_container_metadata": "lxc config metadata / template: no verb",
    "test_container_snapshot_config": "expires_at --property of snapshots: no --property, no snapshot records",
    "test_mount_order": "disk mount order inside the container: lxc exec",
    "test_property": "--property on config get/set: no such migsim flag",
    # projects.sh
    "test_certificate_project_restrictions": "certificates restricted to projects: not modelled",
    "test_projects_backups": "lxc export / import: no verb",
    "test_projects_backups_volume": "storage volume export / import of backups: no verb",
    "test_projects_before_init": "projects on an uninitialised server: migsim starts initialised",
    "test_projects_copy": "copies between projects on a second remote: one cluster per run",
    "test_projects_default": "default project's features (lxc project get): no project get assertion",
    "test_projects_force_delete": "lxc project delete --force: no such migsim flag",
    "test_projects_images": "image aliases and lists per project: lxc image list/alias not verbs",
    "test_projects_images_default": "images of the default project seen from another: lxc image list not a verb",
    "test_projects_images_volume": "storage.images_volume per project: not modelled",
    "test_projects_instance_creation": "instance creation defaults per project: needs project get",
    "test_projects_limits": "limits.* values (memory, cpu, disk, processes): partly in clustering-project-limits; value aggregation not triaged",
    "test_projects_network": "features.networks and project networks: not triaged (network verbs lack --project checks)",
    "test_projects_profiles": "profile lists per project: projects-profiles-per-project; lxc profile get, copy --target-project: not simulated",
    "test_projects_profiles_default": "profile description in projects: no profile-description assertion",
    "test_projects_restrictions": "restricted.* keys: the containers part in projects-restrictions-containers(-lxd502); network visibility, idmaps, disk paths not modelled",
    "test_projects_snapshots": "its two greps read lxc info's snapshot list and a snapshot's config show (neither printed), and c1 in two projects is not modelled",
    "test_projects_storage": "features.storage.volumes: not triaged",
    "test_projects_usage": "lxc project info (usage): no verb",
    "test_projects_yaml": "project create from YAML on stdin: project create takes no stdin",
    # snapshots.sh
    "test_snapshots": "snapshot content and restore inside the container: lxc exec",
    "test_snap_restore": "restore of file content: lxc exec",
    "test_snapshot_restore": "restore of file content: lxc exec",
    "test_snap_expiry": "snapshot expiry over time: no snapshot records",
    "test_snapshot_expiry": "snapshot expiry over time: no snapshot records",
    "test_snap_schedule": "snapshots.schedule runs: no scheduler",
    "test_snapshot_schedule": "snapshots.schedule runs: no scheduler",
    "test_snap_volume_db_recovery": "DB recovery of snapshot volume records: daemon internals",
    "test_snapshot_volume_db_recovery": "DB recovery of snapshot volume records: daemon internals",
    "test_snapshot_fail": "snapshot of a full pool (driver failure): needs the real driver",
    "test_snapshot_multi_volume": "multi-volume snapshots (6.x): not modelled",
    # storage
    "test_storage_driver_btrfs": "driver internals (subvolumes, quotas): needs the real driver",
    "test_storage_driver_ceph": "driver internals (OSD pools, RBD): needs the real driver",
    "test_storage_driver_cephfs": "driver internals: needs the real driver",
    "test_storage_driver_dir": "driver internals (quotas on the host): needs the real driver",
    "test_storage_driver_pure": "driver internals (Pure Storage array): needs the real driver",
    "test_storage_driver_zfs": "driver internals (datasets, zvols): needs the real driver",
    "test_storage_volume_attach": "idmap shifting of attached volumes (security.idmap.isolated, stat in the container): lxc exec",
    "test_snap_storage_volume_attach_vm": "VM-only (attach inside a VM, lxc exec in the guest)",
    "test_storage_volume_import": "storage volume import of ISO/backup files: only by name in migsim, not triaged",
    "test_storage_volume_initial_config": "initial.* root disk keys (5.21+): not modelled",
}
# Incus-only reasons (the LXD ones apply where a function has the same name).
INCUS_REASONS = {
    "test_clustering_openfga": "OpenFGA authorization: not modelled",
    "test_projects_network": "features.networks and project networks: not triaged for Incus (incus network list --project of a missing project: NETWORK.PROJECT_NOT_FOUND, scenarios/rules/incus-network-project-not-found.scn)",
    "test_projects_limits": "Incus' project key validators are not modelled (migsim answers not modelled for a value it cannot judge; LXD's form: projects-limits-containers-count)",
}


def git(mirror, *args):
    return subprocess.run(["git", "-C", mirror] + list(args), check=True,
                          capture_output=True, text=True).stdout


def functions(text):
    """(name, first, last, [(line, kind, text)]) per top-level function."""
    out, cur = [], None
    lines = text.split("\n")
    for i, ln in enumerate(lines, 1):
        m = FUNC.match(ln)
        if m:
            cur = [m.group(1), i, i, []]
            out.append(cur)
            continue
        if cur is None:
            continue
        if ln.startswith("}"):
            cur[2] = i
            cur = None
            continue
        s = ln.strip()
        if s.startswith("#"):
            continue
        for kind, rx in ASSERT:
            if rx.search(ln):
                cur[3].append((i, kind, s))
                break
    return out


def header(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            if not ln.startswith("#"):
                break
            out.append(ln[1:].strip())
    return " ".join(out)


# A range list follows "line(s) " or ":", or, for the same file at another
# tag, "; " or ", " when " at TAG" comes right after the list ("lines
# 790-808 at lxd-5.0.2; 957-975 at lxd-5.21.7, 921-939 at lxd-6.9").
RANGE = re.compile(r"(?:lines?\s+|:|(?<=[;,] )(?=[0-9, -]+\sat\s))(\d+(?:-\d+)?(?:,\s*\d+(?:-\d+)?)*)")
TAGREF = re.compile(r"\bat\s+(lxd-[0-9.]*[0-9]|v[0-9.]*[0-9])|\bref\s+HEAD")
PATHREF = re.compile(r"([A-Za-z0-9_./-]+\.(?:sh|go|md))")


def citations(hdr):
    """{(file, tag): [(lo, hi)]} for test/suites ranges cited at a tag."""
    cites, cur_file, pending = {}, None, []
    toks = re.finditer(r"%s|%s|%s" % (PATHREF.pattern, RANGE.pattern, TAGREF.pattern), hdr)
    for t in toks:
        s = t.group(0)
        if PATHREF.fullmatch(s):
            cur_file = s if s.startswith("test/suites/") else None
            pending = []
        elif s.startswith("at ") or s.startswith("ref"):
            tag = t.group(3) if s.startswith("at ") else None
            if cur_file and tag:
                for r in pending:
                    cites.setdefault((cur_file, tag), []).append(r)
            pending = []
        elif cur_file:
            for part in re.split(r",\s*", t.group(2)):
                lo, _, hi = part.partition("-")
                pending.append((int(lo), int(hi or lo)))
    return cites


def scenarios(root):
    out = []
    for p in sorted(glob.glob(os.path.join(root, "scenarios/upstream/*.scn"))):
        h = header(p)
        rel = ""
        with open(p, encoding="utf-8") as f:
            for ln in f:
                if ln.startswith("releases "):
                    rel = ln.split(None, 1)[1].strip()
                    break
        out.append((os.path.basename(p)[:-4], h, rel, citations(h)))
    return out


def table(mirror, tag, release, scns, tot, body, incus=False):
    """One tag's table: functions, assertions, citing scenarios, coverage."""
    files = [f for f in git(mirror, "ls-tree", "--name-only", tag, "test/suites/").split()
             if FILES.match(f)]
    body.append("\n## %s\n" % (("Incus " + tag) if incus else tag))
    body.append("| file | function | lines | assertions (refusal/grep/compare) | "
                "covered asserts | cited by | why not |")
    body.append("|---|---|---|---|---|---|---|")
    for f in files:
        for name, lo, hi, asserts in functions(git(mirror, "show", "%s:%s" % (tag, f))):
            # An Incus function is cited only by a scenario that names Incus
            # (LXD's test files have the same names and functions).
            cited = sorted({n for n, h, rel, _ in scns
                            if re.search(r"\b%s\b" % name, h) and os.path.basename(f) in h
                            and (not incus or "incus" in h.lower())
                            and (not rel or release in rel.split(","))})
            ranges = [r for _, _, _, c in scns for r in c.get((f, tag), [])]
            cov = sum(1 for ln, _, _ in asserts if any(x <= ln <= y for x, y in ranges))
            kinds = [sum(1 for _, k, _ in asserts if k == kk) for kk, _ in ASSERT]
            tot["asserts"] += len(asserts)
            tot["covered"] += cov
            tot["funcs"] += 1
            tot["funcs_cited"] += bool(cited)
            lxd_form = [n for n, h, _, _ in scns if re.search(r"\b%s\b" % name, h)
                        and "incus" not in h.lower()]
            default = ("not yet triaged for Incus (LXD's form: %s)" % ", ".join(lxd_form[:2])
                       if incus and lxd_form else "not yet triaged")
            why = "" if cited else (INCUS_REASONS if incus else REASONS).get(
                name, REASONS.get(name, default) if not (incus and lxd_form) else default)
            body.append("| %s | %s | %d-%d | %d (%s) | %d | %s | %s |" % (
                os.path.basename(f), name, lo, hi, len(asserts), "/".join(map(str, kinds)),
                cov, ", ".join(cited) or "-", why))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror/canonical+lxd/repo")
    ap.add_argument("--incus-mirror", default="/work/.mirror/lxc+incus/repo")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    a = ap.parse_args()
    scns = scenarios(a.root)
    tot = {"asserts": 0, "covered": 0, "funcs": 0, "funcs_cited": 0}
    itot = {"iasserts": 0, "icovered": 0, "ifuncs": 0, "ifuncs_cited": 0}
    body = []
    for tag in TAGS:
        table(a.mirror, tag, tag, scns, tot, body)
    sub = {"asserts": 0, "covered": 0, "funcs": 0, "funcs_cited": 0}
    for tag, release in INCUS_TAGS:
        table(a.incus_mirror, tag, release, scns, sub, body, incus=True)
    itot.update({"i" + k: v for k, v in sub.items()})
    tot.update(itot)
    print(TEMPLATE % tot)
    print("\n".join(body))


TEMPLATE = """# LXD's shell test suites and scenarios/upstream/

Generated by `tools/upstream-inventory.py > docs/upstream-tests.md` from the
canonical/lxd mirror (test/suites/ at each tag) and the header comments of
scenarios/upstream/*.scn.  Do not edit the tables by hand: edit REASONS in
the script (why a function has no scenario) or the scenarios' `# Source:`
headers.

How it counts (a heuristic, read it before quoting a figure):

- an *assertion* is a line of a test function that is `! lxc ...` (a
  refusal), `lxc ... | grep|tr|wc` or `[ "$(lxc ...)" ... ]`; helper
  functions' own checks and `lxc` calls inside loops count once per line;
- a function is *cited by* a scenario when the scenario's header names the
  function and the file and the scenario's `releases` includes the tag;
- an assertion is *covered* when a header cites a line range of that file
  `at TAG` holding the assertion's line (a range is `lines A-B`, `:A-B`, or,
  for the file just named, `; A-B at TAG` / `, A-B at TAG`).  A range can
  hold a few assertions its scenario leaves out (its header says which),
  and ranges cited `ref HEAD` (older scenarios) cannot be placed at a tag
  and are not counted: the covered figure is an estimate, not a bound.

Totals over the three tags: %(funcs)d functions, %(funcs_cited)d cited by a
scenario; %(asserts)d assertions, %(covered)d inside a cited range.

Incus (lxc/incus test/suites/ at v6.0.4, the same files; a function counts
as cited only by a scenario whose header names Incus and whose `releases`
includes incus-6.0.4): %(ifuncs)d functions, %(ifuncs_cited)d cited;
%(iasserts)d assertions, %(icovered)d inside a range cited `at v6.0.4`.
"""

if __name__ == "__main__":
    main()
