#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Seeded random differential test of the model against a live cluster.

    tools/live-random.py [--seed S] [--count N] [--out DIR] [--product lxd|incus]
                         [--replay] [--migsim PATH] [--hold SECONDS]
    tools/live-random.py --summary DIR      (summarise an earlier run again)

Generates N random scenarios (8-25 command lines each) of user sequences the
live cluster can run: containers on the dir pool `local` of each member and
sometimes a second pool, custom volumes (create, attach, detach, copy, move),
profiles with config and devices, instance keys (cluster.evacuate,
migration.stateful, limits.*, user.*, volatile.*), launch/init --target,
start/stop, move --target (live and --stateless), copy, snapshot and restore,
cluster evacuate/restore (with --action).  --gen 2 (default) adds restart,
instance devices, block volumes, volume rename/snapshot/delete --target,
profiles on running instances and profile delete, backups, and a member
taken offline and brought back; --gen 1 writes what seeds wrote before it.
--gen 3 adds commands LXD refuses (start of a running instance, bad keys
and values, taken names, unknown members, pools and profiles, detach of an
unattached volume) and profile device removal; it takes no EVACUATED member
offline (LXD keeps showing it "Evacuated", so replay would wait for
"Offline") and, for Incus, no member at all (incus-cluster.sh has no fault
command).  --gen 2 seeds still write the same files.
--gen 4 adds what users type around devices, profiles, copies, volumes and
evacuation: the root disk set, overridden or removed where it comes from a
profile or is gone, bad disk option values and device types, profiles
edited while in use (migration and evacuation keys, good and bad values),
copies across members (snapshots, evacuated and unknown members), snapshot
and restore refusals, custom volumes across members (--target,
--destination-target, unknown volumes and pools), cluster.evacuate set per
instance before its member is evacuated (with and without --action),
unknown names, and server keys (cluster.offline_threshold first set to the
cluster's 14); it deletes no name it did not create (replay refuses that).
--gen 4 works with --product incus too (the incus client's spellings).
--gen 5 adds what users do around evacuate, restore and move: an
evacuation of a member holding a running and a stopped container (a custom
volume attached to one, cluster.evacuate set on a profile or the instance,
with or without --action), sometimes evacuated twice, restored, or a
restore of a member never evacuated; moves --target of instances with a
custom volume attached (stopped, running, --stateless); volatile.*, user.*
and unknown or badly valued keys set by hand; a snapshot copied to another
member.  lxc pause, cluster set/unset, cluster group, storage volume
set/unset, profile copy/rename and lxc rename are not generated: `migsim
replay` cannot replay them yet.
--gen 6 adds moves between pools on the instance's member (move NAME
[NEWNAME] -s POOL, with --instance-only and --stateless; the only renames
it generates), with a second pool in every scenario.
--gen 7 adds instance keys of every namespace (limits.*, security.*, boot.*,
snapshots.*, migration.*, raw.*, environment.*, volatile.*, user.*,
unknown) with good and bad values, devices of several types (disk, nic,
proxy, unix-char, unix-block, gpu, usb, tpm, none ...) added, set,
overridden and removed with good and bad options, custom volumes renamed,
snapshotted, deleted or attached again while attached, and profiles in use
deleted, given keys and devices.
--gen 8 adds host-path disks (recursive=, required=, optional=, a file, a
missing path) on instances and on profiles given to an instance or a new
one; each scenario declares the live hosts' paths with `host-path` (the
members share this host: /tmp a directory, /etc/hostname a file,
/nonexistent missing).
--gen 9 adds nics of every nictype (bridged, macvlan, ipvlan, routed,
sriov, physical) whose parent the live hosts lack (nobr) or, for macvlan
only, have (eth0), on running and stopped instances and on profiles added
to or removed from instances on different members; each scenario declares the
hosts' interfaces with `host-interface` (lo eth0); cluster groups created,
assigned, renamed and deleted while members set scheduler.instance and
instances launch with --target=@GROUP; lxc copy with -c and -d overrides.
--gen 10 adds custom volumes end to end (created with keys of the dir
driver, good and bad; set/unset with and without --target; copied, moved
and renamed across members and pools with --target, --destination-target,
--volume-only and --refresh; snapshotted; attached to and detached from
instances on any member), instance snapshots (--stateful, restored with and
without --stateful, copied to another member, renamed, deleted), lxc rename
of stopped and running instances, several keys in one config set (LXD
names one bad key, the one its Go map gives first), limits.cpu.allowance,
limits.memory percentages, snapshots.schedule and boot.* values, and a
member's instances given each cluster.evacuate value before it is
evacuated.
--gen 11 adds projects (features.profiles on or off, count limits,
restricted keys), launches and profiles in them, moves between projects,
limits changed, lxc project switch and deletions.
--gen 12 draws gen 1's ops and four of its own only: lxc copy of
instances, copies and snapshots (with their snapshots or --instance-only,
--target each member or an evacuated one, onto a taken name, --refresh
onto an existing copy, -c/-d), evacuations of a member holding running
and stopped instances whose cluster.evacuate comes from a profile or the
instance, then start/stop/restart/delete --force/snapshot/move of what
stayed, moves back by hand of what left, before a restore; profiles with
a key or a volume disk added to instances on other members, their device
overridden, set and removed there; snapshots restored, renamed or
deleted after the instance was moved or renamed.
--gen 13 draws gen 1's ops and, 15-30 lines a scenario: lxc copy --start
(lxc 6.7+), copy -s POOL, copy --refresh --instance-only and onto a new
name, move [NEWNAME] -s POOL, snapshot verbs on a missing instance or
snapshot, a profile's disk overridden, set and removed on instances,
storage volume copy/move across pools and members (--target,
--destination-target), start/stop/restart of several names, rename, and
cluster evacuate [--action] then commands aimed at the evacuated member.
--gen 14 draws gen 1's ops and a change to one instance (a key set or
unset, a device added, set or removed, a profile it uses edited, an
attached volume's key set) followed by a move, copy, evacuation (every
--action, and a bogus one) or restart of it; names at the length limit
and with characters LXD refuses; lxc project switch, to a missing project
too.
--gen 15 draws gen 1's ops and what gens 1-14 drew least around
migrations: profile devices added, set, unset or removed under running
and stopped users, then a move or an evacuation; config device override
and unset; moves --target=@GROUP with scheduler.instance set on members;
cluster.evacuate per instance and the same member evacuated and restored
again; project options that gate moves (restricted.cluster.target,
limits.instances, features.*) with --project; copy --refresh,
--stateless, --instance-only, --target; storage volume copy, move and
rename across members; instance renames; unknown flags (wrong argument
counts are scenario errors in migsim: none drawn).
--gen 16 draws gen 1's ops and what gens 1-15 drew least (counted over 40
scenarios a gen): instance snapshots copied to members (evacuated ones
too) and then moved, snapshot renames, restores and deletions after a
move; custom volume snapshots with --target and copies from them across
members; renames (lxc rename, lxc move NAME NEWNAME) on evacuated and
offline members; pending networks (network create --target, a bridge: the
live members share one host, so no final create can succeed and none is
expected to), nics and profiles naming them, then moves; limits.* and
security.* keys set on running instances, then a move, an evacuation or a
delete under security.protection.delete; move and copy --target-project,
--project naming the wrong project; stop and delete --force around an
evacuated member and the evacuation of a member with only stopped
instances; volumes attached to and detached from instances on other
members (with --target); modelled unknown flags.  lxc start|stop --all
are not drawn (migsim does not parse --all).
--gen 17 draws gen 1's ops and what gens 1-16 drew least (40 scenarios a
gen, counted by verb, flag and key namespace: lxc config edit and profile
edit never, --target=@GROUP 8 times, scheduler.instance 4) and what
support reports are about: members evacuated (m1, the one lxc talks to,
two times in five) while some of their instances cannot leave (a local
custom volume attached, cluster.evacuate=stop on the instance or a
profile), what users do before the restore (start, stop, move back, new
instances there), cluster groups with scheduler.instance=manual|group and
launch/move --target=@GROUP, moves of instances with snapshots and
volumes, restricted and limited projects (--project, --target-project,
snapshot copies into them), root disk overrides of instances whose root
comes from a profile, profile and config edits from YAML (printf ... |),
volume copy/move with --target and --destination-target.  lxc profile
assign is not drawn (migsim does not parse it); evacuate --action once in
ten (lxc 5.0.2 has no such flag).
--gen 18 draws gen 1's ops and what gens 1-17 drew least (40 scenarios a
gen: profile copy and rename never, profile device unset once, volume
unset 5 times, config device unset 10; environment.* and nvidia.* keys
never, linux.*, image.*, raw.*, agent.* under 7): instance keys of every
namespace of shared/instance.go at lxd-5.0.2 with good and bad values,
disk, nic, proxy, unix-char and gpu devices added, set, unset and removed
on running and stopped instances (the profile's eth0 and root too), the
dir driver's volume keys set and unset with and without --target, volume
attach/detach with device names, snapshots with odd names, copy and move
across members, profile copy/rename/edit/unset and device set/unset,
renames and launches with names LXD refuses, --project on config and
device verbs (a missing project, restricted ones), evacuate/restore with
--action and a missing member, moves of instances with snapshots.  Not
drawn: wrong argument counts (a scenario error in migsim), lxc publish,
export, pause, profile assign, storage volume restore (not parsed).
--gen 21 draws gen 1's ops and what users type around migration that
gens 1-20 drew rarely: cluster set/unset of member config (scheduler.instance,
user.*, refused keys) and cluster list, cluster.evacuate per instance with
evacuations, manual moves, stops, launches and restores interleaved,
networks created --target per member (a cluster-wide create only while
some member is not pending: the live members share one host), keys
set/unset, nics naming them on instances that then move, network delete
in use, stop --force, restart, delete --force, start of several, rename
then move, move --target -s, --target-project, volume attach/detach forms
and volume copy/move with snapshots across members.  Not drawn: lxc pause,
cluster get, storage volume attach-profile (not parsed), lxc info, config
show, cluster show (replay cannot send them).
--gen 22 draws gen 1's ops and edits while a member is evacuated (config
set/unset of an instance that was on it, its profiles set, unset or given
a disk, the member's scheduler.instance set/unset or a group assigned),
start/stop/restart of such an instance, then the restore; a volume of one
member attached to or detached from an instance on another (no --target,
the volume's member, another member), or the instance moved to or away
from the volume's member; lxc project switch (to a new project, one with
limits.instances=1, or a missing one) with a launch, config set or volume
create there and mostly the switch back; stop --force, restart (--force)
and start of instances in every state, some followed by a move.
--gen 23 draws gen 1's ops and the spellings of pasted reports around
maintenance (scenarios/paste, scenarios/bugs, tests/paste-corpus): stop
-f, restart -f, delete -f, a running instance stopped then moved; lxc
snapshot without a name (snap0, snap1) then restore, info and delete; a
profile whose disk names a local custom volume given to an instance
(profile add or launch -p) that then moves; copy then copy --refresh
after the source changed; config set, device add, device override of
root, start and info of instances on an evacuated member, then the
restore; projects with limits.instances/containers/memory/cpu (launch,
project set, copy, move, list --project).
Gens 5-11 work with --product incus too: the lines are rewritten into the
incus client's words (create, snapshot create|restore, storage volume
snapshot create; cmd/incus at v6.0.4), a snapshot's delete (incus snapshot
delete, which migsim does not parse) is left out, and about a third of the
cluster.evacuate values and evacuate --action modes become Incus' own
stateful-stop or force-stop.
The seed is printed first; the same seed and count write the same files
(DIR/SEED-K.scn).

With --replay each scenario is replayed with `migsim replay` (compare mode,
one replay per scenario) on a fresh cluster of tests/live/lxd-cluster.sh
(incus-cluster.sh with --product incus), under the live lock
(/tmp/migsim-lxd-live.lock, /tmp/migsim-incus-live.lock), held at most
--hold seconds (default 420) at a time: the cluster is torn down and the
lock released between holds.  The per-step differences are collected from
each replay's JSON report into DIR/summary.txt: the count per kind (names
replaced by their role), then every difference with its scenario and line.
The generator knows the cluster only roughly; a command it expects to work
may fail on both sides, which is still a comparison.

Exit status: 0 no difference, 1 differences or a failed replay, 2 usage.
See docs/testing.md ("Random differential test against the live cluster").
"""

import argparse
import fcntl
import json
import os
import random
import re
import subprocess
import sys
import time

MEMBERS = ["m1", "m2", "m3"]
INSTANCE_KEYS = [
    ("cluster.evacuate", ["auto", "migrate", "stop", "live-migrate"]),
    ("migration.stateful", ["true", "false"]),
    ("limits.cpu", ["1", "2"]),
    ("limits.memory", ["256MiB", "1GiB"]),
    ("limits.processes", ["500"]),
    ("boot.autostart", ["true", "false"]),
    ("user.note", ["x", "y"]),
    ("volatile.evacuate.origin", MEMBERS),
    ("volatile.last_state.power", ["RUNNING", "STOPPED"]),
]
PROFILE_KEYS = [
    ("cluster.evacuate", ["auto", "migrate", "stop"]),
    ("migration.stateful", ["true", "false"]),
    ("limits.cpu", ["1"]),
    ("limits.memory", ["512MiB"]),
    ("user.role", ["web"]),
]


class Gen:
    """One scenario: a rough picture of the cluster to pick plausible commands."""

    def __init__(self, rng, prefix, product, gen=2):
        self.rng = rng
        self.gen = gen
        self.p = prefix
        self.cli = "incus" if product == "incus" else "lxc"
        self.product = product
        self.lines = []
        self.n = 0
        self.instances = {}  # name -> dict(member, running, snaps, project)
        self.volumes = {}  # name -> dict(pool, member, attached: set)
        self.profiles = {}  # name -> project
        self.projects = []
        self.pools = ["local"]
        self.evacuated = set()
        self.offline = None  # gen 2: the member taken offline, until brought back
        self.devices = {}  # gen 2: instance -> devices added with config device add
        self.devices7 = {}  # gen 7: instance -> (device, type) added by op_device7
        self.pd_profiles = set()  # gen 13: profiles given a disk "pd" by op_profile13

    def name(self, kind):
        self.n += 1
        return "%s%s%d" % (self.p, kind, self.n)

    def cmd(self, text):
        if self.cli == "incus" and self.gen >= 5:
            text = self.incus_words(text)
            if text is None:
                return
        self.lines.append("%s %s" % (self.cli, text))

    # ---- Incus spellings of gens 5-11 -------------------------------------
    # The later generations write lxc's words; for --product incus these
    # rewrite them into the incus client's (cmd/incus at v6.0.4), so that
    # every generation runs on the live Incus cluster.  Gens 1-4 keep their
    # own spellings (their seeds still write the same files).
    INCUS_WORDS = [
        (re.compile(r"^init "), "create "),  # cmd/incus/create.go:35 (alias init)
        (re.compile(r"^snapshot (?!create |restore )"), "snapshot create "),  # cmd/incus/snapshot.go
        (re.compile(r"^restore "), "snapshot restore "),
        # cmd/incus/storage_volume.go:2285,2335 at v6.0.4
        (re.compile(r"^storage volume snapshot (?!create )"), "storage volume snapshot create "),
    ]
    # cluster.evacuate values and evacuate --action modes Incus has and LXD
    # not (internal/instance/config.go:178, cmd/incusd/api_cluster.go:2810-2816
    # at v6.0.4)
    INCUS_EVAC_MODES = ["stateful-stop", "force-stop"]
    EVAC_VALUE_RE = re.compile(r"(cluster\.evacuate=|^cluster evacuate \S+ --force --action )(auto|migrate|stop|live-migrate)\b")

    def incus_words(self, text):
        """@text in the incus client's words, or None where Incus has no
        such form: lxc delete INST/SNAP (incus delete takes instances only,
        cmd/incus/delete.go at v6.0.4; Incus spells it snapshot delete,
        which migsim does not parse)."""
        if re.match(r"^delete \S+/", text):
            return None
        for pattern, words in self.INCUS_WORDS:
            text = pattern.sub(words, text, count=1)
        if self.EVAC_VALUE_RE.search(text) and self.rng.random() < 0.35:
            text = self.EVAC_VALUE_RE.sub(lambda m: m.group(1) + self.rng.choice(self.INCUS_EVAC_MODES), text, count=1)
        return text

    def pick(self, seq):
        return self.rng.choice(sorted(seq)) if seq else None

    def proj(self, inst):
        project = self.instances[inst]["project"]
        return " --project %s" % project if project else ""

    def member(self, avoid=None):
        choices = [m for m in MEMBERS if m != avoid]
        return self.rng.choice(choices)

    # ---- the commands ----------------------------------------------------
    def op_launch(self):
        r = self.rng
        name = self.name("c")
        verb = "launch" if r.random() < 0.6 else "init"
        if self.cli == "incus" and verb == "init":
            verb = "create"
        words = ["img", name]
        target = None
        if r.random() < 0.85:
            target = self.member()
            words += ["--target", target]
        pool = self.rng.choice(self.pools)
        words += ["-s", pool]
        project = None
        if self.projects and r.random() < 0.3:
            project = self.pick(self.projects)
            words += ["--project", project]
        prof = [p for p, pr in self.profiles.items() if pr == project]
        if prof and r.random() < 0.4:
            words += ["-p", "default", "-p", self.pick(prof)]
        if r.random() < 0.35:
            key, values = r.choice(INSTANCE_KEYS[:6])
            words += ["-c", "%s=%s" % (key, r.choice(values))]
        self.cmd("%s %s" % (verb, " ".join(words)))
        self.instances[name] = dict(member=target or "?", running=verb == "launch", snaps=[],
                                    project=project)

    def op_start_stop(self, inst):
        st = self.instances[inst]
        if st["running"]:
            self.cmd("stop %s%s%s" % (inst, " --force" if self.rng.random() < 0.3 else "", self.proj(inst)))
            st["running"] = False
        else:
            self.cmd("start %s%s" % (inst, self.proj(inst)))
            st["running"] = True

    def op_move(self, inst):
        st = self.instances[inst]
        target = self.member(st["member"] if self.rng.random() < 0.9 else None)
        flag = ""
        if st["running"] and self.rng.random() < 0.75:
            flag = " --stateless"
        self.cmd("move %s --target %s%s%s" % (inst, target, flag, self.proj(inst)))
        if flag or not st["running"]:
            st["member"] = target

    def op_copy(self, inst):
        st = self.instances[inst]
        new = self.name("k")
        src = inst
        if st["snaps"] and self.rng.random() < 0.4:
            src = "%s/%s" % (inst, self.rng.choice(st["snaps"]))
        words = [src, new]
        target = None
        if self.rng.random() < 0.6:
            target = self.member()
            words += ["--target", target]
        if self.rng.random() < 0.3:
            words.append("--instance-only")
        if st["running"] and self.rng.random() < 0.5:
            words.append("--stateless")
        self.cmd("copy %s%s" % (" ".join(words), self.proj(inst)))
        self.instances[new] = dict(member=target or st["member"], running=False, snaps=[],
                                   project=st["project"])

    def op_snapshot(self, inst):
        st = self.instances[inst]
        if st["snaps"] and self.rng.random() < 0.45:
            snap = self.rng.choice(st["snaps"])
            verb = "restore %s %s" if self.cli == "lxc" else "snapshot restore %s %s"
            self.cmd((verb % (inst, snap)) + self.proj(inst))
            return
        snap = "s%d" % (len(st["snaps"]) + 1)
        verb = "snapshot %s %s" if self.cli == "lxc" else "snapshot create %s %s"
        self.cmd((verb % (inst, snap)) + self.proj(inst))
        st["snaps"].append(snap)

    def op_delete(self, inst):
        force = " --force" if self.instances[inst]["running"] and self.rng.random() < 0.8 else ""
        self.cmd("delete %s%s%s" % (inst, force, self.proj(inst)))
        if force or not self.instances[inst]["running"]:
            del self.instances[inst]

    def op_config(self, inst):
        r = self.rng
        key, values = r.choice(INSTANCE_KEYS)
        if r.random() < 0.25:
            self.cmd("config unset %s %s%s" % (inst, key, self.proj(inst)))
        else:
            self.cmd("config set %s %s=%s%s" % (inst, key, r.choice(values), self.proj(inst)))

    def op_volume(self):
        r = self.rng
        default_insts = [i for i, s in self.instances.items() if s["project"] is None]
        if not self.volumes or r.random() < 0.3:
            vol = self.name("v")
            pool = r.choice(self.pools)
            member = self.member()
            self.cmd("storage volume create %s %s --target %s" % (pool, vol, member))
            self.volumes[vol] = dict(pool=pool, member=member, attached=set())
            return
        vol = self.pick(self.volumes)
        v = self.volumes[vol]
        choice = r.random()
        if choice < 0.35 and default_insts:
            inst = self.pick(default_insts)
            if inst in v["attached"] and r.random() < 0.7:
                self.cmd("storage volume detach %s %s %s" % (v["pool"], vol, inst))
                v["attached"].discard(inst)
            else:
                self.cmd("storage volume attach %s %s %s /mnt/%s" % (v["pool"], vol, inst, vol))
                v["attached"].add(inst)
        elif choice < 0.6:
            new = self.name("v")
            pool = r.choice(self.pools)
            dest = ""
            if r.random() < 0.6:
                dest = " --destination-target %s" % self.member()
            self.cmd("storage volume copy %s/%s %s/%s%s" % (v["pool"], vol, pool, new, dest))
            self.volumes[new] = dict(pool=pool, member="?", attached=set())
        elif choice < 0.85:
            new = self.name("v")
            dest = ""
            if r.random() < 0.6:
                dest = " --destination-target %s" % self.member()
            self.cmd("storage volume move %s/%s %s/%s%s" % (v["pool"], vol, v["pool"], new, dest))
            if not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)
        else:
            if v["attached"]:
                return self.op_volume_detach_all(vol)
            self.cmd("storage volume delete %s %s" % (v["pool"], vol))
            del self.volumes[vol]

    def op_volume_detach_all(self, vol):
        v = self.volumes[vol]
        inst = self.pick(v["attached"])
        self.cmd("storage volume detach %s %s %s" % (v["pool"], vol, inst))
        v["attached"].discard(inst)

    def op_profile(self):
        r = self.rng
        if not self.profiles or r.random() < 0.3:
            prof = self.name("p")
            project = None
            if self.projects and r.random() < 0.3:
                project = self.pick(self.projects)
            self.cmd("profile create %s%s" % (prof, " --project %s" % project if project else ""))
            self.profiles[prof] = project
            return
        prof = self.pick(self.profiles)
        project = self.profiles[prof]
        pflag = " --project %s" % project if project else ""
        choice = r.random()
        if choice < 0.4:
            key, values = r.choice(PROFILE_KEYS)
            if r.random() < 0.2:
                self.cmd("profile unset %s %s%s" % (prof, key, pflag))
            else:
                self.cmd("profile set %s %s=%s%s" % (prof, key, r.choice(values), pflag))
        elif choice < 0.6 and self.volumes and project is None:
            vol = self.pick(self.volumes)
            self.cmd("profile device add %s d%s disk pool=%s source=%s path=/srv/%s"
                     % (prof, vol, self.volumes[vol]["pool"], vol, vol))
        elif choice < 0.7:
            self.cmd("profile device add %s root disk path=/ pool=%s%s" % (prof, r.choice(self.pools), pflag))
        else:
            insts = [i for i, s in self.instances.items() if s["project"] == project]
            if not insts:
                return
            inst = self.pick(insts)
            verb = "add" if r.random() < 0.7 else "remove"
            self.cmd("profile %s %s %s%s" % (verb, inst, prof, pflag))

    def op_evacuate(self):
        r = self.rng
        if self.evacuated and r.random() < 0.6:
            m = self.pick(self.evacuated)
            action = ""
            if self.product == "incus" and r.random() < 0.3:
                action = " --action skip"
            self.cmd("cluster restore %s --force%s" % (m, action))
            self.evacuated.discard(m)
            return
        if len(self.evacuated) >= 2:
            return
        m = self.member()
        action = ""
        if r.random() < 0.35:
            action = " --action %s" % r.choice(["stop", "migrate", "live-migrate"])
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)

    # ---- gen 2: what gen 1 never generated ---------------------------------
    def op_restart(self, inst):
        st = self.instances[inst]
        # a stopped instance is refused and stays stopped
        self.cmd("restart %s%s%s" % (inst, " --force" if st["running"] and self.rng.random() < 0.3 else "",
                                     self.proj(inst)))

    def op_device(self, inst):
        """Instance devices: a custom volume as a disk, a root disk on a pool, removal."""
        r = self.rng
        devs = self.devices.setdefault(inst, [])
        choice = r.random()
        if devs and choice < 0.3:
            dev = r.choice(devs)
            self.cmd("config device remove %s %s%s" % (inst, dev, self.proj(inst)))
            devs.remove(dev)
        elif self.volumes and choice < 0.75:
            vol = self.pick(self.volumes)
            dev = "x" + vol[len(self.p):]
            self.cmd("config device add %s %s disk pool=%s source=%s path=/x/%s%s"
                     % (inst, dev, self.volumes[vol]["pool"], vol, vol, self.proj(inst)))
            devs.append(dev)
        else:
            # the root disk -s POOL gave it: moved to a pool, or removed
            if r.random() < 0.7:
                self.cmd("config device set %s root pool=%s%s" % (inst, r.choice(self.pools), self.proj(inst)))
            else:
                self.cmd("config device remove %s root%s" % (inst, self.proj(inst)))

    def op_volume_more(self):
        """Custom volume kinds and verbs gen 1 leaves out: block volumes,
        rename, snapshots and copies of them, delete with --target."""
        r = self.rng
        if not self.volumes or r.random() < 0.25:
            vol = self.name("v")
            pool = r.choice(self.pools)
            member = self.member()
            self.cmd("storage volume create %s %s --type block --target %s size=8MiB" % (pool, vol, member))
            self.volumes[vol] = dict(pool=pool, member=member, attached=set(), snaps=[])
            return
        vol = self.pick(self.volumes)
        v = self.volumes[vol]
        snaps = v.setdefault("snaps", [])
        choice = r.random()
        if choice < 0.3:
            new = self.name("v")
            self.cmd("storage volume rename %s %s %s" % (v["pool"], vol, new))
            if not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)
        elif choice < 0.6:
            snap = "vs%d" % (len(snaps) + 1)
            self.cmd("storage volume snapshot %s %s %s" % (v["pool"], vol, snap))
            snaps.append(snap)
        elif choice < 0.8 and snaps:
            new = self.name("v")
            dest = " --destination-target %s" % self.member() if r.random() < 0.6 else ""
            self.cmd("storage volume copy %s/%s/%s %s/%s%s" % (v["pool"], vol, r.choice(snaps), v["pool"], new, dest))
            self.volumes[new] = dict(pool=v["pool"], member="?", attached=set(), snaps=[])
        else:
            self.cmd("storage volume delete %s %s --target %s" % (v["pool"], vol, self.member()))

    def op_profile_more(self):
        """Profiles on running instances and profile deletion."""
        r = self.rng
        if not self.profiles:
            return self.op_profile()
        prof = self.pick(self.profiles)
        if r.random() < 0.3:
            self.cmd("profile delete %s" % prof)
            return
        running = [i for i, st in self.instances.items() if st["running"] and st["project"] is None]
        if not running:
            return self.op_profile()
        inst = self.pick(running)
        if r.random() < 0.5:
            key, values = r.choice(PROFILE_KEYS)
            self.cmd("profile set %s %s=%s" % (prof, key, r.choice(values)))
        self.cmd("profile add %s %s" % (inst, prof))

    def op_backup(self, inst):
        self.cmd("query -X POST /1.0/instances/%s/backups" % inst)

    def op_offline(self):
        """A member (never m1, whose client sends the commands) goes offline
        and comes back; what users then do: evacuate or restore it, place
        on it, move to it."""
        r = self.rng
        if self.offline is not None:
            self.lines.append("fault member %s online" % self.offline)
            self.offline = None
            return
        if self.gen >= 3:
            # an EVACUATED member stays "Evacuated" when its daemon stops
            # (lxd/db/node.go:151-155 at lxd-5.0.2), so replay would wait for
            # "Offline" in vain (seed 606 scenario 29)
            choices = [m for m in ["m2", "m3"] if m not in self.evacuated]
            if not choices:
                return
            m = r.choice(choices)
        else:
            m = r.choice(["m2", "m3"])
        self.lines.append("fault member %s offline" % m)
        self.offline = m
        choice = r.random()
        if choice < 0.3:
            self.cmd("cluster evacuate %s --force" % m)
            self.evacuated.add(m)
        elif choice < 0.5 and m in self.evacuated:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
        elif choice < 0.7:
            self.cmd("launch img %s --target %s -s local" % (self.name("c"), m))
        elif self.instances:
            inst = self.pick(self.instances)
            self.cmd("move %s --target %s%s" % (inst, m, " --stateless" if r.random() < 0.5 else ""))

    # ---- gen 3: what users type that fails, and profile device removal --
    def op_wrong(self, inst):
        """Commands LXD refuses, as users write them: start a running or stop
        a stopped instance, an unknown or badly valued key, a name that is
        taken, a member, pool or profile that does not exist, a volume
        detached that is not attached."""
        r = self.rng
        st = self.instances[inst]
        choice = r.random()
        if choice < 0.2:
            self.cmd("%s %s%s" % ("start" if st["running"] else "stop", inst, self.proj(inst)))
        elif choice < 0.4:
            key, value = r.choice([("limits.cpu", "abc"), ("cluster.evacuate", "bogus"), ("user", "x"),
                                   ("migration.stateful", "maybe"), ("boot.autostart", "2"),
                                   ("limits.memory", "lots"), ("nosuch.key", "1")])
            self.cmd("config set %s %s=%s%s" % (inst, key, value, self.proj(inst)))
        elif choice < 0.55:
            other = self.pick([i for i in self.instances if self.instances[i]["project"] == st["project"]])
            self.cmd("copy %s %s%s%s" % (inst, other, " --target %s" % self.member() if r.random() < 0.5 else "",
                                         self.proj(inst)))
        elif choice < 0.75:
            name = self.name("c")
            what = r.choice(["--target m9", "-s nopool", "-p nosuch", "--target %s -s nopool" % self.member()])
            self.cmd("%s img %s %s" % ("launch" if self.cli == "lxc" and r.random() < 0.5 else
                                       ("init" if self.cli == "lxc" else "create"), name, what))
        elif choice < 0.9:
            self.cmd("move %s --target %s%s" % (inst, r.choice(["m9", st["member"] if st["member"] != "?" else "m1"]),
                                                self.proj(inst)))
        elif self.volumes:
            vol = self.pick(self.volumes)
            v = self.volumes[vol]
            if st["project"] is None and inst not in v["attached"]:
                self.cmd("storage volume detach %s %s %s" % (v["pool"], vol, inst))
        else:
            self.cmd("storage volume create %s %s" % (self.pools[0], self.name("v")))

    def op_profile_device_remove(self):
        """Profile devices removed: the root disk (refused while an instance
        relies on it) and custom volume disks (refused by no one)."""
        r = self.rng
        if not self.profiles:
            return self.op_profile()
        prof = self.pick(self.profiles)
        pflag = " --project %s" % self.profiles[prof] if self.profiles[prof] else ""
        if r.random() < 0.5:
            self.cmd("profile device remove %s root%s" % (prof, pflag))
        elif self.volumes:
            self.cmd("profile device remove %s d%s%s" % (prof, self.pick(self.volumes), pflag))
        else:
            self.cmd("profile device add %s root disk path=/ pool=%s%s" % (prof, r.choice(self.pools), pflag))

    # ---- gen 4: devices and profiles in use, copies and volumes across
    # members, evacuation by each cluster.evacuate value, keys at each
    # level, unknown names ------------------------------------------------
    def op_device_more(self, inst):
        """Devices as users edit them: the root disk set or overridden when it
        comes from a profile (lxc answers "Device doesn't exist" or "Device
        from profile(s) cannot be modified" itself), devices added twice,
        of an unknown type or on an unknown pool, removal of what is not
        there."""
        r = self.rng
        pf = self.proj(inst)
        choice = r.random()
        if choice < 0.25:
            self.cmd("config device set %s root pool=%s%s" % (inst, r.choice(self.pools + ["nopool"]), pf))
        elif choice < 0.4:
            self.cmd("config device override %s root size=%s%s" % (inst, r.choice(["1GiB", "bogus"]), pf))
        elif choice < 0.5:
            self.cmd("config device add %s root disk path=/ pool=%s%s" % (inst, r.choice(self.pools), pf))
        elif choice < 0.6:
            self.cmd("config device add %s %s disk pool=nopool source=novol path=/n%s" % (inst, self.name("d"), pf))
        elif choice < 0.7:
            self.cmd("config device add %s %s nosuchtype%s" % (inst, self.name("d"), pf))
        elif choice < 0.8:
            self.cmd("config device remove %s %s%s" % (inst, r.choice(["nodev", "root", "eth0"]), pf))
        elif choice < 0.9 and self.volumes:
            vol = self.pick(self.volumes)
            dev = "x" + vol[len(self.p):]
            # the same volume twice, or a path taken
            self.cmd("config device add %s %s disk pool=%s source=%s path=/x/%s%s"
                     % (inst, dev, self.volumes[vol]["pool"], vol, vol, pf))
            self.cmd("config device add %s %s2 disk pool=%s source=%s path=/x/%s%s"
                     % (inst, dev, self.volumes[vol]["pool"], vol, r.choice([vol, "other"]), pf))
        else:
            self.cmd("config device set %s root size=%s%s" % (inst, r.choice(["2GiB", "bogus"]), pf))

    def op_profile_used(self):
        """Profiles edited while instances use them: keys for migration and
        evacuation (good and bad values), a root disk or volume disk added
        or removed, a profile added twice or one that does not exist."""
        r = self.rng
        insts = [i for i, s in self.instances.items() if s["project"] is None]
        if not self.profiles or not insts or r.random() < 0.15:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            if insts:
                self.cmd("profile add %s %s" % (self.pick(insts), prof))
            return
        prof = self.pick([p for p, pr in self.profiles.items() if pr is None] or ["default"])
        choice = r.random()
        if choice < 0.3:
            key, value = r.choice([("cluster.evacuate", "live-migrate"), ("cluster.evacuate", "stop"),
                                   ("cluster.evacuate", "bogus"), ("migration.stateful", "true"),
                                   ("migration.stateful", "yes"), ("limits.cpu", "abc"), ("nosuch.key", "1"),
                                   ("security.privileged", "true"), ("boot.host_shutdown_timeout", "x")])
            self.cmd("profile set %s %s=%s" % (prof, key, value))
        elif choice < 0.45:
            self.cmd("profile device add %s root disk path=/ pool=%s" % (prof, r.choice(self.pools + ["nopool"])))
        elif choice < 0.55:
            self.cmd("profile device remove %s %s" % (prof, r.choice(["root", "nodev"])))
        elif choice < 0.7 and self.volumes:
            vol = self.pick(self.volumes)
            self.cmd("profile device add %s d%s disk pool=%s source=%s path=/srv/%s"
                     % (prof, vol, self.volumes[vol]["pool"], vol, vol))
        elif choice < 0.85:
            inst = self.pick(insts)
            self.cmd("profile add %s %s" % (inst, r.choice([prof, prof, "noprof"])))
        else:
            inst = self.pick(insts)
            self.cmd("profile remove %s %s" % (inst, r.choice([prof, "default", "noprof"])))

    def op_copy_more(self, inst):
        """Copies across members: with and without --target, of snapshots, to
        an evacuated or unknown member, of an unknown instance or snapshot
        (not -s POOL: the scenario language has no copy -s yet)."""
        r = self.rng
        st = self.instances[inst]
        new = self.name("k")
        src = inst
        choice = r.random()
        if choice < 0.15:
            src = "%s/%s" % (inst, r.choice(st["snaps"] + ["nosnap"]) if st["snaps"] else "nosnap")
        elif choice < 0.25:
            src = "nosuch"
        elif st["snaps"] and choice < 0.5:
            src = "%s/%s" % (inst, r.choice(st["snaps"]))
        words = [src, new]
        target = None
        t = r.random()
        if t < 0.15 and self.evacuated:
            target = self.pick(self.evacuated)
        elif t < 0.2:
            target = "m9"
        elif t < 0.85:
            target = self.member(st["member"] if r.random() < 0.7 else None)
        if target:
            words += ["--target", target]
        if r.random() < 0.2:
            words.append("--instance-only")
        if st["running"] and r.random() < 0.8:
            words.append("--stateless")
        self.cmd("copy %s%s" % (" ".join(words), self.proj(inst)))
        if src == inst or src.startswith(inst + "/") and not src.endswith("/nosnap"):
            self.instances[new] = dict(member=target or st["member"], running=False, snaps=[],
                                       project=st["project"])

    def op_snapshot_more(self, inst):
        """Snapshots and restores: a taken name, an unknown snapshot, a
        restore of a running instance, a stateful snapshot (needs CRIU).
        The incus client spells them snapshot create|restore."""
        r = self.rng
        st = self.instances[inst]
        snapshot = "snapshot %s" if self.cli == "lxc" else "snapshot create %s"
        restore = "restore %s" if self.cli == "lxc" else "snapshot restore %s"
        choice = r.random()
        if choice < 0.25 and st["snaps"]:
            self.cmd(snapshot % "%s %s%s" % (inst, r.choice(st["snaps"]), self.proj(inst)))
        elif choice < 0.45:
            self.cmd(restore % "%s nosnap%s" % (inst, self.proj(inst)))
        elif choice < 0.6 and st["running"]:
            snap = "s%d" % (len(st["snaps"]) + 1)
            self.cmd(snapshot % "%s %s --stateful%s" % (inst, snap, self.proj(inst)))
        elif choice < 0.75:
            self.cmd(snapshot % "nosuch s1")
        else:
            snap = "s%d" % (len(st["snaps"]) + 1)
            self.cmd(snapshot % "%s %s%s" % (inst, snap, self.proj(inst)))
            st["snaps"].append(snap)
            if r.random() < 0.5:
                self.cmd(restore % "%s %s%s" % (inst, snap, self.proj(inst)))

    def op_volume_across(self):
        """Custom volumes across members: attach to an instance on another
        member, copy/move/rename/snapshot with --target (right or wrong
        member) and --destination-target, to an evacuated member, unknown
        volumes and pools."""
        r = self.rng
        if not self.volumes or r.random() < 0.15:
            vol = self.name("v")
            member = self.member()
            pool = r.choice(self.pools)
            self.cmd("storage volume create %s %s --target %s" % (pool, vol, member))
            self.volumes[vol] = dict(pool=pool, member=member, attached=set(), snaps=[])
            return
        vol = self.pick(self.volumes)
        v = self.volumes[vol]
        insts = [i for i, s in self.instances.items() if s["project"] is None]
        tgt = " --target %s" % (v["member"] if v["member"] != "?" and r.random() < 0.5 else self.member())
        choice = r.random()
        if choice < 0.25 and insts:
            inst = self.pick(insts)
            self.cmd("storage volume attach %s %s %s /mnt/%s" % (v["pool"], r.choice([vol, vol, "novol"]), inst, vol))
            v["attached"].add(inst)
        elif choice < 0.45:
            new = self.name("v")
            dest = r.choice(["", " --destination-target %s" % self.member(),
                             " --destination-target m9",
                             " --destination-target %s" % (self.pick(self.evacuated) if self.evacuated else "m1")])
            verb = r.choice(["copy", "move"])
            self.cmd("storage volume %s %s/%s %s/%s%s%s" % (verb, v["pool"], vol, r.choice(self.pools), new,
                                                            tgt if r.random() < 0.5 else "", dest))
            if verb == "copy":
                self.volumes[new] = dict(pool=v["pool"], member="?", attached=set(), snaps=[])
        elif choice < 0.6:
            new = self.name("v")
            self.cmd("storage volume rename %s %s %s%s" % (v["pool"], vol, new, tgt if r.random() < 0.6 else ""))
        elif choice < 0.75:
            self.cmd("storage volume snapshot %s %s vs%d%s" % (v["pool"], vol, len(v.get("snaps", [])) + 1,
                                                              tgt if r.random() < 0.6 else ""))
        elif choice < 0.85:
            self.cmd("storage volume snapshot %s novol%s" % (v["pool"], tgt if r.random() < 0.5 else ""))
        else:
            self.cmd("storage volume create nopool %s --target %s" % (self.name("v"), self.member()))

    def op_evacuate_modes(self):
        """Each cluster.evacuate value on instances of a member, then the
        member evacuated with or without --action (and refused forms:
        evacuated twice, restored when not evacuated, unknown member or
        action) and restored."""
        r = self.rng
        choice = r.random()
        if choice < 0.15:
            m = r.choice(["m9"] + [x for x in MEMBERS if x not in self.evacuated])
            self.cmd("cluster restore %s --force" % m)
            return
        if choice < 0.25 and self.evacuated:
            self.cmd("cluster evacuate %s --force" % self.pick(self.evacuated))
            return
        if choice < 0.3:
            self.cmd("cluster evacuate %s --force --action %s" % (self.member(), r.choice(["bogus", "heal"])))
            return
        here = [i for i, s in self.instances.items() if s["project"] is None and s["member"] in MEMBERS
                and s["member"] not in self.evacuated]
        if here and len(self.evacuated) < 2:
            inst = self.pick(here)
            self.cmd("config set %s cluster.evacuate=%s" % (inst, r.choice(["auto", "migrate", "stop", "live-migrate"])))
            m = self.instances[inst]["member"]
            action = " --action %s" % r.choice(["stop", "migrate", "live-migrate"]) if r.random() < 0.4 else ""
            self.cmd("cluster evacuate %s --force%s" % (m, action))
            self.evacuated.add(m)
        elif self.evacuated:
            m = self.pick(self.evacuated)
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)

    # ---- gen 6: moves between pools on the instance's member --------------
    def op_pool_move(self, inst):
        """lxc/incus move NAME [NEWNAME] -s POOL without --target: into the
        other pool or the one in use, sometimes an unknown one, a new name
        (free or taken), --instance-only, a running instance with or
        without --stateless, an unknown instance."""
        r = self.rng
        st = self.instances[inst]
        if r.random() < 0.08:
            self.cmd("move nosuch -s %s" % r.choice(self.pools))
            return
        words = [inst]
        new = None
        choice = r.random()
        if choice < 0.2:
            new = self.name("r")
            words.append(new)
        elif choice < 0.27:
            taken = [i for i in self.instances if i != inst]
            if taken:
                words.append(self.pick(taken))
        pool = r.choice(self.pools) if r.random() < 0.93 else "nopool"
        words += ["-s", pool]
        if r.random() < 0.25:
            words.append("--instance-only")
        if st["running"] and r.random() < 0.4:
            words.append("--stateless")
        self.cmd("move %s%s" % (" ".join(words), self.proj(inst)))
        if new is not None and not st["running"] and pool != "nopool":
            self.instances[new] = self.instances.pop(inst)

    def op_unknown(self):
        """Commands on names that do not exist."""
        r = self.rng
        # no delete of an unknown name: replay refuses a scenario that
        # deletes what it does not create (ms-replay-safety.c)
        self.cmd(r.choice(["start nosuch", "stop nosuch", "copy nosuch %s" % self.name("k"), "move nosuch --target m2",
                           "config set nosuch user.x=1", "config device add nosuch d1 disk path=/d source=/tmp",
                           "profile device add noprof d1 disk path=/d source=/tmp", "profile set noprof user.x=1",
                           "storage volume detach local novol %s" % (self.pick(self.instances) or "nosuch"),
                           "cluster evacuate m9 --force", "restart nosuch"]))

    def op_server_keys(self):
        """Server keys of the cluster (good and bad values), restored by replay's clean-up."""
        r = self.rng
        key, value = r.choice([("cluster.healing_threshold", "0"), ("cluster.healing_threshold", "abc"),
                               ("cluster.offline_threshold", "abc"), ("cluster.offline_threshold", "5"),
                               ("cluster.max_voters", "2"), ("cluster.max_standby", "9"),
                               ("cluster.images_minimal_replica", "-2"), ("nosuch.key", "1")])
        self.cmd("config set %s=%s" % (key, value))

    # ---- gen 5: what users do around evacuate, restore and move ------------
    def op_evac_scene(self):
        """An evacuation with instances in each state on the member: running
        and stopped containers, one with a custom volume attached, a profile
        carrying cluster.evacuate; then evacuated once or twice (with or
        without --action) and restored, or a restore of a member that was
        never evacuated."""
        r = self.rng
        if self.evacuated and r.random() < 0.5:
            m = self.pick(self.evacuated)
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            return
        if len(self.evacuated) >= 1:
            return
        m = self.member()
        if r.random() < 0.15:
            self.cmd("cluster restore %s --force" % m)
            return
        running = self.name("c")
        stopped = self.name("c")
        self.cmd("launch img %s --target %s -s local" % (running, m))
        self.cmd("init img %s --target %s -s local" % (stopped, m))
        self.instances[running] = dict(member=m, running=True, snaps=[], project=None)
        self.instances[stopped] = dict(member=m, running=False, snaps=[], project=None)
        if r.random() < 0.6:
            vol = self.name("v")
            self.cmd("storage volume create local %s --target %s" % (vol, m))
            self.volumes[vol] = dict(pool="local", member=m, attached=set())
            inst = r.choice([running, stopped])
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            self.volumes[vol]["attached"].add(inst)
        if r.random() < 0.5:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            self.cmd("profile set %s cluster.evacuate=%s" % (prof, r.choice(["auto", "migrate", "stop", "live-migrate"])))
            self.cmd("profile add %s %s" % (r.choice([running, stopped]), prof))
        if r.random() < 0.4:
            self.cmd("config set %s cluster.evacuate=%s" % (r.choice([running, stopped]),
                                                           r.choice(["auto", "migrate", "stop", "live-migrate"])))
        action = " --action %s" % r.choice(["stop", "migrate", "live-migrate"]) if r.random() < 0.35 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)
        if r.random() < 0.3:
            self.cmd("cluster evacuate %s --force" % m)

    def op_move_volume(self, inst):
        """A move --target of an instance with a custom volume attached
        (local pools: the volume stays on its member), stopped or running."""
        r = self.rng
        st = self.instances[inst]
        if st["project"] is not None:
            return
        attached = [v for v, d in self.volumes.items() if inst in d["attached"]]
        if not attached:
            vol = self.name("v")
            member = st["member"] if st["member"] in MEMBERS else self.member()
            self.cmd("storage volume create local %s --target %s" % (vol, member))
            self.volumes[vol] = dict(pool="local", member=member, attached=set())
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            self.volumes[vol]["attached"].add(inst)
        target = self.member(st["member"])
        flag = " --stateless" if st["running"] and r.random() < 0.6 else ""
        self.cmd("move %s --target %s%s" % (inst, target, flag))

    def op_keys5(self, inst):
        """Instance keys users set by hand: volatile.*, user.*, and keys LXD
        does not know or refuses."""
        r = self.rng
        key, value = r.choice([("volatile.evacuate.origin", self.member()), ("volatile.last_state.power", "STOPPED"),
                               ("volatile.foo", "x"), ("volatile.uuid", "not-a-uuid"), ("user.a.b", "c"),
                               ("user.", "x"), ("image.os", "x"), ("security.nesting", "true"),
                               ("security.privileged", "maybe"), ("snapshots.schedule", "@daily"),
                               ("snapshots.schedule", "bogus"), ("nosuch", "1"), ("limits.cpu.allowance", "50%")])
        if r.random() < 0.2:
            self.cmd("config unset %s %s%s" % (inst, key, self.proj(inst)))
        else:
            self.cmd("config set %s %s=%s%s" % (inst, key, value, self.proj(inst)))

    def op_snap_copy(self, inst):
        """A snapshot, then a copy of it to another member."""
        st = self.instances[inst]
        if st["project"] is not None:
            return
        snap = "s%d" % (len(st["snaps"]) + 1)
        self.cmd(("snapshot %s %s" if self.cli == "lxc" else "snapshot create %s %s") % (inst, snap))
        st["snaps"].append(snap)
        new = self.name("k")
        target = self.member(st["member"] if st["member"] in MEMBERS else None)
        self.cmd("copy %s/%s %s --target %s" % (inst, snap, new, target))
        self.instances[new] = dict(member=target, running=False, snaps=[], project=None)

    # ---- gen 7: instance keys, devices, attached volumes, profiles in use ---
    # Keys of every namespace, with values LXD takes and values it refuses.
    # Left out: security.protection.delete (replay's clean-up could then not
    # delete the instance) and keys only a VM takes at start.
    KEYS7 = [
        ("limits.cpu", "1-2"), ("limits.cpu", "0,1"), ("limits.cpu", "-1"), ("limits.memory", "50%"),
        ("limits.memory", "-1"), ("limits.memory", "10XB"), ("limits.memory.enforce", "soft"),
        ("limits.memory.enforce", "bogus"), ("limits.memory.swap", "false"), ("limits.memory.swap", "maybe"),
        ("limits.processes", "abc"), ("limits.cpu.priority", "11"), ("limits.cpu.priority", "5"),
        ("limits.disk.priority", "3"), ("limits.disk.priority", "x"), ("limits.cpu.allowance", "bogus"),
        ("limits.network.priority", "2"), ("limits.hugepages.2MB", "1GiB"), ("limits.kernel.nofile", "4096"),
        ("limits.kernel.bogus", "1"), ("security.nesting", "yes"), ("security.nesting", "bogus"),
        ("security.idmap.isolated", "true"), ("security.idmap.size", "abc"), ("security.syscalls.intercept.mknod", "true"),
        ("security.syscalls.deny_default", "false"), ("security.secureboot", "false"), ("security.devlxd", "false"),
        ("security.protection.shift", "true"), ("security.bogus", "1"), ("boot.autostart.delay", "10"),
        ("boot.autostart.delay", "x"), ("boot.autostart.priority", "x"), ("boot.host_shutdown_timeout", "30"),
        ("boot.stop.priority", "abc"), ("snapshots.expiry", "1d"), ("snapshots.expiry", "bogus"),
        ("snapshots.pattern", "snap%d"), ("snapshots.schedule.stopped", "maybe"), ("snapshots.schedule", "0 6 * * *"),
        ("migration.incremental.memory", "true"), ("migration.incremental.memory.iterations", "x"),
        ("migration.stateful", "true"), ("raw.lxc", "lxc.uts.name=x"), ("raw.lxc", "lxc.bogus=1"),
        ("raw.apparmor", "bogus"), ("raw.seccomp", "x"), ("environment.FOO", "bar"), ("user.meta", "x"),
        ("linux.kernel_modules", "ip_tables"), ("linux.sysctl.net.core.somaxconn", "1024"),
        ("image.description", "x"), ("volatile.base_image", "x"), ("volatile.idmap.next", "x"),
        ("volatile.eth0.hwaddr", "00:16:3e:00:00:01"), ("agent.nic_config", "true"), ("cloud-init.user-data", "x"),
        ("user.data", "x"), ("nosuch.key", "1"), ("limits.egress", "10Mbit"),
    ]

    def op_keys7(self, inst):
        """config set (and now and then unset) of a key from KEYS7."""
        r = self.rng
        key, value = r.choice(self.KEYS7)
        if r.random() < 0.15:
            self.cmd("config unset %s %s%s" % (inst, key, self.proj(inst)))
        else:
            # quoted: a cron schedule has spaces (unquoted, the scenario did not parse)
            self.cmd("config set %s %s%s" % (inst, self.kv10(key, value), self.proj(inst)))

    # Devices of several types with good and bad options (the live cluster
    # has no managed network: a nic either names none or fails on both sides).
    DEVICES7 = [
        "disk source=/tmp path=/mnt/h", "disk source=/tmp path=/mnt/h readonly=maybe", "disk source=/tmp",
        "disk source=/nonexistent path=/mnt/n", "disk source=/tmp path=/mnt/h bogus=1", "disk path=/mnt/e",
        "nic nictype=bridged parent=nobr", "nic network=nonet", "nic nictype=bogus", "nic",
        "nic nictype=p2p", "proxy listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22", "proxy listen=bogus connect=tcp:127.0.0.1:22",
        "proxy listen=tcp:127.0.0.1:%d", "unix-char source=/dev/null path=/dev/mynull", "unix-char path=/dev/nosuchdev",
        "unix-char", "unix-block source=/dev/loop-nope path=/dev/b", "gpu", "usb vendorid=zzzz", "none",
        "tpm path=/dev/tpm0", "infiniband nictype=physical", "unix-hotplug vendorid=1234",
    ]
    DEVICE_SETS7 = {"disk": ["readonly=true", "readonly=bogus", "path=/mnt/other", "nosuch=1"],
                    "proxy": ["bind=bogus", "connect=tcp:127.0.0.1:23", "nosuch=1"],
                    "unix-char": ["mode=0666", "mode=bogus", "uid=abc"],
                    "nic": ["mtu=1400", "mtu=abc"], "none": ["nosuch=1"], "gpu": ["id=0", "bogus=1"]}

    def op_device7(self, inst):
        """config device add/set/override/remove of disk, nic, proxy,
        unix-char and other types, with good and bad options."""
        r = self.rng
        devs = self.devices7.setdefault(inst, [])
        pf = self.proj(inst)
        choice = r.random()
        if devs and choice < 0.35:
            dev, kind = r.choice(devs)
            if kind in self.DEVICE_SETS7 and r.random() < 0.65:
                self.cmd("config device set %s %s %s%s" % (inst, dev, r.choice(self.DEVICE_SETS7[kind]), pf))
            else:
                self.cmd("config device remove %s %s%s" % (inst, dev, pf))
                devs.remove((dev, kind))
        elif choice < 0.45:
            # a device the default profile does not have, and one the instance has
            self.cmd("config device override %s %s %s%s" % (inst, r.choice(["eth0", "nodev", "root"]),
                                                            r.choice(["size=1GiB", "bogus=1", "readonly=true"]), pf))
        elif choice < 0.5:
            self.cmd("config device set %s nodev path=/x%s" % (inst, pf))
        else:
            spec = r.choice(self.DEVICES7)
            if "%d" in spec:
                spec = spec % r.randint(20000, 29999)
            dev = self.name("d")
            self.cmd("config device add %s %s %s%s" % (inst, dev, spec, pf))
            devs.append((dev, spec.split()[0]))

    def op_volume_attached(self):
        """A custom volume attached to an instance, then renamed, set,
        snapshotted or deleted while attached, or detached twice."""
        r = self.rng
        insts = [i for i, s in self.instances.items() if s["project"] is None]
        attached = [v for v, d in self.volumes.items() if d["attached"]]
        if not attached or r.random() < 0.3:
            if not insts:
                return
            inst = self.pick(insts)
            vol = self.name("v")
            member = self.instances[inst]["member"]
            member = member if member in MEMBERS else self.member()
            self.cmd("storage volume create local %s --target %s" % (vol, member))
            self.volumes[vol] = dict(pool="local", member=member, attached=set())
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            self.volumes[vol]["attached"].add(inst)
            return
        vol = self.pick(attached)
        v = self.volumes[vol]
        choice = r.random()
        if choice < 0.3:
            new = self.name("v")
            self.cmd("storage volume rename %s %s %s" % (v["pool"], vol, new))
        elif choice < 0.55:
            self.cmd("storage volume snapshot %s %s vs%d" % (v["pool"], vol, r.randint(1, 3)))
        elif choice < 0.75:
            self.cmd("storage volume delete %s %s" % (v["pool"], vol))
        elif choice < 0.85:
            inst = self.pick(v["attached"])
            self.cmd("storage volume attach %s %s %s /mnt/again" % (v["pool"], vol, inst))
        else:
            inst = self.pick(v["attached"])
            self.cmd("storage volume detach %s %s %s" % (v["pool"], vol, inst))
            v["attached"].discard(inst)

    def op_profile_inuse(self):
        """A profile in use by instances: deleted, given bad keys and
        devices of other types, or assigned twice."""
        r = self.rng
        insts = [i for i, s in self.instances.items() if s["project"] is None]
        used = [p for p, pr in self.profiles.items() if pr is None]
        if not used or r.random() < 0.3:
            if not insts:
                return
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            self.cmd("profile add %s %s" % (self.pick(insts), prof))
            return
        prof = self.pick(used)
        choice = r.random()
        if choice < 0.2:
            self.cmd("profile delete %s" % prof)
        elif choice < 0.5:
            key, value = r.choice(self.KEYS7)
            self.cmd("profile set %s %s" % (prof, self.kv10(key, value)))
        elif choice < 0.75:
            spec = r.choice(self.DEVICES7)
            if "%d" in spec:
                spec = spec % r.randint(30000, 39999)
            self.cmd("profile device add %s %s %s" % (prof, self.name("d"), spec))
        elif insts:
            self.cmd("profile add %s %s" % (self.pick(insts), prof))

    # Not generated: instance rename and projects (lxc move A B, project create,
    # --project), which `migsim replay` cannot replay yet (ms_replay_live_supports).
    ON_INSTANCE = {"op_start_stop", "op_move", "op_copy", "op_snapshot", "op_delete", "op_config"}
    OPS = [
        ("op_launch", 14), ("op_start_stop", 12), ("op_move", 12), ("op_copy", 6),
        ("op_snapshot", 7), ("op_delete", 4), ("op_config", 10), ("op_volume", 12), ("op_profile", 8),
        ("op_evacuate", 8),
    ]

    # gen 2 adds these to OPS (the weights of gen 1 stay, so gen 1 seeds
    # still write the same files with --gen 1)
    OPS_GEN2 = [
        ("op_restart", 3), ("op_device", 6), ("op_volume_more", 6), ("op_profile_more", 4), ("op_backup", 2),
        ("op_offline", 3),
    ]
    ON_INSTANCE_GEN2 = {"op_restart", "op_device", "op_backup"}
    # gen 3 adds these (gen 2 seeds still write the same files with --gen 2);
    # for Incus it leaves op_offline out: incus-cluster.sh has no `fault`
    # command, so replay refuses such a scenario ("needs --fault-command")
    OPS_GEN3 = [("op_wrong", 6), ("op_profile_device_remove", 3)]
    ON_INSTANCE_GEN3 = {"op_wrong"}
    # gen 4 adds these (earlier gens still write the same files)
    OPS_GEN4 = [("op_device_more", 8), ("op_profile_used", 7), ("op_copy_more", 7), ("op_snapshot_more", 4),
                ("op_volume_across", 8), ("op_evacuate_modes", 6), ("op_unknown", 3), ("op_server_keys", 2)]
    ON_INSTANCE_GEN4 = {"op_device_more", "op_copy_more", "op_snapshot_more"}
    # gen 5 adds these (earlier gens still write the same files); not
    # generated, as `migsim replay` cannot replay them yet: lxc pause, cluster
    # set/unset, cluster group, storage volume set/unset, profile copy/rename,
    # lxc rename
    OPS_GEN5 = [("op_evac_scene", 10), ("op_move_volume", 7), ("op_keys5", 6), ("op_snap_copy", 4)]
    ON_INSTANCE_GEN5 = {"op_move_volume", "op_keys5", "op_snap_copy"}
    # gen 6 adds pool moves to gen 5 (earlier gens still write the same
    # files), and always a second pool; helper incus's seed 4003 ran with
    # these ops alone as "--gen 5" on its branch (commit 8b9df6c)
    OPS_GEN6 = [("op_pool_move", 8)]
    ON_INSTANCE_GEN6 = {"op_pool_move"}
    # gen 7 adds keys of every namespace, devices of every type, attached
    # volumes renamed/snapshotted/deleted and profiles in use (earlier gens
    # still write the same files); the verbs replay cannot send (pause,
    # rename, cluster set, cluster group, storage volume set, profile
    # copy/rename) are still left out
    OPS_GEN7 = [("op_keys7", 12), ("op_device7", 12), ("op_volume_attached", 6), ("op_profile_inuse", 6)]
    ON_INSTANCE_GEN7 = {"op_keys7", "op_device7"}

    # gen 8 adds the host-path disk forms users type (the scenario declares
    # what the live hosts have: /tmp a directory, /etc/hostname a file,
    # /nonexistent missing, on every member: they share this host), on
    # instances and through profiles in use (earlier gens still write the
    # same files)
    HOST_PATHS8 = [("dir", "/tmp"), ("file", "/etc/hostname"), ("missing", "/nonexistent")]
    DISKS8 = [
        "source=/tmp path=/mnt/r recursive=true", "source=/tmp path=/mnt/r recursive=true readonly=true",
        "source=/tmp path=/mnt/r recursive=false", "source=/etc/hostname path=/mnt/f",
        "source=/etc/hostname path=/mnt/f recursive=true", "source=/nonexistent path=/mnt/n required=false",
        "source=/nonexistent path=/mnt/n optional=true", "source=/nonexistent path=/mnt/n required=true",
        "source=/nonexistent path=/mnt/n recursive=true required=false", "source=/nonexistent path=/mnt/n",
    ]

    def op_disk8(self, inst):
        """config device add of a host-path disk (recursive, required, optional)."""
        dev = self.name("d")
        self.cmd("config device add %s %s disk %s%s" % (inst, dev, self.rng.choice(self.DISKS8), self.proj(inst)))
        self.devices7.setdefault(inst, []).append((dev, "disk"))

    def op_profile_disk8(self):
        """a host-path disk on a profile, then the profile given to an
        instance or a new one."""
        r = self.rng
        prof = self.name("p")
        self.cmd("profile create %s" % prof)
        self.profiles[prof] = None
        self.cmd("profile device add %s %s disk %s" % (prof, self.name("d"), r.choice(self.DISKS8)))
        inst = self.pick([i for i in self.instances if self.proj(i) == ""])
        if inst is not None and r.random() < 0.6:
            self.cmd("profile add %s %s" % (inst, prof))
        else:
            self.cmd("init img %s --target %s -s local -p %s" % (self.name("c"), r.choice(["m1", "m2", "m3"]), prof))

    OPS_GEN8 = [("op_disk8", 8), ("op_profile_disk8", 4)]
    ON_INSTANCE_GEN8 = {"op_disk8"}

    # gen 9 adds nics of every nictype whose parent the live hosts lack
    # (or have: macvlan on eth0), declared with `host-interface`; cluster
    # groups assigned, renamed and deleted while members schedule by group
    # and instances launch into them; copies with -c and -d overrides; on
    # top of evacuations, volumes across members and profiles on running
    # instances (earlier gens still write the same files).  Projects are
    # not generated: replay refuses a step in another project.
    HOST_INTERFACES9 = ["lo", "eth0"]
    NICTYPES9 = ["bridged", "macvlan", "ipvlan", "routed", "sriov", "physical"]

    def nic9(self):
        """nic options: a parent the hosts lack (nobr), or the one they have
        for macvlan only (a physical or sriov nic would take a host
        interface away, a vlan= on a real parent would add one)."""
        r = self.rng
        nictype = r.choice(self.NICTYPES9)
        parent = "eth0" if nictype == "macvlan" and r.random() < 0.3 else "nobr"
        opts = "nictype=%s parent=%s" % (nictype, parent)
        if r.random() < 0.3:
            opts += " name=eth%d" % r.randint(1, 3)
        if parent == "nobr" and nictype in ("macvlan", "ipvlan", "routed") and r.random() < 0.2:
            opts += " vlan=10"
        return opts

    def op_nic9(self, inst):
        """config device add of a nic, then (stopped) a start or (running)
        sometimes a stop and start."""
        r = self.rng
        st = self.instances[inst]
        self.cmd("config device add %s %s nic %s%s" % (inst, self.name("n"), self.nic9(), self.proj(inst)))
        if not st["running"] and r.random() < 0.6:
            self.cmd("start %s%s" % (inst, self.proj(inst)))
            st["running"] = True
        elif st["running"] and r.random() < 0.3:
            self.cmd("restart %s --force%s" % (inst, self.proj(inst)))

    def op_profile_nic9(self):
        """a nic on a profile, the profile added to or removed from
        instances on different members, running or not, or given to a new
        one."""
        r = self.rng
        prof = self.name("p")
        self.cmd("profile create %s" % prof)
        self.profiles[prof] = None
        self.cmd("profile device add %s %s nic %s" % (prof, self.name("n"), self.nic9()))
        insts = [i for i in self.instances if self.proj(i) == ""]
        choice = r.random()
        if insts and choice < 0.45:
            for inst in r.sample(sorted(insts), min(len(insts), r.randint(1, 2))):
                self.cmd("profile add %s %s" % (inst, prof))
            if r.random() < 0.4:
                self.cmd("profile remove %s %s" % (r.choice(insts), prof))
        elif insts and choice < 0.7:
            # `lxc profile assign` is not in the scenario language: the
            # profile given, the others taken away one by one
            inst = self.pick(insts)
            self.cmd("profile add %s %s" % (inst, prof))
            self.cmd("profile remove %s %s" % (inst, r.choice([prof, "default"])))
        else:
            name = self.name("c")
            verb = r.choice(["launch", "init"])
            m = r.choice(MEMBERS)
            self.cmd("%s img %s --target %s -s local -p default -p %s" % (verb, name, m, prof))
            self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None)

    def op_group9(self):
        """cluster groups: created, assigned (members then schedule by group
        or not), launched into, renamed, deleted (in use or not)."""
        r = self.rng
        groups = self.__dict__.setdefault("groups", {})  # group -> members
        if not groups or r.random() < 0.25:
            g = self.name("g")
            self.cmd("cluster group create %s" % g)
            groups[g] = set()
            return
        g = self.pick(groups)
        choice = r.random()
        if choice < 0.3:
            m = self.member()
            keep = "default," if r.random() < 0.6 else ""
            self.cmd("cluster group assign %s %s%s" % (m, keep, g))
            for members in groups.values():
                members.discard(m)
            groups[g].add(m)
        elif choice < 0.45:
            self.cmd("cluster set %s scheduler.instance %s"
                     % (self.member(), r.choice(["group", "group", "manual", "all"])))
        elif choice < 0.7:
            name = self.name("c")
            verb = r.choice(["launch", "init"])
            self.cmd("%s img %s --target=@%s -s local" % (verb, name, g))
            self.instances[name] = dict(member=self.pick(groups[g]) or "?", running=verb == "launch",
                                        snaps=[], project=None)
        elif choice < 0.85:
            new = self.name("g")
            self.cmd("cluster group rename %s %s" % (g, new))
            groups[new] = groups.pop(g)
        else:
            self.cmd("cluster group delete %s" % g)
            if not groups[g]:
                del groups[g]

    def op_copy9(self, inst):
        """lxc copy with -c key overrides (good and bad values) and -d
        device overrides (the root disk's pool, a device the source lacks)."""
        r = self.rng
        st = self.instances[inst]
        new = self.name("k")
        words = [inst, new]
        target = self.member() if r.random() < 0.7 else None
        if target:
            words += ["--target", target]
        for _ in range(r.randint(0, 2)):
            key, values = r.choice(INSTANCE_KEYS[:6] + [("limits.cpu", ["abc"]), ("migration.stateful", ["maybe"])])
            words += ["-c", "%s=%s" % (key, r.choice(values))]
        if r.random() < 0.5:
            words += ["-d", r.choice(["root,pool=%s" % r.choice(self.pools), "nodev,path=/x",
                                      "root,path=/", "root,size=10GiB"])]
        if st["running"] and r.random() < 0.7:
            words.append("--stateless")
        if r.random() < 0.2:
            words.append("--instance-only")
        self.cmd("copy %s%s" % (" ".join(words), self.proj(inst)))
        self.instances[new] = dict(member=target or st["member"], running=False, snaps=[], project=st["project"])

    OPS_GEN9 = [("op_nic9", 30), ("op_profile_nic9", 14), ("op_group9", 16), ("op_copy9", 10),
                ("op_evacuate_modes", 5), ("op_volume_across", 5), ("op_profile_inuse", 4)]
    ON_INSTANCE_GEN9 = {"op_nic9", "op_copy9"}

    # ---- gen 10: custom volumes end to end, instance snapshots, renames,
    # several keys at once, keys with units and schedules, evacuation by
    # each cluster.evacuate value ------------------------------------------
    # Volume keys on a dir pool, good and bad (block.* are refused on dir,
    # security.shifted and security.unmapped exclude each other).
    VOL_KEYS10 = [
        ("size", "1GiB"), ("size", "bogus"), ("security.shifted", "true"), ("security.shifted", "maybe"),
        ("security.unmapped", "true"), ("block.filesystem", "ext4"), ("block.mount_options", "noatime"),
        ("snapshots.expiry", "1d"), ("snapshots.expiry", "bogus"), ("snapshots.schedule", "@daily"),
        ("snapshots.schedule", "0 6 * * *"), ("snapshots.schedule", "bogus"), ("snapshots.pattern", "vsnap%d"),
        ("user.note", "x"), ("nosuch.key", "1"), ("volatile.idmap.last", "x"), ("security.shared", "true"),
    ]

    @staticmethod
    def kv10(key, value):
        """KEY=VALUE as a shell word (a cron schedule has spaces)."""
        return "%s='%s'" % (key, value) if " " in value else "%s=%s" % (key, value)

    def vol10_create(self):
        r = self.rng
        vol = self.name("v")
        pool = r.choice(self.pools)
        member = self.member()
        words = ["storage volume create %s %s" % (pool, vol)]
        block = r.random() < 0.2
        if block:
            words.append("--type block")
        words.append("--target %s" % member)
        for _ in range(r.choice([0, 1, 1, 2])):
            key, value = r.choice(self.VOL_KEYS10)
            words.append(self.kv10(key, value))
        if block and not any(w.startswith("size=") for w in words):
            words.append("size=8MiB")
        self.cmd(" ".join(words))
        self.volumes[vol] = dict(pool=pool, member=member, attached=set(), snaps=[])

    def op_vol10(self):
        """Custom volumes: created with keys, set/unset (good and bad values,
        with or without --target), copied/moved/renamed across members and
        pools (--target, --destination-target, --volume-only, --refresh),
        snapshotted, attached to and detached from instances on any member."""
        r = self.rng
        if not self.volumes or r.random() < 0.2:
            return self.vol10_create()
        vol = self.pick(self.volumes)
        v = self.volumes[vol]
        snaps = v.setdefault("snaps", [])
        right = v["member"] if v["member"] in MEMBERS else self.member()
        tgt = r.choice(["", " --target %s" % right, " --target %s" % right, " --target %s" % self.member(right)])
        choice = r.random()
        if choice < 0.22:
            key, value = r.choice(self.VOL_KEYS10)
            if r.random() < 0.25:
                self.cmd("storage volume unset %s %s %s%s" % (v["pool"], vol, key, tgt))
            else:
                self.cmd("storage volume set %s %s %s%s" % (v["pool"], vol, self.kv10(key, value), tgt))
        elif choice < 0.42:
            verb = r.choice(["copy", "copy", "move"])
            src = vol
            if snaps and verb == "copy" and r.random() < 0.4:
                src = "%s/%s" % (vol, r.choice(snaps))
            others = [x for x in self.volumes if x != vol]
            new = self.pick(others) if others and r.random() < 0.2 else self.name("v")
            pool = r.choice(self.pools)
            flags = tgt
            if r.random() < 0.6:
                flags += " --destination-target %s" % self.member()
            if verb == "copy" and r.random() < 0.25:
                flags += " --volume-only"  # lxc storage volume move has no such flag
            if verb == "copy" and r.random() < 0.2:
                flags += " --refresh"
            self.cmd("storage volume %s %s/%s %s/%s%s" % (verb, v["pool"], src, pool, new, flags))
            if new not in self.volumes:
                self.volumes[new] = dict(pool=pool, member="?", attached=set(), snaps=[])
                if verb == "move" and not v["attached"]:
                    del self.volumes[vol]
        elif choice < 0.52:
            new = self.name("v")
            self.cmd("storage volume rename %s %s %s%s" % (v["pool"], vol, new, tgt))
            if not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)
        elif choice < 0.65:
            if r.random() < 0.3:
                self.cmd("storage volume snapshot %s %s%s" % (v["pool"], vol, tgt))
            else:
                snap = "vs%d" % (len(snaps) + 1)
                self.cmd("storage volume snapshot %s %s %s%s" % (v["pool"], vol, snap, tgt))
                snaps.append(snap)
        elif choice < 0.9 and self.instances:
            insts = [i for i, s in self.instances.items() if s["project"] is None]
            if not insts:
                return
            inst = self.pick(insts)
            if inst in v["attached"] and r.random() < 0.7:
                self.cmd("storage volume detach %s %s %s" % (v["pool"], vol, inst))
                v["attached"].discard(inst)
            else:
                dev = " d%s" % vol[len(self.p):] if r.random() < 0.3 else ""
                self.cmd("storage volume attach %s %s %s%s /mnt/%s" % (v["pool"], vol, inst, dev, vol))
                v["attached"].add(inst)
        else:
            self.cmd("storage volume delete %s %s%s" % (v["pool"], vol, tgt))
            if not v["attached"]:
                del self.volumes[vol]

    def op_snap10(self, inst):
        """Instance snapshots: taken (sometimes --stateful), restored
        (sometimes --stateful), copied to another member, renamed, deleted."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        choice = r.random()
        if not st["snaps"] or choice < 0.3:
            snap = "s%d" % (len(st["snaps"]) + 1)
            stateful = " --stateful" if r.random() < 0.15 else ""
            self.cmd("snapshot %s %s%s%s" % (inst, snap, stateful, pf))
            if not stateful:
                st["snaps"].append(snap)
            return
        snap = r.choice(st["snaps"])
        if choice < 0.5:
            self.cmd("restore %s %s%s%s" % (inst, snap, " --stateful" if r.random() < 0.3 else "", pf))
        elif choice < 0.7:
            new = self.name("k")
            target = self.member(st["member"] if st["member"] in MEMBERS else None)
            extra = r.choice(["", "", " --instance-only", " --stateless"])
            self.cmd("copy %s/%s %s --target %s%s%s" % (inst, snap, new, target, extra, pf))
            self.instances[new] = dict(member=target, running=False, snaps=[], project=st["project"])
        elif choice < 0.85:
            new = "r%d" % r.randint(1, 9)
            self.cmd("rename %s/%s %s/%s%s" % (inst, snap, inst, new, pf))
            if new not in st["snaps"]:
                st["snaps"][st["snaps"].index(snap)] = new
        else:
            self.cmd("delete %s/%s%s" % (inst, snap, pf))
            st["snaps"].remove(snap)

    def op_rename10(self, inst):
        """lxc rename of a stopped or running instance (refused), to a free
        or taken name, or an unknown one."""
        r = self.rng
        st = self.instances[inst]
        choice = r.random()
        if choice < 0.1:
            self.cmd("rename nosuch %s" % self.name("r"))
            return
        if st["running"] and r.random() < 0.6:
            self.cmd("stop %s --force%s" % (inst, self.proj(inst)))
            st["running"] = False
        if choice < 0.25:
            taken = [i for i in self.instances if i != inst]
            if taken:
                self.cmd("rename %s %s%s" % (inst, self.pick(taken), self.proj(inst)))
                return
        new = self.name("r")
        self.cmd("rename %s %s%s" % (inst, new, self.proj(inst)))
        if not st["running"]:
            self.instances[new] = self.instances.pop(inst)
            for v in self.volumes.values():
                if inst in v["attached"]:
                    v["attached"].discard(inst)
                    v["attached"].add(new)

    # Keys with units, percentages and schedules, boot.* keys.
    KEYS10 = [
        ("limits.cpu.allowance", "50%"), ("limits.cpu.allowance", "25ms/100ms"), ("limits.cpu.allowance", "200%"),
        ("limits.cpu.allowance", "bogus"), ("limits.cpu.allowance", "10ms/5ms"), ("limits.cpu.allowance", "0%"),
        ("limits.memory", "50%"), ("limits.memory", "150%"), ("limits.memory", "0%"), ("limits.memory", "x%"),
        ("limits.memory", "512MB"), ("limits.memory", "1.5GiB"), ("snapshots.schedule", "@daily"),
        ("snapshots.schedule", "@hourly"), ("snapshots.schedule", "0 6 * * *"), ("snapshots.schedule", "* * *"),
        ("snapshots.schedule", "@daily, @hourly"), ("snapshots.schedule", "@never"), ("snapshots.schedule", "bogus"),
        ("snapshots.schedule.stopped", "true"), ("snapshots.expiry", "2w"), ("snapshots.pattern", "snap-{{ creation_date }}"),
        ("boot.autostart", "true"), ("boot.autostart", "maybe"), ("boot.autostart.delay", "5"),
        ("boot.autostart.priority", "-1"), ("boot.host_shutdown_timeout", "-5"), ("boot.stop.priority", "7"),
        ("boot.bogus", "1"), ("cluster.evacuate", "live-migrate"), ("cluster.evacuate", "bogus"),
    ]

    def op_keys10(self, inst):
        """config set of one key from KEYS10, or several keys at once (good
        and bad: LXD names one bad key, whichever its map gives first), or
        unset of several."""
        r = self.rng
        pf = self.proj(inst)
        choice = r.random()
        if choice < 0.45:
            key, value = r.choice(self.KEYS10)
            self.cmd("config set %s %s%s" % (inst, self.kv10(key, value), pf))
        elif choice < 0.9:
            pairs = {}
            for _ in range(r.randint(2, 4)):
                key, value = r.choice(self.KEYS10 + self.KEYS7[:20])
                pairs[key] = value
            self.cmd("config set %s %s%s" % (inst, " ".join(self.kv10(*kv) for kv in sorted(pairs.items())), pf))
        else:
            key, _ = r.choice(self.KEYS10)
            self.cmd("config unset %s %s%s" % (inst, key, pf))

    def op_evac10(self):
        """A member's instances given each cluster.evacuate value (running
        and stopped), then the member evacuated (with or without --action)
        and sometimes restored."""
        r = self.rng
        if self.evacuated and r.random() < 0.5:
            m = self.pick(self.evacuated)
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            return
        if self.evacuated:
            return
        m = self.member()
        here = [i for i, s in self.instances.items() if s["member"] == m and s["project"] is None]
        while len(here) < 2:
            name = self.name("c")
            verb = r.choice(["launch", "init"])
            self.cmd("%s img %s --target %s -s local" % (verb, name, m))
            self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None)
            here.append(name)
        for inst in sorted(here):
            if r.random() < 0.8:
                self.cmd("config set %s cluster.evacuate=%s" % (inst, r.choice(["auto", "migrate", "stop", "live-migrate"])))
        action = " --action %s" % r.choice(["stop", "migrate", "live-migrate"]) if r.random() < 0.4 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)

    OPS_GEN10 = [("op_vol10", 60), ("op_snap10", 35), ("op_rename10", 20), ("op_keys10", 45), ("op_evac10", 12)]
    ON_INSTANCE_GEN10 = {"op_snap10", "op_rename10", "op_keys10"}
    # gen 11 adds projects (replay sends instance, profile and project
    # commands in their project): projects created with features.profiles
    # on or off, count limits and restricted keys the model follows, moves
    # between projects, limits changed, lxc project switch around a list,
    # and deletions, refused while a project holds instances.  Projects
    # keep features.images=false: a new project with its own images has
    # none, which the model's abstract images do not know
    # (tests/live/DISAGREEMENTS.md #11).
    PROJECT_KEYS11 = [("limits.instances", ["1", "2", "3"]), ("limits.containers", ["1", "2"]),
                      ("restricted", ["true"]), ("restricted.containers.nesting", ["block", "allow"])]

    def op_project11(self):
        """lxc project create with features and limits."""
        r = self.rng
        if len(self.projects) >= 3:
            return self.op_project_change11()
        project = self.name("j")
        words = ["project create", project, "-c features.images=false"]
        if r.random() < 0.5:
            words.append("-c features.profiles=false")
        for key, values in r.sample(self.PROJECT_KEYS11, r.randint(0, 2)):
            words.append("-c %s=%s" % (key, r.choice(values)))
        self.cmd(" ".join(words))
        self.projects.append(project)

    def op_project_change11(self):
        """a project's limit changed, a switch around a list, or a delete."""
        r = self.rng
        project = self.pick(self.projects)
        if project is None:
            return self.op_project11()
        choice = r.random()
        if choice < 0.45:
            key, values = r.choice(self.PROJECT_KEYS11[:2])
            if r.random() < 0.2:
                self.cmd("project unset %s %s" % (project, key))
            else:
                self.cmd("project set %s %s=%s" % (project, key, r.choice(values)))
        elif choice < 0.7:
            self.cmd("project switch %s" % project)
            self.cmd("list")
            self.cmd("project switch default")
        else:
            self.cmd("project delete %s" % project)
            if not any(st["project"] == project for st in self.instances.values()) and \
                    not any(pr == project for pr in self.profiles.values()):
                self.projects.remove(project)

    def op_project_move11(self, inst):
        """lxc move --target-project into another project (or back to
        default), sometimes with a new name."""
        r = self.rng
        st = self.instances[inst]
        to = [p for p in self.projects if p != st["project"]] + ([] if st["project"] is None else ["default"])
        if not to:
            return self.op_project11()
        dest = r.choice(sorted(to))
        words = [inst]
        new = inst
        if r.random() < 0.3:
            new = self.name("c")
            words.append(new)
        words += ["--target-project", dest]
        if st["running"] and r.random() < 0.5:
            words.append("--stateless")
        self.cmd("move %s%s" % (" ".join(words), self.proj(inst)))
        # the model and LXD decide whether it moved: the picture follows the
        # request (a refused move leaves a name the next lines may miss)
        del self.instances[inst]
        st["project"] = None if dest == "default" else dest
        self.instances[new] = st

    OPS_GEN11 = [("op_project11", 16), ("op_project_change11", 12), ("op_project_move11", 16), ("op_launch", 12)]
    ON_INSTANCE_GEN11 = {"op_project_move11"}

    # ---- gen 12: copies in all their forms, evacuation sequences, what is
    # done to instances on an evacuated member, profiles and devices on
    # other members, snapshots after moves and renames -----------------------
    # Gens 1-11 draw copies mostly of a fresh instance to a free name; gen 12
    # copies copies, snapshots and instances with snapshots, to taken names,
    # with --refresh onto an existing copy (stopped or running), to evacuated
    # members; it evacuates members holding running and stopped instances
    # whose cluster.evacuate comes from a profile, then starts, stops,
    # restarts, deletes or moves back by hand what the evacuation left there
    # before the restore.  Only OPS and these are drawn (the gen 2-11 ops
    # would take most of the lines).
    def op_copy12(self, inst):
        """lxc copy of an instance, a copy or a snapshot: to each member, to
        an evacuated one, onto a taken name, --refresh onto an existing copy."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        src = inst
        if st["snaps"] and r.random() < 0.3:
            src = "%s/%s" % (inst, r.choice(st["snaps"]))
        choice = r.random()
        others = [i for i in self.instances if i != inst and self.instances[i]["project"] == st["project"]]
        if choice < 0.2 and others:
            dest = self.pick(others)
            refresh = " --refresh" if r.random() < 0.7 else ""
            tgt = " --target %s" % self.member() if r.random() < 0.3 else ""
            extra = " --instance-only" if r.random() < 0.3 else ""
            self.cmd("copy %s %s%s%s%s%s" % (src, dest, refresh, tgt, extra, pf))
            return
        new = self.name("k")
        words = [src, new]
        if choice < 0.35 and self.evacuated:
            target = self.pick(self.evacuated)
        elif r.random() < 0.75:
            target = r.choice(MEMBERS)
        else:
            target = None
        if target:
            words += ["--target", target]
        if r.random() < 0.3:
            words.append("--instance-only")
        if st["running"] and "/" not in src and r.random() < 0.6:
            words.append("--stateless")
        if r.random() < 0.25:
            words.append("--refresh")
        if r.random() < 0.3:
            key, values = r.choice(INSTANCE_KEYS[:7])
            words += ["-c", "%s=%s" % (key, r.choice(values))]
        if r.random() < 0.15:
            words += ["-d", "root,pool=%s" % r.choice(self.pools)]
        self.cmd("copy %s%s" % (" ".join(words), pf))
        snaps = [] if "--instance-only" in words or "/" in src else list(st["snaps"])
        self.instances[new] = dict(member=target or st["member"], running=False, snaps=snaps,
                                   project=st["project"])

    def op_evac12(self):
        """A member holding running and stopped instances, cluster.evacuate
        from a profile or the instance, evacuated; then what users do to what
        stays there or moved away, before or without a restore."""
        r = self.rng
        if self.evacuated:
            m = self.pick(self.evacuated)
            here = sorted(i for i, s in self.instances.items() if s["member"] == m and s["project"] is None)
            away = sorted(i for i, s in self.instances.items() if s.get("origin") == m and s["member"] != m)
            for _ in range(r.randint(1, 3)):
                choice = r.random()
                if choice < 0.45 and here:
                    inst = r.choice(here)
                    verb = r.choice(["start", "stop --force", "stop", "restart", "restart --force", "delete --force",
                                     "snapshot", "move --target %s" % self.member(m)])
                    if verb == "snapshot":
                        snap = "s%d" % (len(self.instances[inst]["snaps"]) + 1)
                        self.cmd("snapshot %s %s" % (inst, snap))
                        self.instances[inst]["snaps"].append(snap)
                    else:
                        self.cmd("%s %s" % (verb.split(" ")[0], " ".join([inst] + verb.split(" ")[1:])))
                    if verb == "delete --force":
                        del self.instances[inst]
                        here.remove(inst)
                elif choice < 0.75 and away:
                    inst = r.choice(away)
                    verb = r.choice(["move --target %s" % m, "move --target %s" % self.member(m),
                                     "stop --force", "start", "config unset volatile.evacuate.origin"])
                    parts = verb.split(" ")
                    if parts[0] == "config":
                        self.cmd("config unset %s %s" % (inst, parts[2]))
                    else:
                        self.cmd("%s %s" % (parts[0], " ".join([inst] + parts[1:])))
                else:
                    self.cmd("launch img %s --target %s -s local" % (self.name("c"), m))
            if r.random() < 0.75:
                self.cmd("cluster restore %s --force" % m)
                self.evacuated.discard(m)
                for s in self.instances.values():
                    if s.get("origin") == m:
                        s["member"] = m
                        s.pop("origin")
            return
        m = self.member()
        here = [i for i, s in self.instances.items() if s["member"] == m and s["project"] is None]
        while len(here) < 3:
            name = self.name("c")
            verb = r.choice(["launch", "launch", "init"])
            self.cmd("%s img %s --target %s -s local" % (verb, name, m))
            self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None)
            here.append(name)
        prof = self.name("p")
        self.cmd("profile create %s" % prof)
        self.profiles[prof] = None
        self.cmd("profile set %s cluster.evacuate=%s" % (prof, r.choice(["stop", "migrate", "auto"])))
        for inst in sorted(here):
            choice = r.random()
            if choice < 0.5:
                self.cmd("profile add %s %s" % (inst, prof))
            elif choice < 0.8:
                self.cmd("config set %s cluster.evacuate=%s" % (inst, r.choice(["auto", "migrate", "stop"])))
        if r.random() < 0.3:
            self.cmd("profile set %s cluster.evacuate=%s" % (prof, r.choice(["stop", "migrate", "auto"])))
        action = " --action %s" % r.choice(["stop", "migrate"]) if r.random() < 0.3 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)
        for inst in here:
            # the picture does not know the mode's choice: an instance may
            # have moved; op_evac12 acts on both kinds from this guess
            if r.random() < 0.5:
                self.instances[inst]["origin"] = m
                self.instances[inst]["member"] = self.member(m)

    def profile_volume_disk(self, prof):
        """A new custom volume on some member, given to @prof as its disk pd."""
        vol = self.name("v")
        self.cmd("storage volume create local %s --target %s" % (vol, self.member()))
        self.volumes[vol] = dict(pool="local", member="?", attached=set())
        self.cmd("profile device add %s pd disk pool=local source=%s path=/pd" % (prof, vol))

    def op_profile12(self):
        """Profiles with a key or a custom-volume disk added to and removed
        from running and stopped instances on other members; the profile's
        device then overridden, set and removed on the instance."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not insts:
            return self.op_launch()
        inst = r.choice(insts)
        mine = [p for p, pr in self.profiles.items() if pr is None]
        if not mine or r.random() < 0.3:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            if r.random() < 0.5:
                key, values = r.choice(PROFILE_KEYS)
                self.cmd("profile set %s %s=%s" % (prof, key, r.choice(values)))
            else:
                self.profile_volume_disk(prof)
            self.cmd("profile add %s %s" % (inst, prof))
            return
        prof = r.choice(sorted(mine))
        choice = r.random()
        if choice < 0.25:
            self.cmd("profile %s %s %s" % (r.choice(["add", "remove"]), inst, prof))
        elif choice < 0.45:
            self.cmd("config device override %s pd %s" % (inst, r.choice(["readonly=true", "path=/pd2", "bogus=1"])))
        elif choice < 0.6:
            self.cmd("config device set %s pd %s" % (inst, r.choice(["readonly=false", "path=/pd3"])))
        elif choice < 0.7:
            self.cmd("config device remove %s pd" % inst)
        elif choice < 0.8:
            self.cmd("profile device remove %s pd" % prof)
        else:
            key, values = r.choice(PROFILE_KEYS)
            self.cmd("profile set %s %s=%s" % (prof, key, r.choice(values)))

    def op_snap12(self, inst):
        """Snapshots taken, then the instance moved or renamed (stopped),
        then a snapshot restored, renamed, copied or deleted."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if not st["snaps"]:
            snap = "s1"
            self.cmd("snapshot %s %s%s" % (inst, snap, pf))
            st["snaps"].append(snap)
        if st["running"] and r.random() < 0.5:
            self.cmd("stop %s --force%s" % (inst, pf))
            st["running"] = False
        choice = r.random()
        if choice < 0.4:
            target = self.member(st["member"] if st["member"] in MEMBERS else None)
            self.cmd("move %s --target %s%s" % (inst, target, pf))
            if not st["running"]:
                st["member"] = target
        elif choice < 0.6 and not st["running"]:
            new = self.name("r")
            self.cmd("rename %s %s%s" % (inst, new, pf))
            self.instances[new] = self.instances.pop(inst)
            inst = new
        snap = r.choice(st["snaps"])
        choice = r.random()
        if choice < 0.5:
            self.cmd("restore %s %s%s" % (inst, snap, pf))
        elif choice < 0.7:
            new = "n%d" % r.randint(1, 3)
            self.cmd("rename %s/%s %s/%s%s" % (inst, snap, inst, new, pf))
            if new not in st["snaps"]:
                st["snaps"][st["snaps"].index(snap)] = new
        elif choice < 0.85:
            self.cmd("delete %s/%s%s" % (inst, snap, pf))
            st["snaps"].remove(snap)
        else:
            self.cmd("snapshot %s %s%s" % (inst, snap, pf))  # a name taken

    OPS_GEN12 = [("op_copy12", 30), ("op_evac12", 22), ("op_profile12", 16), ("op_snap12", 18)]
    ON_INSTANCE_GEN12 = {"op_copy12", "op_snap12"}

    # ---- gen 13: what users type that gens 1-12 never drew ------------------
    # copy --start (a flag of lxc 6.7+: lxc/copy.go:68 at lxd-6.9, absent at
    # lxd-6.6, 5.21.7 and 5.0.2), copy -s POOL and move -s POOL, copy
    # --refresh --instance-only and --refresh onto a new name, snapshot verbs
    # on a missing instance or snapshot, profile devices overridden and set
    # on instances, volumes copied and moved between pools and members,
    # start/stop of several names at once, rename, and an evacuation with
    # --action followed by commands aimed at the evacuated member.  Only OPS
    # and these are drawn, as gen 12.
    def op_copy13(self, inst):
        """lxc copy --start, -s POOL, --refresh --instance-only, --refresh
        onto a new name."""
        r = self.rng
        st = self.instances[inst]
        src = inst
        if st["snaps"] and r.random() < 0.25:
            src = "%s/%s" % (inst, r.choice(st["snaps"]))
        choice = r.random()
        others = [i for i in self.instances if i != inst and self.instances[i]["project"] is None]
        if choice < 0.2 and others:
            self.cmd("copy %s %s --refresh --instance-only" % (src, self.pick(others)))
            return
        new = self.name("k")
        words = [src, new]
        target = r.choice(MEMBERS) if r.random() < 0.6 else None
        if target:
            words += ["--target", target]
        if choice < 0.45:
            words.append("--start")
        elif choice < 0.75:
            words += ["-s", r.choice(self.pools)]
        else:
            words.append("--refresh")
            if r.random() < 0.5:
                words.append("--instance-only")
        if st["running"] and "/" not in src and r.random() < 0.5:
            words.append("--stateless")
        self.cmd("copy %s" % " ".join(words))
        snaps = [] if "--instance-only" in words or "/" in src else list(st["snaps"])
        self.instances[new] = dict(member=target or st["member"], running=False, snaps=snaps, project=None)

    def op_pool13(self, inst):
        """lxc move NAME [NEWNAME] -s POOL (stopped or running)."""
        r = self.rng
        st = self.instances[inst]
        pool = r.choice(self.pools)
        if r.random() < 0.3:
            new = self.name("r")
            self.cmd("move %s %s -s %s" % (inst, new, pool))
            self.instances[new] = self.instances.pop(inst)
        else:
            self.cmd("move %s -s %s%s" % (inst, pool, " --instance-only" if r.random() < 0.2 else ""))

    def op_missing13(self, inst):
        """Snapshot verbs on a missing instance or a missing snapshot."""
        r = self.rng
        st = self.instances[inst]
        snap = r.choice(st["snaps"]) if st["snaps"] else "s0"
        self.cmd(r.choice(["snapshot nope%d" % r.randint(1, 3), "restore %s nope" % inst, "delete %s/nope" % inst,
                           "move %s/%s %s/n%d" % (inst, snap, inst, r.randint(1, 2)),
                           "move %s/nope %s/n1" % (inst, inst), "restore nope%d s1" % r.randint(1, 3),
                           "copy %s/nope %s" % (inst, self.name("k")), "delete nope%d/s1" % r.randint(1, 3)]))

    def op_profile13(self):
        """A profile's disk or key on instances of other members, the device
        overridden, set (inherited) and removed on the instance."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not insts:
            return self.op_launch()
        inst = r.choice(insts)
        mine = sorted(p for p in self.profiles if p in self.pd_profiles)
        if not mine:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            self.pd_profiles.add(prof)
            if r.random() < 0.5:
                self.cmd("profile device add %s pd disk source=/tmp path=/pd" % prof)
            else:
                self.profile_volume_disk(prof)
            self.cmd("profile add %s %s" % (inst, prof))
            return
        prof = r.choice(mine)
        self.cmd(r.choice(["config device override %s pd readonly=true" % inst,
                           "config device override %s pd path=/pd2" % inst,
                           "config device set %s pd readonly=true" % inst,
                           "config device set %s root size=1GiB" % inst,
                           "config device override %s root size=1GiB" % inst,
                           "config device remove %s pd" % inst,
                           "profile add %s %s" % (inst, prof), "profile remove %s %s" % (inst, prof)]))

    def op_volume13(self):
        """lxc storage volume copy/move between pools and members."""
        r = self.rng
        if not self.volumes or r.random() < 0.3:
            vol = self.name("v")
            m = self.member()
            pool = r.choice(self.pools)
            self.cmd("storage volume create %s %s --target %s" % (pool, vol, m))
            self.volumes[vol] = dict(pool=pool, member=m, attached=set())
            return
        vol = self.pick(self.volumes)
        v = self.volumes[vol]
        verb = r.choice(["copy", "move"])
        pool = r.choice(self.pools)
        src_pool = v["pool"]
        dest = vol if (verb == "move" and pool != src_pool and r.random() < 0.6) else self.name("v")
        words = ["%s/%s" % (src_pool, vol), "%s/%s" % (pool, dest)]
        if r.random() < 0.7:
            words += ["--target", v["member"] if v["member"] in MEMBERS and r.random() < 0.8 else self.member()]
        if r.random() < 0.6:
            words += ["--destination-target", self.member()]
        self.cmd("storage volume %s %s" % (verb, " ".join(words)))
        if dest == vol:
            v["pool"] = pool
        elif dest not in self.volumes:
            self.volumes[dest] = dict(pool=pool, member=self.member(), attached=set())

    def op_many13(self):
        """lxc start/stop/restart of several instances at once."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if len(insts) < 2:
            return self.op_launch()
        names = r.sample(insts, min(len(insts), r.randint(2, 3)))
        if r.random() < 0.15:
            names.insert(r.randint(0, len(names)), "nope%d" % r.randint(1, 3))
        verb = r.choice(["start", "stop", "stop --force", "restart --force"])
        parts = verb.split(" ")
        self.cmd("%s %s" % (parts[0], " ".join(names + parts[1:])))
        for n in names:
            if n in self.instances and parts[0] in ("start", "stop"):
                self.instances[n]["running"] = parts[0] == "start"

    def op_rename13(self, inst):
        """lxc rename of a stopped or running instance, onto a taken name."""
        r = self.rng
        others = [i for i in self.instances if i != inst]
        if others and r.random() < 0.2:
            self.cmd("rename %s %s" % (inst, r.choice(sorted(others))))
            return
        new = self.name("r")
        self.cmd("rename %s %s" % (inst, new))
        self.instances[new] = self.instances.pop(inst)

    def op_evac13(self):
        """lxc cluster evacuate --action, then commands aimed at the member."""
        r = self.rng
        if not self.evacuated:
            m = self.member()
            if not any(s["member"] == m for s in self.instances.values()):
                name = self.name("c")
                self.cmd("launch img %s --target %s -s local" % (name, m))
                self.instances[name] = dict(member=m, running=True, snaps=[], project=None)
            action = " --action %s" % r.choice(["stop", "migrate", "auto"]) if r.random() < 0.5 else ""
            self.cmd("cluster evacuate %s --force%s" % (m, action))
            self.evacuated.add(m)
            return
        m = self.pick(self.evacuated)
        here = sorted(i for i, s in self.instances.items() if s["member"] == m)
        choice = r.random()
        if choice < 0.2:
            self.cmd("launch img %s --target %s -s local" % (self.name("c"), m))
        elif choice < 0.35 and here:
            self.cmd("%s %s" % (r.choice(["start", "restart --force", "stop --force"]), r.choice(here)))
        elif choice < 0.5 and self.instances:
            inst = self.pick(self.instances)
            verb = r.choice(["move", "copy"])
            new = " " + self.name("k") if verb == "copy" or r.random() < 0.5 else ""
            self.cmd("%s %s%s --target %s" % (verb, inst, new, m))
        elif choice < 0.6:
            self.cmd("storage volume create local %s --target %s" % (self.name("v"), m))
        elif choice < 0.7:
            self.cmd("cluster evacuate %s --force" % m)
        else:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)

    OPS_GEN13 = [("op_copy13", 16), ("op_pool13", 8), ("op_missing13", 10), ("op_profile13", 12), ("op_volume13", 10),
                 ("op_many13", 8), ("op_rename13", 6), ("op_evac13", 10)]
    ON_INSTANCE_GEN13 = {"op_copy13", "op_pool13", "op_missing13", "op_rename13"}

    # ---- gen 14: what users type around a move, one instance at a time -----
    # Gen 7 drew keys and devices of every kind, but at random moments; gen
    # 14 draws a change to one instance (a key set or unset, a device added,
    # set or removed, a profile it uses edited, a volume it has set or
    # unset) and then moves, copies, evacuates, restores or restarts that
    # instance's member, so that the change meets the move.  It adds
    # evacuate --action with every mode (and a bogus one), lxc project
    # switch (a missing project, and back), and names at the length limit
    # and with characters LXD refuses.  Left out: security.protection.delete
    # (replay's clean-up could not delete the instance), --project on pool
    # and network verbs (replay refuses them), and image.* keys (a key the
    # scenario sets is compared at every step, and the model's abstract
    # images carry no image.os: seed 14002 scenario 6, 77 differences of
    # this alone).  Only OPS and these are drawn.
    KEYS14 = [
        ("security.privileged", "true"), ("security.privileged", "false"), ("security.privileged", "maybe"),
        ("security.nesting", "true"), ("security.idmap.isolated", "true"), ("security.protection.shift", "true"),
        ("limits.cpu", "2"), ("limits.cpu", "64"), ("limits.cpu", "0"), ("limits.memory", "64MiB"),
        ("limits.memory", "bogus"), ("limits.memory", "150%"), ("limits.processes", "100"),
        ("boot.autostart", "true"), ("boot.autostart", "bogus"), ("boot.host_shutdown_timeout", "5"),
        ("migration.stateful", "true"), ("migration.stateful", "false"), ("migration.incremental.memory", "true"),
        ("migration.incremental.memory.goal", "80"), ("cluster.evacuate", "stop"), ("cluster.evacuate", "migrate"),
        ("cluster.evacuate", "live-migrate"), ("cluster.evacuate", "bogus"), ("volatile.uuid", "bogus"),
        ("volatile.last_state.power", "RUNNING"), ("volatile.evacuate.origin", "m2"), ("volatile.apply_template", "copy"),
        ("volatile.idmap.current", "[]"), ("volatile.base_image", "abc"), ("volatile.cloud-init.instance-id", "x"),
        ("volatile.bogus", "1"), ("user.tag", "a b"),
    ]
    DEVICES14 = [
        "disk source=/tmp path=/mnt/t", "disk source=/tmp path=/mnt/t readonly=true", "disk source=/nonexistent path=/mnt/n",
        "disk source=/nonexistent path=/mnt/n required=false", "nic nictype=bridged parent=nobr",
        "nic nictype=macvlan parent=eth0", "proxy listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22",
        "unix-char source=/dev/null path=/dev/mynull", "unix-char source=/dev/zero path=/dev/myzero required=false",
        "unix-char path=/dev/nosuchdev",
    ]
    VOLUME_KEYS14 = [("size", "1GiB"), ("security.shifted", "true"), ("security.unmapped", "true"),
                     ("snapshots.expiry", "1d"), ("user.x", "y"), ("bogus", "1"), ("block.filesystem", "ext4"),
                     ("security.shifted", "bogus"), ("snapshots.pattern", "v%d")]
    PROFILE_KEYS14 = [("limits.memory", "128MiB"), ("limits.memory", "bogus"), ("security.privileged", "true"),
                      ("cluster.evacuate", "stop"), ("migration.stateful", "true"), ("boot.autostart", "true")]

    def change14(self, inst):
        """One change to @inst: a key, a device, a profile it uses or a
        volume attached to it."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        devs = self.devices7.setdefault(inst, [])
        choice = r.random()
        if choice < 0.35:
            key, value = r.choice(self.KEYS14)
            if r.random() < 0.2:
                self.cmd("config unset %s %s%s" % (inst, key, pf))
            else:
                self.cmd("config set %s %s%s" % (inst, self.kv10(key, value), pf))
        elif choice < 0.6:
            if devs and r.random() < 0.35:
                dev, kind = r.choice(devs)
                if r.random() < 0.5 and kind in self.DEVICE_SETS7:
                    self.cmd("config device set %s %s %s%s" % (inst, dev, r.choice(self.DEVICE_SETS7[kind]), pf))
                else:
                    self.cmd("config device remove %s %s%s" % (inst, dev, pf))
                    devs.remove((dev, kind))
                return
            spec = r.choice(self.DEVICES14)
            if "%d" in spec:
                spec = spec % r.randint(40000, 49999)
            dev = self.name("d")
            self.cmd("config device add %s %s %s%s" % (inst, dev, spec, pf))
            devs.append((dev, spec.split()[0]))
        elif choice < 0.8 and st["project"] is None:
            prof = self.pick([p for p, pr in self.profiles.items() if pr is None and p in st.get("profs", ())])
            if prof is None:
                prof = self.name("p")
                self.cmd("profile create %s" % prof)
                self.profiles[prof] = None
                self.cmd("profile add %s %s" % (inst, prof))
                st.setdefault("profs", []).append(prof)
                return
            key, value = r.choice(self.PROFILE_KEYS14)
            c = r.random()
            if c < 0.5:
                self.cmd("profile set %s %s" % (prof, self.kv10(key, value)))
            elif c < 0.65:
                self.cmd("profile unset %s %s" % (prof, key))
            elif c < 0.85:
                self.cmd("profile device add %s %s %s" % (prof, self.name("d"), r.choice(self.DEVICES14[:4])))
            else:
                self.cmd("profile remove %s %s" % (inst, prof))
                st["profs"].remove(prof)
        elif st["project"] is None and st["member"] in MEMBERS:
            mine = [v for v, s in self.volumes.items() if inst in s["attached"]]
            if not mine:
                vol = self.name("v")
                self.cmd("storage volume create local %s --target %s" % (vol, st["member"]))
                self.volumes[vol] = dict(pool="local", member=st["member"], attached=set())
                if r.random() < 0.5:
                    key, value = r.choice(self.VOLUME_KEYS14)
                    self.cmd("storage volume set local %s %s --target %s" % (vol, self.kv10(key, value), st["member"]))
                self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
                self.volumes[vol]["attached"].add(inst)
                return
            vol = r.choice(sorted(mine))
            v = self.volumes[vol]
            key, value = r.choice(self.VOLUME_KEYS14)
            tgt = " --target %s" % v["member"] if r.random() < 0.8 else ""
            if r.random() < 0.25:
                self.cmd("storage volume unset %s %s %s%s" % (v["pool"], vol, key, tgt))
            else:
                self.cmd("storage volume set %s %s %s%s" % (v["pool"], vol, self.kv10(key, value), tgt))
        else:
            self.op_start_stop(inst)

    def after14(self, inst):
        """What meets the change: a move, copy, evacuation or restart."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        choice = r.random()
        if choice < 0.4:
            self.op_move(inst)
        elif choice < 0.55:
            new = self.name("k")
            target = self.member(st["member"])
            self.cmd("copy %s %s --target %s%s" % (inst, new, target, pf))
            self.instances[new] = dict(member=target, running=False, snaps=[], project=st["project"])
        elif choice < 0.8 and st["member"] in MEMBERS and not self.evacuated:
            m = st["member"]
            action = ""
            if r.random() < 0.6:
                action = " --action %s" % r.choice(["stop", "migrate", "live-migrate", "auto", "bogus"])
            self.cmd("cluster evacuate %s --force%s" % (m, action))
            self.evacuated.add(m)
            if r.random() < 0.7:
                self.cmd("cluster restore %s --force" % m)
                self.evacuated.discard(m)
        elif choice < 0.9 and st["running"]:
            self.cmd("restart %s --force%s" % (inst, pf))
        else:
            self.op_start_stop(inst)

    def op_scene14(self, inst):
        """A change to an instance, then the move it meets."""
        self.change14(inst)
        if inst in self.instances:
            self.after14(inst)

    def op_names14(self):
        """Names at the length limit and with characters LXD refuses."""
        r = self.rng
        kind = r.random()
        base = self.name("n")
        # instance names are hostnames: 63 characters at most, letters,
        # digits and hyphens, not starting with a digit or a hyphen
        odd = r.choice([base + "x" * (63 - len(base)), base + "x" * (64 - len(base)), base + "_u",
                        base + ".d", base + "-", "9" + base, base.upper()])
        if kind < 0.5:
            self.cmd("launch img %s --target %s -s local" % (odd, self.member()))
            if len(odd) <= 63 and re.match(r"^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$", odd):
                self.instances[odd] = dict(member="?", running=True, snaps=[], project=None)
        elif kind < 0.7:
            self.cmd("storage volume create local %s --target %s" % (odd, self.member()))
        elif kind < 0.85:
            self.cmd("profile create %s" % odd)
        else:
            inst = self.pick([i for i in self.instances if self.instances[i]["project"] is None])
            if inst is None:
                return self.op_launch()
            self.cmd("snapshot %s %s" % (inst, r.choice([base + "x" * (63 - len(base)), base + "_s", base + ".s"])))

    def op_project14(self):
        """lxc project switch to a missing project or one made here, a list
        there, and back."""
        r = self.rng
        if r.random() < 0.4:
            # the lines after a switch run in the project it names unless
            # the scenario says it failed (ms-scenario-directives.c
            # settle_switch): lxc's answer, lxc/project.go:727-730 at lxd-5.0.2
            self.cmd("project switch nope%d" % r.randint(1, 3))
            self.lines.append("Error: Project not found")
            return
        if not self.projects:
            project = self.name("j")
            self.cmd("project create %s -c features.images=false" % project)
            self.projects.append(project)
        project = self.pick(self.projects)
        self.cmd("project switch %s" % project)
        self.cmd(r.choice(["list", "launch img %s --target %s" % (self.name("c"), self.member())]))
        self.cmd("project switch default")

    OPS_GEN14 = [("op_scene14", 40), ("op_names14", 8), ("op_project14", 5)]
    ON_INSTANCE_GEN14 = {"op_scene14"}

    # ---- gen 15 ------------------------------------------------------------
    # Gen 15 draws what gens 1-14 drew least, around migrations: a profile
    # used by running and stopped instances whose devices are added, set,
    # unset or removed, then its users' member evacuated, restored or an
    # instance moved; config device unset|override of inherited devices;
    # cluster groups with move --target=@GROUP and scheduler.instance on
    # members; cluster.evacuate per instance and evacuate --action, the same
    # member evacuated and restored again and again; project options that
    # gate moves and launches (restricted.cluster.target, limits.instances,
    # features.*) with --project; lxc copy with --refresh, --stateless,
    # --instance-only and --target; storage volume copy|move --target and
    # renames of instances and volumes on other members; unknown flags.  Only OPS and these are drawn.
    PROFILE_DEVICES15 = [
        "disk", "disk", "nic nictype=macvlan parent=eth0",
        "nic nictype=bridged parent=nobr", "nic nictype=macvlan parent=eth0 mtu=1400",
    ]
    # No unix-char or proxy: their options are "not modelled" (section
    # 15-fidgen14 of tests/live/DISAGREEMENTS.md), each a known difference.
    # No host-path disk either: an evacuation (cluster.evacuate=auto) of a
    # running instance holding one crashes the 5.0.2 daemon (rule
    # EVAC_NIL_POOL_CRASH, predicted and seen: seed 15001 scenario 6), which
    # ends the replay and leaves the member offline for the next ones; the
    # disks drawn are custom volumes (vdisk15)
    PROFILE_DEVICE_SETS15 = {
        "disk": ["readonly=true", "path=/mnt/other", "required=false", "source=nosuchvol", "bogus=1",
                 "pool=nosuchpool"],
        "nic": ["parent=nobr", "mtu=1400", "name=eth9", "bogus=1"],
        "unix-char": ["path=/dev/pnull2", "mode=0600", "required=false"],
        "proxy": ["connect=tcp:127.0.0.1:23", "bind=instance", "bogus=1"],
    }

    def vdisk15(self, spec):
        """A "disk" spec made a custom volume's disk (a volume of local on
        some member, or a missing one), other specs as they are."""
        if spec != "disk":
            return spec
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local")
        if not vols or self.rng.random() < 0.25:
            vol = self.name("v")
            m = self.member()
            self.cmd("storage volume create local %s --target %s" % (vol, m))
            self.volumes[vol] = dict(pool="local", member=m, attached=set())
        else:
            vol = self.rng.choice(vols)
        return "disk pool=local source=%s path=/mnt/%s" % (vol, vol)

    def users15(self, prof):
        return sorted(i for i, s in self.instances.items() if s["project"] is None and prof in s.get("profs", ()))

    def meet15(self, inst):
        """What meets a change to @inst's profile or devices: a move, an
        evacuation (restored or not) or a start/stop."""
        r = self.rng
        st = self.instances[inst]
        c = r.random()
        if c < 0.4:
            self.op_move(inst)
        elif c < 0.75 and st["member"] in MEMBERS and st["member"] not in self.evacuated:
            m = st["member"]
            action = " --action %s" % r.choice(["stop", "migrate", "auto"]) if r.random() < 0.1 else ""
            self.cmd("cluster evacuate %s --force%s" % (m, action))
            self.evacuated.add(m)
            if r.random() < 0.75:
                self.cmd("cluster restore %s --force" % m)
                self.evacuated.discard(m)
        else:
            self.op_start_stop(inst)

    def op_profdev15(self):
        """A profile used by running and stopped instances: a device added,
        set, unset or removed, then its users moved or evacuated."""
        r = self.rng
        profs = self.__dict__.setdefault("profdevs15", {})  # profile -> [(dev, type)]
        cands = [p for p in profs if self.users15(p)]
        if not cands or r.random() < 0.15:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            profs[prof] = []
            if r.random() < 0.6:
                dev = self.name("d")
                spec = self.vdisk15(r.choice(self.PROFILE_DEVICES15))
                self.cmd("profile device add %s %s %s" % (prof, dev, spec))
                profs[prof].append((dev, spec.split()[0]))
            insts = [i for i, s in self.instances.items() if s["project"] is None]
            for inst in r.sample(sorted(insts), min(len(insts), r.randint(1, 2))):
                self.cmd("profile add %s %s" % (inst, prof))
                self.instances[inst].setdefault("profs", []).append(prof)
            if r.random() < 0.4:
                name = self.name("c")
                m = self.member()
                verb = r.choice(["launch", "init"])
                self.cmd("%s img %s --target %s -s local -p default -p %s" % (verb, name, m, prof))
                self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None, profs=[prof])
            return
        prof = r.choice(sorted(cands))
        devs = profs[prof]
        c = r.random()
        if not devs or c < 0.35:
            spec = self.vdisk15(r.choice(self.PROFILE_DEVICES15))
            dev = self.name("d")
            self.cmd("profile device add %s %s %s" % (prof, dev, spec))
            devs.append((dev, spec.split()[0]))
        elif c < 0.6:
            dev, kind = r.choice(devs)
            self.cmd("profile device set %s %s %s" % (prof, dev, r.choice(self.PROFILE_DEVICE_SETS15[kind])))
        elif c < 0.75:
            dev, kind = r.choice(devs)
            key = r.choice(self.PROFILE_DEVICE_SETS15[kind]).split("=")[0]
            self.cmd("profile device unset %s %s %s" % (prof, dev, r.choice([key, key, "path", "nictype", "type"])))
        else:
            dev, kind = r.choice(devs)
            self.cmd("profile device remove %s %s" % (prof, dev))
            devs.remove((dev, kind))
        users = self.users15(prof)
        if users and r.random() < 0.8:
            self.meet15(r.choice(users))

    def op_devover15(self, inst):
        """config device override of an inherited device (root, a profile's)
        and config device unset of an instance's or an inherited one."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        inherited = [("root", "disk")]
        for p in st.get("profs", ()):
            inherited += self.__dict__.get("profdevs15", {}).get(p, [])
        own = self.devices7.setdefault(inst, [])
        c = r.random()
        if c < 0.4:
            dev, kind = r.choice(inherited)
            opts = r.choice(self.PROFILE_DEVICE_SETS15.get(kind, ["size=1GiB"]) + (["size=1GiB", "pool=local"]
                                                                                       if dev == "root" else []))
            self.cmd("config device override %s %s %s%s" % (inst, dev, opts, pf))
        elif c < 0.6:
            dev, kind = r.choice(inherited + own)
            key = r.choice(self.PROFILE_DEVICE_SETS15.get(kind, ["size=1"])).split("=")[0]
            self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice([key, "size", "path"]), pf))
        elif c < 0.8:
            dev = self.name("d")
            spec = self.vdisk15("disk") if st["project"] is None else "nic nictype=macvlan parent=eth0"
            self.cmd("config device add %s %s %s%s" % (inst, dev, spec, pf))
            own.append((dev, spec.split()[0]))
            key = r.choice(self.PROFILE_DEVICE_SETS15[spec.split()[0]]).split("=")[0]
            self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice([key, "path", "source"]), pf))
        else:
            # not the root disk: an instance without one is "not modelled"
            # at every later step (seed 15002: 7 of them)
            dev, kind = r.choice(inherited[1:] + own or inherited)
            if dev == "root":
                return
            self.cmd("config device remove %s %s%s" % (inst, dev, pf))
            if (dev, kind) in own:
                own.remove((dev, kind))
        if inst in self.instances and r.random() < 0.6:
            self.meet15(inst)

    def op_group15(self):
        """cluster groups: members assigned, scheduler.instance set, launches
        and moves --target=@GROUP."""
        r = self.rng
        groups = self.__dict__.setdefault("groups", {})
        if not groups or r.random() < 0.2:
            g = self.name("g")
            self.cmd("cluster group create %s" % g)
            groups[g] = set()
            m = self.member()
            self.cmd("cluster group assign %s default,%s" % (m, g))
            groups[g].add(m)
            return
        g = self.pick(groups)
        c = r.random()
        if c < 0.2:
            m = self.member()
            self.cmd("cluster group assign %s %s%s" % (m, "default," if r.random() < 0.7 else "", g))
            groups[g].add(m)
        elif c < 0.4:
            m = self.member()
            if r.random() < 0.25:
                self.cmd("cluster unset %s scheduler.instance" % m)
            else:
                self.cmd("cluster set %s scheduler.instance=%s" % (m, r.choice(["all", "manual", "group", "bogus"])))
        elif c < 0.75:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is None:
                return self.op_launch()
            st = self.instances[inst]
            dest = r.choice([g, g, "nogroup", "default"])
            flag = " --stateless" if st["running"] and r.random() < 0.7 else ""
            self.cmd("move %s --target=@%s%s" % (inst, dest, flag))
            st["member"] = "?"
        elif c < 0.9:
            name = self.name("c")
            verb = r.choice(["launch", "init"])
            self.cmd("%s img %s --target=@%s -s local" % (verb, name, g))
            self.instances[name] = dict(member="?", running=verb == "launch", snaps=[], project=None)
        else:
            self.cmd("cluster group remove %s %s" % (self.member(), g))

    def op_evac15(self):
        """cluster.evacuate per instance, then the member evacuated with or
        without --action, sometimes twice, restored, evacuated again."""
        r = self.rng
        if self.evacuated:
            m = self.pick(self.evacuated)
            if r.random() < 0.2:
                self.cmd("cluster evacuate %s --force" % m)
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            if r.random() < 0.3:
                self.cmd("cluster restore %s --force" % m)
            return
        m = self.member()
        here = [i for i, s in self.instances.items() if s["member"] == m and s["project"] is None]
        for inst in here[:2]:
            if r.random() < 0.6:
                self.cmd("config set %s cluster.evacuate=%s" % (inst, r.choice(["auto", "stop", "migrate", "live-migrate"])))
        action = " --action %s" % r.choice(["stop", "migrate", "auto"]) if r.random() < 0.1 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)
        if r.random() < 0.5:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            if r.random() < 0.5:
                self.cmd("cluster evacuate %s --force" % m)
                self.evacuated.add(m)

    PROJECT_KEYS15 = [("restricted", "true"), ("restricted.cluster.target", "block"),
                      ("restricted.cluster.target", "allow"), ("limits.instances", "1"), ("limits.instances", "5"),
                      ("limits.containers", "1"), ("features.profiles", "false"), ("features.storage.volumes", "false"),
                      ("restricted.containers.nesting", "block")]

    def op_project15(self):
        """A project whose options gate moves and launches: --target in a
        restricted project, limits reached, moves into it and out."""
        r = self.rng
        if not self.projects or r.random() < 0.25:
            project = self.name("j")
            words = ["project create %s -c features.images=false" % project]
            for key, value in r.sample(self.PROJECT_KEYS15, r.randint(0, 2)):
                if key == "features.profiles":
                    continue
                words.append("-c %s=%s" % (key, value))
            self.cmd(" ".join(words))
            self.projects.append(project)
            return
        project = self.pick(self.projects)
        c = r.random()
        if c < 0.3:
            key, value = r.choice(self.PROJECT_KEYS15)
            if r.random() < 0.2:
                self.cmd("project unset %s %s" % (project, key))
            else:
                self.cmd("project set %s %s=%s" % (project, key, value))
        elif c < 0.55:
            name = self.name("c")
            m = self.member()
            tgt = " --target %s" % m if r.random() < 0.7 else ""
            self.cmd("launch img %s%s -s local --project %s" % (name, tgt, project))
            self.instances[name] = dict(member=m if tgt else "?", running=True, snaps=[], project=project)
        elif c < 0.8:
            insts = [i for i, s in self.instances.items() if s["project"] == project]
            if not insts:
                return
            inst = r.choice(sorted(insts))
            self.op_move(inst)
        else:
            insts = [i for i, s in self.instances.items() if s["project"] is None]
            if not insts:
                return
            inst = r.choice(sorted(insts))
            st = self.instances[inst]
            flag = " --stateless" if st["running"] else ""
            tgt = " --target %s" % self.member() if r.random() < 0.4 else ""
            self.cmd("move %s --target-project %s%s%s" % (inst, project, tgt, flag))
            st["project"] = project

    def op_copy15(self, inst):
        """lxc copy with --refresh, --stateless, --instance-only, --target."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        copies = self.__dict__.setdefault("copies15", {})  # copy -> source
        mine = [k for k, s in copies.items() if s == inst and k in self.instances]
        if mine and r.random() < 0.5:
            dest = r.choice(sorted(mine))
            words = [inst, dest, "--refresh"]
        else:
            dest = self.name("k")
            words = [inst, dest]
            if r.random() < 0.15:
                words.append("--refresh")
            copies[dest] = inst
        tgt = r.choice(MEMBERS + ([self.pick(self.evacuated)] if self.evacuated else [])) if r.random() < 0.7 else None
        if tgt:
            words += ["--target", tgt]
        if r.random() < 0.35:
            words.append("--instance-only")
        if st["running"] and r.random() < 0.6:
            words.append("--stateless")
        self.cmd("copy %s%s" % (" ".join(words), pf))
        if dest not in self.instances:
            self.instances[dest] = dict(member=tgt or st["member"], running=False, snaps=[], project=st["project"])

    def op_volume15(self):
        """Custom volumes copied, moved and renamed across members."""
        r = self.rng
        vols = [v for v, s in self.volumes.items() if s["pool"] == "local"]
        if not vols or r.random() < 0.25:
            vol = self.name("v")
            m = self.member()
            self.cmd("storage volume create local %s --target %s" % (vol, m))
            self.volumes[vol] = dict(pool="local", member=m, attached=set())
            return
        vol = r.choice(sorted(vols))
        v = self.volumes[vol]
        c = r.random()
        to = self.member(v["member"])
        if c < 0.35:
            new = self.name("v")
            dt = " --destination-target %s" % to if r.random() < 0.6 else ""
            self.cmd("storage volume copy local/%s local/%s --target %s%s" % (vol, new, v["member"], dt))
            self.volumes[new] = dict(pool="local", member=to if dt else v["member"], attached=set())
        elif c < 0.6:
            self.cmd("storage volume move local/%s local/%s --target %s --destination-target %s"
                     % (vol, vol, v["member"], to))
            if not v["attached"]:
                v["member"] = to
        elif c < 0.8:
            new = self.name("v")
            tgt = " --target %s" % v["member"] if r.random() < 0.8 else ""
            self.cmd("storage volume rename local %s %s%s" % (vol, new, tgt))
            if tgt and not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)
        else:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is None:
                return
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            v["attached"].add(inst)
            self.meet15(inst)

    def op_rename15(self, inst):
        """An instance renamed (stopped, running, on another member than the
        one lxc talks to), then moved."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        new = self.name("c")
        if r.random() < 0.5:
            self.cmd("rename %s %s%s" % (inst, new, pf))
        else:
            self.cmd("move %s %s%s" % (inst, new, pf))
        if not st["running"]:
            self.instances[new] = self.instances.pop(inst)
            if r.random() < 0.5:
                self.op_move(new)

    # Only the usage errors migsim models: cobra's unknown flag where lxc
    # lacks it (ms-lxc.c .unknown).  A wrong argument count is a scenario
    # error by design (docs/scenario-language.md "Invalid number of
    # arguments"): replay would refuse the whole file, so none is drawn.
    USAGE15 = [
        "start {i} --stateful", "stop {i} --stateless", "restart {i} --stateful", "restart {i} --stateless",
        "cluster evacuate {m} --force --action stop",
    ]

    def op_usage15(self):
        """Flags lxc lacks for a verb (cobra's unknown flag)."""
        r = self.rng
        inst = self.pick([i for i, s in self.instances.items() if s["project"] is None]) or "nope"
        line = r.choice(self.USAGE15).format(i=inst, m=self.member())
        if line.startswith("cluster evacuate"):
            if self.evacuated:
                return
            self.evacuated.add(line.split()[2])
        self.cmd(line)

    OPS_GEN15 = [("op_profdev15", 30), ("op_devover15", 14), ("op_group15", 12), ("op_evac15", 14),
                 ("op_project15", 10), ("op_copy15", 12), ("op_volume15", 10), ("op_rename15", 6), ("op_usage15", 8)]
    ON_INSTANCE_GEN15 = {"op_devover15", "op_copy15", "op_rename15"}

    # ---- gen 16 ------------------------------------------------------------
    # Gen 16 draws what gens 1-15 drew least (counted over 40 scenarios a
    # gen: no network verb at all, move --project/--target-project 8 times,
    # storage volume detach 18, snapshot --target of a volume 13, a copy of
    # a snapshot onto an evacuated member, a rename on an evacuated or
    # offline member, security.* keys never), around migrations.  lxc
    # start|stop --all are not drawn: migsim does not parse --all.
    def meet16(self, inst):
        """A move, an evacuation of its member or a stop/start of @inst."""
        if inst in self.instances:
            self.meet15(inst)

    def op_snap16(self, inst):
        """An instance snapshot copied to a member (an evacuated one too) or
        onto its own, the copy then moved; a snapshot deleted or restored
        after a move."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if not st["snaps"] or r.random() < 0.4:
            snap = "s%d" % (len(st["snaps"]) + 1)
            self.cmd("snapshot %s %s%s" % (inst, snap, pf))
            st["snaps"].append(snap)
        snap = r.choice(st["snaps"])
        c = r.random()
        if c < 0.6:
            new = self.name("k")
            tgt = r.choice(MEMBERS + sorted(self.evacuated) * 2)
            words = ["%s/%s" % (inst, snap), new]
            if r.random() < 0.85:
                words += ["--target", tgt]
            if r.random() < 0.2:
                words += ["-s", r.choice(self.pools)]
            self.cmd("copy %s%s" % (" ".join(words), pf))
            self.instances[new] = dict(member=tgt, running=False, snaps=[], project=st["project"])
            if r.random() < 0.5:
                self.op_move(new)
        elif c < 0.8:
            self.op_move(inst)
            verb = "restore %s %s" if r.random() < 0.5 else "delete %s/%s"
            self.cmd((verb % (inst, snap)) + pf)
            if verb.startswith("delete"):
                st["snaps"].remove(snap)
        else:
            self.cmd("move %s/%s %s/%s%s" % (inst, snap, inst, "r" + snap, pf))

    def new_local_volume(self):
        """A custom volume on the local pool of a random member, which gen
        16's snapshot and attach ops start from when none fits."""
        vol = self.name("v")
        m = self.member()
        self.cmd("storage volume create local %s --target %s" % (vol, m))
        self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])

    def op_volsnap16(self):
        """Custom volume snapshots taken with --target (the volume's member
        or another), copied across members from the snapshot."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or r.random() < 0.2:
            self.new_local_volume()
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        snaps = v.setdefault("snaps", [])
        if not snaps or r.random() < 0.4:
            snap = "vs%d" % (len(snaps) + 1)
            tgt = v["member"] if r.random() < 0.75 else self.member(v["member"])
            self.cmd("storage volume snapshot local %s %s --target %s" % (vol, snap, tgt))
            if tgt == v["member"]:
                snaps.append(snap)
            return
        snap = r.choice(snaps)
        new = self.name("v")
        to = self.member(v["member"])
        words = ["local/%s/%s" % (vol, snap), "local/%s" % new]
        if r.random() < 0.8:
            words += ["--target", v["member"] if r.random() < 0.8 else to]
        if r.random() < 0.7:
            words += ["--destination-target", to]
        self.cmd("storage volume copy %s" % " ".join(words))
        self.volumes[new] = dict(pool="local", member=to if "--destination-target" in words else v["member"],
                                 attached=set(), snaps=[])
        if r.random() < 0.4:
            self.cmd("storage volume delete local %s/%s --target %s" % (vol, snap, v["member"]))
            snaps.remove(snap)

    def op_rename16(self, inst):
        """A rename (lxc rename or lxc move NAME NEWNAME) of an instance on
        an evacuated member, or on a member taken offline."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        m = st["member"]
        offline = False
        if m not in MEMBERS:
            return self.op_rename15(inst)
        if m not in self.evacuated:
            # Incus: no `fault` (incus-cluster.sh has none; replay refused
            # seed 40304 scenario 4), so an evacuation; the draw is kept so
            # a seed writes the same commands otherwise
            if m != "m1" and self.offline is None and r.random() < 0.3 and self.product != "incus":
                self.lines.append("fault member %s offline" % m)
                offline = True
            else:
                self.cmd("cluster evacuate %s --force" % m)
                self.evacuated.add(m)
        new = self.name("c")
        verb = "rename %s %s" if r.random() < 0.5 else "move %s %s"
        self.cmd((verb % (inst, new)) + pf)
        if not st["running"] or st["member"] in self.evacuated:
            self.instances[new] = self.instances.pop(inst)
            inst = new
        if r.random() < 0.4:
            self.cmd("move %s --target %s%s" % (inst, m, pf))
        if offline:
            self.lines.append("fault member %s online" % m)
        elif r.random() < 0.6:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)

    def op_network16(self):
        """Pending networks (network create --target, bridge: the members
        share one host, so no network is created for real), refused final
        creates, keys set per member, nics naming them, then a move."""
        r = self.rng
        nets = self.__dict__.setdefault("nets16", {})  # network -> members pending
        if not nets or r.random() < 0.25:
            net = self.name("n")
            nets[net] = set()
            for m in r.sample(MEMBERS, r.randint(1, 2)):
                self.cmd("network create %s --target %s" % (net, m))
                nets[net].add(m)
            return
        net = self.pick(nets)
        c = r.random()
        if c < 0.2:
            m = r.choice(MEMBERS + ["nomember"])
            key = r.choice(["", "", " bridge.external_interfaces=eth9", " ipv4.address=none"])
            self.cmd("network create %s --target %s%s" % (net, m, key))
            if not key and m in MEMBERS:
                nets[net].add(m)
        elif c < 0.35:
            if len(nets[net]) < 3:
                key = r.choice(["", "", " bridge.external_interfaces=eth9"])
                self.cmd("network create %s%s" % (net, key))
        elif c < 0.45:
            self.cmd("network set %s %s --target %s" % (net, r.choice(["bridge.external_interfaces=eth9",
                                                                        "ipv4.address=none"]), self.member()))
        elif c < 0.8:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is None:
                return
            dev = self.name("d")
            where = r.random()
            if where < 0.7:
                self.cmd("config device add %s %s nic network=%s" % (inst, dev, net))
            else:
                prof = self.name("p")
                self.cmd("profile create %s" % prof)
                self.profiles[prof] = None
                self.cmd("profile device add %s %s nic network=%s" % (prof, dev, net))
                self.cmd("profile add %s %s" % (inst, prof))
            self.meet16(inst)
        else:
            self.cmd("network delete %s" % net)
            del nets[net]

    LIMITS16 = ["limits.cpu=1", "limits.cpu=0-1", "limits.memory=128MiB", "limits.memory=50%", "limits.processes=100",
                "limits.cpu.allowance=50%", "limits.memory.swap=false", "limits.cpu.priority=5",
                "limits.memory.enforce=soft", "limits.cpu=abc", "limits.memory=lots", "limits.bogus=1",
                "security.privileged=true", "security.nesting=true", "security.protection.delete=true",
                "security.protection.shift=true", "security.syscalls.intercept.mknod=true",
                "security.idmap.isolated=true", "security.privileged=maybe", "security.bogus=1",
                "security.secureboot=false", "security.devlxd=false"]

    def op_limits16(self, inst):
        """limits.* and security.* set on an instance (running mostly), then
        it is moved, evacuated or deleted (security.protection.delete)."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if not st["running"] and r.random() < 0.6:
            self.cmd("start %s%s" % (inst, pf))
            st["running"] = True
        pairs = r.sample(self.LIMITS16, 1 if r.random() < 0.8 else 2)
        self.cmd("config set %s %s%s" % (inst, " ".join(pairs), pf))
        if any(p.startswith("security.protection.delete") for p in pairs) and r.random() < 0.6:
            self.cmd("delete %s --force%s" % (inst, pf))
            if r.random() < 0.5:
                self.cmd("config unset %s security.protection.delete%s" % (inst, pf))
            return
        if r.random() < 0.25:
            self.cmd("config unset %s %s%s" % (inst, pairs[0].split("=")[0], pf))
        self.meet16(inst)

    def op_project16(self):
        """Instances moved into a project and out (--target-project, with
        --target, --stateless, from --project), copied there, commands with
        --project naming the wrong project."""
        r = self.rng
        if not self.projects or r.random() < 0.2:
            project = self.name("j")
            extra = r.choice(["", "", " -c features.profiles=false", " -c restricted=true",
                              " -c restricted.cluster.target=allow -c restricted=true"])
            self.cmd("project create %s -c features.images=false%s" % (project, extra))
            self.projects.append(project)
            return
        project = self.pick(self.projects)
        inst = self.pick(self.instances)
        if inst is None:
            return self.op_launch()
        st = self.instances[inst]
        c = r.random()
        if c < 0.45:
            dest = project if st["project"] != project else "default"
            words = ["move", inst, "--target-project", dest]
            if r.random() < 0.4:
                words += ["--target", self.member()]
            if st["running"] and r.random() < 0.7:
                words.append("--stateless")
            self.cmd(" ".join(words) + self.proj(inst))
            if "--stateless" in words or not st["running"]:
                st["project"] = None if dest == "default" else dest
        elif c < 0.65:
            new = self.name("k")
            dest = project if st["project"] != project else "default"
            tgt = " --target %s" % self.member() if r.random() < 0.5 else ""
            self.cmd("copy %s %s --target-project %s%s%s" % (inst, new, dest, tgt, self.proj(inst)))
            self.instances[new] = dict(member="?", running=False, snaps=[], project=None if dest == "default" else dest)
        elif c < 0.85:
            # the wrong --project (or none) for the instance
            wrong = " --project %s" % project if st["project"] != project else ""
            verb = r.choice(["move %s --target %s" % (inst, self.member()), "stop %s --force" % inst,
                             "start %s" % inst, "delete %s --force" % inst, "rename %s %s" % (inst, self.name("c"))])
            self.cmd(verb + wrong)
        else:
            self.op_move(inst)

    def op_force16(self):
        """delete --force and stop --force around an evacuated member; a
        member holding only stopped instances evacuated."""
        r = self.rng
        if self.evacuated and r.random() < 0.5:
            m = self.pick(self.evacuated)
            here = sorted(i for i, s in self.instances.items() if s["member"] == m and s["project"] is None)
            others = sorted(i for i, s in self.instances.items() if s["project"] is None)
            inst = r.choice(here or others) if (here or others) else None
            if inst is None:
                return
            if r.random() < 0.5:
                self.cmd("stop %s --force" % inst)
                self.instances[inst]["running"] = False
            else:
                self.cmd("delete %s --force" % inst)
                del self.instances[inst]
            if r.random() < 0.5:
                self.cmd("cluster restore %s --force" % m)
                self.evacuated.discard(m)
            return
        m = self.member()
        if m in self.evacuated or len(self.evacuated) >= 1:
            return
        here = sorted(i for i, s in self.instances.items() if s["member"] == m and s["project"] is None)
        if not here:
            name = self.name("c")
            self.cmd("init img %s --target %s -s local" % (name, m))
            self.instances[name] = dict(member=m, running=False, snaps=[], project=None)
        for inst in here:
            if self.instances[inst]["running"]:
                self.cmd("stop %s --force" % inst)
                self.instances[inst]["running"] = False
        action = " --action %s" % r.choice(["stop", "migrate"]) if r.random() < 0.3 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)

    def op_attach16(self):
        """A custom volume of one member attached to an instance on another
        (with and without --target), detached, then the instance moved."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not vols or not insts or r.random() < 0.2:
            self.new_local_volume()
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        if v["attached"] and r.random() < 0.5:
            inst = self.pick(v["attached"])
            tgt = " --target %s" % r.choice([v["member"], self.member(v["member"])]) if r.random() < 0.4 else ""
            self.cmd("storage volume detach local %s %s%s" % (vol, inst, tgt))
            v["attached"].discard(inst)
            if inst in self.instances:
                self.meet16(inst)
            return
        inst = r.choice(insts)
        tgt = " --target %s" % r.choice([v["member"], self.member(v["member"])]) if r.random() < 0.4 else ""
        dev = " %s" % self.name("d") if r.random() < 0.3 else ""
        self.cmd("storage volume attach local %s %s%s /mnt/%s%s" % (vol, inst, dev, vol, tgt))
        v["attached"].add(inst)
        self.meet16(inst)

    # cobra's unknown flags that migsim models (ms-lxc.c .unknown), and
    # flags of one verb given to another that lxc rejects the same way
    USAGE16 = ["start {i} --stateful", "stop {i} --stateless", "restart {i} --stateless",
               "restart {i} --stateful"]

    def op_usage16(self):
        r = self.rng
        inst = self.pick([i for i, s in self.instances.items() if s["project"] is None]) or "nope"
        self.cmd(r.choice(self.USAGE16).format(i=inst))

    # op_network16 is not drawn: `migsim replay` cannot replay lxc network
    # create|set|delete yet (ms_replay_live_supports; seed 16001: 5 of 10
    # scenarios refused whole); its weight goes back to 10 once it can
    OPS_GEN16 = [("op_snap16", 14), ("op_volsnap16", 10), ("op_rename16", 8), ("op_network16", 0),
                 ("op_limits16", 14), ("op_project16", 10), ("op_force16", 10), ("op_attach16", 10),
                 ("op_usage16", 3)]
    ON_INSTANCE_GEN16 = {"op_snap16", "op_rename16", "op_limits16"}

    # ---- gen 17 ------------------------------------------------------------
    # Gen 17 draws what gens 1-16 drew least (40 scenarios a gen, counted
    # by verb, flag and key namespace: lxc config edit and lxc profile edit
    # 0 times, move --target=@GROUP 5, launch/init --target=@GROUP 3,
    # cluster set scheduler.instance 4, copy --target-project 1, storage
    # volume copy/move with both --target and --destination-target 25,
    # restricted.* 18) and what support reports are about: a restore after
    # evacuate --action stop|migrate, evacuations where some instances
    # cannot leave (a local custom volume attached, cluster.evacuate=stop,
    # no other member in the group), the member lxc talks to (m1) evacuated,
    # moves of instances with snapshots and volumes, projects with
    # restrictions and limits.  lxc profile assign is not drawn: migsim does
    # not parse it.
    def local_volume_on(self, m):
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] == m)
        if vols and self.rng.random() < 0.5:
            return self.rng.choice(vols)
        vol = self.name("v")
        self.cmd("storage volume create local %s --target %s" % (vol, m))
        self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
        return vol

    def default_on(self, m):
        return sorted(i for i, s in self.instances.items() if s["member"] == m and s["project"] is None)

    def op_evac17(self):
        """A member whose instances cannot all leave (a local custom volume
        attached, cluster.evacuate=stop on the instance or a profile)
        evacuated with or without --action, then what users do before and
        after the restore."""
        r = self.rng
        if self.evacuated:
            m = self.pick(self.evacuated)
            # what users do while it is evacuated: the instances that
            # stayed started, stopped, moved back; new ones placed there
            stayed = self.default_on(m)
            others = sorted(i for i, s in self.instances.items() if s["project"] is None and s["member"] != m)
            c = r.random()
            if c < 0.25 and stayed:
                self.cmd(r.choice(["start %s", "stop %s --force", "restart %s"]) % r.choice(stayed))
            elif c < 0.45 and others:
                self.cmd("move %s --target %s%s" % (r.choice(others), m, " --stateless" if r.random() < 0.5 else ""))
            elif c < 0.6:
                name = self.name("c")
                self.cmd("%s img %s --target %s -s local" % (r.choice(["launch", "init"]), name, m))
            elif c < 0.75 and others:
                self.cmd("copy %s %s --target %s" % (r.choice(others), self.name("k"), m))
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            if r.random() < 0.3:
                self.cmd("cluster restore %s --force" % m)
            return
        m = "m1" if r.random() < 0.4 else self.member()
        here = self.default_on(m)
        while len(here) < 2:
            name = self.name("c")
            verb = "launch" if r.random() < 0.7 else "init"
            self.cmd("%s img %s --target %s -s local" % (verb, name, m))
            self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None)
            here.append(name)
        c = r.random()
        inst = r.choice(here)
        if c < 0.4:
            vol = self.local_volume_on(m)
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            self.volumes[vol]["attached"].add(inst)
        elif c < 0.7:
            self.cmd("config set %s cluster.evacuate=%s" % (inst, r.choice(["stop", "stop", "migrate", "auto"])))
        elif c < 0.85:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            self.cmd("profile set %s cluster.evacuate=%s" % (prof, r.choice(["stop", "migrate"])))
            self.cmd("profile add %s %s" % (inst, prof))
        # lxc 5.0.2 has no --action (cobra's unknown flag, seed 17001:
        # 5 of 5 refused by lxc on both sides): drawn once in ten
        action = " --action %s" % r.choice(["stop", "migrate"]) if r.random() < 0.1 else ""
        self.cmd("cluster evacuate %s --force%s" % (m, action))
        self.evacuated.add(m)
        if r.random() < 0.6:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)

    def op_group17(self):
        """Placement with cluster groups: scheduler.instance=manual|group on
        members, launch/init and move --target=@GROUP, a one-member group
        whose member is then evacuated."""
        r = self.rng
        groups = self.__dict__.setdefault("groups", {})
        if not groups or r.random() < 0.2:
            g = self.name("g")
            self.cmd("cluster group create %s" % g)
            groups[g] = set()
            for m in r.sample(MEMBERS, r.randint(1, 2)):
                self.cmd("cluster group assign %s default,%s" % (m, g))
                groups[g].add(m)
            if r.random() < 0.5:
                self.cmd("cluster set %s scheduler.instance=%s" % (self.member(), r.choice(["manual", "group"])))
            return
        g = self.pick(groups)
        c = r.random()
        if c < 0.2:
            m = self.member()
            if r.random() < 0.2:
                self.cmd("cluster unset %s scheduler.instance" % m)
            else:
                self.cmd("cluster set %s scheduler.instance=%s" % (m, r.choice(["manual", "group", "group", "all"])))
        elif c < 0.45:
            name = self.name("c")
            verb = r.choice(["launch", "init"])
            self.cmd("%s img %s --target=@%s -s local" % (verb, name, r.choice([g, g, g, "default"])))
            self.instances[name] = dict(member="?", running=verb == "launch", snaps=[], project=None)
        elif c < 0.75:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is None:
                return
            st = self.instances[inst]
            flag = " --stateless" if st["running"] and r.random() < 0.7 else ""
            self.cmd("move %s --target=@%s%s" % (inst, r.choice([g, g, "default"]), flag))
            if flag or not st["running"]:
                st["member"] = "?"
        elif c < 0.9 and not self.evacuated and groups[g]:
            m = self.pick(groups[g])
            self.cmd("cluster evacuate %s --force" % m)
            self.evacuated.add(m)
        else:
            m = self.pick(groups[g]) or self.member()
            self.cmd("cluster group remove %s %s" % (m, g))
            groups[g].discard(m)

    def op_move17(self, inst):
        """A stopped or running instance with snapshots and a custom volume
        attached moved to another member (--stateless, --instance-only)."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if r.random() < 0.7:
            snap = "s%d" % (len(st["snaps"]) + 1)
            self.cmd("snapshot %s %s%s" % (inst, snap, pf))
            st["snaps"].append(snap)
        if st["project"] is None and st["member"] in MEMBERS and r.random() < 0.6:
            vol = self.local_volume_on(st["member"] if r.random() < 0.7 else self.member())
            self.cmd("storage volume attach local %s %s /mnt/%s" % (vol, inst, vol))
            self.volumes[vol]["attached"].add(inst)
        if st["running"] and r.random() < 0.4:
            self.cmd("stop %s --force%s" % (inst, pf))
            st["running"] = False
        words = ["move", inst, "--target", self.member(st["member"])]
        if st["running"] and r.random() < 0.8:
            words.append("--stateless")
        if r.random() < 0.25:
            words.append("--instance-only")
        self.cmd(" ".join(words) + pf)
        if r.random() < 0.4 and st["snaps"]:
            self.cmd("restore %s %s%s" % (inst, r.choice(st["snaps"]), pf))

    PROJECT_KEYS17 = [("restricted", "true"), ("restricted.cluster.target", "allow"),
                      ("restricted.cluster.target", "block"), ("limits.instances", "1"), ("limits.instances", "2"),
                      ("limits.containers", "1"), ("limits.cpu", "2"), ("limits.memory", "1GiB"),
                      ("restricted.devices.disk", "block"), ("restricted.containers.nesting", "allow")]

    def op_project17(self):
        """Projects with restricted.* and limits.*: launches with --target,
        moves and copies --target-project, commands with --project."""
        r = self.rng
        if not self.projects or r.random() < 0.2:
            project = self.name("j")
            words = ["project create %s -c features.images=false -c features.profiles=false" % project]
            for key, value in r.sample(self.PROJECT_KEYS17, r.randint(1, 2)):
                words.append("-c %s=%s" % (key, value))
            self.cmd(" ".join(words))
            self.projects.append(project)
            return
        project = self.pick(self.projects)
        c = r.random()
        if c < 0.25:
            key, value = r.choice(self.PROJECT_KEYS17)
            if r.random() < 0.25:
                self.cmd("project unset %s %s" % (project, key))
            else:
                self.cmd("project set %s %s=%s" % (project, key, value))
        elif c < 0.5:
            name = self.name("c")
            m = self.member()
            tgt = " --target %s" % m if r.random() < 0.6 else ""
            lim = " -c limits.cpu=1 -c limits.memory=256MiB" if r.random() < 0.4 else ""
            self.cmd("launch img %s%s -s local%s --project %s" % (name, tgt, lim, project))
            self.instances[name] = dict(member=m if tgt else "?", running=True, snaps=[], project=project)
        elif c < 0.7:
            insts = sorted(i for i, s in self.instances.items() if s["project"] == project)
            if not insts:
                return
            self.op_move(r.choice(insts))
        else:
            insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
            if not insts:
                return
            inst = r.choice(insts)
            st = self.instances[inst]
            flag = " --stateless" if st["running"] else ""
            tgt = " --target %s" % self.member() if r.random() < 0.4 else ""
            if r.random() < 0.5:
                new = self.name("k")
                self.cmd("copy %s %s --target-project %s%s%s" % (inst, new, project, tgt, flag))
                self.instances[new] = dict(member="?", running=False, snaps=[], project=project)
            else:
                self.cmd("move %s --target-project %s%s%s" % (inst, project, tgt, flag))
                st["project"] = project

    def op_override17(self, inst):
        """config device override of the root disk or a profile's disk, and
        lxc profile add of a profile with devices, then a move."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if r.random() < 0.3 and st["project"] is None:
            # an instance whose root disk comes from a profile (an instance
            # made with -s has its own: lxc's "The device already exists")
            prof = self.__dict__.get("rootprof17")
            if prof is None:
                prof = self.rootprof17 = self.name("p")
                self.cmd("profile create %s" % prof)
                self.profiles[prof] = None
                self.cmd("profile device add %s root disk path=/ pool=local" % prof)
            name = self.name("c")
            m = self.member()
            verb = r.choice(["launch", "init"])
            self.cmd("%s img %s --target %s -p %s" % (verb, name, m, prof))
            self.instances[name] = dict(member=m, running=verb == "launch", snaps=[], project=None, profs=[prof])
            self.cmd("config device override %s root %s" % (name, r.choice(["size=1GiB", "pool=%s" % r.choice(self.pools),
                                                                            "pool=nosuch", "size=bad", "path=/x"])))
            inst = name
        elif r.random() < 0.5:
            self.cmd("config device override %s root %s%s" % (inst, r.choice(["size=1GiB", "pool=nosuch"]), pf))
        elif st["project"] is None:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            vol = self.local_volume_on(self.member())
            self.cmd("profile device add %s %s disk pool=local source=%s path=/mnt/%s" % (prof, "pd", vol, vol))
            self.cmd("profile add %s %s" % (inst, prof))
            self.cmd("config device override %s pd readonly=true" % inst)
        if r.random() < 0.6 and inst in self.instances:
            self.meet15(inst)

    PROFILE_YAML17 = [
        'config:\\n  limits.cpu: "2"\\n',
        'config:\\n  cluster.evacuate: stop\\n',
        'config:\\n  migration.stateful: "true"\\n',
        'config:\\n  limits.memory: 512MiB\\n  user.note: x\\n',
        'config:\\n  bogus.key: x\\n',
        'config: {}\\ndevices: {}\\n',
        'config:\\n  limits.cpu: "1"\\ndevices:\\n  root:\\n    path: /\\n    pool: local\\n    type: disk\\n',
        'config:\\n  limits.cpu: "1"\\ndevices:\\n  root:\\n    path: /\\n    pool: nosuch\\n    type: disk\\n',
        'config: limits.cpu=4\\n',
    ]
    CONFIG_YAML17 = [
        'config:\\n  limits.cpu: "2"\\n',
        'config:\\n  bogus.key: x\\n',
        'config: {}\\n',
        'config: limits.cpu=4\\n',
    ]

    def op_edit17(self):
        """lxc profile edit and lxc config edit with YAML on standard input
        (printf ... |), of a profile in use or not, then a move."""
        r = self.rng
        if r.random() < 0.7:
            profs = sorted(p for p, pr in self.profiles.items() if pr is None)
            if not profs or r.random() < 0.3:
                prof = self.name("p")
                self.cmd("profile create %s" % prof)
                self.profiles[prof] = None
                profs = [prof]
                insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
                if insts and r.random() < 0.7:
                    self.cmd("profile add %s %s" % (r.choice(insts), prof))
            prof = r.choice(profs + ["nosuch"] if r.random() < 0.1 else profs)
            yaml = r.choice(self.PROFILE_YAML17)
            if r.random() < 0.35:
                # a custom volume of one member as a disk of a profile whose
                # users may be on others
                vol = self.local_volume_on(self.member())
                yaml = "config: {}\\ndevices:\\n  %s:\\n    path: /mnt/v\\n    pool: local\\n    source: %s\\n    type: disk\\n" % (
                    vol, vol)
            self.lines.append("printf '%s' | lxc profile edit %s" % (yaml, prof))
        else:
            insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
            inst = r.choice(insts) if insts and r.random() < 0.9 else "nosuch"
            self.lines.append("printf '%s' | lxc config edit %s" % (r.choice(self.CONFIG_YAML17), inst))

    def op_volume17(self):
        """Custom volumes copied and moved with --target and
        --destination-target (the same member, another, an evacuated one),
        attached ones too."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or r.random() < 0.2:
            self.local_volume_on(self.member())
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        to = r.choice([self.member(v["member"])] * 3 + [v["member"]] + sorted(self.evacuated))
        src = r.choice([v["member"]] * 4 + [self.member(v["member"])])
        pool = r.choice(self.pools)
        if r.random() < 0.5:
            new = self.name("v")
            self.cmd("storage volume copy local/%s %s/%s --target %s --destination-target %s"
                     % (vol, pool, new, src, to))
            if pool == "local":
                self.volumes[new] = dict(pool="local", member=to, attached=set(), snaps=[])
        else:
            new = vol if r.random() < 0.5 else self.name("v")
            self.cmd("storage volume move local/%s local/%s --target %s --destination-target %s" % (vol, new, src, to))
            if not v["attached"] and src == v["member"]:
                v["member"] = to
                self.volumes[new] = self.volumes.pop(vol)

    def op_odd17(self):
        """Less travelled paths around evacuation and projects: a hand-set
        volatile.evacuate.origin before a restore, a move onto an evacuated
        member, a snapshot copied into a project, a --target under
        restricted.cluster.target, the same instance moved back by hand
        before the restore."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not insts:
            return self.op_launch()
        inst = r.choice(insts)
        st = self.instances[inst]
        c = r.random()
        if c < 0.2:
            m = self.member(st["member"])
            self.cmd("config set %s volatile.evacuate.origin=%s" % (inst, m))
            if m not in self.evacuated and not self.evacuated:
                self.cmd("cluster evacuate %s --force" % m)
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
        elif c < 0.4 and self.evacuated:
            m = self.pick(self.evacuated)
            flag = " --stateless" if st["running"] else ""
            self.cmd("move %s --target %s%s" % (inst, m, flag))
        elif c < 0.6 and self.projects:
            project = self.pick(self.projects)
            if not st["snaps"]:
                self.cmd("snapshot %s s1" % inst)
                st["snaps"].append("s1")
            new = self.name("k")
            tgt = " --target %s" % self.member() if r.random() < 0.5 else ""
            self.cmd("copy %s/%s %s --target-project %s%s" % (inst, st["snaps"][0], new, project, tgt))
            self.instances[new] = dict(member="?", running=False, snaps=[], project=project)
        elif c < 0.8:
            project = self.name("j")
            self.cmd("project create %s -c features.images=false -c features.profiles=false -c restricted=true "
                     "-c restricted.cluster.target=%s" % (project, r.choice(["block", "allow"])))
            self.projects.append(project)
            name = self.name("c")
            self.cmd("launch img %s --target %s -s local --project %s" % (name, self.member(), project))
            self.instances[name] = dict(member="?", running=True, snaps=[], project=project)
            self.cmd("move %s --target %s --project %s" % (name, self.member(), project))
        elif not self.evacuated and st["member"] in MEMBERS:
            m = st["member"]
            self.cmd("cluster evacuate %s --force" % m)
            self.cmd("move %s --target %s" % (inst, m))
            self.cmd("cluster restore %s --force" % m)

    OPS_GEN17 = [("op_evac17", 16), ("op_group17", 16), ("op_move17", 12), ("op_project17", 10),
                 ("op_override17", 8), ("op_edit17", 10), ("op_volume17", 10),
                 ("op_odd17", 12)]
    ON_INSTANCE_GEN17 = {"op_move17", "op_override17"}

    # ---- gen 18 ------------------------------------------------------------
    # Counted over 40 scenarios of each of gens 1-17 (seeds 901-917): lxc
    # profile copy and profile rename were never drawn, profile device unset
    # once, cluster group rename once, storage volume unset 5 times, config
    # device unset 10, profile unset 13, config edit 11; the key namespaces
    # agent.* 3, linux.* 4, image.* 4, raw.* 6, environment.* and nvidia.*
    # never; --project on config set/unset, device add/remove, restore and
    # profile add 1-3 times; storage volume detach --target once.  Gen 18
    # draws gen 1's ops and these.  Not drawn: wrong argument counts (a
    # scenario error in migsim: the whole replay would stop), lxc publish,
    # export, pause, profile assign, storage volume restore, config device
    # get/show (migsim does not parse them).
    KEYS18 = [
        # shared/instance.go KnownInstanceConfigKeys at lxd-5.0.2, good and bad values
        ("linux.kernel_modules", ["nosuchmod", ""]), ("linux.sysctl.net.ipv4.ip_forward", ["1"]),
        ("linux.bogus", ["1"]), ("limits.kernel.nofile", ["1024", "abc"]), ("limits.kernel.bogus", ["1"]),
        ("raw.lxc", ["lxc.aa_profile=unconfined", "bogus.key=1"]), ("raw.seccomp", ["x"]),
        ("raw.apparmor", ["deny /x rw,"]), ("raw.qemu", ["-m 1G"]), ("raw.idmap", ["bogus"]),
        ("nvidia.runtime", ["false", "maybe"]), ("nvidia.driver.capabilities", ["compute"]),
        ("nvidia.require.cuda", ["11"]), ("agent.nic_config", ["true", "bogus"]),
        ("environment.FOO", ["bar"]), ("environment.", ["x"]), ("image.os", ["busybox"]), ("image.", ["x"]),
        ("user.", ["x"]), ("security.nesting", ["true", "false", "yes"]), ("security.privileged", ["false", "x"]),
        ("security.idmap.isolated", ["false", "2"]), ("security.idmap.size", ["65536", "abc"]),
        ("security.idmap.base", ["100000"]), ("security.syscalls.deny_default", ["true", "x"]),
        ("security.syscalls.intercept.mknod", ["true", "maybe"]), ("security.syscalls.deny", ["mount"]),
        ("security.syscalls.allow", ["mount"]), ("security.devlxd", ["false", "x"]),
        ("security.devlxd.images", ["true"]), ("security.protection.shift", ["true"]),
        ("security.secureboot", ["false"]), ("security.agent.metrics", ["false"]), ("security.bogus", ["1"]),
        ("snapshots.pattern", ["snap%d", "{{ creation_date }}"]), ("snapshots.expiry", ["1d", "1x"]),
        ("snapshots.schedule.stopped", ["true", "x"]), ("boot.autostart.delay", ["5", "x"]),
        ("boot.autostart.priority", ["1", "-1"]), ("boot.stop.priority", ["2", "x"]),
        ("boot.host_shutdown_timeout", ["30", "x"]), ("limits.disk.priority", ["5", "11"]),
        ("limits.network.priority", ["5", "x"]), ("limits.memory.enforce", ["soft", "bogus"]),
        ("limits.memory.swap", ["false", "x"]), ("limits.memory.swap.priority", ["5", "x"]),
        ("limits.memory.hugepages", ["false"]), ("limits.cpu.priority", ["5", "11"]),
        ("migration.incremental.memory", ["true", "x"]), ("migration.incremental.memory.goal", ["70", "x"]),
        ("migration.incremental.memory.iterations", ["10", "x"]), ("volatile.apply_template", ["copy"]),
        ("volatile.uuid", ["x"]), ("volatile.idmap.next", ["[]"]), ("volatile.bogus", ["1"]),
        ("cluster.bogus", ["1"]), ("Limits.cpu", ["1"]), ("limits.cpu", ["0", "1-2", "1,x"]),
    ]
    # lxd/storage/drivers/driver_dir_volumes.go, driver_common.go and
    # lxd/storage/backend_lxd.go at lxd-5.0.2: the dir driver's custom volume keys
    VOLUME_KEYS18 = [("size", ["1GiB", "abc"]), ("security.shifted", ["true", "x"]),
                     ("security.unmapped", ["true", "x"]), ("snapshots.expiry", ["2d", "x"]),
                     ("snapshots.schedule", ["@daily", "bogus"]), ("snapshots.pattern", ["v%d"]),
                     ("user.k", ["v"]), ("bogus", ["1"]), ("block.filesystem", ["ext4"]),
                     ("zfs.use_refquota", ["true"]), ("volatile.idmap.last", ["[]"])]
    DEVICES18 = {
        "disk": ["source=/tmp path=/mnt/h", "source=/tmp path=/mnt/h readonly=true", "source=/nonexistent path=/mnt/n",
                 "path=/mnt/e", "source=/etc/hostname path=/mnt/f", "source=/tmp path=/mnt/h propagation=bogus"],
        "nic": ["nictype=macvlan parent=eth0", "nictype=bridged parent=nobr", "network=nonet", "nictype=p2p name=eth9"],
        "proxy": ["listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22", "listen=tcp:127.0.0.1:%d",
                  "listen=udp:127.0.0.1:%d connect=tcp:127.0.0.1:22"],
        "unix-char": ["source=/dev/null path=/dev/mynull", "path=/dev/nosuchdev", "source=/dev/null mode=bogus"],
        "gpu": ["", "gputype=physical id=0", "gputype=mig", "gputype=bogus"],
    }
    DEVICE_SETS18 = {"disk": ["readonly=true", "readonly=x", "path=/mnt/o", "limits.read=10MB", "nosuch=1"],
                     "nic": ["mtu=1400", "mtu=x", "hwaddr=00:16:3e:00:00:01", "name=eth8"],
                     "proxy": ["connect=tcp:127.0.0.1:23", "bind=instance", "bind=bogus", "security.uid=x"],
                     "unix-char": ["mode=0600", "uid=x", "required=false"],
                     "gpu": ["id=1", "vendorid=10de", "bogus=1"]}
    DEVICE_UNSETS18 = {"disk": ["path", "source", "readonly"], "nic": ["parent", "nictype", "mtu"],
                       "proxy": ["listen", "connect"], "unix-char": ["path", "source"], "gpu": ["id", "gputype"]}

    def op_keys18(self, inst):
        """An instance key of every namespace at 5.0.2, set or unset, on a
        running or stopped instance, sometimes in a second form (two keys,
        the instance's project named or a missing one)."""
        r = self.rng
        key, values = r.choice(self.KEYS18)
        pf = self.proj(inst)
        if r.random() < 0.1:
            pf = " --project nosuch"
        if r.random() < 0.25:
            self.cmd("config unset %s %s%s" % (inst, key, pf))
            return
        words = [self.kv10(key, r.choice(values))]
        if r.random() < 0.2:
            k2, v2 = r.choice(self.KEYS18)
            words.append(self.kv10(k2, r.choice(v2)))
        self.cmd("config set %s %s%s" % (inst, " ".join(words), pf))

    def op_dev18(self, inst):
        """config device add/set/unset/remove of disk, nic, proxy,
        unix-char and gpu devices on running and stopped instances; the
        profile's eth0 and root removed or unset; a missing device."""
        r = self.rng
        devs = self.__dict__.setdefault("devs18", {}).setdefault(inst, [])
        pf = self.proj(inst)
        c = r.random()
        if devs and c < 0.45:
            dev, kind = r.choice(devs)
            d = r.random()
            if d < 0.4:
                self.cmd("config device set %s %s %s%s" % (inst, dev, r.choice(self.DEVICE_SETS18[kind]), pf))
            elif d < 0.7:
                self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice(self.DEVICE_UNSETS18[kind]), pf))
            else:
                self.cmd("config device remove %s %s%s" % (inst, dev, pf))
                devs.remove((dev, kind))
        elif c < 0.6:
            dev = r.choice(["eth0", "root", "nodev"])
            d = r.random()
            if d < 0.4:
                # not root: an instance whose own root disk was removed
                # cannot be stopped or deleted ("No root device could be
                # found"), and replay's clean-up stops there (seed 18002
                # scenario 0: the replay aborted)
                self.cmd("config device remove %s %s%s" % (inst, "eth0" if dev == "root" else dev, pf))
            elif d < 0.7:
                self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice(["size", "pool", "path", "mtu"]), pf))
            else:
                self.cmd("config device set %s %s %s%s" % (inst, dev, r.choice(["size=1GiB", "mtu=1400", "bogus=1"]), pf))
        else:
            kind = r.choice(sorted(self.DEVICES18))
            spec = r.choice(self.DEVICES18[kind])
            if "%d" in spec:
                spec = spec % r.randint(20000, 29999)
            dev = self.name("d")
            if r.random() < 0.1 and devs:
                dev = devs[0][0]  # a name the instance already has
            self.cmd(("config device add %s %s %s %s" % (inst, dev, kind, spec)).rstrip() + pf)
            devs.append((dev, kind))

    def op_vol18(self):
        """Custom volumes: set/unset of the dir driver's keys (with and
        without --target, the wrong member), attach/detach with a device
        name and --target, snapshots with odd names, copy and move."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or r.random() < 0.15:
            m = self.member()
            vol = self.name("v")
            key, values = r.choice(self.VOLUME_KEYS18)
            extra = " %s" % self.kv10(key, r.choice(values)) if r.random() < 0.4 else ""
            self.cmd("storage volume create local %s --target %s%s" % (vol, m, extra))
            self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        v.setdefault("snaps", [])  # gen 1's volumes have no snapshot list
        tgt = r.choice([" --target %s" % v["member"]] * 3 + [" --target %s" % self.member(v["member"]), ""])
        c = r.random()
        if c < 0.3:
            key, values = r.choice(self.VOLUME_KEYS18)
            if r.random() < 0.3:
                self.cmd("storage volume unset local %s %s%s" % (vol, key, tgt))
            else:
                self.cmd("storage volume set local %s %s%s" % (vol, self.kv10(key, r.choice(values)), tgt))
        elif c < 0.55:
            insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
            if v["attached"] and r.random() < 0.6:
                inst = self.pick(v["attached"])
                dev = r.choice(["", " " + vol, " nodev"])
                self.cmd("storage volume detach local %s %s%s%s" % (vol, inst, dev, tgt))
                if dev != " nodev":
                    v["attached"].discard(inst)
            elif insts:
                inst = r.choice(insts)
                form = r.choice(["%s /mnt/%s" % (vol, vol), "/mnt/%s" % vol, "%s" % vol, "%s /mnt/x" % vol])
                self.cmd("storage volume attach local %s %s %s%s" % (vol, inst, form, tgt))
                if "/" in form:
                    v["attached"].add(inst)
        elif c < 0.75:
            snap = r.choice(["s%d" % (len(v["snaps"]) + 1), "s%d" % (len(v["snaps"]) + 1), "bad/name", "snap.1",
                             "a" * 70])
            self.cmd("storage volume snapshot local %s %s%s" % (vol, snap, tgt))
            if re.match(r"^s\d+$", snap):
                v["snaps"].append(snap)
            if v["snaps"] and r.random() < 0.3:
                self.cmd("storage volume copy local/%s/%s local/%s --target %s --destination-target %s"
                         % (vol, v["snaps"][0], self.name("v"), v["member"], self.member()))
        else:
            new = self.name("v")
            to = self.member() if r.random() < 0.7 else v["member"]
            verb = "copy" if r.random() < 0.5 else "move"
            self.cmd("storage volume %s local/%s %s/%s --target %s --destination-target %s"
                     % (verb, vol, r.choice(self.pools), new, v["member"], to))
            if verb == "move" and not v["attached"]:
                self.volumes.pop(vol)

    PROFILE_YAML18 = [
        'config:\\n  limits.cpu: "1"\\ndevices: {}\\n', 'config:\\n  bogus.key: "1"\\n',
        'config:\\n  security.nesting: "true"\\ndevices:\\n  eth1:\\n    type: nic\\n    nictype: p2p\\n',
        'description: d\\nconfig: {}\\ndevices:\\n  root:\\n    type: disk\\n    path: /\\n    pool: local\\n',
        'config: {}\\ndevices:\\n  x:\\n    type: bogus\\n', 'config: 1\\n',
    ]

    def op_profile18(self):
        """lxc profile copy, rename and edit (never drawn by gens 1-17),
        profile unset, profile device set/unset, of profiles in use or not,
        onto taken names, of default and of missing profiles."""
        r = self.rng
        profs = sorted(p for p, pr in self.profiles.items() if pr is None)
        if not profs or r.random() < 0.2:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            if r.random() < 0.5:
                self.cmd("profile set %s %s" % (prof, r.choice(["limits.cpu=1", "user.a=b", "security.nesting=true"])))
            if r.random() < 0.5:
                self.cmd("profile device add %s d%s disk source=/tmp path=/mnt/p" % (prof, prof[-1]))
            insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
            if insts and r.random() < 0.6:
                self.cmd("profile add %s %s" % (r.choice(insts), prof))
            return
        prof = r.choice(profs)
        c = r.random()
        if c < 0.25:
            to = r.choice([self.name("p")] * 4 + [r.choice(profs), "default"])
            src = prof if r.random() < 0.85 else r.choice(["default", "nosuch"])
            # (not --target-project: migsim does not parse it on profile copy)
            self.cmd("profile copy %s %s" % (src, to))
            if to not in self.profiles and to != "default" and src != "nosuch":
                self.profiles[to] = None
        elif c < 0.45:
            to = r.choice([self.name("p")] * 4 + [r.choice(profs), "default", "bad/name"])
            src = prof if r.random() < 0.85 else r.choice(["default", "nosuch"])
            self.cmd("profile rename %s %s" % (src, to))
            if src == prof and to not in self.profiles and to not in ("default", "bad/name"):
                self.profiles[to] = self.profiles.pop(prof)
        elif c < 0.6:
            self.lines.append("printf '%s' | lxc profile edit %s" % (r.choice(self.PROFILE_YAML18), prof))
        elif c < 0.75:
            key = r.choice(["limits.cpu", "user.a", "security.nesting", "nosuch.key", "cluster.evacuate"])
            self.cmd("profile unset %s %s" % (prof, key))
        else:
            dev = r.choice(["d%s" % prof[-1], "nodev", "root", "eth0"])
            if r.random() < 0.5:
                self.cmd("profile device set %s %s %s" % (prof, dev, r.choice(["readonly=true", "readonly=x", "path=/mnt/q"])))
            else:
                self.cmd("profile device unset %s %s %s" % (prof, dev, r.choice(["readonly", "path", "source"])))

    # (no name starting with '-': lxc takes it for a flag, an unknown one
    # is a scenario error in migsim)
    ODD_NAMES18 = ["a_b", "a.b", "Upper", "1lead", "end-", "a--b", "x" * 63, "x" * 64, "snap/x", "é"]

    def op_names18(self, inst):
        """lxc rename and move NAME NEWNAME to names LXD refuses or takes,
        of instances with snapshots; snapshots with odd names."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        c = r.random()
        if c < 0.4:
            new = r.choice(self.ODD_NAMES18 + [self.name("c")] * 3)
            if new not in self.ODD_NAMES18:
                pass
            elif len(new) < 60 and new[0].isalpha():
                new = self.p + new  # unique to this scenario where it may be taken
            verb = "rename" if r.random() < 0.6 else "move"
            self.cmd("%s %s %s%s" % (verb, inst, new, pf))
            if re.match(r"^[a-z][a-z0-9-]*[a-z0-9]$", new) and "--" not in new and len(new) <= 63 and not st["running"]:
                self.instances[new] = self.instances.pop(inst)
        elif c < 0.7:
            snap = r.choice(["s%d" % (len(st["snaps"]) + 1)] * 2 + ["bad/name", "a b", "snap.1", "y" * 70])
            self.cmd("snapshot %s %s%s" % (inst, self.kv10("x", snap)[2:] if " " in snap else snap, pf))
            if re.match(r"^s\d+$", snap):
                st["snaps"].append(snap)
        else:
            name = r.choice(self.ODD_NAMES18)
            if name[0].isalpha() and len(name) < 60:
                name = self.p + name
            self.cmd("init img %s --target %s -s local" % (name, self.member()))

    def op_project18(self):
        """--project on the verbs that were rarely given it: config set,
        unset, device add/remove, restore, profile add; a missing project;
        a restricted project refusing keys and host-path disks."""
        r = self.rng
        if not self.projects or r.random() < 0.25:
            project = self.name("j")
            extra = r.choice(["", " -c restricted=true", " -c restricted=true -c restricted.containers.nesting=allow",
                              " -c restricted=true -c restricted.devices.disk=allow",
                              " -c restricted=true -c restricted.devices.disk.paths=/tmp"])
            # restricted=true needs the project's own profiles ("Projects
            # without their own profiles cannot be restricted",
            # lxd/api_project.go at lxd-5.0.2): its default profile is then
            # empty, and -s gives the root disk
            profiles = "true" if extra else "false"
            self.cmd("project create %s -c features.images=false -c features.profiles=%s%s" % (project, profiles, extra))
            self.projects.append(project)
            name = self.name("c")
            self.cmd("launch img %s --target %s -s local --project %s" % (name, self.member(), project))
            self.instances[name] = dict(member="?", running=True, snaps=[], project=project)
            return
        insts = sorted(i for i, s in self.instances.items() if s["project"] is not None)
        if not insts:
            return
        inst = r.choice(insts)
        st = self.instances[inst]
        project = st["project"] if r.random() < 0.85 else "nosuch"
        c = r.random()
        if c < 0.3:
            self.cmd("config set %s %s --project %s" % (inst, r.choice(["security.nesting=true", "security.privileged=true",
                                                                       "limits.cpu=1", "raw.lxc=lxc.x=1",
                                                                       "security.idmap.isolated=true"]), project))
        elif c < 0.45:
            self.cmd("config unset %s %s --project %s" % (inst, r.choice(["limits.cpu", "security.nesting"]), project))
        elif c < 0.65:
            dev = self.name("d")
            self.cmd("config device add %s %s %s --project %s" % (inst, dev, r.choice(
                ["disk source=/tmp path=/mnt/t", "disk source=/etc/hostname path=/mnt/f", "unix-char source=/dev/null path=/dev/n",
                 "proxy listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22" % r.randint(20000, 29999), "gpu"]), project))
            if r.random() < 0.4:
                self.cmd("config device remove %s %s --project %s" % (inst, dev, project))
        elif c < 0.8:
            if not st["snaps"]:
                self.cmd("snapshot %s s1 --project %s" % (inst, st["project"]))
                st["snaps"].append("s1")
            self.cmd("restore %s %s --project %s" % (inst, r.choice(st["snaps"] + ["nosnap"]), project))
        else:
            self.cmd("profile add %s default --project %s" % (inst, project))

    def op_evac18(self):
        """Evacuate and restore with --action (lxc 5.0.2 has no such flag),
        of a missing member, a restore of a member never evacuated."""
        r = self.rng
        if self.evacuated:
            m = self.pick(self.evacuated)
            self.cmd("cluster restore %s --force%s" % (m, " --action stop" if r.random() < 0.2 else ""))
            self.evacuated.discard(m)
            return
        c = r.random()
        if c < 0.15:
            self.cmd("cluster evacuate m9 --force")
        elif c < 0.3:
            self.cmd("cluster restore %s --force" % self.member())
        else:
            m = self.member()
            action = " --action %s" % r.choice(["stop", "migrate", "live-migrate", "bogus"]) if r.random() < 0.25 else ""
            self.cmd("cluster evacuate %s --force%s" % (m, action))
            if not action:
                self.evacuated.add(m)

    def op_move18(self, inst):
        """A move to another member of an instance with snapshots, a
        custom volume attached or a device added, stopped or --stateless."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if not st["snaps"] and r.random() < 0.6:
            self.cmd("snapshot %s s1%s" % (inst, pf))
            st["snaps"].append("s1")
        words = ["move", inst, "--target", self.member(st["member"])]
        if st["running"]:
            words.append("--stateless" if r.random() < 0.8 else "")
        if r.random() < 0.2:
            words.append("--instance-only")
        self.cmd(" ".join(w for w in words if w) + pf)
        if "--stateless" in words or not st["running"]:
            st["member"] = "?"

    OPS_GEN18 = [("op_keys18", 16), ("op_dev18", 16), ("op_vol18", 14), ("op_profile18", 14), ("op_names18", 7),
                 ("op_project18", 8), ("op_evac18", 6), ("op_move18", 8)]
    ON_INSTANCE_GEN18 = {"op_keys18", "op_dev18", "op_names18", "op_move18"}

    # ---- gen 19 ------------------------------------------------------------
    # What users type that gens 1-18 drew rarely or in one form only:
    # restore of snapshots taken running or stopped, with and without
    # --stateful, after the instance changed (a key, a device, a rename, a
    # move); snapshot renames (move/rename INST/SNAP) onto taken, odd and
    # other instances' names; config/profile/volume/device unset of keys
    # that were never set; config device override of profile devices (twice,
    # of a missing or an instance's own device, of a running instance);
    # move --instance-only of instances with snapshots (to a member, a pool,
    # a new name); evacuations of members holding instances in odd states
    # (never started, with snapshots, renamed, cluster.evacuate=stop);
    # start/stop/delete/restart of several instances where one fails; and
    # --project on these verbs (the instance's, a missing one).  Gen 19
    # draws gen 1's ops and these.  Not drawn: lxc exec and storage volume
    # restore (migsim does not parse them), evacuate --action (the 5.0.2
    # lxc has no such flag).
    def pf19(self, inst):
        """The instance's --project, sometimes a missing project."""
        return " --project nosuch" if self.rng.random() < 0.08 else self.proj(inst)

    def snap19(self, inst, stateful=False):
        st = self.instances[inst]
        snap = "s%d" % (len(st["snaps"]) + 1)
        while snap in st["snaps"]:
            snap += "x"
        self.cmd("snapshot %s %s%s%s" % (inst, snap, " --stateful" if stateful else "", self.proj(inst)))
        if not stateful:  # a stateful snapshot needs CRIU, which the hosts lack
            st["snaps"].append(snap)
        return snap

    def op_restore19(self, inst):
        """A snapshot restored after the instance changed, running or not,
        with --stateful or not; a missing snapshot; a stateful snapshot."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        if not st["snaps"] or r.random() < 0.3:
            self.snap19(inst, stateful=st["running"] and r.random() < 0.2)
        if not st["snaps"]:
            return
        c = r.random()
        if c < 0.2:
            self.cmd("config set %s %s%s" % (inst, r.choice(["user.r=1", "limits.cpu=1", "security.nesting=true",
                                                                "cluster.evacuate=stop", "limits.memory=256MiB"]), pf))
        elif c < 0.35:
            self.cmd("config device add %s r%s disk source=/tmp path=/mnt/r%s" % (inst, inst[-1], pf))
        elif c < 0.5:
            self.op_start_stop(inst)
        elif c < 0.6 and not st["running"]:
            new = self.name("r")
            self.cmd("rename %s %s%s" % (inst, new, pf))
            self.instances[new] = self.instances.pop(inst)
            inst = new
        elif c < 0.7 and not st["running"] and st["project"] is None:
            m = self.member(st["member"] if st["member"] in MEMBERS else None)
            self.cmd("move %s --target %s" % (inst, m))
            st["member"] = m
        snap = r.choice(st["snaps"] + ["nosnap"] if r.random() < 0.1 else st["snaps"])
        flag = " --stateful" if r.random() < 0.3 else ""
        self.cmd("restore %s %s%s%s" % (inst, snap, flag, self.pf19(inst)))

    def op_snaprename19(self, inst):
        """move/rename INST/SNAP onto a new, taken, odd or another
        instance's name; a missing snapshot; the same name."""
        r = self.rng
        st = self.instances[inst]
        if not st["snaps"]:
            self.snap19(inst)
        snap = r.choice(st["snaps"]) if r.random() < 0.9 else "nosnap"
        verb = r.choice(["move", "rename"])
        c = r.random()
        new_inst = inst
        if c < 0.4:
            new = "n%d" % r.randint(1, 9)
        elif c < 0.55 and len(st["snaps"]) > 1:
            new = r.choice([s for s in st["snaps"] if s != snap])  # taken
        elif c < 0.7:
            new = r.choice(["snap.1", "a_b", "Upper", "x" * 70, "a+b", "1"])
        elif c < 0.8:
            new = snap
        else:
            others = sorted(i for i in self.instances if i != inst)
            new_inst = r.choice(others) if others else self.name("c")
            new = "m%d" % r.randint(1, 9)
        self.cmd("%s %s/%s %s/%s%s" % (verb, inst, snap, new_inst, new, self.pf19(inst)))
        if new_inst == inst and snap in st["snaps"] and new not in st["snaps"] and re.match(r"^[a-z0-9][a-z0-9.]*$", new):
            st["snaps"][st["snaps"].index(snap)] = new

    def op_unset19(self, inst):
        """Unset of keys never set: instance, profile, volume, device."""
        r = self.rng
        c = r.random()
        pf = self.pf19(inst)
        if c < 0.4:
            key = r.choice(["user.never", "limits.cpu", "security.nesting", "bogus.key", "volatile.never",
                            "cluster.evacuate", "snapshots.expiry", "boot.autostart", "environment.NEVER"])
            self.cmd("config unset %s %s%s" % (inst, key, pf))
        elif c < 0.55:
            prof = self.pick([p for p, pr in self.profiles.items() if pr is None] + ["default"])
            self.cmd("profile unset %s %s" % (prof, r.choice(["user.never", "limits.cpu", "bogus.key"])))
        elif c < 0.75:
            dev = r.choice(["eth0", "root", "nodev"])
            self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice(["mtu", "size", "limits.read", "bogus"]), pf))
        else:
            vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
            if not vols:
                m = self.member()
                vol = self.name("v")
                self.cmd("storage volume create local %s --target %s" % (vol, m))
                self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
                vols = [vol]
            vol = r.choice(vols)
            tgt = " --target %s" % self.volumes[vol]["member"] if r.random() < 0.8 else ""
            self.cmd("storage volume unset local %s %s%s" % (vol, r.choice(["size", "user.never", "snapshots.expiry",
                                                                              "bogus"]), tgt))

    def op_override19(self, inst):
        """config device override of the default profile's eth0 and root
        (twice, with bad values), of a missing device or the instance's own."""
        r = self.rng
        pf = self.pf19(inst)
        ov = self.__dict__.setdefault("ov19", {}).setdefault(inst, set())
        c = r.random()
        if c < 0.35:
            dev = "eth0"
            # (never without KEY=VALUE: migsim's parser wants one, a
            # scenario error that stops the replay; seed 19002 scenarios 1, 2)
            kv = r.choice(["mtu=1400", "mtu=x", "name=eth1", "hwaddr=00:16:3e:00:00:09", "bogus=1"])
        elif c < 0.7:
            dev = "root"
            kv = r.choice(["size=1GiB", "size=bogus", "pool=local", "pool=nopool", "path=/x"])
        elif c < 0.85:
            dev = "nodev"
            kv = "mtu=1400"
        else:
            dev = "r%s" % inst[-1]
            self.cmd("config device add %s %s disk source=/tmp path=/mnt/o%s" % (inst, dev, self.proj(inst)))
            kv = "readonly=true"
        self.cmd(("config device override %s %s %s" % (inst, dev, kv)).rstrip() + pf)
        ov.add(dev)
        if dev in ("eth0", "root") and r.random() < 0.3:
            self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice(["mtu", "size", "name"]), self.proj(inst)))

    def op_instonly19(self, inst):
        """move/copy --instance-only of an instance with snapshots: to a
        member, a pool, a new name, running with --stateless or not."""
        r = self.rng
        st = self.instances[inst]
        pf = self.pf19(inst)
        if not st["snaps"] and r.random() < 0.8:
            self.snap19(inst)
        c = r.random()
        run = ""
        if st["running"]:
            run = " --stateless" if r.random() < 0.7 else ""
        if c < 0.4:
            m = self.member(st["member"] if st["member"] in MEMBERS else None)
            self.cmd("move %s --target %s --instance-only%s%s" % (inst, m, run, pf))
            if run or not st["running"]:
                st["member"] = "?"
                st["snaps"] = []
        elif c < 0.6:
            new = self.name("r")
            self.cmd("move %s %s --instance-only%s" % (inst, new, pf))
        elif c < 0.75:
            pool = r.choice(self.pools)
            self.cmd("move %s -s %s --instance-only%s%s" % (inst, pool, run, pf))
        else:
            new = self.name("k")
            tgt = " --target %s" % self.member() if r.random() < 0.5 else ""
            self.cmd("copy %s %s --instance-only%s%s" % (inst, new, tgt, pf))
            if pf == self.proj(inst):
                self.instances[new] = dict(member="?", running=False, snaps=[], project=st["project"])

    def op_evac19(self):
        """An evacuation of a member holding instances in odd states: never
        started, with snapshots, renamed, cluster.evacuate=stop; what users
        do to them before the restore."""
        r = self.rng
        if self.evacuated:
            m = self.pick(self.evacuated)
            here = sorted(i for i, s in self.instances.items() if s["member"] == m and s["project"] is None)
            if here and r.random() < 0.5:
                inst = r.choice(here)
                verb = r.choice(["start", "stop --force", "snapshot", "restore", "rename"])
                if verb == "snapshot":
                    self.snap19(inst)
                elif verb == "restore" and self.instances[inst]["snaps"]:
                    self.cmd("restore %s %s" % (inst, self.instances[inst]["snaps"][0]))
                elif verb == "rename":
                    new = self.name("r")
                    self.cmd("rename %s %s" % (inst, new))
                    if not self.instances[inst]["running"]:
                        self.instances[new] = self.instances.pop(inst)
                elif verb in ("start", "stop --force"):
                    self.cmd("%s %s" % (verb.split()[0], inst) + (" --force" if "force" in verb else ""))
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
            return
        m = self.member()
        c = r.random()
        name = self.name("c")
        if c < 0.3:
            self.cmd("init img %s --target %s -s local" % (name, m))
            self.instances[name] = dict(member=m, running=False, snaps=[], project=None)
        elif c < 0.6:
            self.cmd("launch img %s --target %s -s local -c cluster.evacuate=%s" % (name, m, r.choice(["stop", "migrate", "auto"])))
            self.instances[name] = dict(member=m, running=True, snaps=[], project=None)
            self.snap19(name)
        else:
            self.cmd("init img %s --target %s -s local" % (name, m))
            new = self.name("r")
            self.cmd("rename %s %s" % (name, new))
            self.instances[new] = dict(member=m, running=False, snaps=[], project=None)
            self.snap19(new)
        self.cmd("cluster evacuate %s --force" % m)
        self.evacuated.add(m)

    def op_many19(self):
        """start/stop/restart/delete of several instances where one is in
        the wrong state or missing; --project."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if len(insts) < 2:
            return self.op_launch()
        names = r.sample(insts, min(len(insts), r.randint(2, 3)))
        verb = r.choice(["start", "stop", "stop --force", "restart", "restart --force", "delete", "delete --force"])
        if r.random() < 0.2:
            names.insert(r.randint(0, len(names)), "nope%d" % r.randint(1, 3))
        parts = verb.split(" ")
        if verb == "delete --force" and r.random() < 0.7:
            return self.op_launch()  # rarely: it empties the scenario
        pf = " --project nosuch" if r.random() < 0.08 else ""
        self.cmd("%s %s%s" % (parts[0], " ".join(names + parts[1:]), pf))
        if pf:
            return
        # the state after a partial failure is what the cluster says; keep
        # the rough picture: names before the first failure changed
        for n in names:
            if n not in self.instances:
                break
            st = self.instances[n]
            if parts[0] == "start":
                if st["running"]:
                    break
                st["running"] = True
            elif parts[0] == "stop":
                if not st["running"]:
                    break
                st["running"] = False
            elif parts[0] == "delete":
                if st["running"] and "--force" not in parts:
                    break
                self.instances.pop(n)
            elif parts[0] == "restart" and not st["running"]:
                break

    OPS_GEN19 = [("op_restore19", 18), ("op_snaprename19", 12), ("op_unset19", 12), ("op_override19", 12),
                 ("op_instonly19", 12), ("op_evac19", 8), ("op_many19", 10)]
    ON_INSTANCE_GEN19 = {"op_restore19", "op_snaprename19", "op_unset19", "op_override19", "op_instonly19"}

    # ---- gen 20 ------------------------------------------------------------
    # What users type that gens 1-19 drew in one form or not at all: unix-char
    # and unix-block devices with every option (path, source, major, minor,
    # mode, uid, gid, required; good, bad, a missing host device, a source
    # outside /dev), proxy (listen, connect, bind, nat), gpu (gputype, pci,
    # id), usb and tpm options, on stopped and running containers and on
    # profiles in use; custom volume keys set, unset and read (size with
    # units, security.*, snapshots.*), volume snapshots and renames; limits.*,
    # boot.* and security.* with odd values (units, ranges, "", percentages);
    # projects created, set and unset with restrictions and limits; copies with
    # --refresh, --stateless, --instance-only, -c and -d.  Gen 20 draws gen
    # 1's ops and these.  Not drawn: lxc snapshot --reuse, storage volume
    # restore, copy --no-profiles/-p (migsim does not parse them).
    UNIX20 = {
        "unix-char": ["source=/dev/null path=/dev/n0", "path=/dev/null", "source=/dev/zero", "path=/dev/nosuch",
                      "path=/dev/nosuch required=false", "source=/dev/null mode=0666", "source=/dev/null mode=bogus",
                      "source=/dev/null mode=9999", "source=/dev/null uid=1000 gid=1000", "source=/dev/null uid=x",
                      "source=/dev/null gid=-1", "path=/dev/mk major=1 minor=3", "path=/dev/mk major=x minor=3",
                      "source=/dev/null required=maybe", "source=/tmp path=/dev/t", "", "source=/dev/null bogus=1",
                      "source=/dev/null path=/dev/n0 mode=0600 uid=0 gid=0 required=true"],
        "unix-block": ["source=/dev/loop0 path=/dev/l0", "path=/dev/nosuchblk", "path=/dev/nosuchblk required=false",
                       "source=/dev/null path=/dev/b", "path=/dev/b major=7 minor=0", "path=/dev/b major=7 minor=x",
                       "source=/dev/loop0 mode=0660", "source=/dev/loop0 mode=x", "", "source=/dev/loop0 uid=abc"],
        "proxy": ["listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22",
                  "listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22 bind=instance",
                  "listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22 bind=bogus",
                  "listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22 nat=true",
                  "listen=tcp:127.0.0.1:%d connect=udp:127.0.0.1:22", "listen=unix:/tmp/p%d.sock connect=tcp:127.0.0.1:22",
                  "listen=bogus:1 connect=tcp:127.0.0.1:22", "listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22 proxy_protocol=maybe",
                  "connect=tcp:127.0.0.1:22", "listen=tcp:127.0.0.1:%d connect=tcp:127.0.0.1:22 security.uid=x"],
        "gpu": ["gputype=physical pci=0000:00:02.0", "gputype=mdev", "gputype=mdev mdev=i915-GVTg_V5_4", "gputype=sriov",
                "id=abc", "pci=bogus", "gputype=physical vendorid=10de productid=1234", "mode=0660", "uid=x"],
        "usb": ["vendorid=1d6b", "vendorid=1d6b productid=0002 required=true", "vendorid=zz", "mode=0660",
                "busnum=1", "vendorid=1d6b uid=x", "required=maybe"],
        "tpm": ["path=/dev/tpm0 pathrm=/dev/tpmrm0", "path=/dev/tpm0", "pathrm=/dev/tpmrm0", "path=/dev/tpm0 pathrm="],
    }
    DEV_SETS20 = {"unix-char": ["mode=0644", "mode=x", "uid=5", "gid=y", "required=false", "path=/dev/n9", "major=1",
                                "bogus=1"],
                  "unix-block": ["mode=0600", "required=false", "minor=z"],
                  "proxy": ["connect=tcp:127.0.0.1:23", "bind=host", "bind=bogus", "nat=true", "listen=tcp:127.0.0.1:1"],
                  "gpu": ["id=0", "pci=x", "gputype=mig"], "usb": ["productid=0001", "vendorid=qq", "required=false"],
                  "tpm": ["path=/dev/tpm1", "pathrm="]}
    DEV_UNSETS20 = {"unix-char": ["path", "source", "mode", "required"], "unix-block": ["path", "source"],
                    "proxy": ["listen", "connect", "bind"], "gpu": ["gputype", "id"], "usb": ["vendorid"],
                    "tpm": ["path", "pathrm"]}

    def spec20(self, kind):
        spec = self.rng.choice(self.UNIX20[kind])
        return spec.replace("%d", str(self.rng.randint(20000, 29999)))

    def op_dev20(self, inst):
        """A device of every type but disk and nic added, set, unset or
        removed on a stopped or running container, sometimes followed by a
        start or restart."""
        r = self.rng
        devs = self.__dict__.setdefault("devs20", {}).setdefault(inst, [])
        pf = self.proj(inst)
        if devs and r.random() < 0.4:
            dev, kind = r.choice(devs)
            d = r.random()
            if d < 0.45:
                self.cmd("config device set %s %s %s%s" % (inst, dev, r.choice(self.DEV_SETS20[kind]), pf))
            elif d < 0.7:
                self.cmd("config device unset %s %s %s%s" % (inst, dev, r.choice(self.DEV_UNSETS20[kind]), pf))
            else:
                self.cmd("config device remove %s %s%s" % (inst, dev, pf))
                devs.remove((dev, kind))
        else:
            kind = r.choice(["unix-char"] * 4 + ["unix-block"] * 2 + ["proxy"] * 3 + ["gpu", "usb", "tpm"])
            dev = self.name("d")
            self.cmd(("config device add %s %s %s %s" % (inst, dev, kind, self.spec20(kind))).rstrip() + pf)
            devs.append((dev, kind))
        if r.random() < 0.3:
            st = self.instances[inst]
            if st["running"] and r.random() < 0.5:
                self.cmd("restart %s --force%s" % (inst, pf))
            else:
                self.op_start_stop(inst)

    def op_profdev20(self):
        """A profile in use by running and stopped instances given a
        unix-char, unix-block, proxy, gpu, usb or tpm device, set, removed."""
        r = self.rng
        profs = sorted(p for p, pr in self.profiles.items() if pr is None)
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not profs or r.random() < 0.35:
            prof = self.name("p")
            self.cmd("profile create %s" % prof)
            self.profiles[prof] = None
            for inst in r.sample(insts, min(len(insts), r.randint(1, 2))):
                self.cmd("profile add %s %s" % (inst, prof))
        else:
            prof = r.choice(profs)
        pdevs = self.__dict__.setdefault("pdevs20", {}).setdefault(prof, [])
        if pdevs and r.random() < 0.4:
            dev, kind = r.choice(pdevs)
            if r.random() < 0.6:
                self.cmd("profile device set %s %s %s" % (prof, dev, r.choice(self.DEV_SETS20[kind])))
            else:
                self.cmd("profile device remove %s %s" % (prof, dev))
                pdevs.remove((dev, kind))
            return
        kind = r.choice(["unix-char"] * 3 + ["unix-block", "proxy", "proxy", "gpu", "usb", "tpm"])
        dev = self.name("d")
        self.cmd(("profile device add %s %s %s %s" % (prof, dev, kind, self.spec20(kind))).rstrip())
        pdevs.append((dev, kind))
        if insts and r.random() < 0.3:
            inst = r.choice(insts)
            self.cmd("profile add %s %s" % (inst, prof))

    VOLUME_KEYS20 = [("size", ["1GiB", "500MB", "10", "1.5GiB", "-1", "abc", ""]),
                     ("security.shifted", ["true", "false", "1", "yes", "x", ""]),
                     ("security.unmapped", ["true", "no", "x"]),
                     ("snapshots.expiry", ["1d", "2w", "1H", "3M", "1y 2d", "x", ""]),
                     ("snapshots.schedule", ["@daily", "@hourly", "0 6 * * *", "@startup", "* * *", "bogus", ""]),
                     ("snapshots.pattern", ["v%d", "{{ creation_date|date:'2006-01-02' }}", ""]),
                     ("user.k", ["v", ""]), ("volatile.x", ["1"]), ("bogus.key", ["1"])]

    def op_vol20(self):
        """Custom volume keys set, unset and read, volume snapshots and
        renames (of the volume and of a snapshot), with and without --target."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or r.random() < 0.15:
            m = self.member()
            vol = self.name("v")
            extra = ""
            if r.random() < 0.4:
                key, values = r.choice(self.VOLUME_KEYS20)
                extra = " " + self.kv10(key, r.choice(values) or "1GiB")
            self.cmd("storage volume create local %s --target %s%s" % (vol, m, extra))
            self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        v.setdefault("snaps", [])
        tgt = r.choice([" --target %s" % v["member"]] * 4 + [" --target %s" % self.member(v["member"]), ""])
        c = r.random()
        key, values = r.choice(self.VOLUME_KEYS20)
        if c < 0.35:
            val = r.choice(values)
            self.cmd("storage volume set local %s %s%s" % (vol, self.kv10(key, val) if val else key + "=", tgt))
        elif c < 0.5:
            self.cmd("storage volume unset local %s %s%s" % (vol, key, tgt))
        elif c < 0.6:
            self.cmd("storage volume get local %s %s%s" % (vol, key, tgt))
        elif c < 0.8:
            snap = r.choice(["s%d" % (len(v["snaps"]) + 1)] * 3 + [r.choice(v["snaps"] or ["s1"]), "a b", "x/y"])
            self.cmd("storage volume snapshot local %s %s%s" % (vol, self.kv10("x", snap)[2:] if " " in snap else snap, tgt))
            if re.match(r"^s\d+$", snap) and snap not in v["snaps"]:
                v["snaps"].append(snap)
        elif c < 0.9 and v["snaps"]:
            snap = r.choice(v["snaps"])
            new = r.choice(["r%d" % r.randint(1, 9), r.choice(v["snaps"]), "bad/name"])
            self.cmd("storage volume rename local %s/%s %s/%s%s" % (vol, snap, vol, new, tgt))
            if re.match(r"^r\d$", new) and tgt == " --target %s" % v["member"] and new not in v["snaps"]:
                v["snaps"][v["snaps"].index(snap)] = new
        else:
            new = r.choice([self.name("v")] * 3 + [r.choice(vols), "bad/name"])
            self.cmd("storage volume rename local %s %s%s" % (vol, new, tgt))
            if new not in self.volumes and "/" not in new and tgt == " --target %s" % v["member"] and not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)

    KEYS20 = [("limits.memory", ["256MiB", "1GB", "50%", "0", "-1", "1.5GiB", "abc%", "100%", "0%", "1 GiB", "", "512k"]),
              ("limits.cpu", ["1", "0", "1-2", "0-1,1", "65", "1,", "", "-1", "2-1"]),
              ("limits.cpu.allowance", ["50%", "25ms/100ms", "150%", "0%", "x", "10ms/x", ""]),
              ("limits.cpu.priority", ["0", "10", "11", ""]), ("limits.processes", ["100", "0", "-1", "x", ""]),
              ("limits.memory.swap", ["true", "false", "x", ""]), ("limits.memory.enforce", ["hard", "soft", ""]),
              ("limits.memory.swap.priority", ["10", "11", ""]), ("limits.hugepages.2MB", ["1GiB", "x"]),
              ("limits.disk.priority", ["0", "10", "11", "x"]), ("limits.network.priority", ["0", "10", "x"]),
              ("limits.kernel.nofile", ["1024", "unlimited", "1024:2048", "x"]),
              ("boot.autostart", ["true", "1", "yes", "x", ""]), ("boot.autostart.delay", ["0", "10", "-1", "x", ""]),
              ("boot.autostart.priority", ["0", "-5", "x"]), ("boot.stop.priority", ["0", "5", "x"]),
              ("boot.host_shutdown_timeout", ["0", "30", "x"]),
              ("security.privileged", ["true", "false", "1", "x", ""]), ("security.nesting", ["true", "on", ""]),
              ("security.idmap.isolated", ["true", "false"]), ("security.idmap.size", ["65536", "0", "x"]),
              ("security.protection.delete", ["true", "false", "x"]), ("security.syscalls.intercept.mount", ["true", "x"]),
              ("security.devlxd", ["true", "false", "x"]), ("security.csm", ["true"])]

    def op_keys20(self, inst):
        """limits.*, boot.* and security.* with odd values: units, ranges,
        "", percentages; set then unset, running or stopped."""
        r = self.rng
        key, values = r.choice(self.KEYS20)
        pf = self.proj(inst)
        val = r.choice(values)
        word = self.kv10(key, val) if val else key + "="
        if " " in val and "GiB" in val:
            word = "%s='%s'" % (key, val)
        self.cmd("config set %s %s%s" % (inst, word, pf))
        if key == "security.protection.delete" and val == "true":
            # a protected instance cannot be deleted: replay's clean-up
            # stops there
            self.cmd("config unset %s %s%s" % (inst, key, pf))
        elif r.random() < 0.25:
            self.cmd("config unset %s %s%s" % (inst, key, pf))
        if r.random() < 0.2:
            self.op_start_stop(inst)

    PROJECT_KEYS20 = [("limits.instances", ["2", "0", "-1", "x"]), ("limits.containers", ["1", "x"]),
                      ("limits.memory", ["1GiB", "50%", "x"]), ("limits.cpu", ["2", "x"]),
                      ("limits.processes", ["100", "x"]), ("limits.disk", ["10GiB", "x"]),
                      ("restricted", ["true", "false", "x"]), ("restricted.containers.nesting", ["allow", "block", "x"]),
                      ("restricted.containers.privilege", ["unprivileged", "isolated", "allow", "x"]),
                      ("restricted.devices.unix-char", ["allow", "block", "x"]),
                      ("restricted.devices.proxy", ["allow", "block"]), ("restricted.devices.gpu", ["allow", "block"]),
                      ("restricted.cluster.target", ["allow", "block", "x"]), ("features.images", ["true", "false"]),
                      ("features.profiles", ["true", "x"]), ("features.storage.volumes", ["false"]),
                      ("user.k", ["v"]), ("bogus.key", ["1"])]

    def op_project20(self):
        """Projects created with limits and restrictions, set and unset
        (features of a project in use, limits below what it holds), an
        instance launched into it, a device it restricts; switch to a
        missing project."""
        r = self.rng
        if not self.projects or r.random() < 0.3:
            project = self.name("j")
            extra = ""
            for _ in range(r.randint(0, 2)):
                key, values = r.choice(self.PROJECT_KEYS20)
                extra += " -c %s=%s" % (key, r.choice(values))
            if "restricted=true" in extra:
                extra = extra.replace(" -c features.profiles=false", "") + " -c features.profiles=true"
            self.cmd("project create %s -c features.images=false%s" % (project, extra))
            self.projects.append(project)
            if r.random() < 0.7:
                name = self.name("c")
                self.cmd("launch img %s --target %s -s local --project %s" % (name, self.member(), project))
                self.instances[name] = dict(member="?", running=True, snaps=[], project=project)
            return
        project = r.choice(self.projects)
        c = r.random()
        key, values = r.choice(self.PROJECT_KEYS20)
        if c < 0.45:
            self.cmd("project set %s %s=%s" % (project, key, r.choice(values)))
        elif c < 0.65:
            self.cmd("project unset %s %s" % (project, key))
        elif c < 0.85:
            insts = sorted(i for i, s in self.instances.items() if s["project"] == project)
            if insts:
                inst = r.choice(insts)
                kind = r.choice(["unix-char", "proxy", "gpu"])
                self.cmd(("config device add %s %s %s %s" % (inst, self.name("d"), kind, self.spec20(kind))).rstrip()
                         + " --project %s" % project)
            else:
                name = self.name("c")
                self.cmd("init img %s --target %s -s local --project %s" % (name, self.member(), project))
                self.instances[name] = dict(member="?", running=False, snaps=[], project=project)
        else:
            self.cmd("project switch nope%d" % r.randint(1, 3))

    def op_copy20(self, inst):
        """lxc copy with --refresh (onto an existing copy, a new name, a
        running target), --stateless, --instance-only, -c and -d, --target."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        copies = self.__dict__.setdefault("copies20", {}).setdefault(inst, [])
        words = ["copy", inst]
        if copies and r.random() < 0.4:
            new = r.choice(copies)
            words += [new, "--refresh"]
        else:
            new = self.name("k")
            words.append(new)
            if r.random() < 0.15:
                words.append("--refresh")
        if r.random() < 0.35:
            words += ["--target", self.member()]
        if st["running"] and r.random() < 0.6:
            words.append("--stateless")
        if r.random() < 0.3:
            words.append("--instance-only")
        if r.random() < 0.3:
            words += ["-c", r.choice(["limits.cpu=1", "limits.memory=50%", "limits.cpu=x", "security.nesting=true",
                                      "bogus.key=1", "boot.autostart=maybe"])]
        if r.random() < 0.25:
            words += ["-d", r.choice(["root,size=1GiB", "root,size=x", "eth0,mtu=1400", "nodev,mtu=1"])]
        self.cmd(" ".join(words) + pf)
        if new not in self.instances:
            self.instances[new] = dict(member="?", running=False, snaps=[], project=st["project"])
            copies.append(new)
        if r.random() < 0.2 and new in self.instances:
            self.op_start_stop(new)

    OPS_GEN20 = [("op_dev20", 30), ("op_profdev20", 12), ("op_vol20", 16), ("op_keys20", 18), ("op_project20", 8),
                 ("op_copy20", 12)]
    ON_INSTANCE_GEN20 = {"op_dev20", "op_keys20", "op_copy20"}

    # ---- gen 21: what users type around migration that gens 1-20 drew
    # rarely or never (counted in tools/live-random.py's own ops: cluster
    # get/show, attach-profile, lxc pause, info and config show are not
    # drawn: migsim does not parse the first three, replay cannot send the
    # last three)
    MEMBER_KEYS21 = [("scheduler.instance", ["all", "manual", "group", "bogus", ""]), ("user.rack", ["r1", ""]),
                     ("failure_domain", ["rack1"]), ("bogus.key", ["1"]), ("scheduler.instance", ["manual"])]

    def op_member21(self):
        """lxc cluster set/unset of member config (scheduler.instance with
        every value, user.*, keys LXD refuses), cluster list, then an
        untargeted launch or a move to the member."""
        r = self.rng
        m = self.member()
        key, values = r.choice(self.MEMBER_KEYS21)
        c = r.random()
        if c < 0.55:
            val = r.choice(values)
            self.cmd("cluster set %s %s=%s" % (m, key, val) if r.random() < 0.7 or not val
                     else "cluster set %s %s %s" % (m, key, val))
        elif c < 0.85:
            self.cmd("cluster unset %s %s" % (m, key))
        else:
            self.cmd("cluster list")
        d = r.random()
        if d < 0.3:
            name = self.name("c")
            self.cmd("launch img %s -s local" % name)
            self.instances[name] = dict(member="?", running=True, snaps=[], project=None)
        elif d < 0.5:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is not None:
                st = self.instances[inst]
                self.cmd("move %s --target %s%s" % (inst, m, " --stateless" if st["running"] else ""))
                st["member"] = m

    def op_evac21(self):
        """cluster.evacuate per instance, an evacuation, then manual moves,
        stops and starts interleaved before (or without) the restore."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if self.evacuated:
            m = self.pick(self.evacuated)
            c = r.random()
            inst = self.pick(insts)
            if c < 0.3 and inst is not None:
                st = self.instances[inst]
                dest = r.choice([m, self.member(m)])
                self.cmd("move %s --target %s%s" % (inst, dest, " --stateless" if st["running"] else ""))
                if dest != m:
                    st["member"] = dest
            elif c < 0.5 and inst is not None:
                self.op_start_stop(inst)
            elif c < 0.6:
                name = self.name("c")
                self.cmd("launch img %s --target %s -s local" % (name, m))
                self.instances[name] = dict(member=m, running=True, snaps=[], project=None)
            elif c < 0.7:
                self.cmd("cluster evacuate %s --force" % m)
            else:
                self.cmd("cluster restore %s --force" % m)
                self.evacuated.discard(m)
            return
        for inst in r.sample(insts, min(len(insts), r.randint(0, 2))):
            val = r.choice(["auto", "migrate", "stop", "stop", "bogus", ""])
            if val:
                self.cmd("config set %s cluster.evacuate=%s" % (inst, val))
            else:
                self.cmd("config unset %s cluster.evacuate" % inst)
        m = r.choice(MEMBERS) if r.random() < 0.7 else "nomember"
        self.cmd("cluster evacuate %s --force" % m)
        if m in MEMBERS:
            self.evacuated.add(m)

    NET_KEYS21 = [("ipv4.address", ["none", "auto", "10.99.0.1/24", "bogus"]), ("ipv6.address", ["none", "x"]),
                  ("bridge.mtu", ["1400", "x"]), ("dns.domain", ["lxd21", ""]), ("ipv4.nat", ["true", "maybe"]),
                  ("bridge.external_interfaces", ["eth9"]), ("user.k", ["v"]), ("bogus.key", ["1"])]

    def final21(self, net, pending):
        """A cluster-wide create of a network pending on some members
        (refused: not defined on the others), or a create --target again.
        None once it is pending on all three: the live members share one
        host, where a bridge's automatic subnet is never found and a second
        member's bridge already exists (seed 21001: "Failed generating auto
        config: Failed to automatically find an unused IPv4 subnet"), which
        no real cluster meets (tests/live/DISAGREEMENTS.md 22-fidgen21)."""
        r = self.rng
        if len(pending) < 3 and r.random() < 0.7:
            self.cmd("network create %s%s" % (net, r.choice(["", " ipv4.address=none"])))
        else:
            self.cmd("network create %s --target %s" % (net, r.choice(sorted(pending) + ["nomember"])))

    def op_network21(self):
        """Networks created --target per member then without (the live
        members share one host: a final create fails), keys set and unset
        with and without --target, nics naming them on instances that then
        move, network delete while in use."""
        r = self.rng
        nets = self.__dict__.setdefault("nets21", {})  # network -> members pending
        if not nets or r.random() < 0.25:
            net = self.name("n")
            nets[net] = set()
            for m in r.sample(MEMBERS, r.randint(1, 3)):
                self.cmd("network create %s --target %s" % (net, m))
                nets[net].add(m)
            if r.random() < 0.4:
                self.final21(net, nets[net])
            return
        net = self.pick(nets)
        c = r.random()
        key, values = r.choice(self.NET_KEYS21)
        if c < 0.25:
            tgt = " --target %s" % self.member() if r.random() < 0.5 else ""
            val = r.choice(values)
            self.cmd("network set %s %s=%s%s" % (net, key, val, tgt))
        elif c < 0.4:
            tgt = " --target %s" % self.member() if r.random() < 0.4 else ""
            self.cmd("network unset %s %s%s" % (net, key, tgt))
        elif c < 0.5:
            self.final21(net, nets[net])
        elif c < 0.85:
            inst = self.pick([i for i, s in self.instances.items() if s["project"] is None])
            if inst is None:
                return
            self.cmd("config device add %s %s nic network=%s%s"
                     % (inst, self.name("d"), net, r.choice(["", "", " name=eth1", " mtu=1400"])))
            st = self.instances[inst]
            if r.random() < 0.5:
                dest = self.member(st["member"])
                self.cmd("move %s --target %s%s" % (inst, dest, " --stateless" if st["running"] else ""))
                st["member"] = dest
            elif r.random() < 0.5:
                self.op_start_stop(inst)
        else:
            self.cmd("network delete %s" % net)
            del nets[net]

    def op_life21(self, inst):
        """The lifecycle around moves: stop --force, restart, delete --force
        of a running instance, start of several, rename then move, move with
        -s and --target together, --target-project, --stateless."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        c = r.random()
        if c < 0.15:
            self.cmd("stop %s --force%s" % (inst, pf))
            st["running"] = False
        elif c < 0.25:
            self.cmd("restart %s%s%s" % (inst, r.choice(["", " --force"]), pf))
        elif c < 0.32:
            if st["running"]:
                self.cmd("delete %s --force%s" % (inst, pf))
                del self.instances[inst]
        elif c < 0.42:
            others = [i for i, s in self.instances.items() if s["project"] == st["project"] and i != inst]
            names = [inst] + r.sample(sorted(others), min(len(others), r.randint(1, 2)))
            self.cmd("start %s%s" % (" ".join(names), pf))
            for n in names:
                self.instances[n]["running"] = True
        elif c < 0.6:
            new = self.name("r")
            self.cmd("rename %s %s%s" % (inst, new, pf))
            # "Renaming of running container not allowed" (seeds 21003,
            # 21004); the generator's running flag is rough (an evacuation
            # stops what it cannot move), so some renames it thinks refused
            # happen (seed 21002) and later lines name the old one
            if not st["running"]:
                self.instances[new] = self.instances.pop(inst)
                inst = new
            dest = self.member(st["member"])
            self.cmd("move %s --target %s%s%s" % (inst, dest, " --stateless" if st["running"] else "", pf))
            st["member"] = dest
        elif c < 0.78:
            dest = self.member(st["member"] if r.random() < 0.8 else None)
            pool = r.choice(self.pools)
            flag = r.choice(["", " --stateless"]) if st["running"] else ""
            self.cmd("move %s --target %s -s %s%s%s" % (inst, dest, pool, flag, pf))
            st["member"] = dest
        elif c < 0.9:
            project = self.pick(self.projects) if self.projects and r.random() < 0.7 else None
            if project is None:
                project = self.name("j")
                self.cmd("project create %s -c features.images=false -c features.profiles=false" % project)
                self.projects.append(project)
            tgt = " --target %s" % self.member() if r.random() < 0.5 else ""
            self.cmd("move %s --target-project %s%s%s%s"
                     % (inst, project, tgt, " --stateless" if st["running"] else "", pf))
        else:
            dest = self.member(st["member"])
            self.cmd("move %s --target %s%s%s" % (inst, dest, " --stateless" if st["running"] or r.random() < 0.3 else "", pf))
            st["member"] = dest

    def op_vol21(self):
        """Volume attach/detach forms (a device name, a path, detach of a
        missing device or of a volume not attached) and volume copy/move
        between members with snapshots (--volume-only, --target)."""
        r = self.rng
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or r.random() < 0.2:
            m = self.member()
            vol = self.name("v")
            self.cmd("storage volume create local %s --target %s" % (vol, m))
            self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
            if r.random() < 0.6:
                self.cmd("storage volume snapshot local %s s1 --target %s" % (vol, m))
                self.volumes[vol]["snaps"].append("s1")
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        v.setdefault("snaps", [])
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        c = r.random()
        tgt = " --target %s" % v["member"] if r.random() < 0.6 else ""
        if c < 0.35 and insts:
            inst = r.choice(insts)
            form = r.choice(["%s /mnt/%s" % (inst, vol), "%s dv%s /mnt/%s" % (inst, vol[-2:], vol), inst])
            self.cmd("storage volume attach local %s %s%s" % (vol, form, tgt))
            v["attached"].add(inst)
        elif c < 0.5 and insts:
            inst = r.choice(sorted(v["attached"]) or insts)
            dev = r.choice(["", "", " nodev", " dv%s" % vol[-2:]])
            self.cmd("storage volume detach local %s %s%s%s" % (vol, inst, dev, tgt))
            if not dev:
                v["attached"].discard(inst)
        elif c < 0.6:
            self.cmd("storage volume snapshot local %s s%d%s" % (vol, len(v["snaps"]) + 1, tgt))
            if tgt:
                v["snaps"].append("s%d" % (len(v["snaps"]) + 1))
        else:
            verb = "copy" if r.random() < 0.6 else "move"
            new = self.name("v")
            flags = tgt
            if r.random() < 0.7:
                flags += " --destination-target %s" % self.member(v["member"] if r.random() < 0.8 else None)
            if verb == "copy" and r.random() < 0.4:
                flags += " --volume-only"
            src = vol
            if verb == "copy" and v["snaps"] and r.random() < 0.25:
                src = "%s/%s" % (vol, r.choice(v["snaps"]))
            self.cmd("storage volume %s local/%s local/%s%s" % (verb, src, new, flags))
            if verb == "copy":
                self.volumes[new] = dict(pool="local", member="?", attached=set(), snaps=[])
            elif not v["attached"]:
                self.volumes[new] = self.volumes.pop(vol)
                self.volumes[new]["member"] = "?"

    OPS_GEN21 = [("op_member21", 12), ("op_evac21", 16), ("op_network21", 14), ("op_life21", 24), ("op_vol21", 14)]
    ON_INSTANCE_GEN21 = {"op_life21"}

    # ---- gen 22: what users paste around an evacuation that gens 1-21
    # drew rarely (scenarios/paste, scenarios/bugs): edits while a member is
    # evacuated (its instances' config, the profiles they use, the member's
    # own config and groups) before the restore, volumes attached and
    # detached across members, lxc project switch in the middle of a
    # sequence, and the power verbs on instances in every state
    INST_KEYS22 = [("limits.cpu", ["1", "2"]), ("limits.memory", ["256MiB", "lots"]), ("user.note", ["x", ""]),
                   ("boot.autostart", ["true", "false"]), ("cluster.evacuate", ["stop", "migrate", "auto", "live-migrate"]),
                   ("migration.stateful", ["true", "false"]), ("security.privileged", ["true"])]

    def op_evacedit22(self):
        """With a member evacuated (one evacuated first): config set/unset
        on an instance that was on it, a profile it uses set or given a
        device, the member's scheduler.instance or groups changed, a
        start/stop/restart of the instance, then (sometimes) the restore."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not self.evacuated:
            m = r.choice(MEMBERS)
            self.cmd("cluster evacuate %s --force" % m)
            self.evacuated.add(m)
            return
        m = self.pick(self.evacuated)
        there = [i for i in insts if self.instances[i]["member"] in (m, "?")] or insts
        inst = self.pick(there)
        c = r.random()
        if c < 0.3 and inst is not None:
            key, values = r.choice(self.INST_KEYS22)
            val = r.choice(values)
            if val:
                self.cmd("config set %s %s=%s" % (inst, key, val))
            else:
                self.cmd("config unset %s %s" % (inst, key))
        elif c < 0.45:
            prof = self.pick([p for p, pr in self.profiles.items() if pr is None])
            if prof is None:
                prof = self.name("p")
                self.cmd("profile create %s" % prof)
                self.profiles[prof] = None
                if inst is not None:
                    self.cmd("profile add %s %s" % (inst, prof))
                return
            d = r.random()
            if d < 0.4:
                self.cmd("profile set %s %s" % (prof, r.choice(["limits.cpu=1", "user.k=v", "cluster.evacuate=stop",
                                                                 "limits.memory=128MiB", "boot.autostart=true"])))
            elif d < 0.7:
                self.cmd("profile device add %s pd%d disk source=%s path=/mnt/pd" % (prof, self.n, r.choice(
                    ["/tmp", "/nonexistent"])))
            else:
                self.cmd("profile unset %s %s" % (prof, r.choice(["limits.cpu", "user.k", "cluster.evacuate"])))
        elif c < 0.6:
            d = r.random()
            if d < 0.5:
                self.cmd("cluster set %s scheduler.instance=%s" % (m, r.choice(["manual", "group", "all"])))
            elif d < 0.75:
                self.cmd("cluster group create g%s" % self.p)
                self.cmd("cluster group assign %s g%s%s" % (m, self.p, r.choice(["", ",default"])))
            else:
                self.cmd("cluster unset %s scheduler.instance" % m)
        elif c < 0.8 and inst is not None:
            st = self.instances[inst]
            verb = r.choice(["start", "stop", "stop --force", "restart", "restart --force"])
            self.cmd("%s %s" % (verb, inst) if " " not in verb else "%s %s %s" % (verb.split()[0], inst,
                                                                                   verb.split()[1]))
            st["running"] = verb.startswith("start") or verb.startswith("restart") and st["running"]
        else:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)

    def op_volx22(self):
        """A volume of one member attached to an instance on another (with
        and without --target), detached, or attached and the instance then
        moved to the volume's member or away from it."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        vols = sorted(v for v, s in self.volumes.items() if s["pool"] == "local" and s["member"] in MEMBERS)
        if not vols or not insts or r.random() < 0.25:
            m = self.member()
            vol = self.name("v")
            self.cmd("storage volume create local %s --target %s" % (vol, m))
            self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
            return
        vol = r.choice(vols)
        v = self.volumes[vol]
        inst = r.choice(insts)
        st = self.instances[inst]
        c = r.random()
        tgt = r.choice(["", " --target %s" % v["member"], " --target %s" % self.member(v["member"])])
        if c < 0.45:
            self.cmd("storage volume attach local %s %s /mnt/%s%s" % (vol, inst, vol, tgt))
            v["attached"].add(inst)
        elif c < 0.7:
            self.cmd("storage volume detach local %s %s%s" % (vol, inst, tgt))
            v["attached"].discard(inst)
        else:
            dest = v["member"] if r.random() < 0.5 else self.member(v["member"])
            self.cmd("move %s --target %s%s" % (inst, dest, " --stateless" if st["running"] else ""))
            st["member"] = dest

    def op_switch22(self):
        """lxc project switch to a project (created first, or missing), a
        command or two there (a launch, a config set, a volume create),
        and (mostly) the switch back to default."""
        r = self.rng
        c = r.random()
        if c < 0.15:
            target = "nope%s" % self.p
        else:
            target = self.pick(self.projects) if self.projects and r.random() < 0.6 else None
            if target is None:
                target = self.name("j")
                self.cmd("project create %s -c features.images=false%s" % (
                    target, r.choice(["", " -c features.profiles=false", " -c limits.instances=1"])))
                self.projects.append(target)
        self.cmd("project switch %s" % target)
        for _ in range(r.randint(1, 2)):
            d = r.random()
            if d < 0.45:
                name = self.name("c")
                self.cmd("launch img %s --target %s -s local" % (name, self.member()))
                if not target.startswith("nope"):
                    self.instances[name] = dict(member="?", running=True, snaps=[], project=target)
            elif d < 0.7:
                inst = self.pick([i for i, s in self.instances.items() if s["project"] in (None, target)])
                if inst is not None:
                    self.cmd("config set %s user.sw=%d" % (inst, self.n))
            else:
                self.cmd("storage volume create local %s --target %s" % (self.name("v"), self.member()))
        if r.random() < 0.85:
            self.cmd("project switch default")
        else:
            # the rest of the scenario runs in the project (lxc keeps it):
            # the generator's later lines name default's instances, which
            # the project does not have
            self.cmd("list")

    def op_power22(self, inst):
        """stop --force, restart (--force) and start of an instance in
        each state: stopped, running, on an evacuated member, just moved."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        verb = r.choice(["stop --force", "stop", "restart", "restart --force", "start", "start"])
        word, _, flag = verb.partition(" ")
        self.cmd("%s %s%s%s" % (word, inst, " " + flag if flag else "", pf))
        if word == "stop":
            st["running"] = False
        elif word == "start":
            st["running"] = True
        if r.random() < 0.3:
            dest = self.member(st["member"])
            self.cmd("move %s --target %s%s%s" % (inst, dest, " --stateless" if st["running"] else "", pf))
            st["member"] = dest

    OPS_GEN22 = [("op_evacedit22", 26), ("op_volx22", 14), ("op_switch22", 8), ("op_power22", 14),
                 ("op_life21", 8), ("op_member21", 6)]
    ON_INSTANCE_GEN22 = {"op_power22", "op_life21"}

    # ---- gen 23: the spellings of pasted reports (scenarios/paste,
    # scenarios/bugs, tests/paste-corpus) around maintenance that gens 1-22
    # do not draw: short flags (stop -f, delete -f, restart -f), snapshots
    # named by LXD (snap0, snap1: lxc snapshot C without a name) then
    # restored, a profile whose disk names a local custom volume on
    # instances that then move, copy --refresh after the source changed,
    # edits of instances on an evacuated member, and projects with limits
    def op_snapauto23(self, inst):
        """lxc snapshot C (LXD names it snap0, snap1, ...), lxc restore C
        snapN, lxc info C, lxc delete C/snapN; a restore of a snapshot
        that does not exist."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        auto = [s for s in st["snaps"] if s.startswith("snap")]
        c = r.random()
        if c < 0.45 or not auto:
            self.cmd("snapshot %s%s" % (inst, pf))
            st["snaps"].append("snap%d" % len(auto))
        elif c < 0.75:
            self.cmd("restore %s %s%s" % (inst, r.choice(auto + ["snap9"]), pf))
        elif c < 0.85:
            self.cmd("info %s%s" % (inst, pf))
        else:
            snap = r.choice(auto)
            self.cmd("delete %s/%s%s" % (inst, snap, pf))
            st["snaps"].remove(snap)

    def op_short23(self, inst):
        """stop -f, restart -f, delete -f, start, and a move as typed:
        running instances moved live (no --stateless) or stopped first."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        c = r.random()
        if c < 0.25:
            self.cmd("stop -f %s%s" % (inst, pf) if r.random() < 0.5 else "stop %s -f%s" % (inst, pf))
            st["running"] = False
        elif c < 0.4:
            self.cmd("restart -f %s%s" % (inst, pf))
        elif c < 0.5:
            self.cmd("delete -f %s%s" % (inst, pf))
            del self.instances[inst]
        elif c < 0.65:
            self.cmd("start %s%s" % (inst, pf))
            st["running"] = True
        else:
            dest = self.member(st["member"])
            if st["running"] and r.random() < 0.5:
                self.cmd("stop -f %s%s" % (inst, pf))
                st["running"] = False
            self.cmd("move %s --target %s%s" % (inst, dest, pf))
            if not st["running"]:
                st["member"] = dest

    def op_profvol23(self):
        """A local custom volume named by a profile's disk (pool= source=),
        the profile given to an instance (lxc profile add, or launch -p),
        then the instance moved to another member or the volume's."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        m = self.member()
        vol = self.name("v")
        prof = self.name("p")
        self.cmd("storage volume create local %s --target %s" % (vol, m))
        self.volumes[vol] = dict(pool="local", member=m, attached=set(), snaps=[])
        self.cmd("profile create %s" % prof)
        self.profiles[prof] = None
        self.cmd("profile device add %s data disk pool=local source=%s path=/mnt/data" % (prof, vol))
        if insts and r.random() < 0.6:
            inst = r.choice(insts)
            self.cmd("profile add %s %s" % (inst, prof))
        else:
            inst = self.name("c")
            self.cmd("launch img %s --target %s -s local -p default -p %s" % (inst, r.choice([m, self.member(m)]), prof))
            self.instances[inst] = dict(member="?", running=True, snaps=[], project=None)
        st = self.instances[inst]
        if r.random() < 0.7:
            dest = r.choice([m, self.member(m)])
            self.cmd("move %s --target %s%s" % (inst, dest, " --stateless" if st["running"] else ""))
            st["member"] = dest
        if r.random() < 0.3:
            self.cmd("profile remove %s %s" % (inst, prof))

    def op_refresh23(self, inst):
        """lxc copy C K (to a member, stopped), then C changed (a key, a
        snapshot) and lxc copy C K --refresh [--instance-only] [--target M]."""
        r = self.rng
        st = self.instances[inst]
        pf = self.proj(inst)
        copies = [k for k, s in self.instances.items() if s.get("copy_of") == inst]
        if not copies or r.random() < 0.3:
            new = self.name("k")
            tgt = self.member()
            self.cmd("copy %s %s --target %s%s%s" % (inst, new, tgt, " --stateless" if st["running"] else "", pf))
            self.instances[new] = dict(member=tgt, running=False, snaps=[], project=st["project"], copy_of=inst)
            return
        k = r.choice(copies)
        c = r.random()
        if c < 0.3:
            self.cmd("config set %s user.rev=%d%s" % (inst, self.n, pf))
        elif c < 0.5:
            snap = "r%d" % self.n
            self.cmd("snapshot %s %s%s" % (inst, snap, pf))
            st["snaps"].append(snap)
        elif c < 0.6:
            self.cmd("start %s%s" % (k, self.proj(k)))
            self.instances[k]["running"] = True
        flags = r.choice(["", " --instance-only", " --stateless", " --target %s" % self.instances[k]["member"]])
        self.cmd("copy %s %s --refresh%s%s" % (inst, k, flags, pf))

    def op_evacedit23(self):
        """A member evacuated with --force, then what a user types at its
        instances: config set limits.*, a device added or removed, config
        device set root size, start (refused), info; then the restore."""
        r = self.rng
        insts = sorted(i for i, s in self.instances.items() if s["project"] is None)
        if not self.evacuated:
            m = r.choice(MEMBERS)
            self.cmd("cluster evacuate %s --force%s" % (m, r.choice(["", " --action stop", " --action migrate"])))
            self.evacuated.add(m)
            return
        m = self.pick(self.evacuated)
        there = [i for i in insts if self.instances[i]["member"] in (m, "?")] or insts
        inst = self.pick(there)
        c = r.random()
        if inst is None or c < 0.2:
            self.cmd("cluster restore %s --force" % m)
            self.evacuated.discard(m)
        elif c < 0.4:
            self.cmd("config set %s %s" % (inst, r.choice(["limits.cpu=2", "limits.memory=512MiB",
                                                              "limits.memory=1GiB limits.cpu=1", "boot.autostart=false"])))
        elif c < 0.55:
            self.cmd("config device add %s tmp%d disk source=/tmp path=/mnt/t%d" % (inst, self.n, self.n))
        elif c < 0.65:
            self.cmd("config device override %s root size=2GiB" % inst)
        elif c < 0.8:
            self.cmd("start %s" % inst)
        else:
            self.cmd("info %s" % inst)

    def op_plimits23(self):
        """A project with limits (limits.instances, limits.containers,
        limits.memory, limits.cpu) and features.images=false, a launch
        there (with and without limits.memory), the limit lowered or
        raised, a copy or a move inside it, lxc list --project."""
        r = self.rng
        if not self.projects or r.random() < 0.3:
            proj = self.name("j")
            lim = r.choice(["limits.instances=2", "limits.containers=1", "limits.memory=1GiB", "limits.cpu=2",
                            "limits.instances=1 -c limits.memory=512MiB"])
            self.cmd("project create %s -c features.images=false -c %s" % (proj, lim))
            self.projects.append(proj)
            return
        proj = self.pick(self.projects)
        inside = sorted(i for i, s in self.instances.items() if s["project"] == proj)
        c = r.random()
        if c < 0.35 or not inside:
            name = self.name("c")
            mem = r.choice(["", " -c limits.memory=256MiB", " -c limits.memory=2GiB", " -c limits.cpu=1"])
            self.cmd("launch img %s --project %s --target %s -s local%s" % (name, proj, self.member(), mem))
            self.instances[name] = dict(member="?", running=True, snaps=[], project=proj)
        elif c < 0.55:
            self.cmd("project set %s %s" % (proj, r.choice(["limits.instances=1", "limits.instances=5",
                                                             "limits.memory=256MiB", "limits.containers=0"])))
        elif c < 0.7:
            inst = r.choice(inside)
            new = self.name("k")
            self.cmd("copy %s %s --project %s%s" % (inst, new, proj,
                                                    " --stateless" if self.instances[inst]["running"] else ""))
            self.instances[new] = dict(member="?", running=False, snaps=[], project=proj)
        elif c < 0.85:
            inst = r.choice(inside)
            st = self.instances[inst]
            self.cmd("move %s --target %s --project %s%s" % (inst, self.member(st["member"]), proj,
                                                             " --stateless" if st["running"] else ""))
        else:
            self.cmd("list --project %s" % proj)

    OPS_GEN23 = [("op_snapauto23", 14), ("op_short23", 14), ("op_profvol23", 10), ("op_refresh23", 12),
                 ("op_evacedit23", 14), ("op_plimits23", 12), ("op_launch", 6)]
    ON_INSTANCE_GEN23 = {"op_snapauto23", "op_short23", "op_refresh23"}

    def scenario(self, title, length):
        if self.rng.random() < 0.25 or self.gen >= 6:
            self.pools.append(self.p + "pool")
        # a few instances to start with, so the rest has something to act on
        for _ in range(self.rng.randint(1, 3)):
            self.op_launch()
        ops = self.OPS + (self.OPS_GEN2 if self.gen >= 2 else []) + (self.OPS_GEN3 if self.gen >= 3 else [])
        ops += self.OPS_GEN4 if self.gen >= 4 else []
        ops += self.OPS_GEN5 if self.gen >= 5 else []
        ops += self.OPS_GEN6 if self.gen >= 6 else []
        ops += self.OPS_GEN7 if self.gen >= 7 else []
        ops += self.OPS_GEN8 if self.gen >= 8 else []
        ops += self.OPS_GEN9 if self.gen >= 9 else []
        ops += self.OPS_GEN10 if self.gen >= 10 else []
        ops += self.OPS_GEN11 if self.gen >= 11 else []
        if self.gen >= 12:
            ops = self.OPS + self.OPS_GEN12
        if self.gen >= 13:
            ops = self.OPS + self.OPS_GEN13
        if self.gen >= 14:
            ops = self.OPS + self.OPS_GEN14
        if self.gen >= 15:
            ops = self.OPS + self.OPS_GEN15
        if self.gen >= 16:
            ops = self.OPS + self.OPS_GEN16
        if self.gen >= 17:
            ops = self.OPS + self.OPS_GEN17
        if self.gen >= 18:
            ops = self.OPS + self.OPS_GEN18
        if self.gen >= 19:
            ops = self.OPS + self.OPS_GEN19
        if self.gen >= 20:
            ops = self.OPS + self.OPS_GEN20
        if self.gen >= 21:
            ops = self.OPS + self.OPS_GEN21
        if self.gen >= 22:
            ops = self.OPS + self.OPS_GEN22
        if self.gen >= 23:
            ops = self.OPS + self.OPS_GEN23
        if self.gen >= 3 and self.product == "incus":
            ops = [o for o in ops if o[0] != "op_offline"]
        on_instance = self.ON_INSTANCE | (self.ON_INSTANCE_GEN2 if self.gen >= 2 else set())
        on_instance |= self.ON_INSTANCE_GEN3 if self.gen >= 3 else set()
        on_instance |= self.ON_INSTANCE_GEN4 if self.gen >= 4 else set()
        on_instance |= self.ON_INSTANCE_GEN5 if self.gen >= 5 else set()
        on_instance |= self.ON_INSTANCE_GEN6 if self.gen >= 6 else set()
        on_instance |= self.ON_INSTANCE_GEN7 if self.gen >= 7 else set()
        on_instance |= self.ON_INSTANCE_GEN8 if self.gen >= 8 else set()
        on_instance |= self.ON_INSTANCE_GEN9 if self.gen >= 9 else set()
        on_instance |= self.ON_INSTANCE_GEN10 if self.gen >= 10 else set()
        on_instance |= self.ON_INSTANCE_GEN11 if self.gen >= 11 else set()
        on_instance |= self.ON_INSTANCE_GEN12 if self.gen >= 12 else set()
        on_instance |= self.ON_INSTANCE_GEN13 if self.gen >= 13 else set()
        on_instance |= self.ON_INSTANCE_GEN14 if self.gen >= 14 else set()
        on_instance |= self.ON_INSTANCE_GEN15 if self.gen >= 15 else set()
        on_instance |= self.ON_INSTANCE_GEN16 if self.gen >= 16 else set()
        on_instance |= self.ON_INSTANCE_GEN17 if self.gen >= 17 else set()
        on_instance |= self.ON_INSTANCE_GEN18 if self.gen >= 18 else set()
        on_instance |= self.ON_INSTANCE_GEN19 if self.gen >= 19 else set()
        on_instance |= self.ON_INSTANCE_GEN20 if self.gen >= 20 else set()
        on_instance |= self.ON_INSTANCE_GEN21 if self.gen >= 21 else set()
        on_instance |= self.ON_INSTANCE_GEN22 if self.gen >= 22 else set()
        on_instance |= self.ON_INSTANCE_GEN23 if self.gen >= 23 else set()
        names = [o for o, _ in ops]
        weights = [w for _, w in ops]
        while len(self.lines) < length:
            op = getattr(self, self.rng.choices(names, weights)[0])
            if op.__name__ in on_instance:
                # a command on an instance: one picked at random, or a launch
                inst = self.pick(self.instances)
                op(inst) if inst is not None else self.op_launch()
            else:
                op()
        head = ["# generated by tools/live-random.py: %s" % title, "title %s" % title,
                "profile %s" % ("incus-6.0.4" if self.product == "incus" else "lxd-5.0.2"),
                "members m1 m2 m3", "pool local dir"]
        head += ["pool %s dir" % p for p in self.pools[1:]]
        if self.gen >= 8:
            head += ["host-path m%d %s %s" % (m, state, path) for m in (1, 2, 3) for state, path in self.HOST_PATHS8]
        if self.gen >= 9:
            head += ["host-interface m%d %s" % (m, " ".join(self.HOST_INTERFACES9)) for m in (1, 2, 3)]
        lines = self.lines[:length]
        if self.gen >= 7 and any("unix-char" in line or "unix-block" in line for line in lines):
            # the /dev nodes the unix devices drawn name, as the live hosts
            # have them (model/ms-device-unix.c); header lines only, so a
            # seed draws the same commands
            head += ["host-path m%d %s %s" % (m, state, path) for m in (1, 2, 3) for state, path in self.HOST_DEVS]
        if self.gen >= 7 and self.product != "incus" and any(re.search(r" (gpu|tpm)( |$)", line) for line in lines):
            # the live LXD hosts have no GPU, and swtpm without the
            # tpm_vtpm_proxy module or modprobe (DISAGREEMENTS.md
            # #26-fidlive5); a header line only, as above
            head += ["host-lacks m%d gpu tpm-module" % m for m in (1, 2, 3)]
        if self.gen >= 7 and self.product == "incus" and any(re.search(r" (gpu|tpm)( |$)", line) for line in lines):
            # the live Incus hosts (the same machines) have no GPU either
            # (DISAGREEMENTS.md #32-fidincus13), and swtpm without the
            # module or modprobe (#33-fidincus14: seed 40301)
            head += ["host-lacks m%d gpu tpm-module" % m for m in (1, 2, 3)]
        if self.gen >= 7 and self.product != "incus" and any(
                re.search(r" usb( |$)", line) or "limits.disk.priority" in line for line in lines):
            # nor any USB device, nor blkio.weight under their cgroup v1
            # blkio (DISAGREEMENTS.md #28-fidlive7); a header line only
            head += ["host-lacks m%d usb blkio-weight" % m for m in (1, 2, 3)]
        if self.gen >= 7 and self.product != "incus" and any("shift" in line for line in lines):
            # nor idmapped mounts or shiftfs (DISAGREEMENTS.md #29-fidlive8,
            # #30-fidlive9); a header line only
            head += ["host-lacks m%d idmap" % m for m in (1, 2, 3)]
        # nor CRIU (the LXD and the Incus hosts), at every gen: a live move
        # or copy of a running container and a stateful stop or snapshot
        # meet it, and migsim answers them only on a host declared without
        # it (DISAGREEMENTS.md #31-fidlive11); a header line only
        head += ["host-lacks m%d criu" % m for m in (1, 2, 3)]
        return self.finish_scenario(head, lines)

    # the paths of the unix-char and unix-block devices the generations
    # draw: /dev/loop0 a block device on the live hosts, the others absent
    # (/dev/null, /dev/zero are character devices the model knows)
    HOST_DEVS = [("block", "/dev/loop0")] + [
        ("missing", p) for p in ("/dev/nosuchdev", "/dev/nosuch", "/dev/nosuchblk", "/dev/loop-nope", "/dev/mk",
                                 "/dev/b", "/dev/n9", "/dev/pnull2", "/dev/mynull", "/dev/myzero", "/dev/n0",
                                 "/dev/l0", "/dev/t", "/dev/n")]

    def finish_scenario(self, head, lines):
        if any("cluster.offline_threshold" in line for line in lines):
            # lxd-cluster.sh sets it to 14 at bring-up; the model starts from
            # LXD's default, and replay compares a key the scenario touches
            # at every step (seeds 1001, 1002: 85 and 17 differences of this
            # alone), so the scenario first sets the cluster's value
            lines.insert(0, "%s config set cluster.offline_threshold=14" % self.cli)
        return "\n".join(head + [""] + lines) + "\n"


def prefix_of(seed, k):
    """A short name prefix unique to (seed, k): a letter and base-36 digits."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    v = (seed * 7919 + k) % (36 ** 4)
    s = ""
    for _ in range(4):
        s = digits[v % 36] + s
        v //= 36
    return "q" + s


def generate(seed, count, out, product, gen_version=2):
    os.makedirs(out, exist_ok=True)
    files = []
    for k in range(count):
        rng = random.Random("%d/%d" % (seed, k))
        gen = Gen(rng, prefix_of(seed, k), product, gen_version)
        title = "live-random %s seed %d scenario %d" % (product, seed, k)
        if gen_version != 1:
            title += " gen %d" % gen_version
        # gen 13: 15-30 lines, a replay of 1-2 minutes
        text = gen.scenario(title, rng.randint(15, 30) if gen_version >= 13 else rng.randint(8, 25))
        path = os.path.join(out, "%d-%03d.scn" % (seed, k))
        with open(path, "w") as f:
            f.write(text)
        files.append(path)
    return files


# ---- replay ----------------------------------------------------------------
HERE = os.path.dirname(os.path.realpath(__file__))
LIVE = os.path.join(HERE, "..", "tests", "live")


def log(msg):
    print("live-random: %s" % msg, file=sys.stderr, flush=True)


def replay_all(files, args):
    product = args.product
    lock_path = "/tmp/migsim-%s-live.lock" % product
    # A lane (MIGSIM_LXD_OFFSET=3K+3, live-cluster.sh) is a cluster of its own
    # on other addresses, serialised by the kill sweep's lane lock, not the
    # default one: several differential runs can then go on side by side.
    offset = int(os.environ.get("MIGSIM_LXD_OFFSET", "0") or 0)
    if product == "lxd" and offset:
        lock_path = "/tmp/migsim-lxd-live-lane%d.lock" % ((offset - 3) // 3)
    cluster_sh = os.path.join(LIVE, "%s-cluster.sh" % product)
    pending = list(files)
    retried = set()
    failures = 0
    hold = 0
    while pending:
        hold += 1
        cdir = "/tmp/ms-lr-%s-%d" % (product, os.getpid())
        with open(lock_path, "a") as lock:
            log("hold %d: waiting for %s" % (hold, lock_path))
            fcntl.flock(lock, fcntl.LOCK_EX)
            t0 = time.monotonic()
            up = subprocess.run([cluster_sh, "up", cdir], stdout=subprocess.PIPE, text=True)
            if up.returncode != 0:
                log("bring-up failed (exit %d); retrying after the lock is released" % up.returncode)
                subprocess.run([cluster_sh, "down", cdir])
                fcntl.flock(lock, fcntl.LOCK_UN)
                failures += 1
                if failures > 3:
                    return 1
                time.sleep(20)
                continue
            socket = up.stdout.strip().splitlines()[-1]
            log("hold %d: cluster up in %.0f s" % (hold, time.monotonic() - t0))
            per = []
            while pending and time.monotonic() - t0 < args.hold - max(per[-3:] + [40]) - 15:
                f = pending.pop(0)
                t = time.monotonic()
                broken = replay_one(f, socket, cdir, args)
                per.append(time.monotonic() - t)
                log("%s: %.0f s" % (os.path.basename(f), per[-1]))
                if broken == "refused" and f not in retried:
                    # the cluster a crash left (a member offline): run it
                    # again on a fresh one
                    retried.add(f)
                    pending.insert(0, f)
                if broken:
                    log("%s: the cluster is not whole (%s); a fresh one for the rest" % (os.path.basename(f), broken))
                    break
            subprocess.run([cluster_sh, "down", cdir], stdout=subprocess.DEVNULL)
            log("hold %d: %d scenarios in %.0f s" % (hold, len(per), time.monotonic() - t0))
        time.sleep(5)  # let the kill sweep and other helpers take the lock
    return 0


def replay_one(f, socket, cdir, args):
    base = f[:-4]
    opts = []
    if args.product == "lxd":
        opts = ["--profile", "lxd-5.0.2", "--fault-command",
                "%s fault %s" % (os.path.join(LIVE, "lxd-cluster.sh"), cdir)]
    cmd = [args.migsim, "replay", "--remote", "unix:" + socket] + opts + [
        "--yes", "--member", "m1=m1", "--member", "m2=m2", "--member", "m3=m3", "--image", "img=bb",
        "--timeout", "200", "--color", "never", "--journal", base + ".journal", "--json", base + ".json", f]
    with open(base + ".out", "w") as out:
        rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT).returncode
    with open(base + ".rc", "w") as out:
        out.write("%d\n" % rc)
    if os.path.exists(base + ".journal"):
        log("%s: journal left behind, recovering" % f)
        subprocess.run([args.migsim, "replay", "--remote", "unix:" + socket, "--recover", base + ".journal"])
        return "journal left behind"
    # a member a daemon crash left offline (seed 15001 scenario 6: the 5.0.2
    # nil pool panic of an evacuation) refuses every later scenario
    if "refused, nothing was changed" in open(base + ".out").read():
        return "refused"
    return None


# ---- summary ---------------------------------------------------------------
NAME_RE = re.compile(r"\bq[0-9a-z]{4}(?:[a-z]+\d+)?\b")


def kind_of(diff):
    """A difference with the names it holds replaced by their role."""
    d = NAME_RE.sub(lambda m: "<" + re.sub(r"\d+$", "", m.group(0)[5:] or "pfx") + ">", diff)
    d = re.sub(r"\b[0-9a-f]{8}-[0-9a-f-]{27}\b", "<uuid>", d)
    m = re.match(r"(instance|volume) \S+ (config|expanded|status|location)( \S+)?:", d)
    if m:
        return "%s %s%s" % (m.group(1), m.group(2), m.group(3) if m.group(2) in ("config", "expanded") else "")
    if d.startswith("outcome:") or d.startswith("error text:"):
        return d[:200]
    return d.split(":")[0]


def summarise(out_dir, files=None):
    if files is None:
        files = sorted(os.path.join(out_dir, f) for f in os.listdir(out_dir) if f.endswith(".scn"))
    kinds = {}
    rows = []
    steps = replayed = failed = 0
    for f in files:
        base = f[:-4]
        if not os.path.exists(base + ".rc"):
            continue
        replayed += 1
        rc = int(open(base + ".rc").read())
        report = None
        if os.path.exists(base + ".json"):
            try:
                report = json.load(open(base + ".json"))
            except ValueError:
                report = None
        if report is None or not report.get("scenarios"):
            failed += 1
            tail = open(base + ".out").read().strip().splitlines()[-1:] if os.path.exists(base + ".out") else []
            rows.append("%s: replay exit %d, no report: %s" % (f, rc, " ".join(tail)))
            kinds["replay failed (exit %d)" % rc] = kinds.get("replay failed (exit %d)" % rc, 0) + 1
            continue
        for st in report["scenarios"][0]["steps"]:
            live = st.get("live")
            if live is None:
                continue
            steps += 1
            for d in live.get("differences", []):
                k = kind_of(d)
                kinds[k] = kinds.get(k, 0) + 1
                rows.append("%s:%d: %s\n    %s" % (f, st["line"], st["text"], d))
    lines = ["%d scenarios replayed (%d without a report), %d steps compared, %d differences"
             % (replayed, failed, steps, sum(kinds.values())), ""]
    lines += ["%5d  %s" % (n, k) for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += [""] + rows
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "summary.txt"), "w") as f:
        f.write(text)
    return text, sum(kinds.values()) + failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--out", default=None)
    ap.add_argument("--product", choices=["lxd", "incus"], default="lxd")
    ap.add_argument("--replay", action="store_true")
    ap.add_argument("--migsim", default=os.path.join(HERE, "..", "build", "sim", "migsim"))
    ap.add_argument("--hold", type=int, default=420)
    ap.add_argument("--summary", metavar="DIR")
    ap.add_argument("--gen", type=int, choices=list(range(1, 24)), default=2,
                    help="generator version: 1 writes what seeds wrote before gen 2 (seeds 101, 202, 303 of session 9); "
                    "3 adds refused commands and profile device removal, and no offline member for Incus; "
                    "5 adds evacuations with instances in each state, moves with volumes, hand-set keys, snapshot copies; "
                    "7 adds keys of every namespace, devices of every type, attached volumes and profiles in use; "
                    "8 adds host-path disks (recursive, required, optional; declared with host-path) on instances and profiles; "
                    "9 adds nics of every nictype (host-interface), cluster groups, copies with -c/-d; "
                    "10 adds custom volumes end to end, instance snapshots, renames, several keys at once, evacuation per cluster.evacuate; "
                    "11 adds projects: features, count limits, restricted keys, moves between projects, switch, delete; "
                    "12 draws only gen 1's ops and copies in all forms (--refresh, taken names, evacuated members, copies "
                    "of copies), evacuations with profile-layered cluster.evacuate and what users do on the evacuated "
                    "member before the restore, profiles and their devices on other members, snapshots after moves; "
                    "13 draws gen 1's ops and copy --start/-s/--refresh --instance-only, move -s, snapshot verbs on missing "
                    "names, profile devices overridden and set on instances, volume copy/move across pools and members, "
                    "start/stop of several names, rename, evacuate --action and commands aimed at the evacuated member; "
                    "14 draws gen 1's ops and a change to one instance (keys, devices, a profile it uses, its volume) "
                    "followed by a move, copy, evacuation (every --action) or restart, names at the length limit and "
                    "with odd characters, and lxc project switch; "
                    "15 draws gen 1's ops and profile devices added/set/unset/removed under running and stopped users then "
                    "moves and evacuations, config device override/unset, moves --target=@GROUP with scheduler.instance, "
                    "cluster.evacuate per instance and repeated evacuate/restore, project options gating moves, "
                    "copy --refresh/--stateless/--instance-only/--target, volume copy/move/rename across members, "
                    "instance renames, unknown flags; "
                    "17 draws gen 1's ops and evacuations where some instances cannot leave (the client's member too), "
                    "what users do before the restore, groups with scheduler.instance and --target=@GROUP, moves with "
                    "snapshots and volumes, restricted projects, root overrides, profile/config edit from YAML, "
                    "volume copy/move with --target and --destination-target; "
                    "18 draws gen 1's ops and what gens 1-17 drew least: instance keys of every 5.0.2 namespace, "
                    "disk/nic/proxy/unix-char/gpu devices added, set, unset, removed, volume keys set/unset and "
                    "attach/detach/snapshot/copy/move with --target, profile copy/rename/edit/unset and device "
                    "set/unset, odd names, --project (missing, restricted), evacuate/restore --action; "
                    "19 draws gen 1's ops and snapshot restores (--stateful, after changes), snapshot renames, "
                    "unsets of keys never set, device overrides of profile devices, move/copy --instance-only, "
                    "evacuations of instances in odd states, start/stop/restart/delete of several names with one failing; "
                    "20 draws gen 1's ops and unix-char/unix-block/proxy/gpu/usb/tpm devices with every option on "
                    "instances and profiles in use, volume keys set/unset/get, volume snapshots and renames, limits.*/boot.*/"
                    "security.* with odd values, projects with limits and restrictions, copy --refresh/--stateless/-c/-d; "
                    "21 draws gen 1's ops and member config (cluster set/unset, cluster list), cluster.evacuate per "
                    "instance with evacuations, manual moves, stops and restores interleaved, pending networks with "
                    "keys set/unset and nics on instances that move, network delete in use, stop --force, restart, "
                    "delete --force, start of several, rename then move, move --target -s, --target-project, volume "
                    "attach/detach forms and volume copy/move with snapshots across members; 22 draws gen 1's ops and edits "
                    "while a member is evacuated (its instances' config, their profiles, the member's scheduler.instance "
                    "and groups) before the restore, volumes attached and detached across members, lxc project switch "
                    "mid-sequence, stop --force/restart/start in every state")
    args = ap.parse_args()
    if args.summary:
        text, bad = summarise(args.summary)
        sys.stdout.write(text)
        return 1 if bad else 0
    if args.count < 1 or args.hold < 60:
        ap.error("--count must be at least 1 and --hold at least 60")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10 ** 6)
    print("seed %d" % seed, flush=True)
    out = args.out or "/tmp/live-random-%s-%d" % (args.product, seed)
    files = generate(seed, args.count, out, args.product, args.gen)
    print("%d scenarios in %s" % (len(files), out), flush=True)
    if not args.replay:
        return 0
    args.migsim = os.path.realpath(args.migsim)
    rc = replay_all(files, args)
    text, bad = summarise(out, files)
    sys.stdout.write(text.split("\n\n")[0] + "\n\n" + text.split("\n\n")[1] + "\n")
    print("details: %s/summary.txt" % out)
    return 1 if bad or rc else 0


if __name__ == "__main__":
    sys.exit(main())
