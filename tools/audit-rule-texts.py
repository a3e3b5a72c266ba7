#!/usr/bin/env python3
"""Checks every error text of the rule table against the LXD (or Incus)
source at each release it is claimed for: the text's literal fragments must
all occur in that tag's Go sources (not tests).  A text that is not there is
a wrong claim (a wording that changed, a release range that is too wide).

    tools/audit-rule-texts.py MIGSIM [--lxd GIT] [--incus GIT] [--absent] [PROFILE...]

PROFILE defaults to every profile of 'MIGSIM profiles': the hand-audited
releases (lxd-5.0.2, lxd-5.21.x, lxd-6.x), the derived ones of
model/ms-rules-derived.c (lxd-5.0.x, lxd-5.1 .. 5.20) and Incus's.  GIT: the bare mirrors (default
/work/.mirror/canonical+lxd/repo and /work/.mirror/lxc+incus/repo; clones of
github.com/canonical/lxd and github.com/lxc/incus work the same).

--absent also lists rules the table says are absent from a release although
all fragments of one of their texts occur in its source: mostly the same
words in another code path, but worth a look when a rule is new.

A fragment is a run of at least 8 characters between format verbs (%s, %q,
...), Go's ": " wrapping and quotes.  Texts that are not literal in the
source are listed in NOT_LITERAL with the reason; anything else that is
reported is a finding.  Exit status: 1 when there is a finding, 2 on usage
errors.  Takes about 7 s per release."""
import json
import re
import subprocess
import sys

# rule (or "incus:RULE" for Incus only) -> why its text is not a literal of
# the Go source
NOT_LITERAL = {
    "CREATE.DUPLICATE": "ends with SQLite's own text (UNIQUE constraint failed: ...)",
    "incus:EVAC.BAD_MODE": "Incus validates the mode with validate.IsOneOf, which prints the list at run time",
    "CFG.INST.EVACUATE_VALUE": "validate.IsOneOf prints the allowed list at run time",
    "CFG.INST.NOT_ONE_OF": "validate.IsOneOf prints the allowed list at run time",
    "CLI.UNKNOWN_FLAG": "cobra's text (vendored, not in the LXD tree)",
    "CLI.UNKNOWN_SHORTHAND": "pflag's text (vendored, not in the LXD tree)",
    "CLI.UNKNOWN_COMMAND": "cobra's text (vendored, not in the LXD tree)",
    "EVAC.NIL_POOL_CRASH": "migsim's description of a daemon crash (<...>), not a text LXD prints",
    "CREATE.TARGET_OFFLINE": "a connection error (<...>), worded by Go's net package",
    "MOVE.VM_LIVE_NEEDS_KEY": "ends with <the source closed the connection>, a network error",
    "NAME.INSTANCE": "the catalogue lists two texts of model/ms-names.c in one line (\" / \")",
    "CLI.YAML_UNMARSHAL": "gopkg.in/yaml.v2's TypeError text (a module lxc imports, not in the LXD tree)",
    "incus:CLI.YAML_UNMARSHAL": "gopkg.in/yaml.v2's TypeError text (a module the incus client imports)",
    "QUERY.BODY_EMPTY": "io.EOF's text (Go's standard library)",
    "QUERY.BODY_NOT_OBJECT": "encoding/json's UnmarshalTypeError text around the handler's type (rj := shared.Jmap{}, lxd/instance_backup.go)",
    "incus:QUERY.BODY_NOT_OBJECT": "encoding/json's UnmarshalTypeError text around the handler's type (rj := jmap.Map{}, cmd/incusd/instance_backup.go)",
    "incus:QUERY.BODY_EMPTY": "io.EOF's text (Go's standard library)",
}

DEFAULT_LXD = "/work/.mirror/canonical+lxd/repo"
DEFAULT_INCUS = "/work/.mirror/lxc+incus/repo"


def usage(message):
    print("audit-rule-texts: %s" % message, file=sys.stderr)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    sys.exit(2)


# Fragments worded by Go's standard library or SQLite, not by the LXD/Incus
# tree: they are taken as present, the rest of the text is still checked.
OUTSIDE_TREE = {
    "invalid CIDR address": "net.ParseCIDR's *net.ParseError (Go's net/netip text)",
    "UNIQUE constraint failed": "SQLite's constraint error (sqlite3.c); the columns are checked by unique_in_schema",
    "setting cgroup item for the container failed": "go-lxc's ErrSettingCgroupItemFailed (error.go), returned by SetCgroupItem",
    "executable file not found in $PATH": "os/exec's ErrNotFound (Go's standard library), in exec.Error's text",
    "modprobe -b tpm_vtpm_proxy": "RunError's '%s %s' of the command and its arguments (shared/util.go), run by util.LoadModule",
}


def fragments(text):
    """Literal runs of a text; a format verb (%s, %3$s) or a %v print of a
    Go struct ({0 ... map[] []}) is a run-time value and splits them."""
    parts = re.split(r'%(?:[0-9]+\$)?[-+# 0-9.]*[sdvqwtTfgx]|\{[^{}]*\}|: |\\"|"', text)
    return [p.strip() for p in parts if len(p.strip()) >= 8]


def incus_tag(git, profile):
    """incus-6.0.4 is tag v6.0.4; feature releases are tagged v6.1.0 (never
    v6.1), so incus-6.1 is v6.1.0.  An exact tag is taken first; no other
    fallback, so a profile without its own tag is still a usage error."""
    version = profile[len("incus-"):]
    tags = subprocess.run(["git", "-C", git, "tag", "--list", "v" + version, "v" + version + ".0"],
                          capture_output=True, text=True).stdout.split()
    for tag in ("v" + version, "v" + version + ".0"):
        if tag in tags:
            return tag
    usage("no tag v%s (or v%s.0) in %s" % (version, version, git))


def source(git, tag, dirs):
    listing = subprocess.run(["git", "-C", git, "ls-tree", "-r", "--name-only", tag],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        usage("no tag %s in %s" % (tag, git))
    files = [f for f in listing.stdout.split()
             if f.endswith(".go") and not f.endswith("_test.go") and f.startswith(dirs)]
    batch = "".join("%s:%s\n" % (tag, f) for f in files)
    text = subprocess.run(["git", "-C", git, "cat-file", "--batch"], input=batch,
                          capture_output=True, text=True, errors="replace").stdout
    return expand_api_name(expand_constants(expand_map_err(text)))


# Incus (from v6.0.4) words the generated mappers' not-found and conflict
# errors at run time: mapErr(_err, "Profile") turns ErrNotFound into
# "%s not found" of that entity (internal/server/db/cluster/mapper_errors.go:16
# at v6.0.4).  The texts it can print are added to the source, each only for an
# entity the tag's code really passes.
MAP_ERR = re.compile(r'mapErr\(_err, "([A-Za-z_]+)"\)')


def expand_map_err(text):
    if '"%s not found", entity' not in text:
        return text
    entities = sorted(set(MAP_ERR.findall(text)))
    extra = ["%s not found" % e for e in entities]
    if 'This %q entry already exists", entity' in text:
        extra += ['This \\"%s\\" entry already exists' % e for e in entities]
    return text + "\n" + "\n".join(extra)


# fmt.Errorf("%s CRIU isn't installed ... %s ...", unableToLiveMigrate,
# toMigrateLive) (lxd/migration/utils.go:113 at lxd-5.21.0) prints Go string
# constants: such a text is added with the constants' values, where each
# identifier has one definition in the tag.
CONST_DEF = re.compile(r'^\s*([A-Za-z_]\w*)\s+=\s+"((?:[^"\\\n]|\\.)*)"\s*$', re.M)
ERRORF_CONSTS = re.compile(r'fmt\.Errorf\("((?:[^"\\\n]|\\.)*)", ((?:[A-Za-z_]\w*, )*[A-Za-z_]\w*)\)')


def expand_constants(text):
    values = {}
    for name, value in CONST_DEF.findall(text):
        values.setdefault(name, set()).add(value)
    extra = []
    for fmt, args in ERRORF_CONSTS.findall(text):
        names = args.split(", ")
        verbs = re.findall(r"%[-+# 0-9.]*[a-zA-Z%]", fmt)
        if verbs != ["%s"] * len(names) or any(len(values.get(n, ())) != 1 for n in names):
            continue
        extra.append(fmt % tuple(next(iter(values[n])) for n in names))
    return text + "\n" + "\n".join(extra)


# LXD (from lxd-6.8) words the generic queries' errors the same way from a
# type's APIName(): t.APIName()+" not found" (lxd/db/query/generic.go:79 at
# lxd-6.8), "Placement group" (lxd/db/cluster/placement_groups.go:27).
API_NAME = re.compile(r'\) APIName\(\) string \{\s*return "([^"\n]+)"')


def expand_api_name(text):
    extra = []
    for suffix in (" not found", " already exists"):
        if 'APIName()+"%s")' % suffix in text:
            extra += [name + suffix for name in sorted(set(API_NAME.findall(text)))]
    return text + "\n" + "\n".join(extra)


# "UNIQUE constraint failed: t.a, t.b" is SQLite's text; its column list is
# checked against the tag's schema: table t must declare UNIQUE (a, b).
UNIQUE_COLUMNS = re.compile(r"(\w+)\.(\w+)((?:, \1\.\w+)*)")


def unique_in_schema(fragment, text):
    m = UNIQUE_COLUMNS.fullmatch(fragment)
    if not m:
        return False
    table = m.group(1)
    columns = [c.split(".")[1] for c in fragment.split(", ")]
    for body in re.findall(r'CREATE TABLE "?%s"? \((.*?)\n\s*\);' % table, text, re.S):
        if re.search(r"UNIQUE \(%s\)" % re.escape(", ".join(columns)), body):
            return True
        if len(columns) == 1 and re.search(r"^\s*%s\b[^,\n]*\bUNIQUE\b" % columns[0], body, re.M):
            return True
    return False


def in_source(fragment, text):
    """A fragment is in the source literally or with its numbers printed by a
    %d of the source ("Query affected 0 rows instead of 1" is
    "Query affected %d rows instead of 1"); nothing else is a wildcard."""
    if fragment in text or fragment in OUTSIDE_TREE or unique_in_schema(fragment, text):
        return True
    if not re.search(r"\d", fragment):
        return False
    pattern = re.sub(r"\d+", lambda m: "(?:%s|%%d)" % m.group(0),
                     re.escape(fragment).replace("\\%", "%"))
    return re.search(pattern, text) is not None


def rules(migsim, *args):
    out = subprocess.run([migsim, "rules", "--json"] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        usage("'%s rules --json %s' failed: %s" % (migsim, " ".join(args), out.stderr.strip()))
    return json.loads(out.stdout)


def main(argv):
    if not argv or argv[0].startswith("-"):
        usage("MIGSIM first")
    migsim, argv = argv[0], argv[1:]
    lxd, incus, absent, profiles = DEFAULT_LXD, DEFAULT_INCUS, False, []
    while argv:
        arg = argv.pop(0)
        if arg in ("--lxd", "--incus") and argv:
            if arg == "--lxd":
                lxd = argv.pop(0)
            else:
                incus = argv.pop(0)
        elif arg == "--absent":
            absent = True
        elif arg.startswith("-"):
            usage("unknown option %s" % arg)
        else:
            profiles.append(arg)
    if not profiles:
        names = [l.split()[0] for l in subprocess.run([migsim, "profiles"], capture_output=True,
                                                       text=True).stdout.splitlines()
                 if l[:1].isalpha()]
        profiles = names
    catalogue = rules(migsim)
    findings = 0
    for profile in profiles:
        if profile.startswith("incus-"):
            text = source(incus, incus_tag(incus, profile), ("cmd/", "internal/", "shared/", "client/"))
        else:
            text = source(lxd, profile, ("lxd/", "lxc/", "shared/", "client/"))
        present = {r["id"]: r for r in rules(migsim, "--profile", profile)}
        for rule in catalogue:
            rid = rule["id"]
            if rid in NOT_LITERAL or (profile.startswith("incus-") and "incus:" + rid in NOT_LITERAL):
                continue
            if rid in present:
                for t in present[rid]["texts"]:
                    missing = [f for f in fragments(t["text"]) if not in_source(f, text)]
                    if missing:
                        findings += 1
                        print("%s %s: text not in the source (%s): %s" % (
                            profile, rid, " | ".join(missing), t["text"]))
            elif absent and not profile.startswith("incus-"):
                for t in rule["texts"]:
                    frags = fragments(t["text"])
                    if frags and all(in_source(f, text) for f in frags):
                        print("%s %s: absent in the table, its text is in the source: %s" % (
                            profile, rid, t["text"]))
    print("audit-rule-texts: %d release(s), %d finding(s)" % (len(profiles), findings))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
