#!/usr/bin/env python3
"""Can users paste what they type?  The command lines of tests/paste-corpus/.

  tools/paste-corpus.py extract            rebuild tests/paste-corpus/extracted.tsv
                                           from the LXD and Incus git mirrors
  tools/paste-corpus.py measure [--migsim B] [--list CLASS] [--json F]
                                           run every command of the corpus
                                           (extracted.tsv + reports.tsv) in a
                                           minimal scenario, at the release
                                           of its source's tag (a report's
                                           line at the latest), and count
                                           classes

Corpus lines are `SOURCE<TAB>COMMAND`.  `extract` takes the lines calling
`lxc` (`incus`) of test/suites/*.sh and of doc/**/*.md at the tags below,
normalises what a shell would expand (variables become fixed names,
environment assignments, `!` and `|| false` go), keeps commands in migsim's
scope and drops exact duplicates (the first source is kept).  reports.tsv is
hand-collected from bug reports (canonical/lxd, lxc/incus issues).

Classes (`measure`):
  modelled       parsed, run, an answer (success or LXD's error)
  not-modelled   parsed, migsim says "not modelled"
  not-simulated  parsed, shown as "(not simulated: ...)" (changes nothing
                 migsim keeps; outcome not checked)
  refused        the scenario parser refused the line (exit 3): unknown
                 verb, flag or form
  crash          anything else (signal, exit code other than 0/1/3)
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "paste-corpus")
MIRRORS = "/work/.mirror"
SOURCES = [
    ("canonical+lxd", "lxc", "lxd-5.21.7"),
    ("canonical+lxd", "lxc", "lxd-6.9"),
    ("lxc+incus", "incus", "v6.0.4"),
    ("lxc+incus", "incus", "v6.23.0"),
]

# First words (after the client) in migsim's scope: instances, cluster,
# storage, profiles, projects, networks, config, snapshots, images used to
# create instances.
SCOPE = {
    "launch", "init", "create", "start", "stop", "restart", "delete", "rm",
    "config", "profile", "storage", "project", "cluster", "move", "mv",
    "copy", "cp", "snapshot", "restore", "rename", "list", "ls", "info",
    "network", "exec", "query", "image",
}
IMAGE_SCOPE = {"import", "copy", "cp", "delete", "rm"}
NETWORK_OUT = {"acl", "zone", "peer", "load-balancer", "integration",
               "allocations", "address-set"}
QUERY_OK = re.compile(r"/1\.0/instances/[^/ ]+/backups")


def git_show(repo, tag, path):
    return subprocess.run(
        ["git", "-C", os.path.join(MIRRORS, repo, "repo"), "show",
         f"{tag}:{path}"], capture_output=True, text=True,
        errors="replace").stdout


def git_ls(repo, tag, under):
    out = subprocess.run(
        ["git", "-C", os.path.join(MIRRORS, repo, "repo"), "ls-tree", "-r",
         "--name-only", tag, under], capture_output=True, text=True).stdout
    return out.split()


VAR_NAMES = {
    "lxd_backend": "dir", "incus_backend": "dir", "driver": "dir",
    "storage_pool": "pool1", "pool": "pool1", "pool_name": "pool1",
    # test/main.sh at lxd-6.9 (and Incus' test/main.sh): root disk overrides
    "small_root_disk": "root,size=32MiB",
    "small_vm_root_disk": "root,size=64MiB",
}


def subst_var(m):
    name = (m.group(1) or m.group(2)).lower()
    name = name.split(":")[0]
    if name in VAR_NAMES:
        return VAR_NAMES[name]
    word = re.sub(r"[^a-z0-9]", "", name)
    return word or "x"


def normalise(line, client):
    """A shell line of a test suite or doc as the command a user types, or
    None when it is no plain command of CLIENT."""
    s = line.strip()
    s = re.sub(r"^:input:\s*", "", s)
    s = re.sub(r"^(\$|#)\s+", "", s)
    if "$(" in s or "`" in s or "<<" in s:
        return None
    s = re.sub(r"^!\s+", "", s)
    s = re.sub(r"\s*\|\|\s*(false|true)\s*$", "", s)
    s = re.sub(r"^(sudo\s+)", "", s)
    while True:
        t = re.sub(r"^[A-Z_]+=(\"[^\"]*\"|'[^']*'|\S+)\s+", "", s)
        if t == s:
            break
        s = t
    if not s.startswith(client + " "):
        return None
    if re.search(r"[;&]|\|\||&&|>\s|2>", s):
        return None
    # doc placeholders: <instance_name> -> instance_name
    s = re.sub(r"<([A-Za-z0-9_.-]+)>", lambda m: m.group(1).replace(
        "_name", "").replace("_", ""), s)
    if re.search(r"[<>\[\]{}]", s.replace("${", "$").replace("}", "")):
        if not re.search(r"\$\{", s):
            return None
    s = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_:-]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)",
               subst_var, s)
    if "$" in s or re.search(r"[\[\]{}<>*]", s):
        return None
    s = re.sub(r"\s+", " ", s).strip()
    return s


def in_scope(cmd):
    words = cmd.split()[1:]
    # global flags before the verb
    while words and words[0].startswith("-"):
        w = words.pop(0)
        if w in ("--project", "-p") and words:
            words.pop(0)
    if not words or words[0] not in SCOPE:
        return False
    if words[0] == "image":
        return len(words) > 1 and words[1] in IMAGE_SCOPE
    if words[0] == "network":
        return len(words) > 1 and words[1] not in NETWORK_OUT
    if words[0] == "query":
        return bool(QUERY_OK.search(cmd))
    if words[0] == "config" and len(words) > 1 and words[1] == "trust":
        return False
    if words[0] == "storage" and len(words) > 1 and words[1] == "bucket":
        return False
    if words[0] == "cluster" and len(words) > 1 and words[1] in (
            "enable", "add", "join", "certificate", "update-certificate",
            "revoke-token", "list-tokens", "edit"):
        return False
    return True


def extract():
    seen = set()
    rows = []
    for repo, client, tag in SOURCES:
        files = [f for f in git_ls(repo, tag, "test/suites")
                 if f.endswith(".sh")]
        files += [f for f in git_ls(repo, tag, "doc") if f.endswith(".md")]
        for path in sorted(files):
            text = git_show(repo, tag, path)
            lines = text.split("\n")
            i = 0
            while i < len(lines):
                line, start = lines[i], i
                while line.rstrip().endswith("\\") and i + 1 < len(lines):
                    i += 1
                    line = line.rstrip()[:-1] + " " + lines[i].strip()
                i += 1
                cmd = normalise(line, client)
                if cmd is None or not in_scope(cmd) or cmd in seen:
                    continue
                seen.add(cmd)
                rows.append((f"{repo.replace('+', '/')}@{tag}:{path}:"
                             f"{start + 1}", cmd))
    out = os.path.join(CORPUS, "extracted.tsv")
    with open(out, "w") as f:
        f.write("# generated by tools/paste-corpus.py extract: "
                "SOURCE<TAB>COMMAND\n")
        for src, cmd in rows:
            f.write(f"{src}\t{cmd}\n")
    print(f"{len(rows)} commands -> {out}")


def load():
    rows, seen = [], set()
    for name in ("extracted.tsv", "reports.tsv"):
        path = os.path.join(CORPUS, name)
        if not os.path.exists(path):
            continue
        for line in open(path):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            src, cmd = line.split("\t", 1)
            if cmd in seen:
                continue
            seen.add(cmd)
            rows.append((src, cmd))
    return rows


BASE = ["pool default dir",
        "lxc profile device add default root disk path=/ pool=default"]
MEMBERS = ["node1", "node2", "node3"]
INSTANCE_VERBS = {"start", "stop", "restart", "delete", "rm", "info", "exec",
                  "snapshot", "restore", "move", "mv", "copy", "cp",
                  "rename", "pause", "file", "console", "export", "publish"}
OPTS_WITH_VALUE = {"--project", "--target", "-s", "--storage", "-p",
                   "--profile", "-c", "--config", "-t", "--type", "-n",
                   "--network", "-f", "--format", "--target-project",
                   "--destination-target", "--action", "--description",
                   "-d", "--device", "--columns", "--mode", "--env",
                   "--alias", "--user", "--group", "--cwd", "--reuse",
                   "--expiry", "--no-expiry", "--all-projects"}
FLAG_ONLY = {"--all-projects", "--no-expiry"}


def split_words(cmd):
    import shlex
    try:
        return shlex.split(cmd)
    except ValueError:
        return cmd.split()


def positionals(words):
    """The positional words and the options (as (name, value) pairs) of a
    command line, reading each option as taking a value or not by the table
    above (good enough to choose a set-up)."""
    pos, opts, i = [], [], 0
    while i < len(words):
        w = words[i]
        if w == "--":
            pos.extend(words[i + 1:])
            break
        if w.startswith("-") and len(w) > 1:
            if "=" in w:
                k, v = w.split("=", 1)
                opts.append((k, v))
            elif w in OPTS_WITH_VALUE and w not in FLAG_ONLY and \
                    i + 1 < len(words):
                opts.append((w, words[i + 1]))
                i += 1
            else:
                opts.append((w, None))
        else:
            pos.append(w)
        i += 1
    return pos, opts


def plain(name):
    return bool(name) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)


def remote_free(name):
    """A storage command's REMOTE:POOL as POOL when REMOTE is a plain
    name (the remote is declared from the line's prefixes), else itself."""
    r, colon, rest = name.partition(":")
    return rest if colon and plain(r) else name


# incus storage volume snapshot VERB (cmd/incus/storage_volume.go:2285-2893
# at v6.0.4, :3055-3644 at v6.23.0): the pool is the word after VERB.  lxc's
# storage volume snapshot takes the pool first (lxc/storage_volume.go:2437
# at lxd-6.9).
VOLUME_SNAPSHOT_VERBS = {"create", "delete", "rm", "remove", "list", "ls",
                         "rename", "restore", "show"}


def volume_setup(client, vargs, pools, volumes, vsnaps, instances,
                 profiles):
    """The objects `storage volume VSUB ...` (VARGS) names: its pool (and a
    copy's or move's destination pool), its volume, the volume's snapshot
    when the line names one that must exist, the instance of a volume typed
    container/ or virtual-machine/, the instance or profile of attach and
    detach."""
    vsub, rest = vargs[0], vargs[1:]
    if client == "incus" and vsub == "snapshot" and rest and \
            rest[0] in VOLUME_SNAPSHOT_VERBS and len(rest) > 1:
        ssub, rest = rest[0], rest[1:]
        # create POOL VOL [SNAP], list POOL VOL: the snapshot need not exist;
        # delete|restore POOL VOL SNAP, rename POOL VOL OLD NEW, show POOL
        # VOL SNAP (v6.23.0) or POOL VOL/SNAP (earlier) name one that must
        pool = rest[0]
        pools.add(pool)
        if len(rest) > 1:
            vol, _, snap = rest[1].partition("/")
            if not snap and ssub not in ("create", "list", "ls") and \
                    len(rest) > 2:
                snap = rest[2]
            typed_volume(pool, vol, volumes, vsnaps, snap, instances)
        return
    if vsub in ("copy", "cp", "move", "mv"):
        if rest:
            pool, _, vol = rest[0].partition("/")
            pools.add(pool)
            vol, _, snap = vol.partition("/")
            typed_volume(pool, vol, volumes, vsnaps, snap, instances)
        if len(rest) > 1 and "/" in rest[1]:
            pools.add(rest[1].split("/")[0])
        return
    if not rest:
        return
    pool = rest[0]
    pools.add(pool)
    if vsub in ("create", "import", "list", "ls") or len(rest) < 2:
        return
    vol, snap = rest[1], ""
    typ, slash, name = vol.partition("/")
    if slash and typ in ("custom", "container", "virtual-machine", "image"):
        vol, typ = name, typ + "/"
    else:
        typ = ""
    vol, _, snap = vol.partition("/")
    if vsub in ("snapshot",):
        snap = ""  # lxc storage volume snapshot POOL VOL [SNAP] creates it
    elif vsub == "restore" and len(rest) > 2:
        snap = rest[2]
    typed_volume(pool, typ + vol, volumes, vsnaps, snap, instances)
    if vsub in ("attach", "detach") and len(rest) > 2:
        instances.append(rest[2])
    if vsub in ("attach-profile", "detach-profile") and len(rest) > 2:
        profiles.add(rest[2])


def typed_volume(pool, vol, volumes, vsnaps, snap, instances):
    """A volume as the set-up creates it: custom/NAME or NAME a custom
    volume (and its snapshot SNAP), container/NAME or virtual-machine/NAME
    an instance of that name on POOL (and its snapshot), image/ nothing."""
    typ, slash, name = vol.partition("/")
    if not slash:
        typ, name = "custom", vol
    if typ == "custom":
        volumes.add((pool, name))
        if snap:
            vsnaps.add((pool, name, snap))
    elif typ in ("container", "virtual-machine"):
        instances.append((f"{name}/{snap}" if snap else name, pool, typ))


def setup_for(cmd):
    """Set-up lines that give the command the objects it names, so that
    the run reaches the command's own checks rather than `not found`."""
    words = split_words(cmd)
    client = words[0]
    if client not in ("lxc", "incus"):
        return list(MEMBERS), []
    pos, opts = positionals(words[1:])
    members, lines = list(MEMBERS), []
    pools, profiles, projects, instances = set(), set(), set(), []
    volumes, networks, vsnaps = set(), set(), set()
    for k, v in opts:
        if k == "--target" and v and not v.startswith("@") and plain(v):
            if v not in members:
                members.append(v)
        elif k in ("-s", "--storage") and plain(v):
            pools.add(v)
        elif k in ("-p", "--profile") and plain(v):
            profiles.add(v)
        elif k == "--project" and plain(v):
            projects.add(v)
    verb = pos[0] if pos else ""
    args = pos[1:]
    remotes = []
    # A `NAME:` prefix names a remote, which the scenario declares (a cluster
    # of two members); launch's and init's first argument is an image.
    named = args[1:] if verb in ("launch", "init", "create") else args
    if verb not in ("image", "exec"):
        for a in named:
            r = a.split(":", 1)[0] if ":" in a else ""
            if plain(r) and r not in ("local", "images", "ubuntu",
                                      "ubuntu-daily", "ubuntu-minimal"):
                remotes.append(r)
    sub = args[0] if args else ""
    if verb in INSTANCE_VERBS and args:
        inst = args[0]
        if verb == "snapshot" and client == "incus" and len(args) > 1:
            # incus snapshot VERB INSTANCE [SNAPSHOT]: every verb but
            # create and list names a snapshot that must exist
            inst = args[1]
            if args[0] not in ("create", "list", "ls") and len(args) > 2:
                inst = f"{args[1]}/{args[2]}"
        elif verb == "restore" and len(args) > 1:
            # lxc restore INSTANCE SNAP: a SNAP with a '/' is the whole
            # snapshot name (lxc/restore.go:77-78 at lxd-6.9, IsSnapshot)
            inst = args[1] if "/" in args[1] else f"{args[0]}/{args[1]}"
        instances.append(inst)
    elif verb == "config" and sub in ("device",) and len(args) > 2:
        instances.append(args[2])
    elif verb == "config" and sub in ("set", "unset", "get", "show", "edit"):
        if len(args) > 1 and "=" not in args[1] and "." not in args[1] and \
                not (sub == "set" and len(args) == 3):
            instances.append(args[1])
    elif verb == "profile" and len(args) > 1:
        if sub in ("add", "remove", "assign", "apply") and len(args) > 2:
            instances.append(args[1])
            profiles.update(p for p in args[2].split(","))
        elif sub == "device" and len(args) > 2:
            profiles.add(args[2])
        elif sub not in ("create", "list", "ls"):
            profiles.add(args[1])
    elif verb == "storage" and len(args) > 1:
        if sub == "volume" and len(args) > 2:
            volume_setup(client, args[1:], pools, volumes, vsnaps,
                         instances, profiles)
        elif sub not in ("create", "list", "ls", "volume"):
            pools.add(args[1])
    elif verb == "project" and len(args) > 1 and sub not in (
            "create", "list", "ls", "switch"):
        projects.add(args[1])
    elif verb == "network" and len(args) > 1 and sub not in (
            "create", "list", "ls"):
        networks.add(args[1])
    projects.discard("default")
    profiles.discard("default")
    pools.discard("default")
    for p in sorted(x for x in projects if plain(x)):
        lines.append(f"{client} project create {p}")
    for p in sorted(x for x in pools if plain(remote_free(x))):
        lines.insert(0, f"pool {p} dir")
    for p in sorted(x for x in profiles if plain(x)):
        lines.append(f"{client} profile create {p}")
    for n in sorted(x for x in networks if plain(x)):
        for m in MEMBERS:
            lines.append(f"{client} network create {n} --target {m}")
        lines.append(f"{client} network create {n}")
    for pool, vol in sorted(volumes):
        if plain(remote_free(pool)) and plain(vol):
            lines.append(f"{client} storage volume create {pool} {vol}")
    for pool, vol, snap in sorted(vsnaps):
        if (pool, vol) in volumes and plain(remote_free(pool)) and \
                plain(vol) and plain(snap):
            lines.append(
                f"{client} storage volume snapshot {pool} {vol} {snap}"
                if client == "lxc" else
                f"{client} storage volume snapshot create {pool} {vol} {snap}")
    for inst in instances:
        kind = ""
        if isinstance(inst, tuple):
            inst, pool, kind = inst
        name, _, snap = inst.partition("/")
        if plain(name) and ":" not in inst and (not kind or plain(pool)):
            lines.append(f"{client} launch testimage {name} --target node1"
                         + (f" -s {pool}" if kind else "")
                         + (" --vm" if kind == "virtual-machine" else ""))
            if snap and plain(snap):
                lines.append(
                    f"{client} snapshot {name} {snap}" if client == "lxc"
                    else f"{client} snapshot create {name} {snap}")
    for r in sorted(set(remotes)):
        lines.insert(0, f"remote {r} members {r}-1 {r}-2")
    return members, lines


def profile_of(source):
    """The release a corpus line is typed at: its source's tag (a test
    suite's or doc's line is what that release's client takes; lxd-6.9's
    and incus-6.23's `profile` names), None for a bug report's line (migsim
    then takes the latest release)."""
    m = re.match(r"canonical/lxd@(lxd-[0-9.]+):", source)
    if m:
        return m.group(1)
    m = re.match(r"lxc/incus@v([0-9]+)\.([0-9]+)\.([0-9]+):", source)
    if m:
        major, minor, patch = m.groups()
        # Incus LTS profiles are incus-6.0.N; feature releases incus-6.M
        return (f"incus-{major}.{minor}.{patch}" if minor == "0"
                else f"incus-{major}.{minor}")
    return None


def scenario(cmd, with_setup, source=""):
    members, setup = setup_for(cmd) if with_setup else (MEMBERS, [])
    out = [f"members {' '.join(members)}"]
    profile = profile_of(source)
    if profile:
        out.insert(0, f"profile {profile}")
    directives = [x for x in BASE + setup if not x.startswith(("lxc ",
                                                               "incus "))]
    steps = [x for x in BASE + setup if x.startswith(("lxc ", "incus "))]
    out += sorted(directives, key=lambda d: not d.startswith("remote "))
    client = "incus" if re.search(r"(^|\s)incus\s", cmd) else "lxc"
    for s in steps:
        out += [s.replace("lxc ", client + " ", 1), "expect any"]
    # A loop's line takes no `expect` after it (migsim refuses one: which
    # pass failed is not known); its passes' outcomes are then checked.
    if cmd.startswith("for "):
        out += [cmd]
        return "\n".join(out) + "\n", len(out)
    out += [cmd, "expect any"]
    return "\n".join(out) + "\n", len(out) - 1


def classify(migsim, cmd, tmp, source=""):
    for with_setup in (True, False):
        text, line = scenario(cmd, with_setup, source)
        path = os.path.join(tmp, "c.scn")
        with open(path, "w") as f:
            f.write(text)
        r = subprocess.run([migsim, "run", path], capture_output=True,
                           text=True, errors="replace", timeout=60)
        if r.returncode == 3:
            err = [x for x in (r.stdout + r.stderr).split("\n")
                   if re.search(r"c\.scn:\d+:", x)]
            lines = {int(m.group(1)) for x in err
                     for m in [re.search(r"c\.scn:(\d+):", x)] if m}
            if with_setup and lines and min(lines) != line:
                continue  # a set-up line refused: try without set-up
            why = err[0].split(":", 2)[-1].strip() if err else r.stderr
            return "refused", why.split("\n")[0]
        if r.returncode not in (0, 1):
            return "crash", f"exit {r.returncode}: {r.stderr[-200:]}"
        m = re.search(rf"^\s*{line}  ", r.stdout, re.M)
        tail = r.stdout[m.start():] if m else r.stdout
        tail = tail.split("\n-- ")[0]
        if "not simulated" in tail:
            m = re.search(r"\(not simulated: [^\n]*", tail)
            return "not-simulated", m.group(0) if m else ""
        w = [x.strip() for x in tail.split("\n") if "not modelled" in x
             and not x.strip().startswith("note:")]
        if w:
            return "not-modelled", w[0]
        ans = tail.strip().split("\n")
        return "modelled", ans[1].strip() if len(ans) > 1 else ""
    return "refused", "set-up"


def measure(args):
    rows = load()
    res = []
    import concurrent.futures

    def one(row):
        with tempfile.TemporaryDirectory() as tmp:
            cls, why = classify(args.migsim, row[1], tmp, row[0])
        return {"source": row[0], "command": row[1], "class": cls,
                "answer": why}

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        res = list(ex.map(one, rows))
    counts = collections.Counter(r["class"] for r in res)
    total = len(res)
    for cls in ("modelled", "not-modelled", "not-simulated", "refused",
                "crash"):
        n = counts.get(cls, 0)
        print(f"{cls:14} {n:5}  {100.0 * n / total:5.1f} %")
    print(f"{'total':14} {total:5}")
    if args.by_source:
        by = collections.defaultdict(collections.Counter)
        for r in res:
            key = r["source"].split(":")[0]
            by[key][r["class"]] += 1
        for k in sorted(by):
            print(k, dict(by[k]))
    if args.list:
        for r in res:
            if r["class"] == args.list:
                print(f"{r['command']}\n    {r['answer']}\n    "
                      f"({r['source']})")
    if args.reasons:
        why = collections.Counter()
        for r in res:
            if r["class"] == args.reasons:
                why[re.sub(r"'[^']*'", "'X'", r["answer"])] += 1
        for k, n in why.most_common(40):
            print(f"{n:4} {k}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sp = ap.add_subparsers(dest="cmd", required=True)
    sp.add_parser("extract")
    m = sp.add_parser("measure")
    m.add_argument("--migsim", default=os.path.join(ROOT, "build", "sim",
                                                    "migsim"))
    m.add_argument("--list", help="print the commands of CLASS")
    m.add_argument("--reasons", help="count the answers of CLASS")
    m.add_argument("--by-source", action="store_true")
    m.add_argument("--json")
    m.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    if a.cmd == "extract":
        extract()
    else:
        measure(a)


if __name__ == "__main__":
    main()
