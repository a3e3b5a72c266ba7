#!/usr/bin/env python3
"""Checks every error text of the rule table against the LXD (or Incus)
source at each release it is claimed for: the text's literal fragments must
all occur in that tag's Go sources (not tests).  A text that is not there is
a wrong claim (a wording that changed, a release range that is too wide).

    tools/audit-rule-texts.py MIGSIM [--lxd GIT] [--incus GIT] [--absent] [PROFILE...]

PROFILE defaults to the hand-audited releases: lxd-5.0.2, lxd-5.21.x,
lxd-6.x and incus-6.0.x; name a derived release (lxd-5.0.5, lxd-5.14, ...)
to check model/ms-rules-derived.c, maintained by hand since
tools/gen-derived-rules.py was retired.  GIT: the bare mirrors (default
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
    "CLI.UNKNOWN_FLAG": "cobra's text (vendored, not in the LXD tree)",
    "CLI.UNKNOWN_COMMAND": "cobra's text (vendored, not in the LXD tree)",
    "EVAC.NIL_POOL_CRASH": "migsim's description of a daemon crash (<...>), not a text LXD prints",
    "CREATE.TARGET_OFFLINE": "a connection error (<...>), worded by Go's net package",
    "MOVE.VM_LIVE_NEEDS_KEY": "ends with <the source closed the connection>, a network error",
    "MOVE.CT_LIVE": "built from the constants of lxd/migration/utils.go (unableToLiveMigrate, toMigrateLive)",
    "STOP.CT_STATEFUL": "built from the constants of lxd/migration/utils.go (unableToLiveMigrate, toMigrateLive)",
    "NAME.INSTANCE": "the catalogue lists two texts of model/ms-names.c in one line (\" / \")",
}

DEFAULT_LXD = "/work/.mirror/canonical+lxd/repo"
DEFAULT_INCUS = "/work/.mirror/lxc+incus/repo"


def usage(message):
    print("audit-rule-texts: %s" % message, file=sys.stderr)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    sys.exit(2)


def fragments(text):
    parts = re.split(r'%[-+# 0-9.]*[sdvqwtTfgx]|: |\\"|"', text)
    return [p.strip() for p in parts if len(p.strip()) >= 8]


def source(git, tag, dirs):
    listing = subprocess.run(["git", "-C", git, "ls-tree", "-r", "--name-only", tag],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        usage("no tag %s in %s" % (tag, git))
    files = [f for f in listing.stdout.split()
             if f.endswith(".go") and not f.endswith("_test.go") and f.startswith(dirs)]
    batch = "".join("%s:%s\n" % (tag, f) for f in files)
    return subprocess.run(["git", "-C", git, "cat-file", "--batch"], input=batch,
                          capture_output=True, text=True, errors="replace").stdout


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
        profiles = [p for p in names if p == "lxd-5.0.2" or p.startswith(("lxd-5.21.", "lxd-6.", "incus-"))]
    catalogue = rules(migsim)
    findings = 0
    for profile in profiles:
        if profile.startswith("incus-"):
            text = source(incus, "v" + profile[len("incus-"):], ("cmd/", "internal/", "shared/", "client/"))
        else:
            text = source(lxd, profile, ("lxd/", "lxc/", "shared/", "client/"))
        present = {r["id"]: r for r in rules(migsim, "--profile", profile)}
        for rule in catalogue:
            rid = rule["id"]
            if rid in NOT_LITERAL or (profile.startswith("incus-") and "incus:" + rid in NOT_LITERAL):
                continue
            if rid in present:
                for t in present[rid]["texts"]:
                    missing = [f for f in fragments(t["text"]) if f not in text]
                    if missing:
                        findings += 1
                        print("%s %s: text not in the source (%s): %s" % (
                            profile, rid, " | ".join(missing), t["text"]))
            elif absent and not profile.startswith("incus-"):
                for t in rule["texts"]:
                    frags = fragments(t["text"])
                    if frags and all(f in text for f in frags):
                        print("%s %s: absent in the table, its text is in the source: %s" % (
                            profile, rid, t["text"]))
    print("audit-rule-texts: %d release(s), %d finding(s)" % (len(profiles), findings))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
