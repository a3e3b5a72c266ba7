#!/usr/bin/env python3
"""Prints, for every algorithm step migsim models, where LXD implements it at
every simulated tag (file:line of the function), read from the LXD source:
the "where to look" table of docs/fidelity.md.

Usage: fidelity-anchors.py LXD_GIT_DIR > /tmp/anchors.md
       (then paste between the anchors markers of docs/fidelity.md)

Tags come from the profile table of model/ms-version.c.  Consecutive tags
with the same file:line are written once ("5.21.5-5.21.7")."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# step, function (as declared), where to look
ANCHORS = [
    ("evacuate", "clusterNodeStatePost / clusterMemberStatePost", r"func cluster(Node|Member)StatePost\("),
    ("evacuate", "evacuateClusterMember", r"func evacuateClusterMember\("),
    ("evacuate", "evacuateInstances", r"func evacuateInstances\("),
    ("evacuate", "evacuateClusterSelectTarget", r"func evacuateClusterSelectTarget\("),
    ("evacuate", "canMigrate (instance)", r"func \(d \*common\) canMigrate\("),
    ("restore", "restoreClusterMember", r"func restoreClusterMember\("),
    ("move", "instancePost", r"func instancePost\("),
    ("move", "instancePostClusteringMigrate", r"func instancePostClusteringMigrate\("),
    ("move", "migrateInstance", r"func migrateInstance\("),
    ("move", "newMigrationSource", r"func newMigrationSource\("),
    ("create", "instancesPost", r"func instancesPost\("),
    ("create", "instanceCreateFinish / instance.CreateInternal", r"func CreateInternal\(|func instanceCreateInternal\("),
    ("start/stop", "instanceStatePut", r"func instanceStatePut\("),
    ("start/stop", "qemu Start", r"func \(d \*qemu\) Start\("),
    ("start/stop", "qemu Stop", r"func \(d \*qemu\) Stop\("),
    ("start/stop", "lxc Start", r"func \(d \*lxc\) Start\("),
    ("start/stop", "lxc Stop", r"func \(d \*lxc\) Stop\("),
    ("devices", "devicesUpdate", r"func \(d \*common\) devicesUpdate\("),
    ("devices", "deviceAdd", r"func \(d \*common\) deviceAdd\("),
    ("devices", "disk validateConfig", r"func \(d \*disk\) validateConfig\("),
    ("devices", "disk CanMigrate", r"func \(d \*disk\) CanMigrate\("),
    ("devices", "disk CanHotPlug", r"func \(d \*disk\) CanHotPlug\("),
    ("devices", "validDevices (static validation)", r"func [vV]alidDevices\("),
    ("storage", "storagePoolsPost", r"func storagePoolsPost\("),
    ("storage", "storagePoolDelete", r"func storagePoolDelete\("),
    ("storage", "storagePoolVolumesPost", r"func storagePoolVolumesPost\("),
    ("storage", "storagePoolVolumeDelete", r"func storagePoolVolumeDelete\("),
    ("storage", "storagePoolVolumePost (rename, move)", r"func storagePoolVolumePost\("),
    ("profiles", "profilesPost", r"func profilesPost\("),
    ("profiles", "profilePut", r"func profilePut\("),
    ("profiles", "profileDelete", r"func profileDelete\("),
    ("profiles", "doProfileUpdate", r"func doProfileUpdate\("),
    ("server config", "doApi10Update / doAPI10Update", r"func doA(pi|PI)10Update\("),
    ("server config", "cluster ConfigSchema", r"^var ConfigSchema = config.Schema\{"),
]


def profiles():
    text = open(os.path.join(ROOT, "model", "ms-version.c")).read()
    return [name for name in re.findall(r'\{ "(lxd-[0-9.]+)", MS_VERSION\(', text)]


def locate(git_dir, tag, pattern):
    out = subprocess.run(["git", "--git-dir", git_dir, "grep", "-n", "-E", pattern, tag, "--", "lxd/"],
                         capture_output=True, text=True).stdout
    hits = []
    for line in out.splitlines():
        parts = line.split(":", 3)
        if len(parts) >= 3 and not parts[1].endswith("_test.go"):
            hits.append("%s:%s" % (parts[1], parts[2]))
    return ", ".join(hits) if hits else "n/a"


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    git_dir = sys.argv[1]
    tags = profiles()
    print("| step | function | where, per tag |")
    print("|---|---|---|")
    for step, name, pattern in ANCHORS:
        runs = []
        for tag in tags:
            where = locate(git_dir, tag, pattern)
            short = tag[4:]
            if runs and runs[-1][2] == where:
                runs[-1][1] = short
            else:
                runs.append([short, short, where])
        cells, previous_file = [], None
        for first, last, where in runs:
            span = first if first == last else "%s-%s" % (first, last)
            if ", " not in where and ":" in where and where.split(":")[0] == previous_file:
                shown = ":" + where.split(":")[1]
            else:
                shown = where
            previous_file = where.split(":")[0] if ", " not in where else None
            cells.append("%s (%s)" % (shown, span))
        print("| %s | `%s` | %s |" % (step, name, "; ".join(cells)))


main()
