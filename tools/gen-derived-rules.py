#!/usr/bin/env python3
"""Writes model/ms-rules-derived.c: what each rule of model/ms-rules.c does
in the LXD releases that are not audited by hand (every 5.0.x but 5.0.2,
and the feature releases 5.1 .. 5.20), from the LXD source at their tags.

    tools/gen-derived-rules.py MIGSIM [LXD_GIT_DIR] > model/ms-rules-derived.c
    (MIGSIM: a built migsim, for the hand-audited anchors lxd-5.0.2 and
    lxd-5.21.0; LXD_GIT_DIR default /work/.mirror/canonical+lxd/repo)

Method (the one tools/gen-incus-rules.py uses for Incus): every text of a
rule is split into its literal fragments (at the %s arguments and at ": ",
where Go wraps errors); a text is the rule's text at a tag when all its
fragments occur in the LXD Go sources (not tests) at that tag and no other
text of the rule does.  At a tag where no text occurs, a rule that applies
neither at lxd-5.0.2 nor at lxd-5.21.0 is absent (its check was written
later, or backported later; its text is not in the source); any other rule,
and a tag where several texts occur, is "not modelled": the rule still runs
there and migsim says "not modelled for lxd-5.N" when it refuses.
Decisions and wrappers without a literal text are listed in MANUAL, from
reading the source at the tags."""
import hashlib, json, re, subprocess, sys

from genlib import c_accessor, git_grep, rule_table, write_fragments

MIGSIM = sys.argv[1]
GIT = sys.argv[2] if len(sys.argv) > 2 else '/work/.mirror/canonical+lxd/repo'
T50 = ['lxd-5.0.%d' % i for i in range(10) if i != 2]
T5 = ['lxd-5.%d' % i for i in range(1, 21)]
TAGS = T50 + T5

def ver(tag):
    p = [int(x) for x in tag[4:].split('.')]
    return (p + [0])[:3]

# sym -> (where it applies: 'all' | 'none' | feature name, reference)
MANUAL = {
    'CFG_EXPAND': ('none', 'lxd/cluster/config/config.go: no instances.migration.stateful server key at lxd-5.0.0 .. lxd-5.0.9 and lxd-5.1 .. lxd-5.20 (first at lxd-5.21.0)'),
    'CFG_SRVKEY_NOVALIDATE': ('none', 'the server key instances.migration.stateful does not exist before lxd-5.21.0'),
    'DISK_CAN_MIGRATE': ('all', 'lxd/device/disk.go CanMigrate at every 5.0.x and 5.1 .. 5.20 tag (root disk or remote pool; the nil-pool dereference of host paths, fixed at lxd-6.8)'),
    'DEV_CAN_MIGRATE': ('all', 'lxd/device/*.go CanMigrate overrides (nic bridged/macvlan/sriov/ovn, disk): model/ms-device-types.c'),
    'EVAC_MODE': ('all', 'lxd/api_cluster.go evacuateClusterMember: mode, then cluster.evacuate, then auto (lxd-5.1:2715-2727; lxd-5.0.3:3074-3086; lxd-5.0.0 .. 5.0.2 without a mode)'),
    'EVAC_CAN_MIGRATE': ('all', 'lxd/api_cluster.go evacuateClusterMember: auto mode migrates when every device CanMigrate (lxd-5.1:2705-2727, lxd-5.15:3230-3252)'),
    'EVAC_NO_TARGET': ('all', 'lxd/api_cluster.go evacuateClusterMember: no target member leaves the instance stopped (lxd-5.1, lxd-5.15, lxd-5.0.9)'),
    'EVAC_COMMITTED': ('none', 'lxd/api_cluster_member.go (lxd-6.9 only)'),
    'EVAC_REVERTED': ('all', 'lxd/api_cluster.go evacuateClusterMember: a failed evacuation sets the member back to ONLINE (every release before lxd-6.9)'),
    'RESTORE_SKIP': ('none', 'lxc/cluster.go: restore has no --action flag before lxd-5.21.4'),
    'RESTORE_STOP_ON_HOLDER': ('all', 'lxd/api_cluster.go restoreClusterMember: the instance is stopped on its temporary member before the move back (lxd-5.0.2, lxd-5.21.0)'),
    'PLACEMENT_FILTER': ('none', 'placement groups exist from lxd-6.6'),
    'CREATE_PLACEMENT_FILTER': ('none', 'placement groups exist from lxd-6.6'),
    'PGROUP_KEY_UNKNOWN': ('none', 'placement groups exist from lxd-6.6'),
    'PGROUP_VALUE_INVALID': ('none', 'placement groups exist from lxd-6.6'),
    'PGROUP_KEY_MISSING': ('none', 'placement groups exist from lxd-6.6'),
    'PLACEMENT_SCRIPTLET': ('scriptlet', 'lxd/cluster/config/config.go instances.placement.scriptlet: first at lxd-5.11, absent at every 5.0.x'),
    'EVAC_START_ON_TARGET': (['%s'], 'lxd/api_cluster.go evacuateClusterMember: the start error on the target is returned as is'),
    'CLI_UNKNOWN_FLAG': (['unknown flag: %s'], "spf13/cobra's text (vendored, not in the LXD tree); which flags lxc has per release: the features evacuate-action, restore-action-skip, cli-evacuate-yes"),
    'CLI_UNKNOWN_COMMAND': (['unknown command "%s" for "lxc"'], "spf13/cobra's text (vendored, not in the LXD tree)"),
    'EVAC_NIL_POOL_CRASH': (['<connection to the LXD daemon on %s lost: it crashed on a nil pointer dereference in the disk device\'s CanMigrate (device "%s" has no storage pool)>'],
                            'lxd/device/disk.go CanMigrate dereferences d.pool without a nil check at every 5.0.x and 5.1 .. 5.20 tag (read at lxd-5.0.9, lxd-5.10, lxd-5.20)'),
    'PROFILE_CONFIG': (['%s'], 'lxd/profiles_utils.go instance.ValidConfig(..., instancetype.Any): the validator text without "Invalid config: "'),
}

def frags(c_text):
    t = bytes(c_text, 'utf-8').decode('unicode_escape')
    parts = re.split(r'"?%(?:\d\$)?s"?', t)
    return [q.strip() for p in parts for q in p.split(': ') if len(q.strip()) >= 6]

def anchors(profile):
    """rule ID -> its texts at @profile"""
    r = subprocess.run([MIGSIM, 'rules', '--json', '--profile', profile], capture_output=True, text=True, check=True)
    return {e['id']: [t['text'] for t in e['texts']] for e in json.loads(r.stdout)}

def spans(tags):
    """Runs of consecutive tags (lxd-5.0.2 counts as part of any 5.0.x run:
    it is never looked up here) -> list of (series, from, until) C spans."""
    order = ['lxd-5.0.%d' % i for i in range(10)] + T5
    runs, cur = [], []
    for t in order:
        if t in tags or (t == 'lxd-5.0.2' and cur):
            cur.append(t)
        elif cur:
            runs.append(cur); cur = []
        if t == 'lxd-5.0.9' and cur:
            runs.append(cur); cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        while r and r[-1] == 'lxd-5.0.2':
            r = r[:-1]
        if not r:
            continue
        a, b = ver(r[0]), ver(r[-1])
        if a[1] == 0:
            out.append(('l50', 'MS_SPAN_RANGE(MS_VERSION(5, 0, %d), MS_VERSION(5, 0, %d))' % (a[2], b[2] + 1)))
        else:
            out.append(('v5', 'MS_SPAN_RANGE(MS_VERSION(5, %d, 0), MS_VERSION(5, %d, 0))' % (a[1], b[1] + 1)))
    return out

def releases_list(tags):
    """C MsReleases initialisers covering @tags, at most one span per series each."""
    sp = spans(tags)
    l50 = [s for k, s in sp if k == 'l50']
    v5 = [s for k, s in sp if k == 'v5']
    out = []
    for i in range(max(len(l50), len(v5))):
        a = l50[i] if i < len(l50) else 'MS_SPAN_NONE'
        b = v5[i] if i < len(v5) else 'MS_SPAN_NONE'
        out.append('DR(%s, %s)' % (a, b))
    return out

def describe(tags):
    out = []
    for k, sp in spans(tags):
        m = re.findall(r'MS_VERSION\((\d+), (\d+), (\d+)\)', sp)
        a = [int(x) for x in m[0]]
        b = [int(x) for x in m[1]]
        if k == 'l50':
            first, last = '5.0.%d' % a[2], '5.0.%d' % (b[2] - 1)
            hole = a[2] < 2 < b[2] - 1
        else:
            first, last = '5.%d' % a[1], '5.%d' % (b[1] - 1)
            hole = False
        out.append(first if first == last else '%s-%s%s' % (first, last, ' (not 5.0.2)' if hole else ''))
    return ', '.join(out)

def main():
    rs = rule_table()
    allf = write_fragments(rs, frags, '/tmp/derived-rule-fragments')
    found = {}
    for tag in TAGS:
        cache = '/tmp/derived-rule-found-%s-%s.json' % (tag, hashlib.sha1('\n'.join(allf).encode()).hexdigest()[:10])
        try:
            found[tag] = json.load(open(cache))
            continue
        except (OSError, ValueError):
            pass
        d = {}
        for m, loc in git_grep(GIT, tag, '/tmp/derived-rule-fragments'):
            d.setdefault(m, loc)
        found[tag] = d
        json.dump(d, open(cache, 'w'))
    at502, at5210 = anchors('lxd-5.0.2'), anchors('lxd-5.21.0')
    names = {}
    for line in open('model/ms-rules.def'):
        m = re.match(r'MS_RULE\((\w+), "([^"]+)"', line)
        if m:
            names[m.group(1)] = m.group(2)
    c = lambda s: json.dumps(s)
    lines = []
    for sym, kind, texts in rs:
        rid = names[sym]
        if sym in MANUAL and isinstance(MANUAL[sym][0], list):
            ts, ref = MANUAL[sym]
            body = ', '.join(f'T(DR(MS_SPAN_ALL, MS_SPAN_ALL), {c(t)})' for t in ts)
            lines.append(f'    D({sym}) .texts = {{ {body} }},')
            lines.append(f'      .lxd_ref = {c(ref)} }},')
            continue
        if sym in MANUAL:
            where, ref = MANUAL[sym]
            if where == 'all':
                rel = 'DR(MS_SPAN_ALL, MS_SPAN_ALL)'
            elif where == 'none':
                rel = 'DR(MS_SPAN_NONE, MS_SPAN_NONE)'
            else:
                rel = 'DR(MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 11, 0), MS_VERSION(5, 21, 0)))'
            lines.append(f'    D({sym}) .decision = {rel},')
            lines.append(f'      .lxd_ref = {c(ref)} }},')
            continue
        live = [t for t in texts if frags(t)]
        by_text, unmod, absent, refs, bracketed = {}, [], [], [], set()
        for tag in TAGS:
            hits = [t for t in dict.fromkeys(live) if all(f in found[tag] for f in frags(t))]
            # several texts occur: on the 5.1 .. 5.20 line, between lxd-5.0.2
            # and lxd-5.21.0, the text both of them have is the rule's
            same = [bytes(t, 'utf-8').decode('unicode_escape') for t in hits]
            a, b = at502.get(rid), at5210.get(rid)
            if len(hits) > 1 and tag in T5 and a and b and len(a) == 1 and a == b and a[0] in same:
                hits = [hits[same.index(a[0])]]
                bracketed.add(tag)
            if len(hits) == 1:
                by_text.setdefault(hits[0], []).append(tag)
            elif not hits and rid not in at502 and rid not in at5210:
                absent.append(tag)
            else:
                unmod.append(tag)
        entries = []
        for t, tags in by_text.items():
            locs = sorted({found[tags[0]][f] for f in frags(t)})
            refs.append('%s (%s; the text at %s)' % (', '.join(locs), tags[0], describe(tags)))
            for r in releases_list(tags):
                entries.append(f'T({r}, {c(bytes(t, "utf-8").decode("unicode_escape"))})')
        um = releases_list(unmod)
        if len(entries) > 4 or len(um) > 4:
            sys.exit(f'{sym}: more than 4 runs')
        body = ', '.join(entries)
        lines.append(f'    D({sym})' + (f' .texts = {{ {body} }},' if entries else ''))
        if um:
            lines.append(f'      .unmodelled = {{ {", ".join(um)} }},')
        why = []
        if bracketed:
            why.append('other texts of the rule occur too at %s: the text of lxd-5.0.2 and lxd-5.21.0 taken' % describe(bracketed))
        if unmod:
            why.append('not modelled at %s (%s)' % (describe(unmod), 'no text of the rule, or several, in the source' if live else 'no literal text to look for'))
        if absent:
            why.append('absent at %s (no text in the source; not at lxd-5.0.2 or lxd-5.21.0 either)' % describe(absent))
        lines.append(f'      .lxd_ref = {c("; ".join(refs + why))} }},')
    head = '''/* migsim: the rules of the LXD releases that are not audited by hand
 * (every 5.0.x but 5.0.2, the feature releases 5.1 .. 5.20), written by
 * tools/gen-derived-rules.py from the LXD source at their tags: per rule, its
 * text per release and where it is in the source, the releases where it is
 * absent, and those where migsim cannot tell ("not modelled": the rule runs
 * and migsim says so when it refuses).
 * Regenerate with: tools/gen-derived-rules.py build/sim/migsim > model/ms-rules-derived.c */
#include "ms-rules.h"

/* clang-format off */
#define DR(l50, v5) { l50, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_NONE, v5 }
#define T(releases, text) { releases, text }
#define D(sym) [MS_RULE_##sym] = { .listed = TRUE,

static const MsRuleDerivedDef derived_rules[MS_RULE_LAST] = {
'''
    tail = c_accessor('MsRuleDerivedDef', 'ms_rule_derived_def', 'derived_rules')
    sys.stdout.write(head + '\n'.join(lines) + '\n' + tail)

main()
